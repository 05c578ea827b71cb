"""On PostgreSQL, refuse UPDATE and DELETE of a child's history, of the hotline calls'
history and of the lacking-care findings in the database itself.

Defence in depth behind AppendOnlyModel, as for the audit log: not even raw SQL from the
application can rewrite who changed a child's record. (SQLite is left to the ORM guard.)
"""

from django.db import migrations

TABLES = ("children_childevent", "children_hotlinecallevent", "children_lackingcarefinding")

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION children_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION children_append_only();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS children_append_only();")


class Migration(migrations.Migration):
    dependencies = [("children", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

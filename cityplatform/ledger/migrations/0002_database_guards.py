"""On PostgreSQL, guard the book in the database itself.

- Posted transactions and entries refuse UPDATE and DELETE (as audit entries do).
- A deferred constraint trigger checks, at commit, that the transaction of every
  inserted entry sums to zero: an unbalanced transaction cannot be committed, even by
  raw SQL. It runs once per inserted entry, at commit, with the index on
  entry.transaction_id.

SQLite is left to the services and to `verify_ledger`.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are append-only: post a reversal instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_transaction_no_update_delete
    BEFORE UPDATE OR DELETE ON ledger_transaction
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entry_no_update_delete
    BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

CREATE OR REPLACE FUNCTION ledger_transaction_balances() RETURNS trigger AS $$
DECLARE
    total numeric;
BEGIN
    SELECT SUM(amount) INTO total FROM ledger_entry WHERE transaction_id = NEW.transaction_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not balance (sum %)', NEW.transaction_id, total;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE CONSTRAINT TRIGGER ledger_entry_transaction_balances
    AFTER INSERT ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances();
"""

DROP = """
DROP TRIGGER IF EXISTS ledger_entry_transaction_balances ON ledger_entry;
DROP FUNCTION IF EXISTS ledger_transaction_balances();
DROP TRIGGER IF EXISTS ledger_entry_no_update_delete ON ledger_entry;
DROP TRIGGER IF EXISTS ledger_transaction_no_update_delete ON ledger_transaction;
DROP FUNCTION IF EXISTS ledger_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

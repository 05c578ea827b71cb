import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from cityplatform.audit.models import AuditEntry
from cityplatform.audit.selectors import audit_entries_for_record
from cityplatform.audit.services import audit_record
from cityplatform.core.models import AppendOnlyError
from conftest import LILING, SHITING

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_which_and_where(make_user) -> None:  # type: ignore[no-untyped-def]
    officer = make_user("officer", place=LILING)
    request = RequestFactory().get("/x", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="test-agent")
    request.user = officer
    subject = make_user("subject", place=SHITING)
    entry = audit_record(action="view", obj=subject, request=request)
    assert entry.actor == officer
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(subject.pk)
    assert entry.place_code == SHITING
    assert entry.ip_address == "10.1.2.3"
    assert entry.user_agent == "test-agent"
    assert list(
        audit_entries_for_record(object_type="accounts.user", object_id=str(subject.pk))
    ) == [entry]


def test_entries_cannot_be_changed_or_deleted(make_user) -> None:  # type: ignore[no-untyped-def]
    entry = audit_record(
        action="view", actor=make_user("a", place=LILING), object_type="x", object_id=1
    )
    entry.action = "delete"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="delete")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.postgres
def test_database_refuses_raw_updates_on_postgresql(make_user) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    entry = audit_record(
        action="view", actor=make_user("a", place=LILING), object_type="x", object_id=1
    )
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])


def test_auditors_browse_the_log_read_only(client, make_user) -> None:  # type: ignore[no-untyped-def]
    auditor = make_user("aud", roles=["auditor"], place=LILING, is_staff=True)
    entry = audit_record(action="view", actor=auditor, object_type="x", object_id=1)
    client.force_login(auditor)
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditentry/add/").status_code == 403


def test_staff_without_the_auditor_role_cannot_read_the_log(client, make_user) -> None:  # type: ignore[no-untyped-def]
    clerk = make_user("clerk", place=LILING, is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/audit/auditentry/").status_code == 403

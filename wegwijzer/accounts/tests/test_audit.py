import csv
import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from wegwijzer.accounts import audit
from wegwijzer.accounts.models import (
    AppendOnlyError,
    AuditChainHead,
    AuditEvent,
    AuditEventType,
)
from wegwijzer.accounts.testing import login_verified, make_organisation, make_user

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def _write(n=3):
    org = make_organisation()
    user = make_user()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="Firefox")
    for i in range(n):
        audit.record(
            AuditEventType.ROLE_CHANGED,
            request=request,
            user=user,
            organisation=org,
            details={"i": i, "tekst": "één"},
        )
    return list(AuditEvent.objects.order_by("seq"))


def _raw(sql, params=()):
    """Tamper as someone with database access would: straight SQL, trigger switched off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


def _verify_fails() -> str:
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_audit", stdout=io.StringIO(), stderr=io.StringIO())
    return str(excinfo.value)


def test_entries_are_chained_and_verify(capsys):
    events = _write()
    start = events[0].seq
    assert [e.seq for e in events] == list(range(start, start + 3))
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    assert all(len(e.entry_hash) == 64 for e in events)
    assert events[0].ip_address == "203.0.113.5" and events[0].user_agent == "Firefox"
    assert events[0].created_at.utcoffset().total_seconds() == 0
    assert audit.verify() == []
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()
    head = AuditChainHead.objects.get()
    assert head.last_seq == events[-1].seq and head.last_hash == events[-1].entry_hash


def test_first_entry_links_to_the_genesis_hash():
    _write(1)
    first = AuditEvent.objects.order_by("seq").first()
    assert first.seq == 1 and first.prev_hash == audit.GENESIS_HASH


def test_verify_detects_an_edited_entry():
    events = _write()
    _raw(f"UPDATE {TABLE} SET username = %s WHERE seq = %s", ["iemand-anders", events[1].seq])
    message = _verify_fails()
    assert "BROKEN" in message
    problems = audit.verify()
    assert any(p.seq == events[1].seq and "changed" in p.message for p in problems)


def test_verify_detects_edited_details_even_with_a_recomputed_own_hash():
    events = _write()
    target = events[1]
    target.details = {"i": 99}
    forged = audit.entry_hash_of(target)
    _raw(
        f"UPDATE {TABLE} SET details = %s, entry_hash = %s WHERE seq = %s",
        [json.dumps({"i": 99}), forged, target.seq],
    )
    problems = audit.verify()
    # Its own hash fits now, but the next entry still points at the old hash.
    assert any(p.seq == events[2].seq and "link" in p.message for p in problems)


def test_verify_detects_a_deleted_entry():
    events = _write()
    _raw(f"DELETE FROM {TABLE} WHERE seq = %s", [events[1].seq])
    _verify_fails()
    assert any(p.seq == events[2].seq for p in audit.verify())


def test_verify_detects_a_deleted_last_entry():
    events = _write()
    _raw(f"DELETE FROM {TABLE} WHERE seq = %s", [events[-1].seq])
    _verify_fails()
    assert any(p.seq is None for p in audit.verify())


def test_verify_detects_an_inserted_entry():
    events = _write()
    middle = events[1]
    _raw(f"UPDATE {TABLE} SET seq = seq + 1000 WHERE seq > %s", [middle.seq])
    fake = AuditEvent(
        seq=middle.seq + 1,
        created_at=middle.created_at,
        event_type=AuditEventType.LOGIN_SUCCESS,
        username="inbreker",
        details={},
        prev_hash=middle.entry_hash,
        user_agent="",
        ip_address="",
        organisation_name="",
    )
    fake.entry_hash = audit.entry_hash_of(fake)
    _raw(
        f"INSERT INTO {TABLE} (seq, created_at, event_type, user_id_snapshot, username, "
        "organisation_id_snapshot, organisation_name, ip_address, user_agent, details, "
        "prev_hash, entry_hash) VALUES (%s, %s, %s, NULL, %s, NULL, '', '', '', %s, %s, %s)",
        [
            fake.seq,
            fake.created_at,
            fake.event_type,
            fake.username,
            "{}",
            fake.prev_hash,
            fake.entry_hash,
        ],
    )
    _verify_fails()
    problems = audit.verify()
    # The entry after the insertion no longer links to its predecessor.
    assert any("link" in p.message for p in problems)


def test_verify_detects_an_entry_appended_outside_the_application():
    events = _write()
    last = events[-1]
    _raw(
        f"INSERT INTO {TABLE} (seq, created_at, event_type, user_id_snapshot, username, "
        "organisation_id_snapshot, organisation_name, ip_address, user_agent, details, "
        "prev_hash, entry_hash) VALUES (%s, %s, 'login.success', NULL, 'x', NULL, '', '', '', "
        "'{}', %s, %s)",
        [last.seq + 1, last.created_at, last.entry_hash, "0" * 64],
    )
    _verify_fails()


def test_orm_refuses_update_and_delete():
    event = _write(1)[0]
    event.username = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent(event_type="x", seq=999, created_at=event.created_at).save()
    assert audit.verify() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger is PostgreSQL-only")
def test_postgresql_trigger_refuses_raw_update_and_delete():
    event = _write(1)[0]
    for sql in (
        f"UPDATE {TABLE} SET username = 'x' WHERE seq = %s",
        f"DELETE FROM {TABLE} WHERE seq = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.seq])
    assert AuditEvent.objects.get(pk=event.pk).username == event.username


def test_admin_changes_are_recorded_from_log_entries():
    editor = make_user(is_staff=True)
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(editor),
        object_id=str(editor.pk),
        object_repr=str(editor),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["E-mail"]}}]',
    )
    event = AuditEvent.objects.filter(event_type=AuditEventType.ADMIN_CHANGE).last()
    assert event.username == editor.username
    assert event.details["action"] == "changed" and event.details["model"] == "auth.user"


def test_editing_content_in_the_admin_is_audited(client):
    from wegwijzer.knowledge.models import Fact

    fact = Fact.objects.first()
    superuser = make_user(is_staff=True, is_superuser=True)
    login_verified(client, superuser)
    url = f"/beheer/knowledge/fact/{fact.pk}/delete/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.filter(event_type=AuditEventType.ADMIN_CHANGE).last()
    assert event.details["action"] == "deleted"
    assert event.details["model"] == "knowledge.fact"
    assert event.username == superuser.username
    assert event.ip_address == "127.0.0.1"


def test_audit_admin_is_read_only(client):
    _write(1)
    superuser = make_user(is_staff=True, is_superuser=True)
    login_verified(client, superuser)
    event = AuditEvent.objects.first()
    assert client.get("/beheer/accounts/auditevent/").status_code == 200
    assert client.get("/beheer/accounts/auditevent/add/").status_code == 403
    assert client.get(f"/beheer/accounts/auditevent/{event.pk}/delete/").status_code == 403
    response = client.post(f"/beheer/accounts/auditevent/{event.pk}/change/", {"username": "x"})
    assert response.status_code == 403
    assert audit.verify() == []


def test_export_command_csv_and_jsonl(tmp_path):
    events = _write()
    out = io.StringIO()
    call_command("export_audit", "--format", "jsonl", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["seq"] for row in lines[:3]] == [e.seq for e in events]
    assert lines[0]["details"] == {"i": 0, "tekst": "één"}
    assert lines[-1]["event_type"] == AuditEventType.AUDIT_EXPORTED
    target = tmp_path / "audit.csv"
    call_command("export_audit", "--format", "csv", "--output", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows[0]["entry_hash"] == events[0].entry_hash
    assert set(rows[0]) == set(audit.EXPORT_FIELDS)
    assert audit.verify() == []


def test_export_defuses_spreadsheet_formulas():
    audit.record(AuditEventType.LOGIN_FAILURE, username='=HYPERLINK("x")')
    text = "".join(audit.export_lines("csv"))
    assert "'=HYPERLINK" in text


def test_export_view_is_for_superusers_only(client):
    _write(1)
    user = make_user(is_staff=True)
    login_verified(client, user)
    assert client.get("/accounts/audit/export/?format=csv").status_code == 403
    superuser = make_user(is_staff=True, is_superuser=True)
    login_verified(client, superuser)
    response = client.get("/accounts/audit/export/?format=jsonl")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content).decode()
    assert json.loads(body.splitlines()[0])["seq"] == 1
    assert client.get("/accounts/audit/export/?format=xml").status_code == 400


def test_login_events_carry_who_where_and_when(client):
    from wegwijzer.accounts.testing import PASSWORD

    user = make_user()
    client.post(
        "/accounts/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.23",
        HTTP_USER_AGENT="TestBrowser/1.0",
    )
    event = AuditEvent.objects.filter(event_type=AuditEventType.LOGIN_SUCCESS).last()
    assert event.user_id_snapshot == user.pk and event.username == user.username
    assert event.ip_address == "198.51.100.23" and event.user_agent == "TestBrowser/1.0"
    assert audit.verify() == []


def test_refused_access_is_audited(client):
    from wegwijzer.accounts.models import Role
    from wegwijzer.accounts.testing import make_member

    org = make_organisation()
    staff = make_member(org, Role.STAFF)
    login_verified(client, staff)
    assert client.get("/accounts/organisatie/leden/").status_code == 403
    event = AuditEvent.objects.filter(event_type=AuditEventType.ACCESS_DENIED).last()
    assert event.username == staff.username
    assert event.details == {"view": "accounts:members", "ids": {}, "needed": "manage_members"}
    assert client.get("/beheer/login/").status_code == 403  # not staff
    assert (
        AuditEvent.objects.filter(event_type=AuditEventType.ACCESS_DENIED).last().details["needed"]
        == "staff"
    )

"""`manage.py backup` and `manage.py restore`, for real: scratch databases, commands in
subprocesses (as an operator runs them), data created, backed up, changed, restored.

Formats: SQLite's online backup (always), pg_dump (when this test run uses PostgreSQL) and
Django JSON (on this run's engine)."""

import gzip
import json
import stat

import pytest

from wegwijzer.core import backups
from wegwijzer.core.tests.conftest import prepared_database
from wegwijzer.core.tests.servers import ScratchDatabase, base_env, manage, session_uses_postgres

CREATE = """
from django.contrib.auth.models import Group, User
group = Group.objects.create(name="aandachtsfunctionarissen")
user = User.objects.create_user("backup-check", email="check@example.org", password="x-12345678")
user.groups.add(group)
"""

CHANGE = """
from django.contrib.auth.models import Group, User
from wegwijzer.knowledge.models import FormOfBehaviour
User.objects.filter(username="backup-check").delete()
Group.objects.filter(name="aandachtsfunctionarissen").update(name="veranderd")
for form in FormOfBehaviour.objects.order_by("pk")[:1]:
    form.delete()
User.objects.create_user("came-later", password="x-12345678")
"""

# Row counts of every table plus a few values: equal snapshots mean the same data.
SNAPSHOT = """
import json
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
tables = set(connection.introspection.table_names())
counts = {
    m._meta.label: m._base_manager.count()
    for m in apps.get_models(include_auto_created=True)
    if m._meta.db_table in tables and m._meta.label not in ("sessions.Session",)
}
users = sorted(
    (u.username, u.email, u.password, sorted(u.groups.values_list("name", flat=True)))
    for u in User.objects.all()
)
from wegwijzer.knowledge.models import FormOfBehaviour
forms = sorted(FormOfBehaviour.objects.values_list("key", flat=True))
print(json.dumps({"counts": counts, "users": users, "forms": forms}))
"""


def shell(code: str, env: dict) -> str:
    return manage("shell", "-v", "0", "-c", code, env=env).stdout


def snapshot(env: dict, before: str = "") -> dict:
    """Run ``before`` (changes), then take the snapshot, in one process."""
    return json.loads(shell(before + SNAPSHOT, env).strip().splitlines()[-1])


def env_for(database: ScratchDatabase, tmp) -> dict:
    return base_env(
        DJANGO_SETTINGS_MODULE="wegwijzer.conf.test",
        DATABASE_URL=database.url,
        WEGWIJZER_BACKUP_DIR=str(tmp / "backups"),
    )


@pytest.fixture
def scratch(tmp_path):
    created = []

    def make(engine=None, *, migrated=False):
        """An empty database, or a migrated one with the shipped content."""
        if migrated:
            database = prepared_database(tmp_path, engine)
        else:
            database = ScratchDatabase.create(tmp_path, engine)
        created.append(database)
        return database, env_for(database, tmp_path)

    yield make
    for database in created:
        database.drop()


def engines_and_methods():
    engine = "postgresql" if session_uses_postgres() else "sqlite"
    cases = [pytest.param("sqlite", "native", "sqlite", id="sqlite-native")]
    if engine == "postgresql":
        cases.append(pytest.param("postgresql", "native", "pgdump", id="postgresql-pg_dump"))
    cases.append(pytest.param(engine, "json", "json", id=f"{engine}-json"))
    return cases


@pytest.mark.parametrize(("engine", "method", "fmt"), engines_and_methods())
def test_round_trip(scratch, tmp_path, engine, method, fmt):
    database, env = scratch(engine, migrated=True)
    original = snapshot(env, before=CREATE)
    assert original["users"][0][:2] == ["backup-check", "check@example.org"]

    # Back up (to the default folder, named by time) ...
    result = manage("backup", "--method", method, env=env)
    files = list((tmp_path / "backups").iterdir())
    assert len(files) == 1
    backup = files[0]
    assert str(backup) in result.stdout
    assert backup.name.startswith("wegwijzer-")
    assert backups.detect_format(backup) == fmt
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # personal data: owner only

    # ... change and delete data, restore (confirming with "yes") ...
    assert snapshot(env, before=CHANGE) != original
    restored = manage("restore", str(backup), "--force", env=env, stdin="yes\n")
    assert "Type 'yes'" in restored.stdout and "Restored" in restored.stdout

    # ... and the data is back exactly as it was.
    assert snapshot(env) == original

    # Restore drill: into a new, empty database, no --force needed; the schema is complete.
    fresh, fresh_env = scratch(engine)
    manage("restore", str(backup), "--no-input", env=fresh_env)  # JSON: migrates it first
    assert snapshot(fresh_env) == original
    assert "No migrations to apply" in manage("migrate", env=fresh_env).stdout


def test_restore_refuses_data_without_force_and_asks_first(scratch, tmp_path):
    database, env = scratch("sqlite", migrated=True)
    original = snapshot(env, before=CREATE)
    backup = tmp_path / "before.sqlite3"
    manage("backup", "--output", str(backup), env=env)
    changed = snapshot(env, before=CHANGE)

    refused = manage("restore", str(backup), "--no-input", env=env, check=False)
    assert refused.returncode != 0
    assert "already holds data" in refused.stderr and "--force" in refused.stderr

    cancelled = manage("restore", str(backup), "--force", env=env, stdin="no\n", check=False)
    assert cancelled.returncode != 0
    assert "Type 'yes'" in cancelled.stdout
    assert "cancelled" in cancelled.stderr
    assert snapshot(env) == changed  # nothing happened

    manage("restore", str(backup), "--force", "--no-input", env=env)
    assert snapshot(env) == original


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["", "y", "ja", "no", "yes please"])
def test_restore_goes_on_only_after_a_plain_yes(monkeypatch, tmp_path, answer):
    from django.core.management import CommandError, call_command

    from wegwijzer.knowledge.models import FormOfBehaviour

    backup = tmp_path / "empty.json.gz"
    with gzip.open(backup, "wb") as handle:
        handle.write(b"[]")
    before = FormOfBehaviour.objects.count()
    monkeypatch.setattr("builtins.input", lambda prompt: answer)
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(backup), "--force")
    assert FormOfBehaviour.objects.count() == before > 0


def test_backup_to_a_chosen_file_and_bad_files(scratch, tmp_path):
    database, env = scratch("sqlite", migrated=True)
    target = tmp_path / "elsewhere" / "copy.sqlite3"
    manage("backup", "--output", str(target), env=env)
    assert backups.detect_format(target) == "sqlite"

    missing = manage("restore", str(tmp_path / "nope.sqlite3"), "--no-input", env=env, check=False)
    assert missing.returncode != 0 and "Cannot read" in missing.stderr

    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"this is not a backup")
    wrong = manage("restore", str(garbage), "--no-input", "--force", env=env, check=False)
    assert wrong.returncode != 0 and "not a Wegwijzer backup" in wrong.stderr


@pytest.mark.skipif(not session_uses_postgres(), reason="runs in the PostgreSQL test run")
def test_an_sqlite_backup_cannot_be_restored_into_postgresql(scratch, tmp_path):
    source, source_env = scratch("sqlite", migrated=True)
    target = tmp_path / "site.sqlite3"
    manage("backup", "-o", str(target), env=source_env)
    _, pg_env = scratch("postgresql")
    result = manage("restore", str(target), "--no-input", env=pg_env, check=False)
    assert result.returncode != 0
    assert "only be restored into a sqlite database" in result.stderr


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"SQLite format 3\x00rest", "sqlite"),
        (b"PGDMP\x01\x0e\x00", "pgdump"),
        (b"\x1f\x8b\x08\x00", "json"),
        (b'[{"model": "auth.user"}]', "json"),
        (b"<html>", None),
        (b"", None),
    ],
)
def test_detect_format(tmp_path, head, fmt):
    path = tmp_path / "file"
    path.write_bytes(head)
    if fmt is None:
        with pytest.raises(backups.BackupError):
            backups.detect_format(path)
    else:
        assert backups.detect_format(path) == fmt


@pytest.mark.django_db
def test_choose_format(monkeypatch):
    engine = "postgresql" if session_uses_postgres() else "sqlite"
    assert backups.choose_format("json") == "json"
    if engine == "sqlite":
        assert backups.choose_format("auto") == "sqlite"
        assert backups.choose_format("native") == "sqlite"
    else:
        assert backups.choose_format("auto") == "pgdump"
        # Without the client tools: JSON when "auto", a clear error when "native".
        monkeypatch.setenv("PATH", "/nonexistent")
        assert backups.choose_format("auto") == "json"
        with pytest.raises(backups.BackupError, match="postgresql-client"):
            backups.choose_format("native")

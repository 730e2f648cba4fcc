"""Back up and restore the whole database (``manage.py backup`` / ``manage.py restore``).

Three formats, recognised by their content when restoring:

* ``sqlite``: a consistent copy of an SQLite database made with SQLite's online backup API
  (``sqlite3.Connection.backup``), safe while the site is running.
* ``pgdump``: PostgreSQL's custom format from ``pg_dump``. Restoring replaces the
  ``public`` schema in one transaction (``pg_restore`` piped into ``psql --single-transaction``):
  either everything is restored or nothing changes.
* ``json``: Django's ``dumpdata``/``loaddata`` (gzip-compressed JSON), for any database. The
  fallback for PostgreSQL when the client tools are not installed, and a way to move data
  between SQLite and PostgreSQL. Content types and permissions are rebuilt by ``migrate``
  and referenced by natural keys; sessions are left out.

Backups hold personal data (accounts, password hashes, 2FA secrets): files are created
with mode 0600. Encrypt them before they leave the server (docs/deployment.md).
"""

from __future__ import annotations

import gzip
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, transaction
from django.dispatch import Signal
from django.utils import timezone

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
GZIP_MAGIC = b"\x1f\x8b"
EXTENSIONS = {"sqlite": ".sqlite3", "pgdump": ".pgdump", "json": ".json.gz"}
# Rebuilt by migrate (content types, permissions) or not worth keeping (sessions).
JSON_EXCLUDE = ["contenttypes", "auth.permission", "sessions"]
IGNORED_FOR_EMPTINESS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


# Sent after every restore, with ``format`` and ``using``. Apps that keep derived data
# outside the ORM (a search index) rebuild it here: a JSON restore loads rows "raw",
# without the save signals that normally keep such data up to date.
restored = Signal()


class BackupError(Exception):
    """A backup or restore cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    format: str
    size: int


def engine(alias: str = "default") -> str:
    """``"sqlite"``, ``"postgresql"`` or the engine's last dotted part."""
    name = connections[alias].vendor
    return {"sqlite": "sqlite", "postgresql": "postgresql"}.get(name, name)


def backup_dir() -> Path:
    return Path(
        os.environ.get("WEGWIJZER_BACKUP_DIR")
        or getattr(settings, "BACKUP_DIR", "")
        or settings.PROJECT_DIR / "backups"
    )


def default_path(fmt: str) -> Path:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return backup_dir() / f"wegwijzer-{stamp}{EXTENSIONS[fmt]}"


def pg_tools_available() -> bool:
    return all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql"))


def choose_format(method: str, alias: str = "default") -> str:
    """``method`` is ``auto``, ``native`` or ``json``."""
    kind = engine(alias)
    if method == "json":
        return "json"
    if kind == "sqlite":
        return "sqlite"
    if kind == "postgresql":
        if pg_tools_available():
            return "pgdump"
        if method == "native":
            raise BackupError(
                "pg_dump, pg_restore and psql are needed for a native PostgreSQL backup: "
                "install the postgresql-client package, or use --method json."
            )
        return "json"
    if method == "native":
        raise BackupError(f"No native backup for the {kind} database; use --method json.")
    return "json"


def detect_format(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "pgdump"
    if head.startswith(GZIP_MAGIC) or head.lstrip()[:1] == b"[":
        return "json"
    raise BackupError(f"{path} is not a Wegwijzer backup (SQLite, pg_dump or JSON).")


# --- backup --------------------------------------------------------------------------------


def backup(*, output: Path | None = None, method: str = "auto", alias: str = "default"):
    fmt = choose_format(method, alias)
    output = Path(output) if output else default_path(fmt)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Write next to the target, then rename: a half-written file never has the final name.
    fd, tmp_name = tempfile.mkstemp(prefix=".wegwijzer-backup-", dir=output.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o600)
    try:
        if fmt == "sqlite":
            _backup_sqlite(tmp, alias)
        elif fmt == "pgdump":
            _backup_pgdump(tmp, alias)
        else:
            _backup_json(tmp, alias)
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    return BackupResult(path=output, format=fmt, size=output.stat().st_size)


def _backup_sqlite(target: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        check = destination.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        destination.close()
    if check != "ok":
        raise BackupError(f"The SQLite copy failed its integrity check: {check}")


def _pg_env(alias: str) -> tuple[dict, str]:
    db = connections[alias].settings_dict
    env = {**os.environ}
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    env["PGCONNECT_TIMEOUT"] = str(options.get("connect_timeout", 10))
    return env, db["NAME"]


def _run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=env, capture_output=True, check=False, **kwargs)  # noqa: S603
    if result.returncode != 0:
        stderr = result.stderr.decode(errors="replace").strip()
        raise BackupError(f"{Path(command[0]).name} failed: {stderr}")
    return result


def _backup_pgdump(target: Path, alias: str) -> None:
    env, name = _pg_env(alias)
    _run(
        [
            shutil.which("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
            f"--dbname={name}",
        ],
        env,
    )


def _backup_json(target: Path, alias: str) -> None:
    # dumpdata compresses by file extension; the temporary name has none, so compress here.
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "dump.json"
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=JSON_EXCLUDE,
            output=str(plain),
            database=alias,
            use_base_manager=True,
            verbosity=0,
        )
        with open(plain, "rb") as source, gzip.open(target, "wb") as sink:
            shutil.copyfileobj(source, sink)


# --- restore -------------------------------------------------------------------------------


def database_is_empty(alias: str = "default") -> bool:
    """True when no table holds data (content types, permissions and sessions don't count)."""
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower in IGNORED_FOR_EMPTINESS or not model._meta.managed:
            continue
        if model._meta.db_table in tables and model._base_manager.using(alias).exists():
            return False
    return True


def describe_database(alias: str = "default") -> str:
    db = connections[alias].settings_dict
    host = f" on {db['HOST']}" if db.get("HOST") else ""
    return f"{engine(alias)} database {db['NAME']}{host}"


def check_compatible(fmt: str, alias: str = "default") -> None:
    kind = engine(alias)
    needed = {"sqlite": "sqlite", "pgdump": "postgresql"}.get(fmt)
    if needed and needed != kind:
        raise BackupError(
            f"This is a {fmt} backup; it can only be restored into a {needed} database, "
            f"not into the {kind} database configured here."
        )
    if fmt == "pgdump" and not (shutil.which("pg_restore") and shutil.which("psql")):
        raise BackupError("pg_restore and psql are needed: install the postgresql-client package.")


def restore(*, path: Path, alias: str = "default") -> str:
    """Replace everything in the database with the backup. Returns the backup's format.

    The caller checks emptiness and asks for confirmation (see the ``restore`` command).
    """
    path = Path(path)
    fmt = detect_format(path)
    check_compatible(fmt, alias)
    if fmt == "sqlite":
        _restore_sqlite(path, alias)
    elif fmt == "pgdump":
        _restore_pgdump(path, alias)
    else:
        _restore_json(path, alias)
    _after_restore(alias)
    restored.send(sender=restore, format=fmt, using=alias)
    return fmt


def _restore_sqlite(path: Path, alias: str) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The backup failed SQLite's integrity check: {check}")
        connection = connections[alias]
        connection.close()
        connection.ensure_connection()
        # The backup API replaces every page of the destination in one step.
        source.backup(connection.connection)
    finally:
        source.close()
    connections[alias].close()


def _restore_pgdump(path: Path, alias: str) -> None:
    env, name = _pg_env(alias)
    connections[alias].close()
    _run([shutil.which("pg_restore"), "--list", str(path)], env)  # a readable dump at all?
    with tempfile.TemporaryFile() as dump_errors:
        dump = subprocess.Popen(  # noqa: S603
            [shutil.which("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=dump_errors,
        )
        try:
            # One transaction: drop and recreate the public schema, then load the dump.
            # When anything fails, PostgreSQL rolls all of it back: the old data stays.
            _run(
                [
                    shutil.which("psql"),
                    "--no-psqlrc",
                    "--quiet",
                    "--single-transaction",
                    "--set=ON_ERROR_STOP=1",
                    f"--dbname={name}",
                    "--command=DROP SCHEMA IF EXISTS public CASCADE",
                    "--command=CREATE SCHEMA public",
                    "--file=-",
                ],
                env,
                stdin=dump.stdout,
            )
        finally:
            dump.stdout.close()
            returncode = dump.wait()
        if returncode != 0:
            dump_errors.seek(0)
            message = dump_errors.read().decode(errors="replace").strip()
            raise BackupError(f"pg_restore failed: {message}")


def _restore_json(path: Path, alias: str) -> None:
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    call_command("migrate", database=alias, interactive=False, verbosity=0)
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "dump.json"
        with open(path, "rb") as head:
            compressed = head.read(2) == GZIP_MAGIC
        with (gzip.open if compressed else open)(path, "rb") as source, open(plain, "wb") as sink:
            shutil.copyfileobj(source, sink)
        with transaction.atomic(using=alias):
            # Empty every table, then rebuild only content types and permissions (which the
            # dump refers to by natural key); other post-migrate hooks would add rows that
            # clash with the ones in the dump.
            call_command(
                "flush",
                database=alias,
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                allow_cascade=True,  # also tables outside the ORM that refer to ours
            )
            ContentType.objects.clear_cache()
            for app_config in apps.get_app_configs():
                create_contenttypes(app_config, verbosity=0, using=alias)
                create_permissions(app_config, verbosity=0, using=alias)
            call_command("loaddata", str(plain), database=alias, verbosity=0)
        ContentType.objects.clear_cache()


def _after_restore(alias: str) -> None:
    """Cached pages, sessions and lock-out counters belong to the old data: drop them, and
    move the content clock forward so browsers and proxies fetch pages again."""
    from wegwijzer.core.models import ContentState

    connections[alias].close()
    # Without a row, Last-Modified is "now" anyway (wegwijzer.core.selectors).
    ContentState.objects.using(alias).filter(pk=1).update(changed_at=timezone.now())
    cache.clear()

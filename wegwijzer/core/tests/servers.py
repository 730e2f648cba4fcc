"""Helpers for tests that need real processes: gunicorn servers, manage.py commands, scratch
databases (an SQLite file, or a PostgreSQL database on the server the test run uses)."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
REDIS_TEST_URL = os.environ.get("WEGWIJZER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# 60+ characters, many different ones: passes production's and check --deploy's tests.
PRODUCTION_SECRET = "test-only-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WEGWIJZER_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    settings_env = {
        "DJANGO_SETTINGS_MODULE": "wegwijzer.conf.production",
        "DJANGO_SECRET_KEY": PRODUCTION_SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,wegwijzer.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_TEST_URL,
        "WEGWIJZER_CACHE_PREFIX": f"wegwijzer-test-{uuid.uuid4().hex[:8]}",
    }
    return base_env(**{**settings_env, **extra})


def manage(*args: str, env: dict, stdin: str | None = None, check: bool = True):
    """Run ``manage.py`` in a subprocess; with ``check``, fail with its output."""
    result = subprocess.run(  # noqa: S603
        [*MANAGE, *args],
        env=env,
        cwd=ROOT,
        input=stdin if stdin is not None else "",
        text=True,
        capture_output=True,
        check=False,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result


# --- scratch databases -------------------------------------------------------------------


def session_uses_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _pg_server_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"


# Every scratch database of this test session; conftest drops any left at the end (a test
# that fails half-way must not leave databases behind on the shared server).
CREATED: list[ScratchDatabase] = []


@dataclass
class ScratchDatabase:
    """A database of its own: an SQLite file in ``tmp``, or a new PostgreSQL database."""

    url: str
    engine: str
    path: Path | None = None
    name: str | None = None
    _admin_url: str | None = field(default=None, repr=False)

    @classmethod
    def create(
        cls, tmp: Path, engine: str | None = None, template: ScratchDatabase | None = None
    ) -> ScratchDatabase:
        """An empty database, or a copy of ``template`` (of the same engine)."""
        engine = engine or ("postgresql" if session_uses_postgres() else "sqlite")
        if engine == "sqlite":
            path = tmp / f"scratch-{uuid.uuid4().hex[:8]}.sqlite3"
            if template is not None:
                shutil.copyfile(template.path, path)
            database = cls(url=f"sqlite:///{path}", engine="sqlite", path=path)
            CREATED.append(database)
            return database
        import psycopg

        name = f"wegwijzer_ops_{uuid.uuid4().hex[:10]}"
        admin_url = f"{_pg_server_url()}/postgres"
        copy = f' TEMPLATE "{template.name}"' if template is not None else ""
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        database = cls(
            url=f"{_pg_server_url()}/{name}", engine="postgresql", name=name, _admin_url=admin_url
        )
        CREATED.append(database)
        return database

    def drop(self) -> None:
        """Take the database away (also from under running servers)."""
        if self.engine == "sqlite":
            if self.path.exists():
                # Wreck the file in place first: a server's open connection (same inode)
                # must notice too, not only new connections.
                with open(self.path, "r+b") as handle:
                    handle.write(b"\0not a database any more\0" * 200)
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- servers -----------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def fetch(url: str, method: str = "GET", headers: dict | None = None) -> Response:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target or "/", headers=headers or {})
        response = conn.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        conn.close()


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def get(self, path: str, **kwargs) -> Response:
        return fetch(self.url + path, **kwargs)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_gunicorn(env: dict, log_path: Path, *, config: bool = False) -> Server:
    """Start gunicorn with ``env`` on a free port; wait until it answers /health/.

    ``config=True`` uses deploy/gunicorn.conf.py (as production does); otherwise plain
    command-line options like the browser tests.
    """
    port = free_port()
    if config:
        command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")]
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
    else:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "wegwijzer.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ]
    log = open(log_path, "ab")  # noqa: SIM115 - handed to the child process
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    server = Server(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{server.log()}")
        try:
            server.get("/health/", headers={"X-Forwarded-Proto": "https"})
            return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"gunicorn did not start:\n{server.log()}")

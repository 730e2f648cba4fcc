"""Serve the app from a real server process (gunicorn + WhiteNoise, test settings) with its
own database, and drive it with Debian's Chromium through Playwright."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp: Path) -> tuple[str, callable]:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        import psycopg

        name = f"wegwijzer_browser_{uuid.uuid4().hex[:8]}"
        admin_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return admin_url.rsplit("/", 1)[0] + f"/{name}", drop
    return f"sqlite:///{tmp / 'browser.sqlite3'}", lambda: None


class AppServer:
    """A gunicorn process serving the app with its own, freshly migrated database."""

    def __init__(self, url: str, env: dict):
        self.url = url
        self.env = env

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "--verbosity", "0", "-c", code).strip()


@contextlib.contextmanager
def running_server(
    *,
    settings_module: str = "wegwijzer.conf.test",
    extra_env: dict | None = None,
    host: str = "127.0.0.1",
    workers: int = 1,
    ready_path: str = "/health/",
):
    """Migrate a new database, load the content, start gunicorn; stop and drop afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="wegwijzer-browser-"))
    database_url, drop = _database_url(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url,
        **(extra_env or {}),
    }
    proc = None
    try:
        server = AppServer("", env)
        server.manage("migrate", "--noinput")
        server.manage("load_content")
        port = _free_port()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "wegwijzer.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        server.url = f"http://{host}:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(server.url + ready_path, timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("test server did not start")
        yield server
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        drop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def server_url():
    with running_server(workers=2) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    yield page
    context.close()

"""Fixtures for the operations tests: a real production-settings server (gunicorn with
deploy/gunicorn.conf.py, WhiteNoise with collected static files, Redis for the cache, a
scratch database of the engine this test run uses)."""

import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

from wegwijzer.core.tests.servers import ScratchDatabase, manage, production_env, start_gunicorn

ADMIN_URL = "geheim-beheer/"


@pytest.fixture(scope="session")
def ops_tmp():
    path = Path(tempfile.mkdtemp(prefix="wegwijzer-ops-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def static_root(ops_tmp):
    """collectstatic with the production storage (hashed, compressed names)."""
    root = ops_tmp / "static"
    env = production_env(f"sqlite:///{ops_tmp / 'unused.sqlite3'}", DJANGO_STATIC_ROOT=str(root))
    manage("collectstatic", "--noinput", "-v0", env=env)
    return root


def prepared_database(tmp: Path, *, content: bool = True) -> ScratchDatabase:
    database = ScratchDatabase.create(tmp)
    env = production_env(database.url)
    manage("migrate", "--noinput", "-v0", env=env)
    if content:
        manage("load_content", env=env)
    return database


def production_server_for(database: ScratchDatabase, tmp: Path, static_root: Path, **env):
    environment = production_env(
        database.url,
        DJANGO_STATIC_ROOT=str(static_root),
        WEGWIJZER_ADMIN_URL=ADMIN_URL,
        DJANGO_DEBUG="1",  # must be ignored by production settings
        **env,
    )
    return start_gunicorn(environment, tmp / f"gunicorn-{uuid.uuid4().hex[:8]}.log", config=True)


@pytest.fixture(scope="session")
def production_server(ops_tmp, static_root):
    """A production-settings server that stays healthy (tests must not break it)."""
    database = prepared_database(ops_tmp)
    server = production_server_for(database, ops_tmp, static_root)
    yield server
    server.stop()
    database.drop()

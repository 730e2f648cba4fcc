"""Fixtures for the operations tests: a real production-settings server (gunicorn with
deploy/gunicorn.conf.py, WhiteNoise with collected static files, Redis for the cache, a
scratch database of the engine this test run uses)."""

import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

from wegwijzer.core.tests.servers import (
    CREATED,
    ScratchDatabase,
    base_env,
    manage,
    production_env,
    session_uses_postgres,
    start_gunicorn,
)

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


_TEMPLATES: dict[str, ScratchDatabase] = {}


def prepared_database(tmp: Path, engine: str | None = None) -> ScratchDatabase:
    """A migrated database with the shipped content: a copy of a template that is made
    once per engine and test session (migrating takes seconds; copying does not)."""
    engine = engine or ("postgresql" if session_uses_postgres() else "sqlite")
    if engine not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="wegwijzer-template-"))
        template = ScratchDatabase.create(folder, engine)
        env = base_env(DJANGO_SETTINGS_MODULE="wegwijzer.conf.test", DATABASE_URL=template.url)
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_content", env=env)
        _TEMPLATES[engine] = template
    return ScratchDatabase.create(tmp, engine, template=_TEMPLATES[engine])


@pytest.fixture(scope="session", autouse=True)
def _drop_scratch_databases():
    yield
    for database in CREATED:
        database.drop()  # idempotent
    for template in _TEMPLATES.values():
        if template.path is not None:
            shutil.rmtree(template.path.parent, ignore_errors=True)
    CREATED.clear()
    _TEMPLATES.clear()


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

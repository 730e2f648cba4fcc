"""/health/: 200 with JSON when the database and the cache work, 503 when the database is
gone. The failures are real: servers in subprocesses lose their database (an SQLite file
that is deleted, a PostgreSQL database that is dropped, a port where nothing listens) or
their Redis. Nothing of ours is mocked."""

import json
import re

import pytest
from django.test import Client
from django.urls import resolve

from wegwijzer.core.tests.conftest import prepared_database, production_server_for
from wegwijzer.core.tests.servers import (
    base_env,
    free_port,
    start_gunicorn,
)

HTTPS = {"X-Forwarded-Proto": "https"}


def assert_health(response_status, headers, body, *, status: int, database: str, cache: str):
    assert response_status == status
    assert headers.get("Content-Type") == "application/json"
    assert "no-store" in headers.get("Cache-Control")
    data = json.loads(body)
    assert data["status"] == ("ok" if status == 200 else "error")
    assert data["checks"] == {"database": database, "cache": cache}


# --- in the test process ------------------------------------------------------------------


@pytest.mark.django_db
def test_health_answers_ok_with_json_and_no_store():
    response = Client().get("/health/")
    assert_health(
        response.status_code, response, response.content, status=200, database="ok", cache="ok"
    )
    assert not response.cookies  # no session, no CSRF cookie
    assert set(json.loads(response.content)) == {"status", "checks", "duration_ms"}


@pytest.mark.django_db
def test_health_is_public_unprefixed_and_read_only():
    match = resolve("/health/")
    assert match.url_name == "health"
    assert getattr(match.func, "wegwijzer_public_view", False)
    client = Client()
    assert client.get("/en/health/").status_code == 404  # not language-prefixed
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code in (403, 405)


# --- real servers that lose their database ------------------------------------------------


def test_health_503_when_the_database_server_cannot_be_reached(ops_tmp):
    # PostgreSQL at a port where nothing listens: every connection attempt is refused.
    url = f"postgres://postgres@127.0.0.1:{free_port()}/wegwijzer"
    env = base_env(DJANGO_SETTINGS_MODULE="wegwijzer.conf.test", DATABASE_URL=url)
    server = start_gunicorn(env, ops_tmp / "gunicorn-no-db.log")
    try:
        response = server.get("/health/")
        assert_health(
            response.status,
            response.headers,
            response.body,
            status=503,
            database="error",
            cache="ok",
        )
    finally:
        server.stop()


def test_health_goes_from_200_to_503_when_the_database_is_taken_away(ops_tmp):
    """SQLite run: the database file and its folder are deleted under the running server.
    PostgreSQL run: the database is dropped (its connections are terminated)."""
    folder = ops_tmp / "vanishing"
    folder.mkdir()
    database = prepared_database(folder)
    env = base_env(DJANGO_SETTINGS_MODULE="wegwijzer.conf.test", DATABASE_URL=database.url)
    server = start_gunicorn(env, ops_tmp / "gunicorn-vanishing.log")
    try:
        response = server.get("/health/")
        assert_health(
            response.status,
            response.headers,
            response.body,
            status=200,
            database="ok",
            cache="ok",
        )
        database.drop()
        if database.engine == "sqlite":
            folder.rmdir()  # SQLite can't even create a new, empty file now
        for _ in range(2):  # each worker, and again after a failed check
            response = server.get("/health/")
            assert_health(
                response.status,
                response.headers,
                response.body,
                status=503,
                database="error",
                cache="ok",
            )
    finally:
        server.stop()
        database.drop()


# --- production settings: Redis cache, JSON logs, the 500 page ---------------------------


def test_production_health_checks_redis_and_the_database(production_server):
    response = production_server.get("/health/", headers=HTTPS)
    assert_health(
        response.status,
        response.headers,
        response.body,
        status=200,
        database="ok",
        cache="ok",
    )
    # Monitoring on the private interface may use plain HTTP: no redirect for /health/.
    assert production_server.get("/health/").status == 200


def test_production_health_503_when_redis_is_down(ops_tmp, static_root):
    database = prepared_database(ops_tmp)
    server = production_server_for(
        database, ops_tmp, static_root, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0"
    )
    try:
        response = server.get("/health/", headers=HTTPS)
        assert_health(
            response.status,
            response.headers,
            response.body,
            status=503,
            database="ok",
            cache="error",
        )
    finally:
        server.stop()
        database.drop()


def test_production_database_loss_gives_503_house_style_500_and_clean_logs(ops_tmp, static_root):
    database = prepared_database(ops_tmp)
    server = production_server_for(database, ops_tmp, static_root)
    secret = "antwoord-geheim-7d1e"
    try:
        assert server.get("/health/", headers=HTTPS).status == 200
        assert server.get(f"/?vraag={secret}", headers=HTTPS).status == 200
        database.drop()

        response = server.get("/health/", headers=HTTPS)
        assert_health(
            response.status,
            response.headers,
            response.body,
            status=503,
            database="error",
            cache="ok",
        )
        # A page that needs the database: the house-style 500, never a traceback.
        page = server.get(f"/hulp/?vraag={secret}", headers=HTTPS)
        assert page.status == 500
        assert "<h1>Er ging iets mis</h1>" in page.text
        assert "/static/css/wegwijzer." in page.text
        for leak in ("Traceback", "OperationalError", "psycopg", "sqlite", secret):
            assert leak not in page.text
    finally:
        server.stop()
        database.drop()

    log = server.log()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    errors = [
        line for line in lines if line["logger"] == "django.request" and line.get("status") == 500
    ]
    assert errors, f"the 500 was not logged:\n{log}"
    assert errors[0]["path"] == "/hulp/"
    assert errors[0]["status"] == 500
    assert "exception" in errors[0]
    assert secret not in log, "a query string reached the log"
    assert not re.search(r'"GET /[^"]*" 200', log), "an access log line was written"

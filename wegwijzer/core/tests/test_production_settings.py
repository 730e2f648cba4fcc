"""Production settings, loaded for real in subprocesses with the environment a server has:
Redis really is the cache, DEBUG stays off, `check --deploy` is clean, the admin URL comes
from the environment, and logs are JSON lines without query strings."""

import json
import logging
import subprocess
import sys
import uuid

import pytest
import redis
from django.http import HttpResponse
from django.test import RequestFactory

from wegwijzer.core.log import JsonFormatter, RedactQueryStrings, redact
from wegwijzer.core.proxy import TrustedProxyMiddleware, client_address
from wegwijzer.core.tests.servers import (
    PRODUCTION_SECRET,
    REDIS_TEST_URL,
    ROOT,
    manage,
    production_env,
)

POSTGRES_URL = "postgres://wegwijzer@db.internal:5432/wegwijzer"


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
    )


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": db["ENGINE"], "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"], "OPTIONS": db.get("OPTIONS", {}),
    "CACHE": s.CACHES["default"]["BACKEND"], "CACHE_LOCATION": s.CACHES["default"]["LOCATION"],
    "SESSION_ENGINE": s.SESSION_ENGINE, "AXES_HANDLER": getattr(s, "AXES_HANDLER", None),
    "AXES_CACHE": getattr(s, "AXES_CACHE", "default"),
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "USE_X_FORWARDED_HOST": s.USE_X_FORWARDED_HOST, "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS, "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE, "SESSION_COOKIE_NAME": s.SESSION_COOKIE_NAME,
    "CSRF_COOKIE_NAME": s.CSRF_COOKIE_NAME, "ADMINS": s.ADMINS,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
}))
"""


def load_settings(**env) -> dict:
    result = run_python(SHOW_SETTINGS, production_env(POSTGRES_URL, **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_for_proxy_postgres_redis_and_cookies():
    s = load_settings(DJANGO_DEBUG="true")
    assert s["DEBUG"] is False  # DJANGO_DEBUG is for development only
    assert s["ENGINE"] == "django.db.backends.postgresql"
    assert s["CONN_MAX_AGE"] == 60
    assert s["CONN_HEALTH_CHECKS"] is True
    assert s["OPTIONS"]["connect_timeout"] == 5
    assert s["CACHE"] == "django.core.cache.backends.redis.RedisCache"
    assert s["CACHE_LOCATION"] == REDIS_TEST_URL
    assert s["SESSION_ENGINE"] in (
        "django.contrib.sessions.backends.cached_db",
        "django.contrib.sessions.backends.cache",
    )
    # Lock-out counters live in the (Redis) cache, shared by every gunicorn worker.
    assert s["AXES_HANDLER"] == "axes.handlers.cache.AxesCacheHandler"
    assert s["AXES_CACHE"] == "default"
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["USE_X_FORWARDED_HOST"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert s["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert s["ADMINS"] == []  # no error mails with request data
    assert s["ALLOWED_HOSTS"] == ["127.0.0.1", "wegwijzer.test"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "a" * 60}, "DJANGO_SECRET_KEY"),  # not random
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_its_required_settings(env, message):
    result = run_python(SHOW_SETTINGS, production_env(POSTGRES_URL, **env))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_the_production_cache_really_is_the_local_redis():
    """Write through Django's cache in a production-settings process; read the key
    straight from Redis in this one."""
    prefix = f"wegwijzer-test-{uuid.uuid4().hex[:8]}"
    value = uuid.uuid4().hex
    code = (
        "import django; django.setup()\n"
        "from django.core.cache import cache\n"
        f"cache.set('probe', {value!r}, timeout=60)\n"
        f"assert cache.get('probe') == {value!r}\n"
        "print(cache.make_key('probe'))\n"
    )
    result = run_python(code, production_env(POSTGRES_URL, WEGWIJZER_CACHE_PREFIX=prefix))
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith(prefix)
    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        stored = client.get(key)
        assert stored is not None, f"{key} is not in Redis at {REDIS_TEST_URL}"
        assert value.encode() in stored  # Django pickles the value
    finally:
        client.delete(key)
        client.close()


def test_check_deploy_is_clean_with_production_settings():
    env = production_env(POSTGRES_URL)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_catches_a_weakened_setting():
    # The same check fails when HSTS is switched off: the test above is not vacuous.
    env = production_env(POSTGRES_URL, DJANGO_HSTS_SECONDS="0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_admin_lives_at_the_configured_url():
    code = (
        "import django; django.setup()\n"
        "from django.urls import reverse, resolve, Resolver404\n"
        "print(reverse('admin:index'))\n"
        "try:\n    resolve('/admin/'); print('found')\nexcept Resolver404:\n    print('missing')\n"
    )
    env = production_env(POSTGRES_URL, WEGWIJZER_ADMIN_URL="/beheer-8c2f/")
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/beheer-8c2f/", "missing"]


def test_production_logging_is_json_on_stdout_without_query_strings():
    code = (
        "import django, logging; django.setup()\n"
        "logging.getLogger('django.request').error("
        "'Internal Server Error: %s', '/er-is-iets-gebeurd/plan/?leeftijd=14&foto=ja')\n"
        "logging.getLogger('wegwijzer').info('plain message')\n"
    )
    result = run_python(code, production_env(POSTGRES_URL))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["logger"] for line in lines] == ["django.request", "wegwijzer"]
    assert lines[0]["message"] == "Internal Server Error: /er-is-iets-gebeurd/plan/?[redacted]"
    assert "leeftijd" not in result.stdout + result.stderr
    assert lines[0]["level"] == "ERROR"
    assert lines[0]["time"].endswith("+00:00")


# --- the redaction rule itself ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /plan/?a=1&b=2 HTTP/1.1", "GET /plan/?[redacted] HTTP/1.1"),
        ("https://x.nl/en/plan/?a=1#top", "https://x.nl/en/plan/?[redacted]#top"),
        ("Not Found: /vormen/", "Not Found: /vormen/"),
        ("Is this a question? Yes.", "Is this a question? Yes."),
        ("'/a/?q=1' and \"/b?x=y\"", "'/a/?[redacted]' and \"/b?[redacted]\""),
        ("/?vraag=geheim", "/?[redacted]"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_filter_and_formatter_redact_messages_arguments_and_tracebacks():
    try:
        raise ValueError("bad URL /plan/?naam=Sam")
    except ValueError:
        record = logging.LogRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "Error at %s",
            ("/plan/?leeftijd=14",),
            sys.exc_info(),
        )
    assert RedactQueryStrings().filter(record) is True
    assert record.getMessage() == "Error at /plan/?[redacted]"
    assert "naam=Sam" not in record.exc_text
    output = JsonFormatter().format(record)
    assert "leeftijd" not in output and "naam=Sam" not in output
    assert json.loads(output)["message"] == "Error at /plan/?[redacted]"


def test_the_secret_used_in_these_tests_passes_djangos_own_check():
    assert len(PRODUCTION_SECRET) >= 50 and len(set(PRODUCTION_SECRET)) >= 5


# --- the visitor's address behind nginx ---------------------------------------------------


@pytest.mark.parametrize(
    ("forwarded_for", "proxies", "expected"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),  # nginx: $proxy_add_x_forwarded_for
        ("10.9.9.9, 203.0.113.7", 1, "203.0.113.7"),  # the client's own header is ignored
        ("203.0.113.7, 198.51.100.2", 2, "203.0.113.7"),  # two proxies
        ("2001:db8::1", 1, "2001:db8::1"),
        ("", 1, None),
        ("203.0.113.7", 2, None),  # fewer hops than proxies: keep REMOTE_ADDR
        ("not-an-address", 1, None),
        ("203.0.113.7", 0, None),
    ],
)
def test_client_address(forwarded_for, proxies, expected):
    assert client_address(forwarded_for, proxies) == expected


@pytest.mark.parametrize(
    ("count", "forwarded_for", "remote_addr"),
    [
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (1, "", "127.0.0.1"),
        (0, "203.0.113.7", "127.0.0.1"),  # no proxy configured: the header is not trusted
    ],
)
def test_trusted_proxy_middleware_sets_remote_addr(settings, count, forwarded_for, remote_addr):
    settings.WEGWIJZER_TRUSTED_PROXY_COUNT = count
    seen = {}

    def view(request):
        seen["ip"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded_for)
    TrustedProxyMiddleware(view)(request)
    assert seen["ip"] == remote_addr


def test_production_puts_the_proxy_middleware_before_everything_that_reads_the_address():
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "print(settings.MIDDLEWARE[0])\n"
        "from axes.helpers import get_client_ip_address\n"
        "from django.test import RequestFactory\n"
        "from wegwijzer.core.proxy import TrustedProxyMiddleware\n"
        "r = RequestFactory().get('/', HTTP_X_FORWARDED_FOR='10.0.0.9, 203.0.113.7')\n"
        "TrustedProxyMiddleware(lambda req: None)(r)\n"
        "print(get_client_ip_address(r))\n"
    )
    result = run_python(code, production_env(POSTGRES_URL))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wegwijzer.core.proxy.TrustedProxyMiddleware", "203.0.113.7"]

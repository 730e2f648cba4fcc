"""Security headers on every kind of response: pages, redirects, errors, JSON, the admin,
static files served by WhiteNoise; and no inline script or style that the CSP would block.

The production-only parts (HSTS, secure ``__Host-`` cookies, the HTTPS redirect, WhiteNoise's
compressed static files) are checked against a real gunicorn server with production
settings (``production_server`` in conftest.py)."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client, override_settings

from wegwijzer.core.public_pages import in_language, sample_paths
from wegwijzer.core.tests.conftest import ADMIN_URL

SAME_EVERYWHERE = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]


def parse_csp(value: str) -> dict[str, list[str]]:
    policy = {}
    for directive in filter(None, (part.strip() for part in value.split(";"))):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


def assert_security_headers(headers, *, https: bool = False) -> None:
    """``headers``: anything with ``.get(name)`` (Django or http.client responses)."""
    for name, value in SAME_EVERYWHERE.items():
        assert headers.get(name) == value, f"{name}: {headers.get(name)!r}"
    raw_csp = headers.get("Content-Security-Policy")
    assert raw_csp, "no Content-Security-Policy"
    csp = parse_csp(raw_csp)
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    for loophole in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:"):
        assert loophole not in raw_csp.split(), f"CSP allows {loophole}"
    policy = headers.get("Permissions-Policy") or ""
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in policy, f"Permissions-Policy does not deny {feature}"
    assert headers.get("Access-Control-Allow-Origin") is None
    hsts = headers.get("Strict-Transport-Security")
    if https:
        assert hsts, "no HSTS over HTTPS"
        max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
        assert max_age >= 365 * 24 * 3600
        assert "includeSubDomains" in hsts
    else:
        assert hsts is None  # browsers ignore it over HTTP; Django sends it only over HTTPS


ADMIN = "/" + settings.ADMIN_URL

# (method, path, acceptable statuses): one of every kind of response.
RESPONSES = [
    ("GET", "/", {200}),
    ("HEAD", "/", {200}),
    ("GET", "/en/", {200}),
    ("GET", "/hulp/", {200}),
    ("GET", "/vormen", {301}),  # APPEND_SLASH redirect
    ("GET", "/bestaat-niet/", {404}),
    ("GET", "/en/does-not-exist/", {404}),
    ("POST", "/", {403, 405}),  # CSRF failure or method not allowed
    ("GET", ADMIN, {302}),  # redirect to the login
    ("GET", ADMIN + "login/", {200, 302}),  # 302 when the admin logs in via accounts
    ("GET", "/accounts/login/", {200}),
    ("GET", "/api/v1/openapi.json", {200}),
    ("GET", "/health/", {200}),
    ("GET", "/static/admin/css/base.css", {200}),  # served by WhiteNoise
    ("HEAD", "/static/css/wegwijzer.css", {200}),
    ("GET", "/static/bestaat-niet.css", {404}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "statuses"), RESPONSES)
def test_every_kind_of_response_has_the_security_headers(client, method, path, statuses):
    response = getattr(client, method.lower())(path)
    assert response.status_code in statuses, path
    assert_security_headers(response)


@pytest.mark.django_db
def test_static_files_come_from_whitenoise_with_the_headers(client):
    response = client.get("/static/admin/css/base.css")
    # WhiteNoise answers before Django's URL resolver: a file response, not a view.
    assert response.__class__.__module__.startswith("whitenoise")
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.urls("wegwijzer.core.tests.error_urls")
@pytest.mark.parametrize("code", [400, 403, 429, 500])
def test_error_responses_have_the_security_headers(code):
    client = Client(raise_request_exception=False)
    response = client.get(f"/test-fout/{code}/")
    assert response.status_code == code
    assert_security_headers(response)


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["wegwijzer.example"])
def test_disallowed_host_answer_has_the_security_headers(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert_security_headers(response)


@pytest.mark.django_db
def test_every_public_page_in_both_languages_has_the_headers(client):
    paths = sample_paths()
    assert len(paths) >= 10
    for path in paths:
        for language in ("nl", "en"):
            response = client.get(in_language(path, language))
            assert response.status_code == 200, path
            assert_security_headers(response)


# --- no inline code: the CSP forbids it, so it would silently not work -----------------


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP blocks: inline scripts and styles, style attributes,
    event-handler attributes and javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._script_without_src = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").lower()
            if kind not in ("application/json", "application/ld+json"):
                self._script_without_src = True
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {name} on <{tag}>")

    def handle_data(self, data):
        if self._script_without_src and data.strip():
            self.problems.append(f"inline script: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_without_src = False


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<p style="color:red">x</p>', True),
        ("<style>p{}</style>", True),
        ("<script>alert(1)</script>", True),
        ('<script src="/static/a.js"></script>', False),
        ('<script type="application/json">{"a": 1}</script>', False),
        ('<a href="javascript:void(0)">x</a>', True),
        ('<button onclick="x()">x</button>', True),
        ('<a href="/hulp/" class="ww-link">hulp</a>', False),
    ],
)
def test_inline_code_finder(html, found):
    assert bool(inline_code(html)) is found


@pytest.mark.django_db
def test_public_and_error_pages_have_no_inline_code(client):
    paths = [*sample_paths(), "/bestaat-niet/", "/accounts/login/"]
    for path in paths:
        for language in ("nl", "en"):
            response = client.get(in_language(path, language))
            problems = inline_code(response.content.decode())
            assert problems == [], f"{path} ({language}): {problems}"


@pytest.mark.django_db
@pytest.mark.urls("wegwijzer.core.tests.error_urls")
@pytest.mark.parametrize("code", [400, 403, 429, 500])
def test_error_pages_have_no_inline_code(code):
    response = Client(raise_request_exception=False).get(f"/test-fout/{code}/")
    assert inline_code(response.content.decode()) == []


# --- production: a real server with production settings ---------------------------------

HTTPS = {"X-Forwarded-Proto": "https"}


def test_production_pages_json_health_and_errors_have_all_headers_and_hsts(production_server):
    for path, status in [
        ("/", 200),
        ("/en/hulp/", 200),
        ("/api/v1/openapi.json", 200),
        ("/health/", 200),
        ("/bestaat-niet/", 404),
        ("/vormen", 301),
    ]:
        response = production_server.get(path, headers=HTTPS)
        assert response.status == status, (path, response.status, response.text[:300])
        assert_security_headers(response.headers, https=True)


def test_production_static_files_are_hashed_compressed_and_have_all_headers(production_server):
    page = production_server.get("/", headers=HTTPS).text
    stylesheet = re.search(r'href="(/static/css/wegwijzer\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page links no hashed stylesheet"
    response = production_server.get(
        stylesheet.group(1), headers={**HTTPS, "Accept-Encoding": "gzip, br"}
    )
    assert response.status == 200
    assert response.header("Content-Encoding") in ("br", "gzip")
    assert "immutable" in response.header("Cache-Control")
    assert_security_headers(response.headers, https=True)


def test_production_redirects_plain_http_to_https_with_headers(production_server):
    response = production_server.get("/hulp/", headers={"Host": "wegwijzer.test"})
    assert response.status == 301
    assert response.header("Location") == "https://wegwijzer.test/hulp/"
    assert_security_headers(response.headers)


def test_production_cookies_are_host_prefixed_secure_and_httponly(production_server):
    # The login form is the first page that sets a cookie (the CSRF token). The admin's
    # login may send us on to the accounts login: follow that (same site only).
    response = production_server.get(f"/{ADMIN_URL}login/", headers=HTTPS)
    if response.status == 302:
        location = response.header("Location")
        assert location.startswith("/"), location
        response = production_server.get(location, headers=HTTPS)
    assert response.status == 200
    cookies = response.headers.get_all("Set-Cookie") or []
    csrf = [c for c in cookies if c.startswith("__Host-csrftoken=")]
    assert csrf, cookies
    attributes = [part.strip().lower() for part in csrf[0].split(";")]
    assert "secure" in attributes
    assert "httponly" in attributes
    assert "path=/" in attributes
    assert not any(a.startswith("domain=") for a in attributes)
    # Public pages set no cookie at all.
    assert production_server.get("/", headers=HTTPS).headers.get_all("Set-Cookie") is None

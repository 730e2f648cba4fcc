"""The error pages (400, 403, 404, 429, 500 and the CSRF failure) in headless Chromium, in
Dutch and English: zero axe-core violations (WCAG 2.1 A/AA), no request to another host,
no CSP violation. The server uses test settings plus URLs that fail on purpose."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import running_server
from tests.browser.test_public_pages import AXE_OPTIONS, check_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def error_server():
    with running_server(settings_module="wegwijzer.core.tests.error_settings") as server:
        yield server.url


@pytest.mark.parametrize("language", ["nl", "en"])
def test_error_pages_are_accessible(page, error_server, language):
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    prefix = "" if language == "nl" else "/en"
    for path, status in [
        ("/test-fout/400/", 400),
        ("/test-fout/403/", 403),
        ("/bestaat-niet/", 404),
        ("/test-fout/429/", 429),
        ("/test-fout/500/", 500),
    ]:
        response = page.request.get(error_server + prefix + path)
        assert response.status == status, path
        check_page(page, error_server + prefix + path)
        assert page.locator("h1").count() == 1
    assert violations == []


def test_csrf_failure_page_is_accessible(page, error_server):
    # A form sent without the CSRF cookie and token: the house-style 403 (a POST answer,
    # so it is checked where it is).
    page.goto(error_server + "/test-fout/formulier/")
    with page.expect_navigation():
        page.evaluate(
            "() => { const f = document.createElement('form'); f.method = 'post';"
            " f.action = '/test-fout/formulier/'; document.body.append(f); f.submit(); }"
        )
    assert "<h1>Het formulier is verlopen</h1>" in page.content()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()

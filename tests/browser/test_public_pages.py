"""Every public page, in Dutch and English, in headless Chromium: zero axe-core violations of
the WCAG 2.1 A/AA rules, no request to another host, and keyboard access to the content."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from wegwijzer.core.public_pages import in_language, sample_paths

# django_db: the sample paths are read from the test database (with the shipped content)
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


def check_page(page, url: str) -> None:
    """Open ``url`` and assert: no axe violations, no other hosts, a main landmark."""
    origin = url.split("/", 3)[:3]
    origin = "/".join(origin)
    foreign: list[str] = []
    page.on("request", lambda req: None if req.url.startswith(origin) else foreign.append(req.url))
    response = page.goto(url)
    assert response is not None
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
    assert foreign == [], f"{url} requested other hosts: {foreign}"
    assert page.locator("main#main").count() == 1


@pytest.fixture
def paths(db):
    return sample_paths()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_public_page_is_accessible(page, server_url, paths, language):
    assert len(paths) >= 10
    for path in [*paths, "/deze-pagina-bestaat-niet/"]:
        check_page(page, server_url + in_language(path, language))


def test_skip_link_is_first_focus_and_moves_to_main(page, server_url):
    page.goto(server_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_pages_work_at_320px_without_horizontal_scroll(browser, server_url, paths):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=True)
    page = context.new_page()
    try:
        for path in paths:
            page.goto(server_url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways at 320px ({overflow}px)"
    finally:
        context.close()

"""The tool catalogue in a real browser: the school leader's path from the home page to a
filtered, shareable list, and zero axe violations with filters applied and on detail pages."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.browser.test_public_pages import check_page

pytestmark = pytest.mark.browser

WANTED = {
    ("setting", "vo"),
    ("age", "13-15"),
    ("form", "sextortion"),
    ("kind", "lesson_series"),
    ("kind", "single_lesson"),
    ("basis", "onderbouwing"),
    ("cost", "free"),
}


def test_school_leader_finds_recognised_free_sextortion_lessons_and_shares_the_url(
    browser, page, server_url
):
    # Interaction 1: from the home page to the catalogue.
    page.goto(server_url + "/")
    page.locator("main").get_by_role("link", name="Hulpmiddelen", exact=True).first.click()
    assert urlsplit(page.url).path == "/hulpmiddelen/"

    # Interaction 2: tick what fits in the one filter form ...
    form = page.locator("#catalog-form")
    for label in (
        "Voortgezet onderwijs (vo)",
        "13 tot 15 jaar",
        "Sextortion",
        "Lessenreeks",
        "Losse les",
        "Onderbouwing (erkend)",
        "Gratis",
    ):
        form.get_by_label(label, exact=False).first.check()
    # ... interaction 3: and show the result.
    form.get_by_role("button", name="Toon hulpmiddelen").first.click()
    page.wait_for_load_state()

    url = page.url
    assert urlsplit(url).path == "/hulpmiddelen/"
    assert set(parse_qsl(urlsplit(url).query)) >= WANTED
    heading = page.locator("#results-heading").inner_text()
    if heading.startswith("0 "):
        # Nothing in the shipped content fits every choice: the page says which filter to
        # remove, and the link works.
        suggestion = page.locator("#suggestion-link")
        assert suggestion.count() == 1
        assert "Haal het filter" in suggestion.inner_text()
    else:
        assert page.locator(".ww-result").count() >= 1

    # The URL holds the whole query: a colleague opening it sees the same list.
    other = browser.new_context(java_script_enabled=False)
    try:
        colleague = other.new_page()
        colleague.goto(url)
        assert colleague.locator("#results-heading").inner_text() == heading
        for name, value in WANTED:
            assert colleague.locator(f'input[name="{name}"][value="{value}"]').is_checked()
    finally:
        other.close()

    if heading.startswith("0 "):
        page.locator("#suggestion-link").click()
        page.wait_for_load_state()
        assert not page.locator("#results-heading").inner_text().startswith("0 ")


def test_catalogue_works_without_javascript(browser, server_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server_url + "/hulpmiddelen/")
        page.get_by_label("Zoekwoorden").fill("naaktfoto's")
        page.locator("#catalog-form").get_by_label("Leraren en andere medewerkers").check()
        page.locator("#catalog-form").get_by_role("button", name="Toon hulpmiddelen").first.click()
        query = dict(parse_qsl(urlsplit(page.url).query))
        assert query["q"] == "naaktfoto's" and query["audience"] == "staff"
        assert page.locator(".ww-result").count() >= 1
        page.select_option("#sort", "title")
        page.get_by_role("button", name="Sorteer", exact=True).click()
        query = dict(parse_qsl(urlsplit(page.url).query))
        assert query["sort"] == "title" and query["audience"] == "staff"
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/hulpmiddelen/?setting=vo&age=13-15&form=sextortion&kind=lesson_series"
        "&kind=single_lesson&basis=onderbouwing&cost=free",
        "/hulpmiddelen/?q=sexting&audience=staff&setting=vo&sort=title",
        "/hulpmiddelen/?setting=bad&age=old",
        "/en/hulpmiddelen/?basis=onderbouwing&page=1",
        "/hulpmiddelen/marietje_kessels_project/",
        "/en/hulpmiddelen/lang_leve_de_liefde_onderbouw/",
    ],
)
def test_catalogue_with_filters_and_detail_pages_have_no_axe_violations(page, server_url, path):
    check_page(page, server_url + path)

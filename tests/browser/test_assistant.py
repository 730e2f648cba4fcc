"""The incident assistant in a real browser (Chromium, no JavaScript unless said otherwise):
a teacher reaches a plan from the home page in at most 10 interactions, the full flow works
with the keyboard-free GOV.UK pattern, errors show a summary, the plan prints without
clutter, and the downloaded file opens without the app. Pages are checked with axe-core."""

import re
from pathlib import Path

import pytest

from tests.browser.test_public_pages import check_page
from wegwijzer.assistant.public_pages import MANY_STEPS

pytestmark = pytest.mark.browser


class Counter:
    """Counts what the teacher does: every click and every choice is one interaction."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def check(self, label: str):
        self.count += 1
        self.page.get_by_label(label, exact=True).check()

    def next(self):
        self.click(self.page.get_by_role("button", name="Verder"))


@pytest.fixture
def no_js(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    assert context.cookies() == [], "the assistant must not set cookies"
    context.close()


def _plan_codes(page) -> list[str]:
    return [e.get_attribute("data-code") for e in page.locator("[data-code]").all()]


def test_teacher_reaches_a_plan_from_the_home_page_in_at_most_10_interactions(no_js, server_url):
    """A nude photo of a pupil is going round; the teacher has no time to answer everything."""
    page = no_js
    you = Counter(page)
    page.goto(server_url + "/")
    you.click(page.get_by_role("link", name="Er is iets gebeurd: wat doe ik nu?"))
    assert page.get_by_role("heading", level=1).inner_text() == "Is iemand nu in acuut gevaar?"
    you.check("Nee")
    you.next()
    you.check("Een seksuele foto of video is doorgestuurd zonder toestemming (ongewenste sexting)")
    you.next()
    you.check("Ja, en ze worden verder verspreid")
    you.next()
    you.click(page.get_by_role("link", name="Geen tijd? Bekijk nu een plan met wat je al weet"))
    assert page.get_by_role("heading", level=1).inner_text() == "Jouw stappenplan"
    assert you.count <= 10, you.count
    codes = _plan_codes(page)
    assert codes[0] == "no_viewing_images"
    assert {
        "request_removal_helpwanted",
        "contact_police",
        "address_bystanders",
        "inform_designated_person",
    } <= set(codes)
    assert "call_112" not in codes
    assert page.get_by_role("heading", name="Doe dit nooit").is_visible()
    # the questions not yet answered are named, and the plan is more careful for them
    assert "Niet bekend of niet beantwoord" in page.content()


def test_the_whole_flow_without_javascript(no_js, server_url):
    """Every question, the check page, a change, and the plan: GOV.UK pattern, no scripts."""
    page = no_js
    you = Counter(page)
    page.goto(server_url + "/er-is-iets-gebeurd/")
    you.check("Nee")
    you.next()
    you.check("Iemand wordt afgeperst of gechanteerd met seksuele beelden (sextortion)")
    you.next()
    you.check("Weet ik niet")
    you.next()
    assert page.get_by_role("heading", level=1).inner_text() == "Wie deed het?"
    you.check("Een volwassene buiten de organisatie")
    you.next()
    you.check("12 tot en met 15 jaar")
    you.next()
    # sextortion: the coercion question is skipped, it cannot change the plan
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Is er ook lichamelijk seksueel geweld geweest?"
    )
    you.check("Nee")
    you.next()
    you.check("Middelbare school (voortgezet onderwijs)")
    you.next()
    you.check("De jongere heeft het mij zelf verteld")
    you.next()
    assert page.get_by_role("heading", level=1).inner_text() == "Kloppen je antwoorden?"
    assert page.locator(".ww-summary-list__row").count() == 8
    # change one answer and come back to the check page
    you.click(page.get_by_role("link", name="Wijzigen Beelden"))
    you.check("Ja, en ze worden verder verspreid")
    you.next()
    assert page.get_by_role("heading", level=1).inner_text() == "Kloppen je antwoorden?"
    assert "Ja, en ze worden verder verspreid" in page.locator(".ww-summary-list").inner_text()
    you.click(page.get_by_role("link", name="Bekijk het plan"))
    assert page.get_by_role("heading", level=1).inner_text() == "Jouw stappenplan"
    codes = _plan_codes(page)
    assert codes[:4] == [
        "no_viewing_images",
        "inform_designated_person",
        "do_not_pay_or_comply",
        "preserve_evidence_without_images",
    ]
    assert {"contact_police", "consult_veilig_thuis", "request_removal_helpwanted"} <= set(codes)
    assert "zorgcoördinator" in page.content()
    assert you.count == 20  # 8 questions x 2, one change (3), show the plan (1)
    # the back link goes to the answers; the print button needs JavaScript and stays hidden
    assert not page.get_by_role("button", name="Printen").is_visible()
    assert page.get_by_text("Printen? Gebruik de printfunctie").is_visible()


def test_missing_answer_shows_an_error_summary_that_leads_to_the_field(no_js, page, server_url):
    check_page(page, server_url + "/er-is-iets-gebeurd/?answered=danger")
    page = no_js
    page.goto(server_url + "/er-is-iets-gebeurd/")
    page.get_by_role("button", name="Verder").click()
    summary = page.locator(".ww-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Fout:")
    summary.get_by_role("link", name="Kies een antwoord.").click()
    assert page.url.endswith("#danger-yes")


def test_bad_link_gives_a_clear_page(page, server_url):
    response = page.goto(server_url + "/er-is-iets-gebeurd/plan/?danger=misschien")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet"
    check_page(page, server_url + "/er-is-iets-gebeurd/plan/?danger=misschien")


def test_plan_prints_without_clutter(page, server_url):
    from urllib.parse import urlencode

    page.goto(server_url + "/er-is-iets-gebeurd/plan/?" + urlencode(MANY_STEPS))
    button = page.get_by_role("button", name="Printen")
    assert button.is_visible()  # progressive enhancement: JavaScript shows the button
    assert not page.get_by_text("Printen? Gebruik de printfunctie").is_visible()
    page.emulate_media(media="print")
    for selector in (
        ".ww-nav",
        ".ww-urgent",
        ".ww-footer",
        ".ww-plan-actions",
        ".ww-back",
        ".ww-summary-list__actions",
    ):
        for element in page.locator(selector).all():
            assert not element.is_visible(), selector
    assert page.locator(".ww-never").is_visible()
    assert page.locator("[data-code]").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"


def test_downloaded_plan_opens_without_the_app(browser, server_url, tmp_path):
    from urllib.parse import urlencode

    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(server_url + "/en/er-is-iets-gebeurd/plan/?" + urlencode(MANY_STEPS))
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as a file").click()
    download = info.value
    assert re.fullmatch(
        r"wegwijzer-stappenplan-\d{4}-\d{2}-\d{2}\.html", download.suggested_filename
    )
    path = Path(tmp_path / download.suggested_filename)
    download.save_as(path)
    context.close()

    offline = browser.new_context(java_script_enabled=True, offline=True)
    viewer = offline.new_page()
    requests: list[str] = []
    viewer.on("request", lambda r: requests.append(r.url))
    viewer.goto(path.as_uri())
    assert viewer.get_by_role("heading", level=1).inner_text() == "Your action plan"
    assert viewer.locator("[data-code]").count() >= 18
    # styled by the embedded stylesheet
    border = viewer.locator(".ww-never").evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border == "solid"
    assert requests == [path.as_uri()]
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.test_public_pages import AXE_OPTIONS

    results = Axe().run(viewer, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    offline.close()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_assistant_page_is_accessible(page, server_url, language):
    """The assistant's own sample pages (every question, an error, the check page and three
    plans, one with the most steps), also when the shared test's database is not set up."""
    from wegwijzer.assistant.public_pages import sample_paths
    from wegwijzer.core.public_pages import in_language

    paths = sample_paths()
    assert len(paths) == 14
    for path in paths:
        check_page(page, server_url + in_language(path, language))

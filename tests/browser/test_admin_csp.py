"""The admin works under the strict Content-Security-Policy, in real Chromium.

A superuser logs in (password + TOTP code, as everyone must) and opens the admin's pages,
including the JavaScript-driven widgets (the two-box permission picker, date shortcuts and
calendar, the select-all checkbox of actions, the side bar, the theme toggle). The test
fails on any CSP violation that Chromium reports, and on any JavaScript error.
"""

import pytest
from django.conf import settings

from tests.browser.conftest import running_server

pytestmark = pytest.mark.browser

PASSWORD = "een lang wachtwoord voor het beheer"  # noqa: S105 (test data)
SUBMIT = "main form:not(.ww-inline-form) button[type=submit]"
ADMIN = "/" + settings.ADMIN_URL

MAKE_ADMIN = f"""
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
user = get_user_model().objects.create_superuser(
    "beheer@example.nl", "beheer@example.nl", {PASSWORD!r})
print(user.pk, TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True).key)
"""


@pytest.fixture(scope="module")
def admin_server():
    with running_server() as server:
        user_id, key = server.shell(MAKE_ADMIN).split()
        yield {"url": server.url, "user_id": user_id, "key": key}


def totp_code(key_hex: str) -> str:
    from django_otp.oath import totp

    return str(totp(bytes.fromhex(key_hex))).zfill(6)


@pytest.fixture(scope="module")
def admin_page(browser, admin_server):
    """One logged-in page for the module: a TOTP code can be used only once."""
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"{page.url}: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: JavaScript error: {error}"))
    url = admin_server["url"]
    page.goto(url + ADMIN)  # -> the login, with the admin as "next"
    page.fill("#id_username", "beheer@example.nl")
    page.fill("#id_password", PASSWORD)
    page.click(SUBMIT)
    page.fill("#id_code", totp_code(admin_server["key"]))
    page.click(SUBMIT)
    page.goto(url + ADMIN)
    assert page.locator("#site-name").count() == 1, page.url  # the admin index
    yield page, problems
    context.close()


def test_admin_pages_work_under_the_strict_csp(admin_page, admin_server):
    page, problems = admin_page
    url = admin_server["url"] + ADMIN
    user_id = admin_server["user_id"]

    # Index, side bar and theme toggle (theme.js, nav_sidebar.js).
    page.goto(url)
    page.locator("button.theme-toggle").first.click()
    assert page.evaluate("document.documentElement.dataset.theme") in ("dark", "light", "auto")

    # A change list with search, filters and actions (actions.js).
    page.goto(url + "auth/user/")
    page.check("#action-toggle")
    assert page.locator("input.action-select:checked").count() >= 1

    # The two-box permission picker (SelectFilter2.js builds it with JavaScript).
    page.goto(url + "auth/group/add/")
    assert page.locator(".selector-available, .selector-available-title").count() >= 1

    # A user's change form: related widgets, password link, groups picker.
    page.goto(url + f"auth/user/{user_id}/change/")
    assert page.locator(".selector").count() >= 1

    # Content with dates: the "today" shortcut and the calendar pop-up (calendar.js).
    page.goto(url + "knowledge/fact/")
    page.locator("#result_list tbody th a").first.click()
    page.locator(".datetimeshortcuts a").first.click()  # "Vandaag"/"Today"
    page.locator("a[id^=calendarlink]").first.click()
    assert page.locator(".calendarbox").first.is_visible()

    # Wegwijzer's own admin page: entries whose review date has passed.
    page.goto(url + "te-herzien/")
    assert page.locator("h1").count() == 1

    assert problems == [], "\n".join(problems)


def test_the_csp_violation_listener_works(admin_page, admin_server):
    """Not vacuous: an inline style on an admin page is reported as a violation."""
    page, problems = admin_page
    problems.clear()
    page.goto(admin_server["url"] + ADMIN)
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>')")
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in p for p in problems), problems

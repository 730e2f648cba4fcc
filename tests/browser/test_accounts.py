"""Account pages in headless Chromium against a real gunicorn server.

- every account page has zero axe-core violations (WCAG 2.1 A/AA) and requests no other
  host, including forms showing their error summary and the 429 lock-out page;
- the whole TOTP path works with JavaScript switched off (log in, forced 2FA set-up with a
  real code computed from the key on the page, recovery codes, dashboard);
- a passkey is registered and then used to log in, with Chromium's virtual authenticator.

This module starts its own server (like conftest.server_url) because it must create users
in the server's database with ``manage.py shell``; the lock-out limit is 3 there.
"""

import base64
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import AppServer, running_server
from tests.browser.test_public_pages import AXE_OPTIONS, check_page

pytestmark = pytest.mark.browser

# The page's own form, not the log-out button in the account bar.
SUBMIT = "main form:not(.ww-inline-form) button[type=submit]"
PASSWORD = "een lang wachtwoord voor de browser"  # noqa: S105 (test data)


@pytest.fixture(scope="module")
def server():
    # "localhost", not 127.0.0.1: WebAuthn needs a domain name as the relying party.
    with running_server(
        extra_env={"WEGWIJZER_LOGIN_FAILURE_LIMIT": "3"},
        host="localhost",
        ready_path="/accounts/login/",
    ) as server:
        yield server


MAKE_USER = """
from django.contrib.auth import get_user_model
from wegwijzer.accounts.models import Membership, Organisation
from django_otp.plugins.otp_totp.models import TOTPDevice
org, _ = Organisation.objects.get_or_create(
    slug={slug!r}, defaults={{"name": {org!r}, "kind": "school"}})
user = get_user_model().objects.create_user({email!r}, {email!r}, {password!r}, first_name="Test")
Membership.objects.create(user=user, organisation=org, role={role!r})
if {totp!r}:
    print(TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True).key)
"""


def make_user(server: AppServer, email: str, role: str, totp: bool = False) -> str:
    return server.shell(
        MAKE_USER.format(
            slug="browserschool",
            org="Browserschool De Es",
            email=email,
            password=PASSWORD,
            role=role,
            totp=totp,
        )
    )


def code_for(key_hex: str, offset: int = 0) -> str:
    from django_otp.oath import totp

    return str(totp(bytes.fromhex(key_hex), drift=offset)).zfill(6)


def code_from_base32(secret: str) -> str:
    from django_otp.oath import totp

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return str(totp(key)).zfill(6)


def assert_accessible_here(page) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def log_in(page, server: AppServer, email: str, password: str = PASSWORD) -> None:
    page.goto(server.url + "/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click(SUBMIT)


def test_login_and_reset_pages_are_accessible(page, server):
    for path in (
        "/accounts/login/",
        "/en/accounts/login/",
        "/accounts/wachtwoord-vergeten/",
        "/accounts/wachtwoord-vergeten/verstuurd/",
        "/accounts/uitnodiging/bestaat-niet/",
    ):
        check_page(page, server.url + path)
    # The form with its error summary.
    page.goto(server.url + "/accounts/login/")
    page.click(SUBMIT)
    assert page.locator(".ww-error-summary").count() == 1
    check_page(page, page.url)


def test_totp_path_works_without_javascript(browser, server):
    make_user(server, "zonderjs@example.nl", "case_manager")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, server, "zonderjs@example.nl")
        # A case manager must set up a second step before anything else.
        page.goto(server.url + "/accounts/organisatie/")
        assert "/accounts/tweede-stap-nodig/" in page.url
        assert not page.locator("[data-passkey]").is_visible()  # needs JS: stays hidden
        page.click("text=App instellen")
        assert page.locator(".ww-qr svg").count() == 1
        page.click("summary")  # <details> opens without JavaScript
        secret = page.locator(".ww-secret").inner_text().replace(" ", "")
        page.fill("#id_code", code_from_base32(secret))
        page.click(SUBMIT)
        assert "/accounts/beveiliging/herstelcodes/" in page.url
        page.click(SUBMIT)
        codes = page.locator(".ww-codes code").all_inner_texts()
        assert len(codes) == 10
        page.goto(server.url + "/accounts/organisatie/")
        assert "Browserschool De Es" in page.content()
        # Log out, and log in again with a recovery code (no JavaScript either).
        page.click(".ww-account-bar button[type=submit]")
        log_in(page, server, "zonderjs@example.nl")
        assert "/accounts/login/code/" in page.url
        page.fill("#id_code", codes[0])
        page.click(SUBMIT)
        assert page.url.rstrip("/").endswith("/accounts")
    finally:
        context.close()


def test_account_pages_are_accessible(page, server):
    key = make_user(server, "beheerder@example.nl", "org_admin", totp=True)
    log_in(page, server, "beheerder@example.nl")
    assert "/accounts/login/code/" in page.url
    check_page(page, page.url)
    page.fill("#id_code", code_for(key))
    page.click(SUBMIT)
    for path in (
        "/accounts/",
        "/accounts/organisatie/",
        "/accounts/organisatie/leden/",
        "/accounts/organisatie/leden/uitnodigen/",
        "/accounts/organisatie/kiezen/",
        "/accounts/beveiliging/",
        "/accounts/beveiliging/authenticator/",
        "/accounts/beveiliging/herstelcodes/",
        "/accounts/beveiliging/wachtwoord/",
        "/accounts/beveiliging/e-mail/",
        "/accounts/beveiliging/overal-uitloggen/",
        "/en/accounts/beveiliging/",
    ):
        check_page(page, server.url + path)
    # Forms with errors (error summary, radios in a fieldset).
    page.goto(server.url + "/accounts/organisatie/leden/uitnodigen/")
    page.click(SUBMIT)
    assert page.locator(".ww-error-summary a").count() >= 1
    check_page(page, page.url)
    # An invitation and its acceptance page.
    page.fill("#id_email", "nieuwkomer@example.nl")
    page.check("#id_role_0")
    page.click(SUBMIT)
    assert "nieuwkomer@example.nl" in page.content()
    check_page(page, page.url)
    # Pages after login are never cached.
    response = page.request.get(server.url + "/accounts/beveiliging/")
    assert "no-store" in response.headers["cache-control"]


def test_passkey_registration_and_login_with_a_virtual_authenticator(browser, server):
    key = make_user(server, "passkey@example.nl", "staff", totp=True)
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    try:
        log_in(page, server, "passkey@example.nl")
        page.fill("#id_code", code_for(key))
        page.click(SUBMIT)
        page.goto(server.url + "/accounts/beveiliging/")
        button = page.locator("[data-passkey=register] button")
        assert button.is_visible()  # shown because this browser supports WebAuthn
        with page.expect_navigation():
            button.click()
        assert re.search(r"Passkey", page.locator("main table").inner_text())
        # Log out and log in with password + passkey.
        page.click(".ww-account-bar button[type=submit]")
        log_in(page, server, "passkey@example.nl")
        assert "/accounts/login/code/" in page.url
        with page.expect_navigation():
            page.click("[data-passkey=authenticate] button")
        assert page.url.rstrip("/").endswith("/accounts")
        assert "Ingelogd als" in page.content()
    finally:
        context.close()


# Last: the lock-out blocks this address (127.0.0.1) on the server for the cool-off time.
def test_lock_out_page_is_accessible_and_answers_429(page, server):
    make_user(server, "geblokkeerd@example.nl", "staff")
    for _attempt in range(3):
        log_in(page, server, "geblokkeerd@example.nl", "helemaal fout wachtwoord")
    with page.expect_response(
        lambda r: r.url.endswith("/accounts/login/") and r.request.method == "POST"
    ) as answer:
        log_in(page, server, "geblokkeerd@example.nl")  # the right password, still locked
    assert answer.value.status == 429
    assert "Voor je veiligheid kun je 15 minuten niet inloggen" in page.content()
    assert_accessible_here(page)  # the answer to a POST: check it where it is

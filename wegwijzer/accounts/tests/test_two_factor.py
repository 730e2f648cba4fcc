import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijzer.accounts import services
from wegwijzer.accounts.models import AuditEvent, AuditEventType, Role
from wegwijzer.accounts.testing import (
    PASSWORD,
    add_totp,
    login,
    login_verified,
    make_editor,
    make_member,
    make_organisation,
    make_user,
    totp_code,
)

pytestmark = pytest.mark.django_db

SETUP = "/accounts/beveiliging/authenticator/"
REQUIRED = "/accounts/tweede-stap-nodig/"
REAUTH = "/accounts/bevestigen/"


def _stale_reauth(client):
    session = client.session
    session[services.SESSION_REAUTH_AT] = services.now_ts() - 3600
    session.save()


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.ORG_ADMIN])
def test_required_role_is_sent_to_set_up_2fa_after_password_login(client, role):
    org = make_organisation()
    user = make_member(org, role)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    response = client.get("/accounts/organisatie/")
    assert response.status_code == 302
    assert response["Location"].startswith(REQUIRED)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert SETUP in page.content.decode()


def test_editor_and_superuser_cannot_open_the_admin_before_2fa(client):
    for user in (make_editor(), make_user(is_staff=True, is_superuser=True)):
        login(client, user)
        response = client.get("/beheer/")
        assert response.status_code == 302 and response["Location"].startswith(REQUIRED)
        login_verified(client, user)
        assert client.get("/beheer/").status_code == 200


def test_totp_setup_shows_inline_svg_qr_and_the_otpauth_uri_and_confirms_with_a_real_code(client):
    org = make_organisation()
    user = make_member(org, Role.CASE_MANAGER)
    login(client, user)
    response = client.get(SETUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<img" not in html and "<script" not in html
    uri = re.search(r'href="(otpauth://totp/[^"]+)"', html).group(1)
    assert "issuer=Wegwijzer" in uri and "secret=" in uri
    assert 'style="' not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # Reloading keeps the same secret (the QR code does not change under the user).
    assert device.config_url in client.get(SETUP).content.decode().replace("&amp;", "&")
    wrong = client.post(SETUP, {"code": "12345", "name": ""})
    assert wrong.status_code == 200 and "ww-error-summary" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down retries after a wrong code
    response = client.post(SETUP, {"code": totp_code(device), "name": "Mijn telefoon"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/beveiliging/herstelcodes/"
    device.refresh_from_db()
    assert device.confirmed and device.name == "Mijn telefoon"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/accounts/organisatie/").status_code == 200  # now allowed in
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.TWO_FACTOR_ADDED, username=user.username
    ).exists()
    assert any(user.email in m.to for m in mail.outbox)


def test_recovery_codes_are_shown_once_and_replace_the_old_ones(client):
    user = make_user()
    login_verified(client, user)
    assert "<form" in client.get("/accounts/beveiliging/herstelcodes/").content.decode()
    first = client.post("/accounts/beveiliging/herstelcodes/").content.decode()
    codes = re.findall(r"<code>([a-z2-7-]{19})</code>", first)
    assert len(codes) == 10
    assert codes[0] not in client.get("/accounts/beveiliging/herstelcodes/").content.decode()
    second = client.post("/accounts/beveiliging/herstelcodes/").content.decode()
    new_codes = re.findall(r"<code>([a-z2-7-]{19})</code>", second)
    assert not set(codes) & set(new_codes)
    assert services.verify_second_factor(user=user, code=codes[0]) is None
    services.selectors.recovery_device(user=user).throttle_reset()
    assert services.verify_second_factor(user=user, code=new_codes[0]) is not None


@pytest.mark.parametrize(
    "path",
    [
        SETUP,
        "/accounts/beveiliging/herstelcodes/",
        "/accounts/beveiliging/wachtwoord/",
        "/accounts/beveiliging/e-mail/",
    ],
)
def test_changing_login_details_needs_a_recent_reauthentication(client, path):
    user = make_user()
    device = add_totp(user)
    login(client, user, device=device)
    assert client.get(path).status_code == 200
    _stale_reauth(client)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(REAUTH)
    # Password alone is not enough when the user has a second factor.
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 200 and 'name="code"' in response.content.decode()
    assert client.get(path).status_code == 302
    response = client.post(REAUTH + f"?next={path}", {"code": totp_code(device)})
    assert response.status_code == 302 and response["Location"] == path
    assert client.get(path).status_code == 200
    assert AuditEvent.objects.filter(event_type=AuditEventType.REAUTHENTICATED).exists()


def test_reauthentication_with_a_wrong_password_fails(client):
    user = make_user()
    login_verified(client, user)
    _stale_reauth(client)
    response = client.post(REAUTH, {"password": "not my password"})
    assert response.status_code == 200 and "ww-error-summary" in response.content.decode()
    assert client.get(SETUP).status_code == 302
    event = AuditEvent.objects.filter(event_type=AuditEventType.LOGIN_FAILURE).last()
    assert event.username == user.username and event.details == {"step": "reauthenticate"}


def test_code_step_of_reauthentication_needs_the_password_step_first(client):
    user = make_user()
    device = add_totp(user)
    login(client, user, device=device)
    _stale_reauth(client)
    response = client.post(REAUTH, {"code": totp_code(device)})
    assert response.status_code == 200
    assert client.get(SETUP).status_code == 302


def test_removing_the_last_authenticator_is_refused_for_a_required_role(client):
    org = make_organisation()
    user = make_member(org, Role.ORG_ADMIN)
    device = add_totp(user)
    login(client, user, device=device)
    path = f"/accounts/beveiliging/totp/{device.pk}/verwijderen/"
    response = client.post(path)
    assert response.status_code == 200 and "ww-error-summary" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_removing_a_device_works_for_a_staff_member_and_is_audited(client):
    org = make_organisation()
    user = make_member(org, Role.STAFF)
    device = add_totp(user)
    login(client, user, device=device)
    response = client.post(f"/accounts/beveiliging/totp/{device.pk}/verwijderen/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(event_type=AuditEventType.TWO_FACTOR_REMOVED).exists()


def test_another_users_device_is_not_found(client):
    user, other = make_user(), make_user()
    login_verified(client, user)
    theirs = add_totp(other)
    assert client.get(f"/accounts/beveiliging/totp/{theirs.pk}/verwijderen/").status_code == 404
    assert client.get("/accounts/beveiliging/onbekend/1/verwijderen/").status_code == 404


def test_session_without_the_second_factor_must_verify_when_the_user_has_one(client):
    user = make_user()
    device = add_totp(user)
    login(client, user)  # e.g. a session from before the device was added elsewhere
    response = client.get("/accounts/beveiliging/")
    assert response.status_code == 302 and response["Location"].startswith(REQUIRED)
    response = client.post(REQUIRED + "?next=/accounts/beveiliging/", {"code": totp_code(device)})
    assert response.status_code == 302 and response["Location"] == "/accounts/beveiliging/"
    assert client.get("/accounts/beveiliging/").status_code == 200


def test_email_change_is_confirmed_by_a_link_to_the_new_address_and_tells_the_old(client):
    user = make_user(email="oud@example.nl", username="oud@example.nl")
    login_verified(client, user)
    response = client.post("/accounts/beveiliging/e-mail/", {"email": "nieuw@example.nl"})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["nieuw@example.nl"]
    link = re.search(r"https?://[^/]+(/accounts/beveiliging/e-mail/\S+/)", message.body).group(1)
    user.refresh_from_db()
    assert user.email == "oud@example.nl"
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "nieuw@example.nl" and user.username == "nieuw@example.nl"
    assert mail.outbox[-1].to == ["oud@example.nl"]
    # The link cannot be used twice.
    assert client.post(link).status_code == 400
    assert AuditEvent.objects.filter(event_type=AuditEventType.EMAIL_CHANGED).exists()


def test_email_confirmation_link_of_another_user_does_not_work(client):
    from django.core import signing

    user, other = make_user(), make_user()
    token = signing.dumps(
        {"u": other.pk, "old": other.email, "new": "x@example.nl"}, salt=services.EMAIL_CHANGE_SALT
    )
    login_verified(client, user)
    assert client.post(f"/accounts/beveiliging/e-mail/{token}/").status_code == 400
    other.refresh_from_db()
    assert other.email != "x@example.nl"


def test_passkey_endpoints_refuse_strangers_and_need_reauthentication(client):
    response = client.post("/accounts/passkey/inloggen/begin/", content_type="application/json")
    assert response.status_code == 403  # nobody half-logged-in, no passkey login
    user = make_user()
    login_verified(client, user)
    response = client.post("/accounts/passkey/registreren/begin/", content_type="application/json")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["id"] == "localhost" and options["challenge"]
    _stale_reauth(client)
    response = client.post("/accounts/passkey/registreren/begin/", content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"] == "reauthenticate"


def test_passkey_login_begin_offers_only_the_pending_users_credentials(client):
    from django_otp_webauthn.models import WebAuthnCredential

    user = make_user()
    add_totp(user)
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    response = client.post("/accounts/passkey/inloggen/begin/", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["allowCredentials"] == []
    assert not WebAuthnCredential.objects.exists()
    response = client.post(
        "/accounts/passkey/inloggen/klaar/", data={"id": "x"}, content_type="application/json"
    )
    assert response.status_code in (400, 404, 422)
    assert SESSION_KEY not in client.session

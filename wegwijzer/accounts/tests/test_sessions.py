import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijzer.accounts import services
from wegwijzer.accounts.models import AuditEvent, AuditEventType
from wegwijzer.accounts.testing import PASSWORD, login, login_verified, make_user, totp_code

pytestmark = pytest.mark.django_db

HOME = "/accounts/"


def _age_session(client, **seconds_ago):
    session = client.session
    now = services.now_ts()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_active_session_keeps_working(client):
    login(client, make_user())
    assert client.get(HOME).status_code == 200


def test_idle_timeout_ends_the_session(client):
    user = make_user()
    login(client, user)
    idle = settings.WEGWIJZER_SESSION_IDLE_SECONDS
    assert idle == 30 * 60
    _age_session(client, **{services.SESSION_SEEN_AT: idle - 5})
    assert client.get(HOME).status_code == 200  # just within the limit (and refreshed)
    _age_session(client, **{services.SESSION_SEEN_AT: idle + 1})
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)
    assert SESSION_KEY not in client.session
    event = AuditEvent.objects.filter(event_type=AuditEventType.SESSION_EXPIRED).last()
    assert event.details == {"reason": "idle"} and event.username == user.username


def test_each_request_moves_the_idle_clock(client):
    login(client, make_user())
    _age_session(client, **{services.SESSION_SEEN_AT: 25 * 60})
    client.get(HOME)
    assert services.now_ts() - client.session[services.SESSION_SEEN_AT] < 5


def test_absolute_lifetime_ends_even_an_active_session(client):
    login(client, make_user())
    limit = settings.WEGWIJZER_SESSION_ABSOLUTE_SECONDS
    assert limit == 12 * 60 * 60
    _age_session(client, **{services.SESSION_AUTH_AT: limit + 1, services.SESSION_SEEN_AT: 10})
    response = client.get(HOME)
    assert response.status_code == 302 and SESSION_KEY not in client.session
    event = AuditEvent.objects.filter(event_type=AuditEventType.SESSION_EXPIRED).last()
    assert event.details == {"reason": "absolute"}


def test_session_without_our_login_stamps_is_not_accepted(client):
    client.force_login(make_user())
    response = client.get(HOME)
    assert response.status_code == 302 and SESSION_KEY not in client.session


def test_session_cookie_is_a_browser_session_cookie():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def _second_client(user) -> Client:
    other = Client()
    login_verified(other, user)
    assert other.get(HOME).status_code == 200
    return other


def test_log_out_everywhere_kills_the_other_sessions(client):
    user = make_user()
    login_verified(client, user)
    laptop = _second_client(user)
    response = client.get("/accounts/beveiliging/overal-uitloggen/")
    assert response.status_code == 200
    response = client.post("/accounts/beveiliging/overal-uitloggen/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    response = laptop.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(settings.LOGIN_URL)
    assert AuditEvent.objects.filter(event_type=AuditEventType.LOGOUT_EVERYWHERE).exists()
    # Logging in again afterwards works normally (with the second factor).
    response = client.post(settings.LOGIN_URL, {"username": user.username, "password": PASSWORD})
    assert response["Location"] == "/accounts/login/code/"
    device = TOTPDevice.objects.get(user=user)
    client.post("/accounts/login/code/", {"code": totp_code(device)})
    assert client.get(HOME).status_code == 200


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cache")
def test_log_out_everywhere_also_works_with_cache_sessions(client):
    user = make_user()
    login_verified(client, user)
    laptop = _second_client(user)
    client.post("/accounts/beveiliging/overal-uitloggen/")
    assert laptop.get(HOME).status_code == 302


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(client):
    user = make_user()
    login_verified(client, user)
    laptop = _second_client(user)
    new = "nog een nieuw wachtwoord 77"
    response = client.post(
        "/accounts/beveiliging/wachtwoord/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get(HOME).status_code == 200
    assert laptop.get(HOME).status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEvent.objects.filter(event_type=AuditEventType.PASSWORD_CHANGED).exists()


def test_session_key_changes_at_login_so_a_planted_session_is_useless(client):
    user = make_user()
    client.get(settings.LOGIN_URL)
    planted = (
        client.cookies[settings.SESSION_COOKIE_NAME].value
        if settings.SESSION_COOKIE_NAME in client.cookies
        else None
    )
    client.post(settings.LOGIN_URL, {"username": user.username, "password": PASSWORD})
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted


def test_pages_after_login_are_never_cached(client):
    login(client, make_user())
    for path in (HOME, "/accounts/beveiliging/", "/accounts/organisatie/kiezen/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], path


def test_public_pages_for_visitors_do_not_touch_the_session(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert b"Inloggen" in response.content or b"Log in" in response.content

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import identify_hasher, make_password
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from wegwijzer.accounts import services
from wegwijzer.accounts.models import AuditEvent, AuditEventType, Role
from wegwijzer.accounts.testing import (
    PASSWORD,
    add_totp,
    make_member,
    make_organisation,
    make_user,
    totp_code,
)

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE = "/accounts/login/code/"


@pytest.fixture(autouse=True)
def _clear_lockouts():
    cache.clear()  # django-axes keeps its counters in the cache
    yield
    cache.clear()


def events(kind: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=kind).order_by("seq"))


def post_login(client, username, password=PASSWORD, **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=extra.pop("ip", "192.0.2.10"),
    )


def test_login_page_is_served_and_never_cached(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert b'name="username"' in response.content
    assert b'autocomplete="current-password"' in response.content


def test_argon2_is_the_password_hasher_in_every_environment_but_tests():
    from wegwijzer.conf import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert identify_hasher(make_password("x" * 20)).algorithm == "argon2"


@pytest.mark.parametrize(
    "password, ok",
    [
        ("short", False),  # too short
        ("password1234", False),  # common password list
        ("123456789012345", False),  # only digits
        ("lange zin met 5 woorden", True),
        ("een zin van precies 128 tekens " + "x" * 97, True),  # long passphrases welcome
        ("een zin die langer is dan 128 " + "x" * 99, False),  # ASVS V2.1.2 upper limit
    ],
)
def test_password_rules(password, ok):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password)
    except ValidationError:
        assert not ok
    else:
        assert ok


def test_login_without_second_factor_for_staff_role_logs_in_and_cycles_the_session(client):
    org = make_organisation()
    user = make_member(org, Role.STAFF)
    client.get(LOGIN)
    before = client.session.session_key
    response = post_login(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session.session_key != before
    assert client.get("/accounts/").status_code == 200
    assert events(AuditEventType.LOGIN_SUCCESS)[-1].username == user.username


def test_login_by_email_address_works_too(client):
    user = make_user("jdevries", email="J.deVries@example.nl")
    response = post_login(client, "j.devries@example.nl")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_wrong_password_gives_one_message_for_unknown_and_known_users(client):
    user = make_user()
    wrong = post_login(client, user.username, "wrong password here")
    unknown = post_login(client, "nobody@example.nl", "wrong password here")
    assert wrong.status_code == unknown.status_code == 200
    message = "past niet bij het wachtwoord"
    assert message in wrong.content.decode() and message in unknown.content.decode()
    assert SESSION_KEY not in client.session
    assert [e.username for e in events(AuditEventType.LOGIN_FAILURE)][-2:] == [
        user.username,
        "nobody@example.nl",
    ]


def test_totp_login_with_a_real_code(client):
    user = make_user()
    device = add_totp(user)
    response = post_login(client, user.username)
    assert response.status_code == 302 and response["Location"] == CODE
    assert SESSION_KEY not in client.session  # nobody is logged in after the password alone
    assert client.get("/accounts/").status_code == 302  # still a login redirect
    response = client.post(CODE, {"code": totp_code(device)})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    response = client.get("/accounts/")
    assert response.status_code == 200
    assert events(AuditEventType.LOGIN_SUCCESS)[-1].details == {"method": "TOTPDevice"}


def test_wrong_totp_code_is_refused_and_audited(client):
    user = make_user()
    device = add_totp(user)
    post_login(client, user.username)
    wrong = str((int(totp_code(device)) + 1) % 1_000_000).zfill(6)
    response = client.post(CODE, {"code": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert events(AuditEventType.LOGIN_SECOND_FACTOR_FAILURE)[-1].username == user.username


def test_a_used_totp_code_cannot_be_replayed(client):
    user = make_user()
    device = add_totp(user)
    code = totp_code(device)
    post_login(client, user.username)
    client.post(CODE, {"code": code})
    client.post("/accounts/uitloggen/")
    post_login(client, user.username)
    response = client.post(CODE, {"code": code})
    assert response.status_code == 200 and SESSION_KEY not in client.session


def test_code_step_expires(client, monkeypatch):
    user = make_user()
    device = add_totp(user)
    post_login(client, user.username)
    later = services.now_ts() + settings.WEGWIJZER_PENDING_LOGIN_SECONDS + 1
    monkeypatch.setattr(services, "now_ts", lambda: later)
    response = client.post(CODE, {"code": totp_code(device)})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert SESSION_KEY not in client.session


def test_code_step_without_password_step_sends_to_login(client):
    response = client.get(CODE)
    assert response.status_code == 302 and response["Location"] == LOGIN


def _recovery_codes_for(user) -> list[str]:
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = user
    request.session = {}
    return services.generate_recovery_codes(request=request)


def test_recovery_code_works_once(client):
    user = make_user()
    add_totp(user)
    codes = _recovery_codes_for(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-7]{4}(-[a-z2-7]{4}){3}", c) for c in codes)
    post_login(client, user.username)
    response = client.post(CODE, {"code": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    used = events(AuditEventType.RECOVERY_CODE_USED)[-1]
    assert used.details == {"codes_left": 9}
    assert any("herstelcode" in m.subject for m in mail.outbox)
    client.post("/accounts/uitloggen/")
    post_login(client, user.username)
    response = client.post(CODE, {"code": codes[0]})
    assert response.status_code == 200 and SESSION_KEY not in client.session


def test_recovery_codes_are_stored_only_as_hashes(client):
    from django_otp.plugins.otp_static.models import StaticToken

    user = make_user()
    codes = _recovery_codes_for(user)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    plain = {services.normalise_recovery_code(c) for c in codes}
    assert len(stored) == 10
    assert not stored & plain
    assert stored == {services.recovery_code_hash(c) for c in codes}


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_the_configured_number_of_failures_shows_the_429_page(client):
    user = make_user()
    for _attempt in range(2):
        assert post_login(client, user.username, "wrong password 1").status_code == 200
    response = post_login(client, user.username, "wrong password 1")
    assert response.status_code == 429
    assert "Voor je veiligheid kun je 15 minuten niet inloggen" in response.content.decode()
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "no-store" in response["Cache-Control"]
    # Locked: even the right password is refused now.
    response = post_login(client, user.username)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert events(AuditEventType.LOCKED_OUT)[-1].username == user.username


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_account_from_any_address(client):
    user = make_user()
    for n in range(3):
        client.post(
            LOGIN, {"username": user.username, "password": "wrong"}, REMOTE_ADDR=f"198.51.100.{n}"
        )
    response = client.post(
        LOGIN, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.99"
    )
    assert response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_source_address_across_accounts(client):
    victim = make_user()
    for n in range(3):
        client.post(
            LOGIN,
            {"username": f"guess{n}@example.nl", "password": "wrong"},
            REMOTE_ADDR="198.51.100.7",
        )
    response = client.post(
        LOGIN, {"username": victim.username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 429
    other = client.post(
        LOGIN, {"username": victim.username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.8"
    )
    assert other.status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_second_factor_codes_count_towards_the_lockout(client):
    user = make_user()
    device = add_totp(user)
    post_login(client, user.username)
    for _attempt in range(3):
        client.post(
            CODE,
            {"code": "000000" if totp_code(device) != "000000" else "111111"},
            REMOTE_ADDR="192.0.2.10",
        )
    response = post_login(client, user.username)
    assert response.status_code == 429


def test_lockout_counter_is_in_the_cache_not_the_database(client):
    from axes.models import AccessAttempt

    user = make_user()
    post_login(client, user.username, "wrong password")
    assert AccessAttempt.objects.count() == 0
    assert settings.AXES_HANDLER == "axes.handlers.cache.AxesCacheHandler"


def test_password_reset_does_not_bypass_the_second_factor(client):
    user = make_user()
    device = add_totp(user)
    response = client.post("/accounts/wachtwoord-vergeten/", {"email": user.email})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    link = re.search(r"https?://[^/]+(/accounts/wachtwoord-herstellen/\S+)", body).group(1)
    response = client.get(link)  # Django swaps the token into the session and redirects
    assert response.status_code == 302
    new_password = "een heel nieuw wachtwoord 2024"
    response = client.post(
        response["Location"], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    assert SESSION_KEY not in client.session  # no automatic login after a reset
    assert events(AuditEventType.PASSWORD_RESET)[-1].username == user.username
    response = post_login(client, user.username, new_password)
    assert response["Location"] == CODE  # the second factor is still asked
    assert SESSION_KEY not in client.session
    client.post(CODE, {"code": totp_code(device)})
    assert client.session[SESSION_KEY] == str(user.pk)


def test_password_reset_for_unknown_address_looks_the_same(client):
    response = client.post("/accounts/wachtwoord-vergeten/", {"email": "nobody@example.nl"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/wachtwoord-vergeten/verstuurd/"
    assert mail.outbox == []


def test_login_next_parameter_must_stay_on_this_site(client):
    user = make_user()
    response = post_login(client, user.username, next="https://evil.example/")
    assert response["Location"] == "/accounts/"
    client.post("/accounts/uitloggen/")
    response = post_login(client, user.username, next="/accounts/beveiliging/")
    assert response["Location"] == "/accounts/beveiliging/"


def test_logout_needs_post_and_ends_the_session(client):
    user = make_user()
    post_login(client, user.username)
    assert client.get("/accounts/uitloggen/").status_code == 405
    response = client.post("/accounts/uitloggen/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert events(AuditEventType.LOGOUT)[-1].username == user.username


def test_login_page_is_dutch_first_and_english_under_en(client):
    dutch = client.get(LOGIN).content.decode()
    assert '<html lang="nl"' in dutch and "Wachtwoord vergeten?" in dutch
    english = client.get("/en" + LOGIN).content.decode()
    assert '<html lang="en"' in english and "Forgot your password?" in english


def test_password_reset_mails_are_rate_limited_without_telling(client):
    user = make_user()
    for _attempt in range(7):
        response = client.post("/accounts/wachtwoord-vergeten/", {"email": user.email})
        assert response.status_code == 302
        assert response["Location"] == "/accounts/wachtwoord-vergeten/verstuurd/"
    assert len(mail.outbox) == 5
    limited = AuditEvent.objects.filter(
        event_type=AuditEventType.PASSWORD_RESET_REQUESTED, details__sent=False
    )
    assert limited.count() == 2

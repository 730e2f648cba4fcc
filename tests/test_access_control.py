"""Access control, deny by default, proven over the whole URLconf.

1. The URL walker: every URL (all includes, the admin, the API, both languages) is either
   public on purpose (``public_page``/``public_view``, or the short allow-list in
   tests/access_walker.py) or declares a permission AND refuses anonymous visitors, users
   who still have to set up 2FA, and logged-in users without the role.
2. The two-organisation matrix: every role x every organisation-scoped URL x an object of
   the own or the other organisation. Another organisation's object is a 404.
3. Both fail when protection is removed: tests/broken_urls.py adds unprotected views.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.access_walker import Clients, check_endpoints, endpoints, is_allow_listed, is_public
from wegwijzer.accounts import rules
from wegwijzer.accounts.models import Invitation, Membership, Role
from wegwijzer.accounts.testing import (
    add_totp,
    login,
    login_verified,
    make_member,
    make_organisation,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clients():
    org = make_organisation("Walker School")
    anonymous = Client()
    no_role = login_verified(Client(), make_user())
    needs_two_factor = login(Client(), make_member(org, Role.CASE_MANAGER))
    return Clients(anonymous=anonymous, no_role=no_role, needs_two_factor=needs_two_factor)


# ---------------------------------------------------------------- 1. the URL walker
def test_the_walker_sees_the_whole_urlconf():
    found = endpoints()
    paths = {e.path for e in found}
    names = {e.name for e in found}
    # Both languages of the i18n patterns, the admin (with its model pages) and the API.
    assert "/accounts/login/" in paths and "/en/accounts/login/" in paths
    assert "/en/" in paths and "/" in paths
    assert "admin:index" in names and "admin:accounts_auditevent_changelist" in names
    assert any(p.startswith("/api/v1/") for p in paths)
    assert "accounts:member_role" in names
    assert len(found) > 80


def test_every_url_is_public_on_purpose_or_protected(clients):
    found = endpoints()
    problems = check_endpoints(found, clients)
    assert problems == [], "\n".join(problems)
    protected = [e for e in found if not is_public(e) and not is_allow_listed(e)]
    assert len(protected) > 60  # the check really ran over many protected URLs


def test_the_allow_list_stays_short():
    from tests.access_walker import ALLOW_LIST

    assert len(ALLOW_LIST) <= 3


def test_public_accounts_pages_are_exactly_the_login_steps():
    public = sorted(
        {e.name for e in endpoints() if is_public(e) and e.name.startswith("accounts:")}
    )
    assert public == [
        "accounts:invitation",
        "accounts:login",
        "accounts:login_code",
        "accounts:passkey_auth_begin",
        "accounts:passkey_auth_complete",
        "accounts:password_reset",
        "accounts:password_reset_complete",
        "accounts:password_reset_confirm",
        "accounts:password_reset_done",
    ]


@override_settings(ROOT_URLCONF="tests.broken_urls")
def test_the_walker_reports_views_whose_protection_was_removed(clients):
    found = [e for e in endpoints() if e.name.startswith("broken:")]
    assert {e.name for e in found} == {
        "broken:unmarked",
        "broken:fake_protected",
        "broken:unscoped_member",
    }
    problems = "\n".join(check_endpoints(found, clients))
    # No decorator at all: reported, even though the middleware still refuses it.
    assert "/lek/ongemarkeerd/ (broken:unmarked): declares no permission" in problems
    # A permission that is declared but not checked: a user without the role gets in.
    assert (
        "/lek/nep-beschermd/ (broken:fake_protected): a logged-in user without the role "
        "got 200" in problems
    )


def test_without_the_deny_by_default_middleware_the_walker_reports_open_views(clients):
    from django.conf import settings

    middleware = [
        m
        for m in settings.MIDDLEWARE
        if m != "wegwijzer.accounts.middleware.AccessPolicyMiddleware"
    ]
    with override_settings(ROOT_URLCONF="tests.broken_urls", MIDDLEWARE=middleware):
        found = [e for e in endpoints() if e.name == "broken:unmarked"]
        problems = "\n".join(check_endpoints(found, clients))
    assert "anonymous visitor got 200" in problems


# ---------------------------------------------------------------- 2. the two-organisation matrix
@dataclass
class World:
    orgs: dict
    members: dict  # (org key, role) -> user
    targets: dict  # org key -> Membership of a plain staff member (the object acted on)
    invitations: dict  # org key -> open Invitation


@pytest.fixture
def world():
    orgs = {"A": make_organisation("School Alfa"), "B": make_organisation("School Beta")}
    members, targets, invitations = {}, {}, {}
    for key, org in orgs.items():
        for role in (Role.STAFF, Role.CASE_MANAGER, Role.ORG_ADMIN):
            user = make_member(org, role)
            add_totp(user)
            members[key, role] = user
        target_user = make_member(org, Role.STAFF)
        targets[key] = Membership.objects.get(user=target_user)
        invitations[key] = Invitation.objects.create(
            organisation=org,
            email=f"uitgenodigd-{key}@example.nl",
            role=Role.STAFF,
            token_hash=f"{key}" * 64,
            expires_at="2999-01-01T00:00:00Z",
        )
    return World(orgs, members, targets, invitations)


def _totp(user) -> TOTPDevice:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _fixed(path: str):
    return lambda w, owner, user: (path, {})


# Every protected accounts URL: name -> (permission, build(world, owner, acting user) ->
# (path, POST data), methods). "owner" is whose object the URL points at: A (own
# organisation, or the acting user's own device) or B (another organisation / user).
# URLs without an object are only requested for A.
MATRIX = {
    "home": ("authenticated", _fixed("/accounts/"), ["get"]),
    "logout": ("authenticated", _fixed("/accounts/uitloggen/"), ["get"]),  # POST ends it
    "two_factor_required": ("authenticated", _fixed("/accounts/tweede-stap-nodig/"), ["get"]),
    "reauthenticate": ("authenticated", _fixed("/accounts/bevestigen/"), ["get"]),
    "dashboard": ("view_dashboard", _fixed("/accounts/organisatie/"), ["get"]),
    "switch_organisation": (
        "authenticated",
        lambda w, o, u: ("/accounts/organisatie/kiezen/", {"organisation": w.orgs[o].pk}),
        ["post"],
    ),
    "members": ("manage_members", _fixed("/accounts/organisatie/leden/"), ["get"]),
    "invite": ("manage_members", _fixed("/accounts/organisatie/leden/uitnodigen/"), ["get"]),
    "member_role": (
        "manage_members",
        lambda w, o, u: (
            f"/accounts/organisatie/leden/{w.targets[o].pk}/rol/",
            {"role": Role.CASE_MANAGER},
        ),
        ["get", "post"],
    ),
    "member_remove": (
        "manage_members",
        lambda w, o, u: (f"/accounts/organisatie/leden/{w.targets[o].pk}/verwijderen/", {}),
        ["get", "post"],
    ),
    "invitation_revoke": (
        "manage_members",
        lambda w, o, u: (
            f"/accounts/organisatie/uitnodigingen/{w.invitations[o].pk}/intrekken/",
            {},
        ),
        ["post"],
    ),
    "security": ("authenticated", _fixed("/accounts/beveiliging/"), ["get"]),
    "totp_setup": ("authenticated", _fixed("/accounts/beveiliging/authenticator/"), ["get"]),
    "recovery_codes": ("authenticated", _fixed("/accounts/beveiliging/herstelcodes/"), ["get"]),
    "device_remove": (
        "authenticated",
        lambda w, o, u: (
            f"/accounts/beveiliging/totp/"
            f"{_totp(u if o == 'A' else w.members['B', Role.STAFF]).pk}/verwijderen/",
            {},
        ),
        ["get"],
    ),
    "password_change": ("authenticated", _fixed("/accounts/beveiliging/wachtwoord/"), ["get"]),
    "email_change": ("authenticated", _fixed("/accounts/beveiliging/e-mail/"), ["get"]),
    "email_confirm": ("authenticated", _fixed("/accounts/beveiliging/e-mail/x/"), ["get"]),
    "logout_everywhere": (
        "authenticated",
        _fixed("/accounts/beveiliging/overal-uitloggen/"),
        ["get"],
    ),
    "passkey_register_begin": (
        "authenticated",
        _fixed("/accounts/passkey/registreren/begin/"),
        ["get"],
    ),
    "passkey_register_complete": (
        "authenticated",
        _fixed("/accounts/passkey/registreren/klaar/"),
        ["get"],
    ),
    "audit_export": ("superuser", _fixed("/accounts/audit/export/"), ["get"]),
}
ORG_URLS = {
    name: entry for name, entry in MATRIX.items() if entry[0] not in ("authenticated", "superuser")
}
ROLES = [Role.STAFF, Role.CASE_MANAGER, Role.ORG_ADMIN]


def _expected(role: str, permission: str, own: bool, has_object: bool) -> set[int]:
    if permission == "superuser":
        return {403}
    if permission != "authenticated" and not rules.role_allows(role, permission):
        return {403}
    if own or not has_object:
        return {200, 302, 405}
    return {404}


def run_matrix(world: World, urls: dict) -> list[str]:
    """Every role of organisation A against every URL, for A's and B's objects."""
    problems = []
    for role in ROLES:
        user = world.members["A", role]
        client = login_verified(Client(), user, active_organisation=world.orgs["A"])
        for name, (permission, build, methods) in urls.items():
            has_object = build(world, "A", user) != build(world, "B", user)
            for owner in ("A", "B") if has_object else ("A",):
                path, data = build(world, owner, user)
                for method in methods:
                    response = getattr(client, method)(path, data)
                    allowed = _expected(role, permission, owner == "A", has_object)
                    if response.status_code not in allowed:
                        problems.append(
                            f"{role} of A, {name} on {owner}'s object, "
                            f"{method.upper()} {path}: got {response.status_code},"
                            f" expected {sorted(allowed)}"
                        )
                    if response.status_code == 200 and owner == "B":
                        problems.append(f"{role} of A could open B's object at {path}")
                    # Put A's objects back for the next request (a POST may change them).
                    _restore(world)
                    client = login_verified(client, user, active_organisation=world.orgs["A"])
    return problems


def _restore(world: World) -> None:
    for membership in world.targets.values():
        Membership.objects.update_or_create(
            pk=membership.pk,
            defaults={
                "user": membership.user,
                "organisation": membership.organisation,
                "role": Role.STAFF,
            },
        )
    Invitation.objects.filter(pk__in=[i.pk for i in world.invitations.values()]).update(
        revoked_at=None
    )


def test_two_organisation_matrix(world):
    problems = run_matrix(world, MATRIX)
    assert problems == [], "\n".join(problems)
    # B's objects were never changed by anyone of A.
    assert Membership.objects.get(pk=world.targets["B"].pk).role == Role.STAFF
    assert Invitation.objects.get(pk=world.invitations["B"].pk).revoked_at is None
    assert _totp(world.members["B", Role.STAFF]) is not None


def test_matrix_covers_every_protected_accounts_url():
    protected = {
        e.name.split(":", 1)[1]
        for e in endpoints()
        if e.name.startswith("accounts:") and not is_public(e)
    }
    assert protected == set(MATRIX)
    scoped = {
        e.name.split(":", 1)[1]
        for e in endpoints()
        if str(getattr(e.callback, "wegwijzer_access", "")).startswith("organisation:")
    }
    assert scoped == set(ORG_URLS)


def test_b_content_never_shows_up_for_a(world):
    admin_a = world.members["A", Role.ORG_ADMIN]
    client = login_verified(Client(), admin_a, active_organisation=world.orgs["B"])
    # Even with B forged into the session, A's admin sees only A.
    html = client.get("/accounts/organisatie/leden/").content.decode()
    assert world.orgs["A"].name in html and world.orgs["B"].name not in html
    assert world.targets["B"].user.email not in html
    assert world.invitations["B"].email not in html


def test_switching_to_another_organisation_is_404(world):
    client = login_verified(Client(), world.members["A", Role.STAFF])
    response = client.post("/accounts/organisatie/kiezen/", {"organisation": world.orgs["B"].pk})
    assert response.status_code == 404


def test_another_users_second_factor_is_404(world):
    client = login_verified(Client(), world.members["A", Role.ORG_ADMIN])
    device = TOTPDevice.objects.get(user=world.members["B", Role.STAFF])
    path = f"/accounts/beveiliging/totp/{device.pk}/verwijderen/"
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


@override_settings(ROOT_URLCONF="tests.broken_urls")
def test_the_matrix_reports_a_view_that_does_not_scope_its_objects(world):
    urls = {
        "unscoped_member": (
            "manage_members",
            lambda w, o, u: (f"/lek/leden/{w.targets[o].pk}/rol/", {}),
            ["get"],
        )
    }
    problems = "\n".join(run_matrix(world, urls))
    assert "org_admin of A could open B's object" in problems

"""Test helpers shared by the accounts tests and tests/test_access_control.py: make
organisations, users with roles and second factors, and log a test client in."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijzer.accounts import services
from wegwijzer.accounts.models import EDITORS_GROUP, Membership, Organisation, OrganisationKind

PASSWORD = "correct horse battery staple 42"  # noqa: S105 (tests only)
_counter = itertools.count(1)


def make_organisation(
    name: str | None = None, kind: str = OrganisationKind.SCHOOL, parent: Organisation | None = None
) -> Organisation:
    n = next(_counter)
    name = name or f"Testschool {n}"
    return Organisation.objects.create(name=name, slug=f"org-{n}", kind=kind, parent=parent)


def make_user(
    username: str | None = None, *, email: str | None = None, password: str = PASSWORD, **extra
):
    n = next(_counter)
    username = username or f"user{n}@example.nl"
    return get_user_model().objects.create_user(
        username=username,
        email=email if email is not None else username,
        password=password,
        **extra,
    )


def make_member(organisation: Organisation, role: str, **kwargs):
    user = make_user(**kwargs)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_editor(**kwargs):
    user = make_user(is_staff=True, **kwargs)
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    user.groups.add(group)
    return user


def add_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)


def totp_code(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code the user's app would show now (or ``offset_steps`` steps later)."""
    value = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + offset_steps,
    )
    return str(value).zfill(device.digits)


def login(client, user, *, device=None, active_organisation: Organisation | None = None):
    """Log ``client`` in as ``user`` the way our login does (session stamps included).

    With ``device`` the session counts as verified with that second factor.
    """
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    now = services.now_ts()
    session[services.SESSION_AUTH_AT] = now
    session[services.SESSION_SEEN_AT] = now
    session[services.SESSION_REAUTH_AT] = now
    session[services.SESSION_GENERATION] = services.ensure_security(user=user).session_generation
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if active_organisation is not None:
        session["ww_active_org"] = active_organisation.pk
    session.save()
    return client


def login_verified(client, user, **kwargs):
    """Log in with a fresh TOTP device as the verified second factor."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or add_totp(user)
    return login(client, user, device=device, **kwargs)

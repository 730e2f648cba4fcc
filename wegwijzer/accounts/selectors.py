"""Reads for accounts. Everything that belongs to an organisation is read through a selector
that takes the organisation (the active one) as a required argument, so another
organisation's object is simply not found (404)."""

from __future__ import annotations

import hashlib

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from wegwijzer.accounts import rules
from wegwijzer.accounts.models import (
    EDITORS_GROUP,
    Invitation,
    Membership,
    Organisation,
    Role,
    UserSecurity,
)

ACTIVE_ORG_SESSION_KEY = "ww_active_org"
RECOVERY_DEVICE_NAME = "recovery"
DEVICE_KINDS = {"totp": TOTPDevice, "passkey": WebAuthnCredential}


def memberships_for(*, user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def active_membership(*, request) -> Membership | None:
    """The membership of the organisation chosen in this session (or the first one)."""
    user = request.user
    if not user.is_authenticated:
        return None
    cached = getattr(request, "_ww_active_membership", False)
    if cached is not False:
        return cached
    memberships = memberships_for(user=user)
    chosen = request.session.get(ACTIVE_ORG_SESSION_KEY)
    membership = None
    if chosen is not None:
        membership = memberships.filter(organisation_id=chosen).first()
    if membership is None:
        membership = memberships.first()
    request._ww_active_membership = membership
    return membership


def membership_for_switch(*, user, organisation_id: int) -> Membership:
    membership = memberships_for(user=user).filter(organisation_id=organisation_id).first()
    if membership is None:
        raise Http404
    return membership


def members(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__email", "user__username")
    )


def member(*, organisation: Organisation, pk: int) -> Membership:
    """One membership of ``organisation``; another organisation's membership is a 404."""
    membership = members(organisation=organisation).filter(pk=pk).first()
    if membership is None:
        raise Http404
    return membership


def admin_count(*, organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN).count()


def open_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("email")


def invitation(*, organisation: Organisation, pk: int) -> Invitation:
    found = open_invitations(organisation=organisation).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation for a token, whatever its state (the view explains expired/used)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )


def user_by_email(*, email: str):
    User = get_user_model()
    return User.objects.filter(email__iexact=email.strip()).order_by("pk").first()


def is_editor(*, user) -> bool:
    return user.groups.filter(name=EDITORS_GROUP).exists()


def requires_two_factor(*, user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_ww_requires_2fa", None)
    if cached is None:
        roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        cached = rules.requires_two_factor(
            roles=roles,
            is_staff=user.is_staff,
            is_superuser=user.is_superuser,
            is_editor=is_editor(user=user),
        )
        user._ww_requires_2fa = cached
    return cached


def has_second_factor(*, user) -> bool:
    return user_has_device(user, confirmed=True)


def has_login_factor(*, user) -> bool:
    """A TOTP app or passkey (recovery codes alone do not count as set up)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def devices(*, user) -> list[dict]:
    rows = []
    for device in TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"):
        rows.append(
            {
                "kind": "totp",
                "pk": device.pk,
                "name": device.name,
                "created_at": device.created_at,
                "last_used_at": device.last_used_at,
            }
        )
    for device in WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"):
        rows.append(
            {
                "kind": "passkey",
                "pk": device.pk,
                "name": device.name,
                "created_at": device.created_at,
                "last_used_at": device.last_used_at,
            }
        )
    return rows


def device(*, user, kind: str, pk: int):
    """One of the user's own devices; anybody else's is a 404."""
    model = DEVICE_KINDS.get(kind)
    found = model.objects.filter(user=user, pk=pk, confirmed=True).first() if model else None
    if found is None:
        raise Http404
    return found


def pending_totp_device(*, user, pk) -> TOTPDevice | None:
    if not pk:
        return None
    return TOTPDevice.objects.filter(user=user, pk=pk, confirmed=False).first()


def has_passkey(*, user) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def recovery_device(*, user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()


def recovery_codes_left(*, user) -> int:
    found = recovery_device(user=user)
    return found.token_set.count() if found else 0


def session_generation(*, user) -> int:
    security = UserSecurity.objects.filter(user=user).only("session_generation").first()
    return security.session_generation if security else 0


def confirmed_devices(*, user) -> list:
    return list(devices_for_user(user, confirmed=True))

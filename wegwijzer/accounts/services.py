"""Writes for accounts: login steps, sessions, second factors, members, invitations.

Every security-relevant change writes an audit event (``audit.record``).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.signals import user_login_failed
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijzer.accounts import audit, selectors
from wegwijzer.accounts import rules as access_rules
from wegwijzer.accounts.models import (
    AuditEventType,
    Invitation,
    Membership,
    Organisation,
    Role,
    UserSecurity,
)

SESSION_AUTH_AT = "ww_auth_at"
SESSION_SEEN_AT = "ww_seen_at"
SESSION_GENERATION = "ww_generation"
SESSION_REAUTH_AT = "ww_reauth_at"
SESSION_PENDING = "ww_pending_login"
SESSION_REAUTH_STEP = "ww_reauth_step"  # password checked, second factor next
RECOVERY_CODE_COUNT = 10
EMAIL_CHANGE_SALT = "wegwijzer.accounts.email-change"


class ServiceError(Exception):
    """A rule was broken; the message is safe to show to the user."""


def axes_username(request, credentials) -> str:
    """The key django-axes counts failures under: the user name, trimmed and lower case."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return str(value or "").strip().lower()[:150]


def over_limit(*, key: str, limit: int, seconds: int) -> bool:
    """Count one more event for ``key`` in the cache; True once there were more than
    ``limit`` within ``seconds`` (a fixed window, shared by all workers through the cache)."""
    from django.core.cache import cache

    cache_key = "ww-limit:" + hashlib.sha256(key.encode()).hexdigest()
    if cache.add(cache_key, 1, timeout=seconds):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=seconds)
        return False
    return count > limit


def now_ts() -> int:
    return int(time.time())


def ensure_security(*, user) -> UserSecurity:
    security, _created = UserSecurity.objects.get_or_create(user=user)
    return security


# ---------------------------------------------------------------- login and sessions
def start_pending_login(*, request, user, next_url: str) -> None:
    """Password was right and the user has a second factor: remember who is half-way.

    Nobody is logged in yet; the session only holds the user id for a few minutes.
    """
    request.session.cycle_key()
    request.session[SESSION_PENDING] = {
        "user_id": user.pk,
        "backend": user.backend,
        "at": now_ts(),
        "next": next_url,
    }


def pending_user(*, request):
    data = request.session.get(SESSION_PENDING)
    if not data:
        return None
    if now_ts() - data.get("at", 0) > settings.WEGWIJZER_PENDING_LOGIN_SECONDS:
        request.session.pop(SESSION_PENDING, None)
        return None
    user = get_user_model().objects.filter(pk=data["user_id"], is_active=True).first()
    if user is not None:
        user.backend = data["backend"]
    return user


def pending_next(*, request) -> str:
    return (request.session.get(SESSION_PENDING) or {}).get("next", "")


def complete_login(*, request, user, device=None, method: str = "password") -> None:
    """Log the user in: new session key (``login`` cycles it), session stamps and audit."""
    pending = request.session.pop(SESSION_PENDING, None)
    if pending and not hasattr(user, "backend"):
        user.backend = pending["backend"]
    login(request, user)  # cycles the session key; axes resets the counters on success
    if device is not None:
        otp_login(request, device)
    now = now_ts()
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_SEEN_AT] = now
    request.session[SESSION_REAUTH_AT] = now
    request.session[SESSION_GENERATION] = ensure_security(user=user).session_generation
    membership = selectors.memberships_for(user=user).first()
    if membership is not None:
        request.session[selectors.ACTIVE_ORG_SESSION_KEY] = membership.organisation_id
    audit.record(
        AuditEventType.LOGIN_SUCCESS,
        request=request,
        user=user,
        organisation=membership.organisation if membership else None,
        details={"method": method},
    )


def second_factor_failed(*, request, user) -> None:
    """A wrong code counts as a failed login for the lock-out, like a wrong password."""
    audit.record(AuditEventType.LOGIN_SECOND_FACTOR_FAILURE, request=request, user=user)
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username()},
        request=request,
    )


def reauth_password_failed(*, request, user) -> None:
    """A wrong password when confirming it is you: audited and counted for the lock-out."""
    audit.record(
        AuditEventType.LOGIN_FAILURE, request=request, user=user, details={"step": "reauthenticate"}
    )
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username()},
        request=request,
    )


def end_session(*, request, reason: str) -> None:
    user = request.user if request.user.is_authenticated else None
    if reason != "logout":
        audit.record(
            AuditEventType.SESSION_EXPIRED, request=request, user=user, details={"reason": reason}
        )
    logout(request)


def bump_session_generation(*, user) -> int:
    with transaction.atomic():
        security = UserSecurity.objects.select_for_update().filter(user=user).first()
        if security is None:
            security = ensure_security(user=user)
        security.session_generation += 1
        security.save(update_fields=["session_generation"])
    return security.session_generation


def logout_everywhere(*, request) -> None:
    """End every session of this user on every device, this one included."""
    user = request.user
    bump_session_generation(user=user)
    audit.record(AuditEventType.LOGOUT_EVERYWHERE, request=request, user=user)
    logout(request)


def mark_reauthenticated(*, request, device=None) -> None:
    if device is not None and not request.user.is_verified():
        otp_login(request, device)
    request.session[SESSION_REAUTH_AT] = now_ts()
    audit.record(AuditEventType.REAUTHENTICATED, request=request)


def recently_authenticated(*, request) -> bool:
    at = request.session.get(SESSION_REAUTH_AT, 0)
    return now_ts() - at <= settings.WEGWIJZER_REAUTH_SECONDS


# ---------------------------------------------------------------- second factors
def recovery_code_hash(code: str) -> str:
    """Codes have 80 random bits; only a SHA-256 digest (80 bits kept) is stored."""
    digest = hashlib.sha256(normalise_recovery_code(code).encode()).digest()
    return base64.b32encode(digest).decode()[:16].lower()


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def verify_second_factor(*, user, code: str):
    """The device that accepts ``code`` (TOTP, or a recovery code, used up), or None."""
    code = (code or "").strip().replace(" ", "")
    if code.isdigit() and len(code) in (6, 8):
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
        return None
    normal = normalise_recovery_code(code)
    if len(normal) != 16:
        return None
    device = selectors.recovery_device(user=user)
    if device is not None and device.verify_token(recovery_code_hash(normal)):
        return device
    return None


def record_second_factor_use(*, request, user, device) -> None:
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        audit.record(
            AuditEventType.RECOVERY_CODE_USED,
            request=request,
            user=user,
            details={"codes_left": left},
        )
        notify(
            user=user,
            subject=_("A recovery code was used"),
            template="accounts/email/recovery_code_used.txt",
            context={"left": left},
        )


def start_totp_setup(*, user) -> TOTPDevice:
    """A fresh, unconfirmed authenticator; confirmed once the user enters a code from it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


def confirm_totp(*, request, device: TOTPDevice, code: str, name: str) -> bool:
    if not device.verify_token((code or "").strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.name = name or device.name
    device.save(update_fields=["confirmed", "name"])
    if not request.user.is_verified():
        otp_login(request, device)
    device_added(request=request, kind="totp", name=device.name)
    return True


def device_added(*, request, kind: str, name: str) -> None:
    user = request.user
    audit.record(
        AuditEventType.TWO_FACTOR_ADDED,
        request=request,
        user=user,
        details={"kind": kind, "name": name},
    )
    notify(
        user=user,
        subject=_("A sign-in method was added to your account"),
        template="accounts/email/security_changed.txt",
        context={"change": _("A second factor was added: %(name)s.") % {"name": name}},
    )


def remove_device(*, request, device) -> None:
    user = request.user
    kind = "passkey" if device.__class__.__name__ == "WebAuthnCredential" else "totp"
    name = device.name
    remaining = [
        d
        for d in selectors.confirmed_devices(user=user)
        if not (d.__class__ is device.__class__ and d.pk == device.pk)
        and not isinstance(d, StaticDevice)
    ]
    if not remaining and selectors.requires_two_factor(user=user):
        raise ServiceError(
            _(
                "You need at least one authenticator app or passkey. "
                "Add another one before you remove this one."
            )
        )
    device.delete()
    if not remaining:
        StaticDevice.objects.filter(user=user).delete()
    audit.record(
        AuditEventType.TWO_FACTOR_REMOVED,
        request=request,
        user=user,
        details={"kind": kind, "name": name},
    )
    notify(
        user=user,
        subject=_("A sign-in method was removed from your account"),
        template="accounts/email/security_changed.txt",
        context={"change": _("A second factor was removed: %(name)s.") % {"name": name}},
    )


def generate_recovery_codes(*, request) -> list[str]:
    """Replace all recovery codes by new ones; the codes are shown once and never stored."""
    user = request.user
    codes = []
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=selectors.RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        for _i in range(RECOVERY_CODE_COUNT):
            raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 80 bits
            codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
        StaticToken.objects.bulk_create(
            [StaticToken(device=device, token=recovery_code_hash(c)) for c in codes]
        )
    audit.record(
        AuditEventType.RECOVERY_CODES_CREATED,
        request=request,
        user=user,
        details={"count": len(codes)},
    )
    return codes


# ---------------------------------------------------------------- password and e-mail
def password_changed(*, request, user, reset: bool = False) -> None:
    """After a change: end every other session (and every session after a reset)."""
    generation = bump_session_generation(user=user)
    UserSecurity.objects.filter(user=user).update(password_changed_at=timezone.now())
    if reset:
        audit.record(AuditEventType.PASSWORD_RESET, request=request, user=user)
    else:
        update_session_auth_hash(request, user)
        request.session[SESSION_GENERATION] = generation
        audit.record(AuditEventType.PASSWORD_CHANGED, request=request, user=user)
    notify(
        user=user,
        subject=_("Your password was changed"),
        template="accounts/email/security_changed.txt",
        context={"change": _("Your password was changed.")},
    )


def request_email_change(*, request, new_email: str) -> None:
    user = request.user
    token = signing.dumps(
        {"u": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT
    )
    link = request.build_absolute_uri(reverse("accounts:email_confirm", args=[token]))
    send_mail(
        subject=_("Confirm your new e-mail address"),
        message=render_to_string("accounts/email/email_confirm.txt", {"link": link}),
        from_email=None,
        recipient_list=[new_email],
    )
    audit.record(
        AuditEventType.EMAIL_CHANGE_REQUESTED,
        request=request,
        user=user,
        details={"new": new_email},
    )


def confirm_email_change(*, request, token: str) -> str:
    user = request.user
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=60 * 60 * 24)
    except signing.BadSignature as exc:
        raise ServiceError(_("This link is not valid (any more).")) from exc
    if data.get("u") != user.pk or data.get("old") != user.email:
        raise ServiceError(_("This link is not valid (any more)."))
    old = user.email
    new = data["new"]
    if selectors.user_by_email(email=new) is not None:
        raise ServiceError(_("Another account already uses this e-mail address."))
    user.email = new
    if user.username.lower() == old.lower():
        user.username = new.lower()
    user.save(update_fields=["email", "username"])
    audit.record(
        AuditEventType.EMAIL_CHANGED, request=request, user=user, details={"old": old, "new": new}
    )
    if old:
        send_mail(
            subject=_("Your e-mail address was changed"),
            message=render_to_string(
                "accounts/email/security_changed.txt",
                {
                    "user": user,
                    "change": _("The e-mail address of your account was changed to %(new)s.")
                    % {"new": new},
                },
            ),
            from_email=None,
            recipient_list=[old],
        )
    return new


def notify(*, user, subject: str, template: str, context: dict | None = None) -> None:
    """Tell the user about a change to their account (ASVS: notify on changes)."""
    if not user.email:
        return
    send_mail(
        subject=str(subject),
        message=render_to_string(template, {"user": user, **(context or {})}),
        from_email=None,
        recipient_list=[user.email],
        fail_silently=True,
    )


# ---------------------------------------------------------------- organisations
def switch_organisation(*, request, organisation_id: int) -> Membership:
    membership = selectors.membership_for_switch(user=request.user, organisation_id=organisation_id)
    request.session[selectors.ACTIVE_ORG_SESSION_KEY] = membership.organisation_id
    request._ww_active_membership = membership
    audit.record(
        AuditEventType.ORGANISATION_SWITCHED, request=request, organisation=membership.organisation
    )
    return membership


def _check_role(role: str) -> None:
    if role not in access_rules.ASSIGNABLE_ROLES:
        raise ServiceError(_("Choose a role."))


def invite(*, request, organisation: Organisation, email: str, role: str) -> Invitation:
    """Create an invitation and e-mail its single-use link. Returns the invitation."""
    _check_role(role)
    email = email.strip()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ServiceError(_("This person is already a member of your organisation."))
    if selectors.open_invitations(organisation=organisation).filter(email__iexact=email).exists():
        raise ServiceError(_("This person already has an open invitation."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=selectors.token_hash(token),
        invited_by=request.user,
        created_at=now,
        expires_at=now + timedelta(days=settings.WEGWIJZER_INVITATION_DAYS),
    )
    link = request.build_absolute_uri(reverse("accounts:invitation", args=[token]))
    with translation.override("nl"):
        send_mail(
            subject=_("Invitation for Wegwijzer: %(organisation)s")
            % {"organisation": organisation.name},
            message=render_to_string(
                "accounts/email/invitation.txt",
                {
                    "invitation": invitation,
                    "link": link,
                    "days": settings.WEGWIJZER_INVITATION_DAYS,
                },
            ),
            from_email=None,
            recipient_list=[email],
        )
    audit.record(
        AuditEventType.INVITATION_SENT,
        request=request,
        organisation=organisation,
        details={"email": email, "role": role, "invitation": invitation.pk},
    )
    return invitation


def _claim_invitation(*, invitation: Invitation, user) -> Invitation:
    """Mark the invitation used, exactly once (row lock), and add the membership."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open:
        raise ServiceError(_("This invitation has expired or has already been used."))
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=locked.organisation, defaults={"role": locked.role}
    )
    if not created and membership.role != locked.role:
        membership.role = locked.role
        membership.save(update_fields=["role"])
    return locked


def accept_invitation_as_new_user(
    *, request, invitation: Invitation, password: str, first_name: str, last_name: str
):
    User = get_user_model()
    with transaction.atomic():
        if selectors.user_by_email(email=invitation.email) is not None:
            raise ServiceError(
                _("There is already an account with this e-mail address. Log in first.")
            )
        try:
            user = User.objects.create_user(
                username=invitation.email.lower(),
                email=invitation.email,
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
        except IntegrityError as exc:
            raise ServiceError(
                _("There is already an account with this e-mail address. Log in first.")
            ) from exc
        ensure_security(user=user)
        claimed = _claim_invitation(invitation=invitation, user=user)
    audit.record(
        AuditEventType.INVITATION_ACCEPTED,
        request=request,
        user=user,
        organisation=claimed.organisation,
        details={"invitation": claimed.pk, "role": claimed.role, "new_account": True},
    )
    return user


def accept_invitation_as_user(*, request, invitation: Invitation) -> Membership:
    user = request.user
    if (user.email or "").lower() != invitation.email.lower():
        raise ServiceError(_("This invitation is for another e-mail address."))
    with transaction.atomic():
        claimed = _claim_invitation(invitation=invitation, user=user)
    audit.record(
        AuditEventType.INVITATION_ACCEPTED,
        request=request,
        user=user,
        organisation=claimed.organisation,
        details={"invitation": claimed.pk, "role": claimed.role, "new_account": False},
    )
    user.__dict__.pop("_ww_requires_2fa", None)
    return Membership.objects.get(user=user, organisation=claimed.organisation)


def revoke_invitation(*, request, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit.record(
        AuditEventType.INVITATION_REVOKED,
        request=request,
        organisation=invitation.organisation,
        details={"email": invitation.email, "invitation": invitation.pk},
    )


def change_role(*, request, membership: Membership, role: str) -> None:
    _check_role(role)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        old = locked.role
        if old == role:
            return
        if not access_rules.may_leave_organisation_without_admin(
            admin_count=selectors.admin_count(organisation=locked.organisation),
            member_is_admin=old == Role.ORG_ADMIN,
            new_role=role,
        ):
            raise ServiceError(_("An organisation needs at least one administrator."))
        locked.role = role
        locked.save(update_fields=["role"])
    audit.record(
        AuditEventType.ROLE_CHANGED,
        request=request,
        organisation=membership.organisation,
        details={
            "member": membership.user.get_username(),
            "member_id": membership.user_id,
            "old": old,
            "new": role,
        },
    )


def remove_member(*, request, membership: Membership) -> None:
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if not access_rules.may_leave_organisation_without_admin(
            admin_count=selectors.admin_count(organisation=locked.organisation),
            member_is_admin=locked.role == Role.ORG_ADMIN,
            new_role=None,
        ):
            raise ServiceError(_("An organisation needs at least one administrator."))
        locked.delete()
    audit.record(
        AuditEventType.MEMBER_REMOVED,
        request=request,
        organisation=membership.organisation,
        details={
            "member": membership.user.get_username(),
            "member_id": membership.user_id,
            "role": membership.role,
        },
    )


def get_open_invitation_or_404(*, token: str) -> Invitation:
    found = selectors.invitation_by_token(token=token)
    if found is None:
        raise Http404
    return found

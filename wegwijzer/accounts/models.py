"""Accounts: organisations (tenants), memberships with roles, invitations, per-user security
state and the append-only audit trail.

The tenant model is ``accounts.Organisation`` (verbose name "organisation (account)"), so it
is never confused with ``knowledge.Organisation`` (the expert organisations shown publicly).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("school")
    SCHOOL_BOARD = "school_board", _("school board")
    SPORTS_CLUB = "sports_club", _("sports club")
    YOUTH_WORK = "youth_work", _("youth-work organisation")


class Role(models.TextChoices):
    """Roles inside one organisation. Platform-wide roles are the ``editors`` group and
    Django's superuser flag."""

    STAFF = "staff", _("staff member")
    CASE_MANAGER = "case_manager", _("case manager")
    ORG_ADMIN = "org_admin", _("organisation administrator")


# Roles that must use two-factor authentication (so must editors, staff and superusers).
TWO_FACTOR_ROLES = frozenset({Role.CASE_MANAGER, Role.ORG_ADMIN})
EDITORS_GROUP = "editors"


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("school board"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Only for schools: the school board the school belongs to."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation (account)")
        verbose_name_plural = _("organisations (accounts)")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.kind != OrganisationKind.SCHOOL:
            raise ValidationError({"parent": _("Only a school can belong to a school board.")})
        if self.parent.kind != OrganisationKind.SCHOOL_BOARD:
            raise ValidationError({"parent": _("Choose a school board.")})


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class Invitation(models.Model):
    """An e-mailed, expiring, single-use invitation. Only a SHA-256 hash of the token is
    stored; the token itself exists only in the e-mail."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} -> {self.organisation}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class UserSecurity(models.Model):
    """Security state per user, next to Django's own user model.

    ``session_generation`` is copied into each session at login; raising it ends every
    session of the user ("log out everywhere"), whatever the session store.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="security",
    )
    session_generation = models.PositiveIntegerField(default=0)
    password_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("security state")
        verbose_name_plural = _("security states")

    def __str__(self) -> str:
        return str(self.user)


class AuditEventType(models.TextChoices):
    LOGIN_SUCCESS = "login.success", _("login succeeded")
    LOGIN_FAILURE = "login.failure", _("login failed")
    LOGIN_SECOND_FACTOR_FAILURE = "login.2fa_failure", _("second factor wrong")
    LOCKED_OUT = "login.locked_out", _("locked out")
    LOGOUT = "logout", _("logged out")
    LOGOUT_EVERYWHERE = "logout.everywhere", _("logged out everywhere")
    SESSION_EXPIRED = "session.expired", _("session expired")
    REAUTHENTICATED = "reauth", _("identity confirmed again")
    TWO_FACTOR_ADDED = "2fa.added", _("second factor added")
    TWO_FACTOR_REMOVED = "2fa.removed", _("second factor removed")
    RECOVERY_CODES_CREATED = "2fa.recovery_codes_created", _("recovery codes created")
    RECOVERY_CODE_USED = "2fa.recovery_code_used", _("recovery code used")
    PASSWORD_CHANGED = "password.changed", _("password changed")
    PASSWORD_RESET_REQUESTED = "password.reset_requested", _("password reset requested")
    PASSWORD_RESET = "password.reset", _("password reset")
    EMAIL_CHANGE_REQUESTED = "email.change_requested", _("e-mail change requested")
    EMAIL_CHANGED = "email.changed", _("e-mail address changed")
    ROLE_CHANGED = "member.role_changed", _("role changed")
    MEMBER_REMOVED = "member.removed", _("member removed")
    INVITATION_SENT = "invitation.sent", _("invitation sent")
    INVITATION_ACCEPTED = "invitation.accepted", _("invitation accepted")
    INVITATION_REVOKED = "invitation.revoked", _("invitation withdrawn")
    ORGANISATION_SWITCHED = "organisation.switched", _("organisation switched")
    ACCESS_DENIED = "access.denied", _("access denied")
    ADMIN_CHANGE = "admin.change", _("change in the admin")
    AUDIT_EXPORTED = "audit.exported", _("audit trail exported")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event through the ORM."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def bulk_create(self, *args, **kwargs):
        raise AppendOnlyError("audit events are written one by one by services.audit()")


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit trail.

    ``entry_hash`` is SHA-256 over a canonical serialisation of the entry including
    ``prev_hash`` (see ``wegwijzer.accounts.audit``). Written only by ``audit.record()``.
    """

    seq = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    created_at = models.DateTimeField(_("time (UTC)"), editable=False)
    event_type = models.CharField(_("event"), max_length=40, choices=AuditEventType.choices)
    user_id_snapshot = models.BigIntegerField(_("user id"), null=True, blank=True)
    username = models.CharField(_("user name"), max_length=254, blank=True)
    organisation_id_snapshot = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    ip_address = models.CharField(_("IP address"), max_length=45, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        default_permissions = ("view",)
        permissions = [("export_auditevent", _("Can export the audit trail"))]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type} {self.username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be changed")
        if not getattr(self, "_written_by_audit_record", False):
            raise AppendOnlyError("write audit events with wegwijzer.accounts.audit.record()")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditChainHead(models.Model):
    """A single row holding the last sequence number and hash. Every writer locks it first
    (an UPDATE, which takes the row lock on PostgreSQL and the write lock on SQLite), so the
    chain has exactly one order."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.last_seq} {self.last_hash[:12]}"

"""Signal handlers: audit events for login failures and admin changes, and the editors
group's permissions."""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from wegwijzer.accounts import audit
from wegwijzer.accounts.models import AuditEventType

ADMIN_ACTIONS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


@receiver(user_login_failed, dispatch_uid="wegwijzer_audit_login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    if sender == "wegwijzer.accounts.services":
        return  # a wrong second factor, already recorded as such
    audit.record(
        AuditEventType.LOGIN_FAILURE,
        request=request,
        username=str((credentials or {}).get("username", ""))[:254],
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="wegwijzer_audit_admin_change")
def admin_change(sender, instance: LogEntry, created: bool, **kwargs):
    if not created:
        return
    content_type = instance.content_type
    audit.record(
        AuditEventType.ADMIN_CHANGE,
        user=instance.user,
        details={
            "action": ADMIN_ACTIONS.get(instance.action_flag, str(instance.action_flag)),
            "model": f"{content_type.app_label}.{content_type.model}" if content_type else "",
            "object_id": instance.object_id or "",
            "object": instance.object_repr,
            "change": instance.get_change_message(),
        },
    )


@receiver(post_migrate, dispatch_uid="wegwijzer_editors_group")
def editors_group(sender, **kwargs):
    from wegwijzer.accounts.roles import sync_editors_group

    sync_editors_group(using=kwargs.get("using", "default"))

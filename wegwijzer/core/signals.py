from django.db.models.signals import m2m_changed, post_delete, post_save

from wegwijzer.core.models import ContentEntry
from wegwijzer.core.services import touch_content_state


def _content_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    if isinstance(sender, type) and issubclass(sender, ContentEntry):
        touch_content_state()


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, ContentEntry):
        touch_content_state()


def connect() -> None:
    post_save.connect(_content_changed, dispatch_uid="wegwijzer-content-saved")
    post_delete.connect(_content_changed, dispatch_uid="wegwijzer-content-deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="wegwijzer-content-m2m")

from django.utils import timezone

from wegwijzer.core.models import ContentState


def touch_content_state() -> None:
    """Record that public content changed, so caches revalidate (Last-Modified moves on)."""
    ContentState.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})

from datetime import datetime

from django.utils import timezone

from wegwijzer.core.models import ContentState


def content_last_modified() -> datetime:
    state = ContentState.objects.filter(pk=1).only("changed_at").first()
    if state is None:
        return timezone.now().replace(microsecond=0)
    return state.changed_at.replace(microsecond=0)

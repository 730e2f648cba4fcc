"""The platform-wide ``editors`` group: may add, change, delete and view content entries
(every registered content kind) in the admin, and nothing else."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wegwijzer.accounts.models import EDITORS_GROUP


def content_models() -> list:
    from wegwijzer.core import content

    return [kind.model for kind in content.registered_kinds()]


def sync_editors_group(*, using: str = "default") -> Group:
    group, _created = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    wanted = []
    for model in content_models():
        content_type = ContentType.objects.db_manager(using).get_for_model(model)
        wanted.extend(Permission.objects.using(using).filter(content_type=content_type))
    group.permissions.set(wanted)
    return group

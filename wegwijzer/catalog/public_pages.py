from django.urls import reverse
from django.utils import translation

from wegwijzer.catalog.models import Status, Tool


def sample_paths() -> list[str]:
    """The catalogue (plain, with filters, empty result, page 2) and every current tool."""
    with translation.override("nl"):
        base = reverse("catalog:list")
        paths = [
            base,
            f"{base}?setting=vo&age=13-15&form=sextortion&kind=lesson_series"
            "&kind=single_lesson&basis=onderbouwing&cost=free",
            f"{base}?q=sexting&audience=staff&setting=vo&sort=title",
            f"{base}?audience=parents",
            f"{base}?page=2",
        ]
        paths += [
            reverse("catalog:detail", kwargs={"key": key})
            for key in Tool.objects.filter(status=Status.CURRENT).values_list("key", flat=True)
        ]
    return paths

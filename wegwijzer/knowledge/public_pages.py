from django.urls import reverse
from django.utils import translation

from wegwijzer.knowledge.models import FormOfBehaviour


def sample_paths() -> list[str]:
    with translation.override("nl"):
        names = [
            "home",
            "form_list",
            "signals",
            "facts",
            "help",
            "organisations",
            "about",
            "accessibility",
        ]
        paths = [reverse(f"knowledge:{name}") for name in names]
        paths += [
            reverse("knowledge:form_detail", kwargs={"key": key})
            for key in FormOfBehaviour.objects.values_list("key", flat=True)
        ]
    return paths

"""The main navigation. Items whose URL does not exist (yet) are left out."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MAIN_NAVIGATION = [
    ("assistant:start", _("Something happened")),
    ("knowledge:form_list", _("Forms of behaviour")),
    ("knowledge:signals", _("Signals")),
    ("catalog:list", _("Tools")),
    ("knowledge:facts", _("Facts and figures")),
    ("knowledge:help", _("Help and contacts")),
]


def main_navigation(current_path: str = "") -> list[dict]:
    items = []
    for name, label in MAIN_NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        home = reverse("knowledge:home")
        current = url != home and current_path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    return items

from urllib.parse import urlsplit

from django import template
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from wegwijzer.catalog.filters import AgeRange
from wegwijzer.catalog.models import Audience, Basis, Cost, Kind, Setting
from wegwijzer.core.i18n import pick

register = template.Library()

_LABELS = {c: dict(c.choices) for c in (Audience, Basis, Cost, Kind, Setting)}


def age_text(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return ""
    if high is None:
        return _("%(low)s years and older") % {"low": low}
    if low is None:
        return _("up to %(high)s years") % {"high": high}
    if low == high:
        return _("%(low)s years") % {"low": low}
    return _("%(low)s to %(high)s years") % {"low": low, "high": high}


@register.filter
def facet_label(value) -> str:
    """A facet value's label: a choice label, a form's name or an age range."""
    if isinstance(value, AgeRange):
        return age_text(value.low, value.high)
    if hasattr(value, "name_nl"):
        return str(pick(value, "name"))
    return str(value)


@register.simple_tag
def tool_ages(tool) -> str:
    return age_text(tool.age_min, tool.age_max)


@register.filter
def choice_labels(keys, choices_name: str) -> list[str]:
    labels = {"audience": _LABELS[Audience], "setting": _LABELS[Setting]}[choices_name]
    return [str(labels[k]) for k in keys if k in labels]


@register.filter
def language_names(codes) -> list[str]:
    names = []
    for code in codes or []:
        try:
            names.append(get_language_info(code)["name_translated"])
        except KeyError:
            names.append(code)
    return names


@register.filter
def url_host(url: str) -> str:
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")

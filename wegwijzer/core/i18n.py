"""Dutch-first content translation.

Content models keep each text twice: ``<field>_nl`` (required) and ``<field>_en``
(optional). :func:`pick` chooses the text for the active language and says whether it
fell back to Dutch, so templates can mark the fallback visibly and with ``lang="nl"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

DEFAULT_LANGUAGE = "nl"


def active_language() -> str:
    return (get_language() or DEFAULT_LANGUAGE).split("-")[0]


@dataclass(frozen=True)
class Text:
    text: Any
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return "" if self.text is None else str(self.text)

    def __bool__(self) -> bool:
        return bool(self.text)


def pick(obj: Any, field: str, language: str | None = None) -> Text:
    """Return the value of ``field`` in ``language`` (default: active), else Dutch."""
    language = language or active_language()
    if language != DEFAULT_LANGUAGE:
        value = getattr(obj, f"{field}_{language}", None)
        if value:
            return Text(value, language, False)
        dutch = getattr(obj, f"{field}_{DEFAULT_LANGUAGE}", None)
        return Text(dutch, DEFAULT_LANGUAGE, bool(dutch))
    return Text(getattr(obj, f"{field}_{DEFAULT_LANGUAGE}", None), DEFAULT_LANGUAGE, False)


class TranslatedMixin:
    """Adds ``obj.t("name")`` and ``str(obj)`` in the active language."""

    def t(self, field: str) -> Text:
        return pick(self, field)

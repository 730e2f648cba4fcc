"""Schema of content/tools.yaml (see docs/catalog.md for an example entry)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from wegwijzer.catalog.models import Audience, Basis, Cost, Kind, Setting, Status
from wegwijzer.core.content import Entry, Key, NonEmpty, TText, Url


class OptionalText(TText):
    """A translated text that may be left out entirely (then both languages are empty)."""

    nl: str = ""


def _canonical(choices: type) -> AfterValidator:
    """Sort a list of choice keys into the order of the choices and refuse duplicates."""
    order = [value for value, _label in choices.choices]

    def check(values: list[str]) -> list[str]:
        if len(set(values)) != len(values):
            raise ValueError("a value is listed twice")
        return sorted(values, key=order.index)

    return AfterValidator(check)


AudienceKey = Literal[tuple(Audience.values)]  # type: ignore[valid-type]
SettingKey = Literal[tuple(Setting.values)]  # type: ignore[valid-type]
Age = Annotated[int, Field(ge=0, le=99)]


class ToolEntry(Entry):
    title: TText
    providers: list[Key] = Field(min_length=1)
    summary: TText
    description: TText
    kind: Literal[tuple(Kind.values)]  # type: ignore[valid-type]
    audiences: Annotated[list[AudienceKey], Field(min_length=1), _canonical(Audience)]
    settings: Annotated[list[SettingKey], _canonical(Setting)] = []
    age_min: Age | None = None
    age_max: Age | None = None
    forms: list[Key] = []
    basis: Literal[tuple(Basis.values)]  # type: ignore[valid-type]
    recognition_body: str = ""
    recognition_level: str = ""
    recognition_date: dt.date | None = None
    recognition_note: OptionalText = OptionalText()
    cost: Literal[tuple(Cost.values)] = Cost.UNKNOWN.value  # type: ignore[valid-type]
    cost_note: OptionalText = OptionalText()
    duration: OptionalText = OptionalText()
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = Field(
        default_factory=lambda: ["nl"], min_length=1
    )
    link: Url
    status: Literal[tuple(Status.values)] = Status.CURRENT.value  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _consistent(self) -> ToolEntry:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("age_min is higher than age_max")
        if (self.recognition_level or self.recognition_date) and not self.recognition_body:
            raise ValueError("recognition_level/recognition_date need a recognition_body")
        if self.recognition_body and not self.recognition_level:
            raise ValueError("recognition_body needs a recognition_level")
        if self.basis == Basis.ONDERBOUWING and (
            not self.recognition_body or "niet erkend" in self.recognition_level.lower()
        ):
            raise ValueError(
                "basis 'onderbouwing' needs a recognition body and a level "
                "that is not 'niet erkend'"
            )
        if "niet erkend" in self.recognition_level.lower() and not self.recognition_note.nl:
            raise ValueError("a tool that is 'niet erkend' needs the reason in recognition_note")
        if len(set(self.forms)) != len(self.forms) or len(set(self.providers)) != len(
            self.providers
        ):
            raise ValueError("forms and providers must not repeat a key")
        return self


__all__ = ["NonEmpty", "OptionalText", "ToolEntry"]

"""Schemas of the knowledge-base content files (see docs/content.md)."""

from typing import Literal

from pydantic import Field

from wegwijzer.core.content import Entry, Key, NonEmpty, TList, TText, Url


class FormEntry(Entry):
    group: Literal["boundary_crossing", "sexual_abuse"]
    order: int = Field(ge=0)
    name: TText
    summary: TText
    definition: TText
    synonyms: TList | None = None
    examples: TList | None = None
    related: list[Key] = []


class SignalEntry(Entry):
    kind: Literal["signal", "risk_factor"]
    order: int = Field(ge=0)
    title: TText
    description: TText


class FactEntry(Entry):
    order: int = Field(ge=0)
    figure: str = ""
    statement: TText
    year: int | None = Field(default=None, ge=1990, le=2100)
    source_publisher: str = ""


class OrganisationEntry(Entry):
    name: NonEmpty
    description: TText
    website: Url
    contributed_to_guide: bool = False


class ContactEntry(Entry):
    order: int = Field(ge=0)
    organisation: Key | None = None
    name: TText
    purpose: TText
    when_to_call: TText
    audience: TText
    hours: TText | None = None
    phone: str = Field(default="", pattern=r"^[0-9 +-]*$")
    website: Url | None = None
    emergency: bool = False

"""Schemas of the assistant's content files (see docs/assistant.md).

``assistant_questions.yaml``  the nine questions: texts and option labels (ids and values
                              are fixed in :mod:`wegwijzer.assistant.answers`)
``assistant_steps.yaml``      the plan's steps: phase, order, ``when`` condition, texts,
                              notes, contacts, source
``assistant_never_do.yaml``   the "never do this" items, each with a ``when``
``assistant_guides.yaml``     lists shown with certain steps (Meldcode steps, afwegingskader)

Conditions are checked by :func:`wegwijzer.assistant.conditions.validate`; the whole rule
set is checked again after loading (all questions present, codes that exist, ...).
"""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, HttpUrl, TypeAdapter, model_validator

from wegwijzer.assistant import conditions
from wegwijzer.assistant.answers import QUESTION_VALUES
from wegwijzer.assistant.rules import PHASES, step_problems
from wegwijzer.core.content import Entry, Key, NonEmpty, Strict, TList, TText


def _condition(value: Any) -> Any:
    try:
        return conditions.validate(value)
    except conditions.ConditionError as exc:
        raise ValueError(str(exc).removeprefix("when: ").removeprefix("when")) from exc


Condition = Annotated[Any, AfterValidator(_condition)]
_http_url = TypeAdapter(HttpUrl)


def _url(value: str) -> str:
    _http_url.validate_python(value)
    return value


class ExtraSource(Strict):
    """A further source of a step (stored as plain JSON)."""

    title: NonEmpty
    url: Annotated[str, AfterValidator(_url)]


Phase = Literal[PHASES]  # type: ignore[valid-type]


class OptionEntry(Strict):
    value: Key
    label: TText
    hint: TText | None = None
    role: TText | None = None  # setting only: who does it ({role} in step texts)
    board: TText | None = None  # setting only: who is the board ({board} in step texts)


class QuestionEntry(Entry):
    order: int = Field(ge=0)
    question: TText
    hint: TText | None = None
    short: TText  # the label on the "check your answers" page
    options: list[OptionEntry] = Field(min_length=2)
    default_role: TText | None = None  # setting only: when the setting is not answered
    default_board: TText | None = None

    @model_validator(mode="after")
    def _options_match_the_fixed_values(self):
        if self.key not in QUESTION_VALUES:
            raise ValueError(f"key must be one of: {', '.join(QUESTION_VALUES)}")
        values = [o.value for o in self.options]
        if sorted(values) != sorted(QUESTION_VALUES[self.key]) or len(set(values)) != len(values):
            raise ValueError(
                f"options must be exactly: {', '.join(QUESTION_VALUES[self.key])} "
                "(the values are fixed; change only the texts)"
            )
        is_setting = self.key == "setting"
        for option in self.options:
            if is_setting and (option.role is None or option.board is None):
                raise ValueError(f"option '{option.value}': role and board are required")
            if not is_setting and (option.role or option.board):
                raise ValueError(f"option '{option.value}': role and board are for 'setting' only")
        if is_setting and (self.default_role is None or self.default_board is None):
            raise ValueError("default_role and default_board are required for 'setting'")
        if not is_setting and (self.default_role or self.default_board):
            raise ValueError("default_role and default_board are for 'setting' only")
        return self


class NoteEntry(Strict):
    when: Condition = None
    text: TText


class StepEntry(Entry):
    phase: Phase
    order: int = Field(ge=0)
    when: Condition = None
    certain_only: bool = False
    superseded_by: list[Key] = []
    title: TText
    why: TText
    how: TText
    if_unsure: TText | None = None
    notes: list[NoteEntry] = []
    contacts: list[Key] = []
    contact_when: dict[Key, Condition] = {}
    more_sources: list[ExtraSource] = []

    @model_validator(mode="after")
    def _check_step(self):
        extra = sorted(set(self.contact_when) - set(self.contacts))
        if extra:
            raise ValueError(
                f"contact_when names contacts that are not in contacts: {', '.join(extra)}"
            )
        data = {**self.model_dump(mode="json", warnings=False), "code": self.key}
        problems = [p.removeprefix(f"step '{self.key}': ") for p in step_problems(data)]
        if problems:
            raise ValueError("; ".join(problems))
        return self


class NeverDoEntry(Entry):
    order: int = Field(ge=0)
    when: Condition = None
    text: TText


class GuideEntry(Entry):
    order: int = Field(ge=0)
    show_with: list[Key] = Field(min_length=1)
    title: TText
    intro: TText | None = None
    items: TList


__all__ = ["GuideEntry", "NeverDoEntry", "NonEmpty", "QuestionEntry", "StepEntry"]

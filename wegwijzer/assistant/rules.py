"""From answers to an action plan: a pure function over rule data.

The rule data (questions, steps, never-do items and guides with their ``when``
conditions and texts in Dutch and English) comes from ``content/assistant_*.yaml`` via the
database, or straight from the YAML files in tests and benchmarks; either way it is turned
into a :class:`RuleSet` by :func:`ruleset_from_data`. :func:`build_plan` then needs no
database and no HTTP: it evaluates every rule, orders the steps by phase, drops steps that
a certain stronger step supersedes, and collects never-do items, guides and contacts
without duplicates.

Texts keep both languages (``title_nl``/``title_en`` ...), so the templates' ``{% t %}``
tag and :func:`wegwijzer.core.i18n.pick` choose the visitor's language and mark a Dutch
fallback.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wegwijzer.assistant import conditions as c
from wegwijzer.assistant.answers import QUESTION_VALUES, form_keys

PHASES: tuple[str, ...] = ("now", "today", "this_week", "aftercare")
PLACEHOLDERS: tuple[str, ...] = ("role", "board")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class RuleSetError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# --------------------------------------------------------------------------- rule data
@dataclass(frozen=True)
class Option:
    value: str
    label_nl: str
    label_en: str = ""
    hint_nl: str = ""
    hint_en: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    order: int
    multiple: bool
    question_nl: str
    question_en: str
    hint_nl: str
    hint_en: str
    short_nl: str
    short_en: str
    options: tuple[Option, ...]

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class SettingWords:
    """How the plan names the people involved in a setting (``{role}``, ``{board}``)."""

    role_nl: str
    role_en: str
    board_nl: str
    board_en: str


@dataclass(frozen=True)
class NoteRule:
    when: c.Node
    text_nl: str
    text_en: str


@dataclass(frozen=True)
class StepRule:
    code: str
    phase: str
    order: int
    when: c.Node
    certain_only: bool
    superseded_by: tuple[str, ...]
    title_nl: str
    title_en: str
    why_nl: str
    why_en: str
    how_nl: str
    how_en: str
    if_unsure_nl: str
    if_unsure_en: str
    notes: tuple[NoteRule, ...]
    contacts: tuple[tuple[str, c.Node], ...]
    source_title: str
    source_url: str
    checked_on: dt.date | None
    more_sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class NeverDoRule:
    key: str
    order: int
    when: c.Node
    text_nl: str
    text_en: str
    source_title: str
    source_url: str


@dataclass(frozen=True)
class GuideRule:
    key: str
    order: int
    show_with: frozenset[str]
    title_nl: str
    title_en: str
    intro_nl: str
    intro_en: str
    items_nl: tuple[str, ...]
    items_en: tuple[str, ...]
    source_title: str
    source_url: str
    checked_on: dt.date | None


@dataclass(frozen=True)
class RuleSet:
    questions: tuple[Question, ...]  # in asking order
    steps: tuple[StepRule, ...]  # in plan order: phase, then order, then code
    never_do: tuple[NeverDoRule, ...]
    guides: tuple[GuideRule, ...]
    settings: Mapping[str, SettingWords]  # setting value -> words; "" = not answered
    step_codes: frozenset[str] = field(default=frozenset())
    # memo for the flow (which questions are asked for which answers); not part of equality
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)


# --------------------------------------------------------------------------- the plan
@dataclass(frozen=True)
class PlanNote:
    text_nl: str
    text_en: str


@dataclass(frozen=True)
class PlanStep:
    code: str
    phase: str
    certain: bool  # False: included because an answer is unknown ("if this applies")
    title_nl: str
    title_en: str
    why_nl: str
    why_en: str
    how_nl: str
    how_en: str
    if_unsure_nl: str
    if_unsure_en: str
    notes: tuple[PlanNote, ...]
    contacts: tuple[str, ...]
    source_title: str
    source_url: str
    checked_on: dt.date | None
    more_sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PlanItem:
    key: str
    text_nl: str
    text_en: str
    source_title: str
    source_url: str


@dataclass(frozen=True)
class PlanGuide:
    key: str
    title_nl: str
    title_en: str
    intro_nl: str
    intro_en: str
    items_nl: tuple[str, ...]
    items_en: tuple[str, ...]
    source_title: str
    source_url: str
    checked_on: dt.date | None


@dataclass(frozen=True)
class Plan:
    steps: tuple[PlanStep, ...]
    never_do: tuple[PlanItem, ...]
    guides: tuple[PlanGuide, ...]
    contacts: tuple[str, ...]  # contact keys, in the order the steps need them
    form_keys: tuple[str, ...]  # for catalogue suggestions in the aftercare phase

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.steps]

    def phases(self) -> list[tuple[str, list[PlanStep]]]:
        """Non-empty phases in order, each with its steps."""
        return [
            (p, [s for s in self.steps if s.phase == p])
            for p in PHASES
            if any(s.phase == p for s in self.steps)
        ]


# --------------------------------------------------------------------------- building
def _fill(text: str, words: SettingWords, lang: str) -> str:
    if "{" not in text:
        return text
    values = {
        "role": getattr(words, f"role_{lang}") or words.role_nl,
        "board": getattr(words, f"board_{lang}") or words.board_nl,
    }
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _words(rules: RuleSet, answers: Mapping) -> SettingWords:
    setting = answers.get("setting")
    return rules.settings.get(setting) or rules.settings[""]


def build_plan(answers: Mapping, rules: RuleSet) -> Plan:
    """The action plan for ``answers`` (missing questions count as unknown)."""
    evaluated: list[tuple[StepRule, int]] = []
    certain_codes: set[str] = set()
    for rule in rules.steps:
        value = c.evaluate(rule.when, answers)
        if value == c.TRUE or (value == c.MAYBE and not rule.certain_only):
            evaluated.append((rule, value))
            if value == c.TRUE:
                certain_codes.add(rule.code)
    words = _words(rules, answers)
    steps: list[PlanStep] = []
    contacts: list[str] = []
    for rule, value in evaluated:
        if certain_codes.intersection(rule.superseded_by):
            continue
        notes = tuple(
            PlanNote(_fill(n.text_nl, words, "nl"), _fill(n.text_en, words, "en"))
            for n in rule.notes
            if c.evaluate(n.when, answers) == c.TRUE
        )
        step_contacts = tuple(
            key for key, when in rule.contacts if c.evaluate(when, answers) != c.FALSE
        )
        for key in step_contacts:
            if key not in contacts:
                contacts.append(key)
        steps.append(
            PlanStep(
                code=rule.code,
                phase=rule.phase,
                certain=value == c.TRUE,
                title_nl=_fill(rule.title_nl, words, "nl"),
                title_en=_fill(rule.title_en, words, "en"),
                why_nl=_fill(rule.why_nl, words, "nl"),
                why_en=_fill(rule.why_en, words, "en"),
                how_nl=_fill(rule.how_nl, words, "nl"),
                how_en=_fill(rule.how_en, words, "en"),
                if_unsure_nl="" if value == c.TRUE else rule.if_unsure_nl,
                if_unsure_en="" if value == c.TRUE else rule.if_unsure_en,
                notes=notes,
                contacts=step_contacts,
                source_title=rule.source_title,
                source_url=rule.source_url,
                checked_on=rule.checked_on,
                more_sources=rule.more_sources,
            )
        )
    codes = {s.code for s in steps}
    never_do = tuple(
        PlanItem(n.key, n.text_nl, n.text_en, n.source_title, n.source_url)
        for n in rules.never_do
        if c.evaluate(n.when, answers) != c.FALSE
    )
    guides = tuple(
        PlanGuide(
            g.key,
            g.title_nl,
            g.title_en,
            g.intro_nl,
            g.intro_en,
            g.items_nl,
            g.items_en,
            g.source_title,
            g.source_url,
            g.checked_on,
        )
        for g in rules.guides
        if not g.show_with.isdisjoint(codes)
    )
    return Plan(tuple(steps), never_do, guides, tuple(contacts), tuple(form_keys(answers)))


def dependencies(answers: Mapping, open_questions: frozenset[str], rules: RuleSet) -> set[str]:
    """The open questions whose answer can still change the plan, given ``answers``.

    Sound by construction: every part of the plan (which steps, certain or not, notes,
    contacts, supersession, never-do items, guides, setting words, catalogue forms) is a
    function of rule conditions and placeholders; a question that occurs in none of the
    conditions after partial evaluation cannot change any of them.
    """
    found: set[str] = set()

    def add(node: c.Node) -> c.Node:
        rest = c.partial(node, answers, open_questions)
        found.update(c.questions_in(rest))
        return rest

    for rule in rules.steps:
        rest = add(rule.when)
        if rest == ("const", c.FALSE):
            continue
        for note in rule.notes:
            add(note.when)
        for _key, when in rule.contacts:
            add(when)
        texts = (
            rule.title_nl,
            rule.title_en,
            rule.why_nl,
            rule.why_en,
            rule.how_nl,
            rule.how_en,
            *(n.text_nl for n in rule.notes),
            *(n.text_en for n in rule.notes),
        )
        if any("{" in t for t in texts):
            found.add("setting")
    for item in rules.never_do:
        add(item.when)
    found.add("behaviour")  # catalogue suggestions follow the forms of behaviour
    return found & open_questions


# --------------------------------------------------------------------------- from data
def _text(value: Any, lang: str) -> str:
    if not value:
        return ""
    return (value.get(lang) or "") if isinstance(value, Mapping) else str(value)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _condition(raw: Any, where: str, problems: list[str]) -> c.Node:
    try:
        return c.compile_condition(c.validate(raw, where=where))
    except c.ConditionError as exc:
        problems.append(str(exc))
        return c.ALWAYS


def _check_placeholders(text: str, where: str, problems: list[str]) -> None:
    for name in _PLACEHOLDER.findall(text or ""):
        if name not in PLACEHOLDERS:
            problems.append(
                f"{where}: unknown placeholder {{{name}}}; use "
                + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            )


def _step_rule(data: Mapping, problems: list[str]) -> StepRule | None:
    code = data["code"]
    where = f"step '{code}'"
    if data["phase"] not in PHASES:
        problems.append(f"{where}: phase must be one of {', '.join(PHASES)}")
        return None
    when = _condition(data.get("when"), f"{where}: when", problems)
    unsure = (_text(data.get("if_unsure"), "nl"), _text(data.get("if_unsure"), "en"))
    if c.can_be_unsure(when) and not data.get("certain_only") and not unsure[0]:
        problems.append(
            f"{where}: an unknown answer can make this step uncertain; "
            "give an if_unsure text (or set certain_only)"
        )
    notes = []
    for i, note in enumerate(data.get("notes") or ()):
        notes.append(
            NoteRule(
                _condition(note.get("when"), f"{where}: notes[{i}].when", problems),
                _text(note["text"], "nl"),
                _text(note["text"], "en"),
            )
        )
        for lang in ("nl", "en"):
            _check_placeholders(
                _text(note["text"], lang), f"{where}: notes[{i}].text.{lang}", problems
            )
    contact_when = data.get("contact_when") or {}
    contacts = tuple(
        (key, _condition(contact_when.get(key), f"{where}: contact_when.{key}", problems))
        for key in data.get("contacts") or ()
    )
    for name in ("title", "why", "how"):
        for lang in ("nl", "en"):
            _check_placeholders(_text(data[name], lang), f"{where}: {name}.{lang}", problems)
    return StepRule(
        code=code,
        phase=data["phase"],
        order=data["order"],
        when=when,
        certain_only=bool(data.get("certain_only")),
        superseded_by=tuple(data.get("superseded_by") or ()),
        title_nl=_text(data["title"], "nl"),
        title_en=_text(data["title"], "en"),
        why_nl=_text(data["why"], "nl"),
        why_en=_text(data["why"], "en"),
        how_nl=_text(data["how"], "nl"),
        how_en=_text(data["how"], "en"),
        if_unsure_nl=unsure[0],
        if_unsure_en=unsure[1],
        notes=tuple(notes),
        contacts=contacts,
        source_title=data["source"]["title"],
        source_url=data["source"]["url"],
        checked_on=_date(data.get("checked_on")),
        more_sources=tuple((s["title"], s["url"]) for s in data.get("more_sources") or ()),
    )


def step_problems(data: Mapping) -> list[str]:
    """Problems of one step on its own (used by the admin's validation)."""
    problems: list[str] = []
    _step_rule(data, problems)
    return problems


def ruleset_from_data(
    *, questions: list[dict], steps: list[dict], never_do: list[dict], guides: list[dict]
) -> RuleSet:
    """Build and check a rule set from plain data (see ``selectors`` and ``content_schema``).

    Raises :class:`RuleSetError` listing every problem: questions that do not match the
    fixed ids and values, malformed conditions, unknown phases, placeholders or step codes,
    and steps that can become uncertain without an "if this applies" text.
    """
    problems: list[str] = []
    qs: list[Question] = []
    settings: dict[str, SettingWords] = {}
    for data in questions:
        key = data["key"]
        if key not in QUESTION_VALUES:
            problems.append(f"question '{key}': not one of {', '.join(QUESTION_VALUES)}")
            continue
        values = [o["value"] for o in data["options"]]
        if sorted(values) != sorted(QUESTION_VALUES[key]) or len(set(values)) != len(values):
            problems.append(
                f"question '{key}': options must be exactly "
                f"{', '.join(QUESTION_VALUES[key])} (got {', '.join(values)})"
            )
        options = tuple(
            Option(
                o["value"],
                _text(o.get("label"), "nl"),
                _text(o.get("label"), "en"),
                _text(o.get("hint"), "nl"),
                _text(o.get("hint"), "en"),
            )
            for o in data["options"]
        )
        if key == "setting":
            for o in data["options"]:
                if not o.get("role") or not o.get("board"):
                    problems.append(
                        f"question 'setting': option '{o['value']}' needs role and board"
                    )
                    continue
                settings[o["value"]] = SettingWords(
                    _text(o["role"], "nl"),
                    _text(o["role"], "en"),
                    _text(o["board"], "nl"),
                    _text(o["board"], "en"),
                )
            if not data.get("default_role") or not data.get("default_board"):
                problems.append("question 'setting': needs default_role and default_board")
            else:
                settings[""] = SettingWords(
                    _text(data["default_role"], "nl"),
                    _text(data["default_role"], "en"),
                    _text(data["default_board"], "nl"),
                    _text(data["default_board"], "en"),
                )
        qs.append(
            Question(
                key=key,
                order=data["order"],
                multiple=key in ("behaviour",),
                question_nl=_text(data["question"], "nl"),
                question_en=_text(data["question"], "en"),
                hint_nl=_text(data.get("hint"), "nl"),
                hint_en=_text(data.get("hint"), "en"),
                short_nl=_text(data["short"], "nl"),
                short_en=_text(data["short"], "en"),
                options=options,
            )
        )
    missing = set(QUESTION_VALUES) - {q.key for q in qs}
    if missing:
        problems.append(f"questions missing: {', '.join(sorted(missing))}")

    codes = {s["code"] for s in steps}
    step_rules: list[StepRule] = []
    for data in steps:
        for other in data.get("superseded_by") or ():
            if other not in codes:
                problems.append(f"step '{data['code']}': superseded_by: unknown step '{other}'")
        rule = _step_rule(data, problems)
        if rule is not None:
            step_rules.append(rule)
    step_rules.sort(key=lambda s: (PHASES.index(s.phase), s.order, s.code))

    never = [
        NeverDoRule(
            d["key"],
            d["order"],
            _condition(d.get("when"), f"never_do '{d['key']}': when", problems),
            _text(d["text"], "nl"),
            _text(d["text"], "en"),
            d["source"]["title"],
            d["source"]["url"],
        )
        for d in never_do
    ]
    never.sort(key=lambda n: (n.order, n.key))
    guide_rules = []
    for d in guides:
        for code in d.get("show_with") or ():
            if code not in codes:
                problems.append(f"guide '{d['key']}': show_with: unknown step '{code}'")
        guide_rules.append(
            GuideRule(
                d["key"],
                d["order"],
                frozenset(d.get("show_with") or ()),
                _text(d["title"], "nl"),
                _text(d["title"], "en"),
                _text(d.get("intro"), "nl"),
                _text(d.get("intro"), "en"),
                tuple((d["items"] or {}).get("nl") or ()),
                tuple((d["items"] or {}).get("en") or ()),
                d["source"]["title"],
                d["source"]["url"],
                _date(d.get("checked_on")),
            )
        )
    guide_rules.sort(key=lambda g: (g.order, g.key))
    if problems:
        raise RuleSetError(problems)
    return RuleSet(
        questions=tuple(sorted(qs, key=lambda q: (q.order, q.key))),
        steps=tuple(step_rules),
        never_do=tuple(never),
        guides=tuple(guide_rules),
        settings=settings,
        step_codes=frozenset(codes),
    )

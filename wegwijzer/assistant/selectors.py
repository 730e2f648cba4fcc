"""Reads for the assistant: the rule set (from the database, or from the content files), the
contacts a plan needs and catalogue suggestions. Nothing here writes anything."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from django.db.models import Prefetch

from wegwijzer.assistant import rules as r
from wegwijzer.assistant.models import (
    AssistantGuide,
    AssistantNeverDo,
    AssistantQuestion,
    AssistantStep,
)
from wegwijzer.core.models import ContentState

logger = logging.getLogger(__name__)

KIND_NAMES = ("assistant_questions", "assistant_steps", "assistant_never_do", "assistant_guides")


class AssistantUnavailable(Exception):
    """The rule set is missing or broken (content not loaded): show a safe fallback page."""


# --------------------------------------------------------------------------- model -> data
def _tt(nl: str, en: str) -> dict | None:
    return {"nl": nl, "en": en or None} if nl else None


def _source(obj) -> dict:
    return {"title": obj.source_title, "url": obj.source_url}


def question_data(q: AssistantQuestion) -> dict:
    return {
        "key": q.key,
        "order": q.order,
        "question": _tt(q.question_nl, q.question_en),
        "hint": _tt(q.hint_nl, q.hint_en),
        "short": _tt(q.short_nl, q.short_en),
        "options": q.options,
        "default_role": _tt(q.default_role_nl, q.default_role_en),
        "default_board": _tt(q.default_board_nl, q.default_board_en),
    }


def step_data(s: AssistantStep, *, contact_keys: list[str], superseded_by: list[str] = ()) -> dict:
    return {
        "code": s.key,
        "phase": s.phase,
        "order": s.order,
        "when": s.when,
        "certain_only": s.certain_only,
        "superseded_by": list(superseded_by),
        "title": _tt(s.title_nl, s.title_en),
        "why": _tt(s.why_nl, s.why_en),
        "how": _tt(s.how_nl, s.how_en),
        "if_unsure": _tt(s.if_unsure_nl, s.if_unsure_en),
        "notes": s.notes or [],
        "contacts": list(contact_keys),
        "contact_when": {k: v for k, v in (s.contact_when or {}).items() if k in contact_keys},
        "source": _source(s),
        "checked_on": s.checked_on,
        "more_sources": s.more_sources or [],
    }


def _ordered_contacts(step: AssistantStep) -> list[str]:
    linked = [c.key for c in step.contacts.all()]
    order = {key: i for i, key in enumerate(step.contact_order or [])}
    return sorted(linked, key=lambda k: (order.get(k, len(order)), linked.index(k)))


def ruleset_from_db() -> r.RuleSet:
    steps = list(
        AssistantStep.objects.prefetch_related(
            "contacts", Prefetch("superseded_by", queryset=AssistantStep.objects.only("key"))
        )
    )
    guides = AssistantGuide.objects.prefetch_related(
        Prefetch("show_with", queryset=AssistantStep.objects.only("key"))
    )
    return r.ruleset_from_data(
        questions=[question_data(q) for q in AssistantQuestion.objects.all()],
        steps=[
            step_data(
                s,
                contact_keys=_ordered_contacts(s),
                superseded_by=[o.key for o in s.superseded_by.all()],
            )
            for s in steps
        ],
        never_do=[
            {
                "key": n.key,
                "order": n.order,
                "when": n.when,
                "text": _tt(n.text_nl, n.text_en),
                "source": _source(n),
            }
            for n in AssistantNeverDo.objects.all()
        ],
        guides=[
            {
                "key": g.key,
                "order": g.order,
                "show_with": [s.key for s in g.show_with.all()],
                "title": _tt(g.title_nl, g.title_en),
                "intro": _tt(g.intro_nl, g.intro_en),
                "items": {"nl": g.items_nl, "en": g.items_en},
                "source": _source(g),
                "checked_on": g.checked_on,
            }
            for g in guides
        ],
    )


# --------------------------------------------------------------------------- files -> data
def ruleset_from_files(content_dir: Path) -> r.RuleSet:
    """The rule set straight from the YAML files: no database (tests, benchmarks)."""
    from wegwijzer.core import content

    kinds = {k.name: k for k in content.registered_kinds()}
    entries: dict[str, list[dict[str, Any]]] = {}
    for name in KIND_NAMES:
        parsed, problems = content.parse_file(kinds[name], content_dir / kinds[name].filename)
        if problems:
            raise content.ContentError(problems)
        entries[name] = [p.entry.model_dump(mode="json", warnings=False) for p in parsed]
    return r.ruleset_from_data(
        questions=entries["assistant_questions"],
        steps=[{**e, "code": e["key"]} for e in entries["assistant_steps"]],
        never_do=entries["assistant_never_do"],
        guides=entries["assistant_guides"],
    )


# --------------------------------------------------------------------------- current rules
_cache: dict[str, Any] = {}
_lock = threading.Lock()


def current_rules() -> r.RuleSet:
    """The rule set from the database, rebuilt only after content changed (admin or load)."""
    stamp = ContentState.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    with _lock:
        if _cache.get("stamp") == stamp and "rules" in _cache and stamp is not None:
            return _cache["rules"]
    try:
        rules = ruleset_from_db()
    except r.RuleSetError as exc:
        logger.error("assistant rule set is invalid: %s", "; ".join(exc.problems))
        raise AssistantUnavailable from exc
    if not rules.steps:
        raise AssistantUnavailable("no assistant content loaded")
    with _lock:
        _cache.update(stamp=stamp, rules=rules)
    return rules


def check_loaded_rules() -> None:
    """``after_load`` hook: the loaded rules must form a valid rule set, else roll back."""
    from wegwijzer.core.content import ContentError

    try:
        ruleset_from_db()
    except r.RuleSetError as exc:
        raise ContentError([f"assistant rules: {p}" for p in exc.problems]) from exc


# --------------------------------------------------------------------------- plan extras
def contacts_for(keys: list[str]) -> list:
    from wegwijzer.knowledge.selectors import contacts_by_key

    return contacts_by_key(list(keys))


def emergency_contacts():
    from wegwijzer.knowledge.selectors import emergency_contacts as emergency

    return emergency()


def tools_for(form_keys: list[str], *, limit: int = 5) -> list:
    """Catalogue suggestions for the aftercare phase; none while the catalogue is missing."""
    if not form_keys:
        return []
    try:
        from wegwijzer.catalog.selectors import tools_for_forms
    except ImportError:
        return []
    try:
        return list(tools_for_forms(form_keys=list(form_keys), limit=limit))
    except Exception:  # the plan must never fail because of a suggestion
        logger.exception("catalogue suggestions failed")
        return []

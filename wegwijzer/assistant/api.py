"""The incident assistant as JSON: ``GET /api/v1/assistant/plan``.

The parameters are the question ids with their values, exactly as in the web flow's
query strings (``behaviour`` may repeat). A missing parameter counts as ``unknown``; an
unknown value gives 400 naming the parameter and the allowed values. Texts come in Dutch,
or in English with ``lang=en`` or ``Accept-Language: en`` (a Dutch fallback is marked).
Nothing is stored or logged; the response is ``Cache-Control: no-store``.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from wegwijzer.assistant import flow, selectors
from wegwijzer.assistant.answers import (
    MULTIPLE,
    QUESTION_VALUES,
    UNKNOWN,
    is_unknown,
    parse_answers,
    query_pairs,
)
from wegwijzer.assistant.rules import PHASES, build_plan
from wegwijzer.core.decorators import public_view
from wegwijzer.core.i18n import pick

router = Router(tags=["assistant"])
LANGUAGES = ("nl", "en")

_DESCRIPTIONS = {
    "danger": "Is anyone in acute danger now (self-harm or suicide risk, threat of violence, "
    "a planned meeting with the other person)?",
    "behaviour": "The forms of behaviour; repeat for several (keys of /api/v1/forms, plus 'other')",
    "age": "Age of the young person it happened to",
    "other_party": "Who sent, asked, threatened or spread: another young person, an adult, "
    "someone working at or for the organisation, family",
    "images": "Sexual images: being spread further, existing but not known to be spread, none",
    "coercion": "Pressure, threats, blackmail, demands for money or more images",
    "offline_abuse": "Physical sexual violence too: in the last 7 days, earlier, no",
    "setting": "Where the professional works (names the right roles in the plan)",
    "source": "How the professional knows: the young person told, someone else reported, observed",
}


def _single(key: str):
    return Field(
        None,
        description=f"{_DESCRIPTIONS[key]}. Missing counts as 'unknown'.",
        json_schema_extra={"enum": list(QUESTION_VALUES[key])},
    )


class PlanQuery(Schema):
    danger: str | None = _single("danger")
    behaviour: list[str] | None = Field(
        None,
        description=_DESCRIPTIONS["behaviour"] + ". Missing counts as unknown.",
        json_schema_extra={"items": {"type": "string", "enum": list(QUESTION_VALUES["behaviour"])}},
    )
    age: str | None = _single("age")
    other_party: str | None = _single("other_party")
    images: str | None = _single("images")
    coercion: str | None = _single("coercion")
    offline_abuse: str | None = _single("offline_abuse")
    setting: str | None = _single("setting")
    source: str | None = _single("source")
    lang: str | None = Field(
        None,
        description="Language of the texts (default: Accept-Language, else nl)",
        json_schema_extra={"enum": list(LANGUAGES)},
    )


class SourceOut(Schema):
    title: str
    url: str


class StepOut(Schema):
    code: str = Field(description="Stable code of the step")
    phase: str = Field(json_schema_extra={"enum": list(PHASES)})
    certain: bool = Field(
        description="False when the step is included only because an answer "
        "is unknown; if_unsure then says when it applies"
    )
    title: str
    why: str
    how: str
    if_unsure: str | None
    notes: list[str]
    contacts: list[str] = Field(description="Keys of the contacts this step needs")
    source: SourceOut
    more_sources: list[SourceOut]
    checked_on: dt.date | None


class NeverDoOut(Schema):
    key: str
    text: str
    source: SourceOut


class GuideOut(Schema):
    key: str
    title: str
    intro: str | None
    items: list[str]
    source: SourceOut


class ContactOut(Schema):
    key: str
    name: str
    phone: str | None
    website: str | None
    purpose: str
    when_to_call: str
    hours: str | None
    emergency: bool


class ToolOut(Schema):
    key: str
    title: str
    url: str


class PlanOut(Schema):
    language: str = Field(json_schema_extra={"enum": list(LANGUAGES)})
    answers: dict[str, str | list[str]] = Field(
        description="The answers as understood; missing single answers show as 'unknown'"
    )
    unknown: list[str] = Field(
        description="Questions that matter for this plan but are unknown or missing: the plan "
        "is more careful for them"
    )
    steps: list[StepOut] = Field(description="In order: now, today, this_week, aftercare")
    never_do: list[NeverDoOut]
    guides: list[GuideOut] = Field(
        description="The Meldcode steps and afwegingskader, when they apply"
    )
    contacts: list[ContactOut] = Field(description="The contacts the steps need, with numbers")
    emergency_contacts: list[ContactOut] = Field(description="Always: 112 and Veilig Thuis")
    tools: list[ToolOut] = Field(description="Catalogue suggestions for the aftercare phase")
    web_url: str = Field(description="The same plan as a web page")


class Problem(Schema):
    parameter: str | None
    message: str
    value: str | None = None
    allowed: list[str] | None = None


class ProblemOut(Schema):
    detail: str
    errors: list[Problem]


def _t(obj, field: str) -> str:
    return str(pick(obj, field))


def _contact(c) -> dict:
    return {
        "key": c.key,
        "name": _t(c, "name"),
        "phone": c.phone or None,
        "website": c.website or None,
        "purpose": _t(c, "purpose"),
        "when_to_call": _t(c, "when_to_call"),
        "hours": _t(c, "hours") or None,
        "emergency": c.emergency,
    }


def _tool_url(request: HttpRequest, tool) -> str:
    try:
        return request.build_absolute_uri(reverse("catalog:detail", kwargs={"key": tool.key}))
    except NoReverseMatch:
        return ""


def _language(request: HttpRequest) -> str | Problem:
    lang = request.GET.get("lang")
    if lang is None:
        lang = translation.get_language_from_request(request).split("-")[0]
        return lang if lang in LANGUAGES else "nl"
    if lang not in LANGUAGES:
        return Problem(
            parameter="lang",
            value=lang,
            allowed=list(LANGUAGES),
            message=_("Unknown value %(value)r for %(parameter)s; allowed: %(allowed)s.")
            % {"value": lang, "parameter": "lang", "allowed": ", ".join(LANGUAGES)},
        )
    return lang


@router.get(
    "/plan",
    response={200: PlanOut, 400: ProblemOut, 503: ProblemOut},
    summary="Action plan for an incident",
    description=(
        "The incident assistant's action plan for the given answers: ordered steps (phases "
        "now, today, this_week, aftercare) with stable codes, the never-do list, the "
        "Meldcode guides where they apply, and the contacts with their numbers. Parameters "
        "are the question ids; a missing parameter counts as 'unknown', which makes the plan "
        "more careful. Unknown values give 400 naming the parameter and the allowed values. "
        "Nothing about the request is stored or logged."
    ),
)
@public_view
def plan(request: HttpRequest, response: HttpResponse, filters: Query[PlanQuery]):
    answers, errors = parse_answers(request.GET.getlist)
    problems = [
        Problem(
            parameter=e.parameter,
            value=e.value,
            allowed=list(e.allowed),
            message=(
                _("%(parameter)s takes one value; allowed: %(allowed)s.")
                if e.problem == "repeated"
                else _("Unknown value %(value)r for %(parameter)s; allowed: %(allowed)s.")
            )
            % {"value": e.value, "parameter": e.parameter, "allowed": ", ".join(e.allowed)},
        )
        for e in errors
    ]
    language = _language(request)
    if isinstance(language, Problem):
        problems.append(language)
    if problems:
        return Status(400, {"detail": _("Invalid parameter(s)."), "errors": problems})
    with translation.override(language):
        try:
            rules = selectors.current_rules()
        except selectors.AssistantUnavailable:
            raise HttpError(503, _("The assistant is not available right now.")) from None
        answers = flow.canonical(answers, rules)
        result = build_plan(answers, rules)
        contacts = selectors.contacts_for(list(result.contacts))
        tools = selectors.tools_for(list(result.form_keys))
        understood: dict[str, str | list[str]] = {}
        for key, allowed in QUESTION_VALUES.items():
            if key in MULTIPLE:
                understood[key] = [v for v in allowed if v in answers.get(key, ())]
            else:
                understood[key] = answers.get(key, UNKNOWN)
        body = {
            "language": language,
            "answers": understood,
            "unknown": [k for k in flow.asked_questions(answers, rules) if is_unknown(answers, k)],
            "steps": [
                {
                    "code": s.code,
                    "phase": s.phase,
                    "certain": s.certain,
                    "title": _t(s, "title"),
                    "why": _t(s, "why"),
                    "how": _t(s, "how"),
                    "if_unsure": _t(s, "if_unsure") or None,
                    "notes": [_t(n, "text") for n in s.notes],
                    "contacts": list(s.contacts),
                    "source": {"title": s.source_title, "url": s.source_url},
                    "more_sources": [{"title": t, "url": u} for t, u in s.more_sources],
                    "checked_on": s.checked_on,
                }
                for s in result.steps
            ],
            "never_do": [
                {
                    "key": n.key,
                    "text": _t(n, "text"),
                    "source": {"title": n.source_title, "url": n.source_url},
                }
                for n in result.never_do
            ],
            "guides": [
                {
                    "key": g.key,
                    "title": _t(g, "title"),
                    "intro": _t(g, "intro") or None,
                    "items": list(pick(g, "items").text or []),
                    "source": {"title": g.source_title, "url": g.source_url},
                }
                for g in result.guides
            ],
            "contacts": [_contact(c) for c in contacts],
            "emergency_contacts": [_contact(c) for c in selectors.emergency_contacts()],
            "tools": [
                {"key": t.key, "title": _t(t, "title"), "url": _tool_url(request, t)} for t in tools
            ],
        }
        query = urlencode(query_pairs(answers))
        body["web_url"] = request.build_absolute_uri(
            reverse("assistant:plan") + (f"?{query}" if query else "")
        )
    response["Content-Language"] = language
    return Status(200, body)

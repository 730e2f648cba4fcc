"""The incident assistant's pages: questions, "check your answers", the plan and its download.

All pages are GET forms: the answers live only in the query string (no session, no
cookies, no database, no CSRF), so the flow works without JavaScript and nothing about an
incident is kept on the server. Responses are ``Cache-Control: no-store`` (the default for
views that are not ``public_page``); ``public_view`` marks them as public on purpose.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wegwijzer.assistant import flow, selectors
from wegwijzer.assistant.answers import (
    MULTIPLE,
    QUESTION_VALUES,
    UNKNOWN,
    AnswerError,
    is_unknown,
    parse_answers,
    query_pairs,
)
from wegwijzer.assistant.models import Phase
from wegwijzer.assistant.rules import RuleSet, build_plan
from wegwijzer.core.decorators import public_view
from wegwijzer.core.i18n import pick

ANSWERED = "answered"  # hidden field: the question this form answers (marks a submit)
CHANGE = "change"  # "1": after answering, go back to the check page


# --------------------------------------------------------------------------- helpers
def _query(pairs: list[tuple[str, str]]) -> str:
    return "?" + urlencode(pairs) if pairs else ""


def question_url(rules: RuleSet, key: str, answers, *, change: bool = False) -> str:
    path = (
        reverse("assistant:start")
        if key == rules.questions[0].key
        else reverse("assistant:question", kwargs={"key": key})
    )
    return path + _query(query_pairs(answers) + ([(CHANGE, "1")] if change else []))


def check_url(answers) -> str:
    return reverse("assistant:check") + _query(query_pairs(answers))


def plan_url(answers) -> str:
    return reverse("assistant:plan") + _query(query_pairs(answers))


def _next_url(rules: RuleSet, answers, *, change: bool) -> str:
    answers = flow.canonical(answers, rules)
    following = None if change else flow.next_question(answers, rules)
    return question_url(rules, following, answers) if following else check_url(answers)


def _base_context() -> dict:
    return {"emergency_contacts": selectors.emergency_contacts()}


def _unavailable(request: HttpRequest) -> HttpResponse:
    return render(request, "assistant/unavailable.html", _base_context(), status=503)


def _bad_answers(request: HttpRequest, rules: RuleSet, errors: list[AnswerError]) -> HttpResponse:
    problems = []
    for error in errors:
        question = rules.question(error.parameter)
        problems.append(
            {
                "question": pick(question, "short"),
                "parameter": error.parameter,
                "value": error.value,
                "allowed": ", ".join(error.allowed),
                "repeated": error.problem == "repeated",
            }
        )
    return render(
        request, "assistant/bad_answers.html", {**_base_context(), "problems": problems}, status=400
    )


def _state(request: HttpRequest) -> tuple[RuleSet, dict] | HttpResponse:
    """The rule set and the answers from the query string, or an error page."""
    try:
        rules = selectors.current_rules()
    except selectors.AssistantUnavailable:
        return _unavailable(request)
    answers, errors = parse_answers(request.GET.getlist)
    if errors:
        return _bad_answers(request, rules, errors)
    return rules, answers


def _answer_text(rules: RuleSet, key: str, answers) -> list:
    """The chosen options' labels (objects for ``{% t %}``), or [] when not answered."""
    question = rules.question(key)
    value = answers.get(key)
    if value is None:
        return []
    values = sorted(value, key=QUESTION_VALUES[key].index) if key in MULTIPLE else [value]
    return [question.option(v) for v in values if question.option(v)]


def _summary(rules: RuleSet, answers) -> list[dict]:
    rows = []
    for key in flow.asked_questions(answers, rules):
        rows.append(
            {
                "key": key,
                "question": rules.question(key),
                "answers": _answer_text(rules, key, answers),
                "answered": key in answers,
                "change_url": question_url(rules, key, answers, change=True),
            }
        )
    return rows


# --------------------------------------------------------------------------- questions
@public_view
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """The first page: the first question, with what the assistant does and keeps."""
    state = _state(request)
    if isinstance(state, HttpResponse):
        return state
    rules, answers = state
    return _question(request, rules, answers, rules.questions[0].key)


@public_view
@require_safe
def question(request: HttpRequest, key: str) -> HttpResponse:
    state = _state(request)
    if isinstance(state, HttpResponse):
        return state
    rules, answers = state
    if key not in QUESTION_VALUES:
        raise Http404
    if key == rules.questions[0].key:
        query = request.GET.urlencode()
        return HttpResponseRedirect(reverse("assistant:start") + (f"?{query}" if query else ""))
    return _question(request, rules, answers, key)


def _question(request: HttpRequest, rules: RuleSet, answers: dict, key: str) -> HttpResponse:
    change = request.GET.get(CHANGE) == "1"
    submitted = request.GET.get(ANSWERED) == key
    if submitted and key in answers:
        return HttpResponseRedirect(_next_url(rules, answers, change=change))
    asked = flow.asked_questions(answers, rules)
    if key not in asked:
        # Not needed for these answers (for example after a change): go on.
        return HttpResponseRedirect(_next_url(rules, answers, change=change))
    question = rules.question(key)
    error = ""
    if submitted:
        error = _("Choose at least one answer.") if question.multiple else _("Choose an answer.")
    chosen = answers.get(key)
    chosen = set(chosen or ()) if key in MULTIPLE else ({chosen} if chosen else set())
    options = [
        {
            "option": o,
            "id": f"{key}-{o.value}".replace("_", "-"),
            "checked": o.value in chosen,
            "divider": o.value == UNKNOWN,
        }
        for o in question.options
    ]
    previous = flow.previous_question(key, answers, rules)
    if change:
        back_url = check_url(flow.canonical(answers, rules))
    elif previous:
        back_url = question_url(rules, previous, answers)
    else:
        back_url = reverse("knowledge:home")
    hidden = query_pairs(answers, exclude=[key]) + [(ANSWERED, key)]
    if change:
        hidden.append((CHANGE, "1"))
    position = asked.index(key) + 1
    context = {
        **_base_context(),
        "question": question,
        "options": options,
        "error": error,
        "hidden": hidden,
        "action": question_url(rules, key, {}),
        "back_url": back_url,
        "is_first": key == rules.questions[0].key,
        "position": position,
        "total": len(asked),
        "skip_url": plan_url(flow.canonical(answers, rules)) if position > 1 else "",
        "has_answers": bool(answers),
    }
    return render(request, "assistant/question.html", context)


# --------------------------------------------------------------------------- check page
@public_view
@require_safe
def check(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if isinstance(state, HttpResponse):
        return state
    rules, answers = state
    answers = flow.canonical(answers, rules)
    asked = flow.asked_questions(answers, rules)
    following = flow.next_question(answers, rules)
    context = {
        **_base_context(),
        "rows": _summary(rules, answers),
        "plan_url": plan_url(answers),
        "back_url": question_url(rules, asked[-1], answers)
        if asked
        else reverse("assistant:start"),
        "continue_url": question_url(rules, following, answers) if following else "",
        "skipped": len(rules.questions) - len(asked),
    }
    return render(request, "assistant/check.html", context)


# --------------------------------------------------------------------------- the plan
def _tool_links(tools: list) -> list[dict]:
    links = []
    for tool in tools:
        try:
            url = reverse("catalog:detail", kwargs={"key": tool.key})
        except NoReverseMatch:
            url = ""
        links.append({"tool": tool, "url": url})
    return links


def plan_context(request: HttpRequest, rules: RuleSet, answers: dict) -> dict:
    answers = flow.canonical(answers, rules)
    plan = build_plan(answers, rules)
    contacts = {c.key: c for c in selectors.contacts_for(list(plan.contacts))}
    labels = dict(Phase.choices)
    sections, number = [], 1
    for phase, steps in plan.phases():
        items = [
            {
                "step": step,
                "number": number + i,
                "contacts": [contacts[k] for k in step.contacts if k in contacts],
            }
            for i, step in enumerate(steps)
        ]
        sections.append({"phase": phase, "label": labels[phase], "start": number, "items": items})
        number += len(steps)
    asked = flow.asked_questions(answers, rules)
    unknown = [rules.question(k) for k in asked if is_unknown(answers, k)]
    following = flow.next_question(answers, rules)
    return {
        **_base_context(),
        "plan": plan,
        "sections": sections,
        "contacts": [contacts[k] for k in plan.contacts if k in contacts],
        "tools": _tool_links(selectors.tools_for(list(plan.form_keys))),
        "rows": _summary(rules, answers),
        "unknown": unknown,
        "continue_url": question_url(rules, following, answers) if following else "",
        "check_url": check_url(answers),
        "download_url": reverse("assistant:download") + _query(query_pairs(answers)),
        "start_url": request.build_absolute_uri(reverse("assistant:start")),
        "site_root": request.build_absolute_uri("/").rstrip("/"),
        "created": timezone.localtime(),
    }


@public_view
@require_safe
def plan(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if isinstance(state, HttpResponse):
        return state
    rules, answers = state
    return render(request, "assistant/plan.html", plan_context(request, rules, answers))


@public_view
@require_safe
def download(request: HttpRequest) -> HttpResponse:
    """The plan as one self-contained HTML file (styles inside, no scripts, no app needed)."""
    state = _state(request)
    if isinstance(state, HttpResponse):
        return state
    rules, answers = state
    context = plan_context(request, rules, answers)
    html = render_to_string("assistant/plan_download.html", context, request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    filename = f"wegwijzer-stappenplan-{context['created']:%Y-%m-%d}.html"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

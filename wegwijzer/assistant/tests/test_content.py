"""The assistant's content files: valid, loaded, equal to what the pure rules read from the
files, and every kind of mistake is reported with file and line and writes nothing."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from wegwijzer.assistant import models as m
from wegwijzer.assistant.answers import QUESTION_VALUES
from wegwijzer.assistant.selectors import current_rules, ruleset_from_db, ruleset_from_files
from wegwijzer.core import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_dir(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, target)
    return target


def _fails(content_dir: Path) -> str:
    before = list(m.AssistantStep.objects.values_list("key", "when", "updated_at"))
    with pytest.raises(CommandError) as exc:
        call_command("load_content", dir=content_dir, verbosity=0)
    assert list(m.AssistantStep.objects.values_list("key", "when", "updated_at")) == before
    return str(exc.value)


def _edit(content_dir: Path, name: str, old: str, new: str) -> None:
    path = content_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_content_is_loaded(rules):
    assert m.AssistantQuestion.objects.count() == len(QUESTION_VALUES) == 9
    assert m.AssistantStep.objects.count() == len(rules.steps) >= 20
    assert m.AssistantNeverDo.objects.exists() and m.AssistantGuide.objects.count() == 2
    step = m.AssistantStep.objects.get(key="aftercare_follow_up")
    assert step.review_by == step.checked_on.replace(year=step.checked_on.year + 1)


def test_database_and_files_give_the_same_rules():
    assert ruleset_from_db() == ruleset_from_files(settings.CONTENT_DIR)
    assert current_rules() == ruleset_from_db()


def test_loading_twice_changes_nothing(content_dir, capsys):
    call_command("load_content", dir=content_dir)
    out = capsys.readouterr().out
    assert "assistant_steps: 0 created, 0 updated" in out
    assert "assistant_questions: 0 created, 0 updated, 9 unchanged" in out


def test_an_edited_text_is_updated_and_the_rules_follow(content_dir):
    _edit(content_dir, "assistant_steps.yaml", "nl: Bel 112\n", "nl: Bel direct 112\n")
    call_command("load_content", dir=content_dir, verbosity=0)
    assert m.AssistantStep.objects.get(key="call_112").title_nl == "Bel direct 112"
    call_112 = next(s for s in current_rules().steps if s.code == "call_112")
    assert call_112.title_nl == "Bel direct 112"


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "assistant_steps.yaml",
            'when: {danger: ["yes"]}',
            "when: {danger: [yes]}",
            'write "yes" or "no" in quotes',
        ),
        (
            "assistant_steps.yaml",
            'when: {danger: ["yes"]}',
            'when: {danger: ["maybe"]}',
            "value 'maybe' is not allowed; allowed: yes, no, unknown",
        ),
        (
            "assistant_steps.yaml",
            'when: {danger: ["yes"]}',
            'when: {dangerous: ["yes"]}',
            "unknown question or operator 'dangerous'",
        ),
        (
            "assistant_steps.yaml",
            'when: {age: [under_12, "12_15", "16_17", unknown]}',
            'when: {age: [under_12, 12_15, "16_17", unknown]}',
            "write 1215 in quotes",
        ),
        (
            "assistant_steps.yaml",
            "not: {behaviour: [sextortion,",
            "not: {behaviour: [unknown, sextortion,",
            "'unknown' may not be used inside 'not'",
        ),
        (
            "assistant_steps.yaml",
            "    phase: now\n    order: 0\n",
            "    phase: soon\n    order: 0\n",
            "phase",
        ),
        (
            "assistant_steps.yaml",
            "    if_unsure:\n      nl: Doe dit als het kan gaan om iemand die bij",
            "    notes_unsure:\n      nl: Doe dit als het kan gaan om iemand die bij",
            "unknown key",
        ),
        (
            "assistant_steps.yaml",
            "title:\n      nl: Meld het meteen bij {board}",
            "title:\n      nl: Meld het meteen bij {bestuur}",
            "unknown placeholder {bestuur}",
        ),
        (
            "assistant_steps.yaml",
            "    superseded_by: [report_veilig_thuis]",
            "    superseded_by: [report_veilig_thuiss]",
            "unknown assistant_steps key",
        ),
        (
            "assistant_steps.yaml",
            "    contacts: [centrum_seksueel_geweld]",
            "    contacts: [centrum_seksueel_gewelt]",
            "unknown contacts key",
        ),
        (
            "assistant_questions.yaml",
            "      - value: spreading\n",
            "      - value: shared\n",
            "options must be exactly",
        ),
        (
            "assistant_guides.yaml",
            "show_with: [report_veilig_thuis,",
            "show_with: [report_thuis,",
            "unknown assistant_steps key",
        ),
    ],
)
def test_mistakes_are_reported_with_file_and_line(content_dir, file, old, new, message):
    _edit(content_dir, file, old, new)
    error = _fails(content_dir)
    assert f"{file}:" in error
    assert message in error


def test_uncertain_step_needs_an_if_unsure_text(content_dir):
    _edit(
        content_dir,
        "assistant_steps.yaml",
        "    if_unsure:\n      nl: Doe dit als beelden verder verspreid worden.\n"
        "      en: Do this if images are being shared further.\n",
        "",
    )
    error = _fails(content_dir)
    assert "assistant_steps.yaml:" in error and "give an if_unsure text" in error


def test_a_missing_question_is_refused(content_dir, client):
    """Entries only in the database are kept by the loader; a fresh database without the
    question must refuse the files, and the pages fall back to a safe page."""
    path = content_dir / "assistant_questions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - key: source\n")], encoding="utf-8")
    m.AssistantQuestion.objects.filter(key="source").delete()
    response = client.get("/er-is-iets-gebeurd/")
    assert response.status_code == 503
    assert "112" in response.content.decode()
    error = _fails(content_dir)
    assert "questions missing: source" in error


def _admin_form(model, instance, **changes):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = type(
        "Super", (), {"is_superuser": True, "is_active": True, "has_perm": lambda *a: True}
    )()
    form_class = model_admin.get_form(request, instance)
    initial = {
        name: form_class.base_fields[name].prepare_value(getattr(instance, name))
        if hasattr(instance, name)
        else None
        for name in form_class.base_fields
    }
    initial["contacts"] = (
        [c.pk for c in instance.contacts.all()] if model is m.AssistantStep else None
    )
    if model is m.AssistantStep:
        initial["superseded_by"] = [s.pk for s in instance.superseded_by.all()]
    data = {k: v for k, v in {**initial, **changes}.items() if v is not None}
    return form_class(data=data, instance=instance)


def test_admin_accepts_a_valid_edit_and_refuses_a_bad_condition():
    def step():
        return m.AssistantStep.objects.get(key="address_bystanders")

    form = _admin_form(m.AssistantStep, step(), title_nl="Spreek de omstanders meteen aan")
    assert form.is_valid(), form.errors
    form = _admin_form(m.AssistantStep, step(), when='{"images": ["everywhere"]}')
    assert not form.is_valid()
    assert "everywhere" in str(form.errors)
    form = _admin_form(m.AssistantStep, step(), if_unsure_nl="")
    assert not form.is_valid()
    assert "if_unsure" in str(form.errors)


def test_admin_refuses_changed_option_values_and_cannot_add_or_delete_questions():
    question = m.AssistantQuestion.objects.get(key="danger")
    options = [*question.options[:2], {"value": "maybe", "label": {"nl": "Misschien"}}]
    form = _admin_form(m.AssistantQuestion, question, options=__import__("json").dumps(options))
    assert not form.is_valid()
    assert "options must be exactly" in str(form.errors)
    model_admin = admin.site._registry[m.AssistantQuestion]
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_delete_permission(None)


def test_admin_refuses_a_bad_never_do_condition():
    item = m.AssistantNeverDo.objects.get(key="never_pay")
    form = _admin_form(m.AssistantNeverDo, item, when='{"coercion": [true]}')
    assert not form.is_valid()
    assert "in quotes" in str(form.errors)


def test_rules_in_the_database_are_used_after_an_admin_edit(client):
    step = m.AssistantStep.objects.get(key="record_incident")
    step.title_nl = "Schrijf alles op"
    step.save()
    html = client.get("/er-is-iets-gebeurd/plan/?danger=no").content.decode()
    assert "Schrijf alles op" in html


def test_overdue_review_is_listed_for_editors():
    from wegwijzer.core.admin_site import overdue_entries

    step = m.AssistantStep.objects.get(key="consider_halt")
    step.review_by = step.checked_on.replace(year=2000) if step.checked_on.year > 2000 else None
    step.checked_on = step.checked_on.replace(year=1999)
    step.save()
    assert any(r["object"] == step for r in overdue_entries())


def test_content_kinds_are_registered():
    names = {k.name for k in content.registered_kinds()}
    assert {
        "assistant_questions",
        "assistant_steps",
        "assistant_never_do",
        "assistant_guides",
    } <= names

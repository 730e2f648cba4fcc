"""The content loader: validation names file, line and entry; failure writes nothing;
loading twice is idempotent and reports what changed."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from wegwijzer.core import content
from wegwijzer.knowledge.models import FormOfBehaviour, HelpContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_dir(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, target)
    return target


def _snapshot():
    return (
        list(FormOfBehaviour.objects.order_by("key").values_list("key", "name_nl", "updated_at")),
        list(HelpContact.objects.order_by("key").values_list("key", "phone", "updated_at")),
    )


def _load_fails(content_dir: Path) -> str:
    before = _snapshot()
    with pytest.raises(CommandError) as exc:
        call_command("load_content", dir=content_dir, verbosity=0)
    assert _snapshot() == before, "a failed load must leave the database unchanged"
    return str(exc.value)


def test_shipped_content_is_valid_and_loaded():
    parsed = content.parse_all(settings.CONTENT_DIR)
    assert len(parsed["forms"]) == 9
    assert FormOfBehaviour.objects.count() == 9
    assert HelpContact.objects.filter(emergency=True).count() >= 2


def test_second_load_reports_everything_unchanged(content_dir, capsys):
    call_command("load_content", dir=content_dir)
    out = capsys.readouterr().out
    assert "forms: 0 created, 0 updated, 9 unchanged" in out


def test_changed_entry_is_updated_not_duplicated(content_dir, capsys):
    path = content_dir / "forms.yaml"
    text = path.read_text(encoding="utf-8")
    form = FormOfBehaviour.objects.get(key="sextortion")
    assert form.name_nl in text
    path.write_text(
        text.replace(f"nl: {form.name_nl}\n", "nl: Sextortion (afpersing)\n", 1), encoding="utf-8"
    )
    call_command("load_content", dir=content_dir)
    assert "forms: 0 created, 1 updated, 8 unchanged" in capsys.readouterr().out
    assert FormOfBehaviour.objects.filter(key="sextortion").count() == 1
    assert FormOfBehaviour.objects.get(key="sextortion").name_nl == "Sextortion (afpersing)"


def test_yaml_syntax_error_names_file_and_line(content_dir):
    path = content_dir / "contacts.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - key: [broken\n", encoding="utf-8")
    message = _load_fails(content_dir)
    assert "contacts.yaml:" in message
    assert "YAML syntax error" in message


def test_missing_required_field_names_file_entry_and_field(content_dir):
    path = content_dir / "forms.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # drop the first 'checked_on' line of the file: it belongs to the first entry
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("checked_on:"))
    del lines[index]
    path.write_text("".join(lines), encoding="utf-8")
    message = _load_fails(content_dir)
    first_key = yaml.safe_load(path.read_text(encoding="utf-8"))["items"][0]["key"]
    assert "forms.yaml:" in message
    assert f"entry '{first_key}'" in message
    assert "checked_on: required field is missing" in message


def test_unknown_key_is_rejected(content_dir):
    path = content_dir / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - key: ", "  - colour: red\n    key: ", 1), encoding="utf-8")
    message = _load_fails(content_dir)
    assert "facts.yaml:" in message
    assert "colour: unknown key" in message


def test_unknown_reference_is_rejected(content_dir):
    path = content_dir / "forms.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("related: [", "related: [no_such_form, ", 1), encoding="utf-8")
    message = _load_fails(content_dir)
    assert "unknown forms key 'no_such_form'" in message


def test_missing_dutch_text_is_rejected(content_dir):
    path = content_dir / "signals.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("title: {nl: ", "title: {xx: ", 1).replace(
            "title:\n      nl:", "title:\n      xx:", 1
        ),
        encoding="utf-8",
    )
    message = _load_fails(content_dir)
    assert "signals.yaml:" in message and "title.nl" in message


def test_invalid_entry_in_one_file_keeps_all_other_files_unloaded(content_dir):
    (content_dir / "organisations.yaml").write_text(
        (content_dir / "organisations.yaml")
        .read_text(encoding="utf-8")
        .replace("  - key: ", "  - key: BAD KEY\n    name_x: 1\n  - key: ", 1),
        encoding="utf-8",
    )
    FormOfBehaviour.objects.filter(key="grooming").update(name_nl="changed in admin")
    message = _load_fails(content_dir)
    assert "organisations.yaml" in message
    assert FormOfBehaviour.objects.get(key="grooming").name_nl == "changed in admin"


def test_every_fact_contact_and_form_has_source_and_check_date():
    for model in (FormOfBehaviour, HelpContact):
        for obj in model.objects.all():
            assert obj.source_url.startswith("https://"), obj.key
            assert obj.source_title and obj.checked_on and obj.review_by > obj.checked_on


def test_shipped_content_contains_nothing_marked_unverified():
    for path in Path(settings.CONTENT_DIR).glob("*.yaml"):
        assert "UNVERIFIED" not in path.read_text(encoding="utf-8").upper(), path.name

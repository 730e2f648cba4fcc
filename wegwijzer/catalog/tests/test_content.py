"""Rules for the shipped tools (content/tools.yaml), on top of the schema checks."""

import datetime as dt

import pytest
from pydantic import ValidationError

from wegwijzer.catalog.content_schema import ToolEntry
from wegwijzer.catalog.models import Basis, Status, Tool

pytestmark = pytest.mark.django_db


def test_at_least_thirty_real_tools_are_shipped():
    assert Tool.objects.filter(status=Status.CURRENT).count() >= 30


def test_every_tool_has_provider_link_source_and_check_date():
    for tool in Tool.objects.prefetch_related("providers"):
        assert tool.providers.exists(), tool.key
        assert tool.link.startswith(("https://", "http://")), tool.key
        assert tool.source_url.startswith("https://"), tool.key
        assert tool.source_title, tool.key
        assert tool.checked_on == dt.date(2026, 11, 22), tool.key
        assert tool.summary_en and tool.description_en, tool.key


def test_recognised_tools_name_body_and_level():
    for tool in Tool.objects.filter(basis=Basis.ONDERBOUWING):
        assert tool.recognition_body and tool.recognition_level, tool.key
        assert "niet erkend" not in tool.recognition_level.lower(), tool.key


def test_not_recognised_tools_show_that_status_with_the_reason():
    not_recognised = Tool.objects.filter(recognition_level__icontains="niet erkend")
    assert not_recognised.exists()
    for tool in not_recognised:
        assert tool.basis != Basis.ONDERBOUWING
        assert tool.recognition_note_nl


BASE = {
    "key": "x",
    "title": {"nl": "X"},
    "providers": ["rutgers"],
    "summary": {"nl": "s"},
    "description": {"nl": "d"},
    "kind": "website",
    "audiences": ["staff"],
    "basis": "ervaring",
    "link": "https://example.org/",
    "source": {"title": "t", "url": "https://example.org/"},
    "checked_on": "2026-11-22",
}


@pytest.mark.parametrize(
    "change",
    [
        {"basis": "onderbouwing"},  # recognised without a body and level
        {
            "basis": "onderbouwing",
            "recognition_body": "NJi",
            "recognition_level": "Niet erkend",
            "recognition_note": {"nl": "reden"},
        },
        {"recognition_body": "NJi", "recognition_level": "Niet erkend"},  # no reason
        {"recognition_level": "Goed onderbouwd"},  # no body
        {"age_min": 15, "age_max": 13},
        {"audiences": []},
        {"audiences": ["kids"]},
        {"settings": ["vo", "vo"]},
        {"providers": []},
        {"kind": "book"},
        {"cost": "cheap"},
        {"link": "not a url"},
        {"unknown_field": 1},
    ],
)
def test_schema_refuses_inconsistent_entries(change):
    with pytest.raises(ValidationError):
        ToolEntry.model_validate({**BASE, **change})


def test_schema_sorts_facet_values_into_choice_order():
    entry = ToolEntry.model_validate(
        {**BASE, "settings": ["mbo", "po"], "audiences": ["parents", "pupils"]}
    )
    assert entry.settings == ["po", "mbo"]
    assert entry.audiences == ["pupils", "parents"]

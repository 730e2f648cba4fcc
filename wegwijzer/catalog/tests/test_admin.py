"""The tool admin (Dutch): list with filters, change form with every field, saving."""

import pytest
from django.test import Client
from django.urls import reverse

from wegwijzer.accounts.testing import login_verified, make_user
from wegwijzer.catalog.filters import ToolQuery
from wegwijzer.catalog.models import Tool
from wegwijzer.catalog.selectors import filtered_tools

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return login_verified(Client(), make_user(is_staff=True, is_superuser=True))


def test_changelist_with_filters(admin):
    url = reverse("admin:catalog_tool_changelist")
    response = admin.get(url + "?basis__exact=onderbouwing&review=ok")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kriebels in je buik" in html
    assert "Marietje Kessels Project" not in html
    assert "controle" in html.lower() or "review" in html.lower()


def test_change_form_shows_every_field_and_saves(admin):
    tool = Tool.objects.get(key="girls_choice")
    url = reverse("admin:catalog_tool_change", args=[tool.pk])
    response = admin.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    for name in (
        "title_nl",
        "providers",
        "summary_nl",
        "description_nl",
        "kind",
        "audiences",
        "settings",
        "age_min",
        "age_max",
        "forms",
        "basis",
        "recognition_body",
        "recognition_level",
        "recognition_date",
        "recognition_note_nl",
        "cost",
        "cost_note_nl",
        "duration_nl",
        "languages",
        "link",
        "status",
        "source_url",
        "checked_on",
        "review_by",
    ):
        assert name in form.fields, name
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("providers", "forms"):
            value = [o.pk for o in value] if value else []
        if value is None:
            value = ""
        data[name] = value
    data.update(
        {
            "settings": ["po", "vo"],
            "title_nl": "Girls' Choice zzbewerkt",
            "languages": '["nl"]',
            "recognition_date": "2019-04-11",
            "checked_on": "2026-11-22",
            "review_by": "2027-11-22",
        }
    )
    data = {k: v for k, v in data.items() if v != ""}
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tool.refresh_from_db()
    assert tool.settings == ["po", "vo"]
    assert tool.title_nl == "Girls' Choice zzbewerkt"
    assert [t.key for t in filtered_tools(query=ToolQuery(q="zzbewerkt"))] == ["girls_choice"]

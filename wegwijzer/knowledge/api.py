"""Open data: organisations and forms of behaviour (/api/v1/organisations, /api/v1/forms)."""

from __future__ import annotations

from ninja import Router, Schema

from wegwijzer.core.decorators import public_view
from wegwijzer.knowledge.models import FormOfBehaviour, Organisation

organisations_router = Router(tags=["organisations"])
forms_router = Router(tags=["forms of behaviour"])


class Text(Schema):
    nl: str
    en: str | None = None


class TextList(Schema):
    nl: list[str]
    en: list[str]


class SourceOut(Schema):
    title: str
    url: str


class OrganisationOut(Schema):
    key: str
    name: str
    description: Text
    website: str
    tools: list[str]
    source: SourceOut
    checked_on: str


class FormOut(Schema):
    key: str
    group: str
    name: Text
    summary: Text
    definition: Text
    synonyms: TextList
    related: list[str]
    tools: list[str]
    source: SourceOut
    checked_on: str


def _text(obj, field: str) -> dict:
    return {"nl": getattr(obj, f"{field}_nl"), "en": getattr(obj, f"{field}_en") or None}


def _current_tool_keys(obj) -> list[str]:
    return sorted(t.key for t in obj.tools.all() if t.status == "current")


@organisations_router.get(
    "", response=list[OrganisationOut], url_name="organisations", summary="All organisations"
)
@public_view
def list_organisations(request):
    """Organisations behind the tools and help contacts, with the keys of their current
    tools."""
    return [
        {
            "key": o.key,
            "name": o.name,
            "description": _text(o, "description"),
            "website": o.website,
            "tools": _current_tool_keys(o),
            "source": {"title": o.source_title, "url": o.source_url},
            "checked_on": o.checked_on.isoformat(),
        }
        for o in Organisation.objects.prefetch_related("tools")
    ]


@forms_router.get(
    "", response=list[FormOut], url_name="forms", summary="Forms of behaviour with synonyms"
)
@public_view
def list_forms(request):
    """The forms of online sexual boundary-crossing behaviour, with the synonyms that the
    catalogue search uses and the keys of the current tools that address each form."""
    return [
        {
            "key": f.key,
            "group": f.group,
            "name": _text(f, "name"),
            "summary": _text(f, "summary"),
            "definition": _text(f, "definition"),
            "synonyms": {"nl": list(f.synonyms_nl or []), "en": list(f.synonyms_en or [])},
            "related": sorted(r.key for r in f.related.all()),
            "tools": _current_tool_keys(f),
            "source": {"title": f.source_title, "url": f.source_url},
            "checked_on": f.checked_on.isoformat(),
        }
        for f in FormOfBehaviour.objects.prefetch_related("related", "tools")
    ]

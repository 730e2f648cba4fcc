"""Reads for the knowledge base. Views call these, never the ORM directly."""

from django.db.models import QuerySet
from django.http import Http404

from wegwijzer.knowledge.models import (
    Fact,
    FormGroup,
    FormOfBehaviour,
    HelpContact,
    Organisation,
    Signal,
    SignalKind,
)


def forms_by_group() -> list[tuple[str, list[FormOfBehaviour]]]:
    forms = list(FormOfBehaviour.objects.all())
    return [
        (label, [f for f in forms if f.group == value])
        for value, label in FormGroup.choices
        if any(f.group == value for f in forms)
    ]


def form_detail(*, key: str) -> FormOfBehaviour:
    form = FormOfBehaviour.objects.prefetch_related("related").filter(key=key).first()
    if form is None:
        raise Http404
    return form


def signals(*, kind: str) -> QuerySet[Signal]:
    return Signal.objects.filter(kind=kind)


def signals_and_risk_factors() -> dict[str, QuerySet[Signal]]:
    return {
        "signals": signals(kind=SignalKind.SIGNAL),
        "risk_factors": signals(kind=SignalKind.RISK_FACTOR),
    }


def facts() -> QuerySet[Fact]:
    return Fact.objects.all()


def emergency_contacts() -> QuerySet[HelpContact]:
    return HelpContact.objects.filter(emergency=True).select_related("organisation")


def other_contacts() -> QuerySet[HelpContact]:
    return HelpContact.objects.filter(emergency=False).select_related("organisation")


def contacts_by_key(keys: list[str]) -> list[HelpContact]:
    found = {c.key: c for c in HelpContact.objects.filter(key__in=keys)}
    return [found[k] for k in keys if k in found]


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.prefetch_related("contacts")


def guide_makers() -> QuerySet[Organisation]:
    return Organisation.objects.filter(contributed_to_guide=True)

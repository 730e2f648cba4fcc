from django.shortcuts import render

from wegwijzer.catalog.selectors import tools_for_forms
from wegwijzer.core.decorators import public_page
from wegwijzer.knowledge import selectors


@public_page
def home(request):
    return render(
        request,
        "knowledge/home.html",
        {
            "emergency_contacts": selectors.emergency_contacts(),
            "form_groups": selectors.forms_by_group(),
        },
    )


@public_page
def form_list(request):
    return render(request, "knowledge/form_list.html", {"form_groups": selectors.forms_by_group()})


@public_page
def form_detail(request, key: str):
    form = selectors.form_detail(key=key)
    return render(
        request,
        "knowledge/form_detail.html",
        {
            "form": form,
            "related_forms": form.related.all(),
            "tools": tools_for_forms(form_keys=[form.key]),
        },
    )


@public_page
def signals(request):
    return render(request, "knowledge/signals.html", selectors.signals_and_risk_factors())


@public_page
def facts(request):
    return render(request, "knowledge/facts.html", {"facts": selectors.facts()})


@public_page
def help_contacts(request):
    return render(
        request,
        "knowledge/help.html",
        {
            "emergency_contacts": selectors.emergency_contacts(),
            "other_contacts": selectors.other_contacts(),
        },
    )


@public_page
def organisations(request):
    return render(
        request, "knowledge/organisations.html", {"organisations": selectors.organisations()}
    )


@public_page
def about(request):
    return render(request, "knowledge/about.html", {"makers": selectors.guide_makers()})


@public_page
def accessibility(request):
    return render(request, "knowledge/accessibility.html")

"""Public knowledge-base pages: content shown in Dutch and English, fallbacks marked,
emergency contacts visible, cacheable without session or CSRF, no scripts."""

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from wegwijzer.core.public_pages import in_language, sample_paths
from wegwijzer.knowledge.models import Fact, FormOfBehaviour, HelpContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def get(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return response


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_public_page_answers_and_is_cacheable(client, language):
    paths = sample_paths()
    assert len(paths) >= 17  # 8 pages + 9 forms
    for path in paths:
        url = in_language(path, language)
        response = get(client, url)
        assert not response.cookies, f"{url} sets a cookie"
        if not getattr(resolve(url.split("?")[0]).func, "wegwijzer_public", False):
            continue  # public but per-request (e.g. the assistant): no-store, checked there
        assert "public" in response["Cache-Control"], url
        assert response.has_header("ETag") and response.has_header("Last-Modified"), url
        assert not response.cookies, f"{url} sets a cookie"
        assert "Cookie" not in response.get("Vary", ""), f"{url} touched the session"
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert "<script" not in html, f"{url} needs no JavaScript"
        assert f'<html lang="{language}">' in html


def test_conditional_get_answers_304(client):
    first = get(client, "/")
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_page_changes_after_content_changes(client):
    first = get(client, "/vormen/")
    form = FormOfBehaviour.objects.get(key="grooming")
    form.name_nl = "Online grooming (lokken)"
    form.save()
    second = get(client, "/vormen/")
    assert "Online grooming (lokken)" in second.content.decode()
    assert second["ETag"] != first["ETag"]


def test_home_has_incident_entry_and_emergency_numbers(client):
    html = get(client, "/").content.decode()
    assert "Er is iets gebeurd" in html
    assert 'href="tel:112"' in html
    veilig_thuis = HelpContact.objects.get(key="veilig_thuis")
    assert veilig_thuis.phone in html


def test_incident_entry_leads_to_help_or_assistant(client):
    html = get(client, "/").content.decode()
    target = re.search(r'class="ww-button ww-button--urgent" href="([^"]+)"', html).group(1)
    assert target in {"/hulp/", "/er-is-iets-gebeurd/"}
    assert client.get(target).status_code == 200


def test_forms_overview_groups_all_nine_forms(client):
    html = get(client, "/vormen/").content.decode()
    assert "Online seksueel grensoverschrijdend gedrag" in html
    assert "Online seksueel misbruik" in html
    for form in FormOfBehaviour.objects.all():
        assert reverse("knowledge:form_detail", kwargs={"key": form.key}) in html


def test_form_detail_shows_synonyms_related_and_source(client):
    form = FormOfBehaviour.objects.get(key="sextortion")
    html = get(client, f"/vormen/{form.key}/").content.decode()
    assert form.name_nl in html
    for word in form.synonyms_nl:
        assert word.replace("'", "&#x27;") in html
    for other in form.related.all():
        assert f"/vormen/{other.key}/" in html
    assert form.source_url in html
    assert 'datetime="2026-' in html


def test_unknown_form_is_404_in_house_style(client):
    response = client.get("/vormen/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_english_pages_are_english(client):
    html = get(client, "/en/").content.decode()
    assert "Something happened" in html
    assert 'lang="nl" hreflang="nl"' in html  # the switch back to Dutch


def test_language_switch_links_to_same_page(client):
    html = get(client, "/signalen/").content.decode()
    assert 'href="/en/signalen/"' in html
    html = get(client, "/en/signalen/").content.decode()
    assert 'href="/signalen/"' in html


def test_english_fallback_is_marked_visibly_and_with_lang(client):
    form = FormOfBehaviour.objects.get(key="sexchatting")
    form.summary_en = ""
    form.save()
    html = get(client, "/en/vormen/sexchatting/").content.decode()
    assert f'<span lang="nl">{form.summary_nl}</span>' in html.replace("&#x27;", "'")
    assert "(only in Dutch)" in html


def test_facts_show_source_and_checked_date(client):
    html = get(client, "/feiten/").content.decode()
    for fact in Fact.objects.all():
        assert fact.source_url in html
    assert html.count("Gecontroleerd op") >= Fact.objects.count()


def test_help_page_shows_every_contact_with_number(client):
    html = get(client, "/hulp/").content.decode()
    for contact in HelpContact.objects.all():
        assert contact.name_nl in html.replace("&#x27;", "'")
        if contact.phone:
            assert contact.phone in html


def test_urgent_bar_numbers_match_the_contact_content(client):
    """The header bar and 500 page name 112 and Veilig Thuis; keep them equal to the content."""
    assert HelpContact.objects.get(key="emergency_112").phone == "112"
    assert HelpContact.objects.get(key="veilig_thuis").phone == "0800-2000"


def test_post_to_public_page_is_refused(client):
    assert client.post("/").status_code == 405

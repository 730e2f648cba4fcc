"""The 400/403/404/429/500 pages: house style, Dutch by default, English under /en/, never a
stack trace or exception detail. The 500 page renders without a request context and without
a database; production never shows a debug page."""

import pytest
from django.template import loader
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from wegwijzer.core import views
from wegwijzer.core.tests.error_urls import SECRET

# code -> (Dutch heading, English heading)
HEADINGS = {
    400: ("Er klopt iets niet aan je verzoek", "Something is wrong with the request"),
    403: ("Geen toegang", "No access"),
    404: ("Pagina niet gevonden", "Page not found"),
    429: ("Te veel pogingen", "Too many attempts"),
    500: ("Er ging iets mis", "Something went wrong"),
}
LEAKS = [SECRET, "Traceback", "RuntimeError", "SuspiciousOperation", 'File "/', "site-packages"]


def assert_house_style(html: str, language: str) -> None:
    assert f'<html lang="{language}">' in html
    assert "/static/css/wegwijzer" in html  # the site's stylesheet
    assert 'class="ww-header"' in html
    assert '<main id="main"' in html
    assert 'href="tel:112"' in html  # the emergency line is on every page
    for leak in LEAKS:
        assert leak not in html, f"the error page shows {leak!r}"


def url_for(code: int, language: str) -> str:
    path = "/deze-pagina-bestaat-niet/" if code == 404 else f"/test-fout/{code}/"
    return path if language == "nl" else f"/en{path}"


@pytest.mark.django_db
@pytest.mark.urls("wegwijzer.core.tests.error_urls")
@pytest.mark.parametrize("code", sorted(HEADINGS))
@pytest.mark.parametrize("language", ["nl", "en"])
def test_error_page(code, language):
    client = Client(raise_request_exception=False)
    response = client.get(url_for(code, language))
    assert response.status_code == code
    html = response.content.decode()
    dutch, english = HEADINGS[code]
    assert f"<h1>{dutch if language == 'nl' else english}</h1>" in html
    assert (english if language == "nl" else dutch) not in html
    assert_house_style(html, language)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.urls("wegwijzer.core.tests.error_urls")
def test_429_says_how_long_to_wait():
    response = Client().get("/test-fout/429/")
    assert response["Retry-After"] == "600"
    assert "Probeer het over 10 minuten opnieuw." in response.content.decode()


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["wegwijzer.example"])
def test_a_foreign_host_header_gets_the_house_style_400():
    response = Client().get("/en/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Something is wrong with the request</h1>" in html
    assert "evil.example" not in html
    assert_house_style(html, "en")


@pytest.mark.django_db
@pytest.mark.urls("wegwijzer.core.tests.error_urls")
def test_a_post_without_csrf_token_gets_the_house_style_403():
    client = Client(enforce_csrf_checks=True)
    assert client.get("/test-fout/formulier/").status_code == 200
    response = client.post("/test-fout/formulier/", {"name": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Het formulier is verlopen</h1>" in html
    assert "CSRF" not in html  # the technical reason stays in the log
    assert_house_style(html, "nl")


# --- the 500 page: no context, no database ----------------------------------------------


def test_500_page_renders_without_context_or_database():
    # No django_db mark: any database query here fails the test.
    for language, heading in (("nl", "Er ging iets mis"), ("en", "Something went wrong")):
        with translation.override(language):
            response = views.server_error(RequestFactory().get("/"))
        assert response.status_code == 500
        html = response.content.decode()
        assert f"<h1>{heading}</h1>" in html
        assert_house_style(html, language)


def test_500_template_needs_no_request_at_all():
    html = loader.get_template("errors/500.html").render()
    assert "<h1>Er ging iets mis</h1>" in html


def test_500_falls_back_to_plain_html_when_the_template_fails(monkeypatch):
    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Er ging iets mis</h1>" in html
    assert "Something went wrong" in html
    assert "template engine down" not in html


# --- production: DEBUG is off whatever the environment says ------------------------------


def test_production_shows_no_technical_pages_even_with_django_debug_set(production_server):
    """The production server runs with DJANGO_DEBUG=1 in its environment (conftest.py):
    production settings ignore it. A real 500 from that server (database gone) is tested
    in test_health.py."""
    response = production_server.get("/bestaat-niet/", headers={"X-Forwarded-Proto": "https"})
    assert response.status == 404
    assert "<h1>Pagina niet gevonden</h1>" in response.text
    assert "Using the URLconf" not in response.text  # Django's technical 404 page
    assert "DEBUG = True" not in response.text

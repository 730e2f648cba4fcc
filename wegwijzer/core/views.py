"""Error pages in the house style. They never show a stack trace (``DEBUG`` is always off
outside local development) and never echo the request back."""

import logging
import math

from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# Served when even the 500 template cannot be rendered (a broken template, a missing
# static manifest): plain HTML in both languages, no template engine involved.
FALLBACK_500 = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Er ging iets mis | Wegwijzer</title></head>
<body><main id="main">
<h1>Er ging iets mis</h1>
<p>Door een fout aan onze kant lukt het nu niet om deze pagina te tonen.
Probeer het over een paar minuten opnieuw. <a href="/">Naar de startpagina</a></p>
<h2 lang="en">Something went wrong</h2>
<p lang="en">An error on our side stops this page from showing. Please try again in a few
minutes. <a href="/en/">Go to the home page</a></p>
</main></body>
</html>
"""


def _error(request, template: str, status: int, context: dict | None = None):
    return render(request, template, context, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


def csrf_failure(request, reason=""):
    """A form was sent without a valid CSRF token: mostly an old page or blocked cookies.
    The reason stays in the log, never on the page."""
    return _error(request, "errors/403_csrf.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def too_many_requests(request, *args, retry_after: int | None = None, **kwargs):
    """The 429 page. ``retry_after`` in seconds adds a ``Retry-After`` header and says how
    many minutes to wait. Extra positional arguments are accepted, so the view can be
    called from a throttling library's lock-out hook."""
    context = {}
    if retry_after:
        context["retry_minutes"] = max(1, math.ceil(retry_after / 60))
    response = _error(request, "errors/429.html", 429, context)
    if retry_after:
        response["Retry-After"] = str(int(retry_after))
    return response


def server_error(request):
    # No request context and no context processors: the failure may be in one of them, or
    # in the database. The template only needs the active language and the URLconf.
    try:
        return HttpResponseServerError(loader.get_template("errors/500.html").render())
    except Exception:
        logger.exception("the 500 page itself failed; serving the plain fallback")
        return HttpResponse(FALLBACK_500, status=500, content_type="text/html; charset=utf-8")

"""Test URLconf: the real one plus views that fail on purpose, to see the error pages through
the real handler chain (middleware, handlers, templates), in Dutch and under /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.urls import path

from wegwijzer import urls as real
from wegwijzer.core import views
from wegwijzer.core.decorators import public_view

# Must never appear in a response: the error pages don't echo exceptions.
SECRET = "secret-detail-3f9a1c"


@public_view
def raise_400(request):
    raise SuspiciousOperation(SECRET)


@public_view
def raise_403(request):
    raise PermissionDenied(SECRET)


@public_view
def answer_429(request):
    return views.too_many_requests(request, retry_after=600)


@public_view
def form(request):
    """A form target protected by the CSRF middleware (like every POST view)."""
    return HttpResponse("received")


@public_view
def raise_500(request):
    raise RuntimeError(SECRET)


urlpatterns = [
    *real.urlpatterns,
    *i18n_patterns(
        path("test-fout/400/", raise_400),
        path("test-fout/403/", raise_403),
        path("test-fout/429/", answer_429),
        path("test-fout/500/", raise_500),
        path("test-fout/formulier/", form),
        prefix_default_language=False,
    ),
]

handler400 = real.handler400
handler403 = real.handler403
handler404 = real.handler404
handler500 = real.handler500

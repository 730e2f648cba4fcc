"""Cache headers, deny by default.

Views decorated with :func:`wegwijzer.core.decorators.public_page` may be cached by
browsers and proxies when the visitor has no session: they never read the session or a
CSRF token. Every other response is ``Cache-Control: no-store`` unless the view set its
own header (static files are served by WhiteNoise before this runs).
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.wegwijzer_public = getattr(view_func, "wegwijzer_public", False)

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        anonymous = settings.SESSION_COOKIE_NAME not in request.COOKIES
        if (
            getattr(request, "wegwijzer_public", False)
            and anonymous
            and request.method in ("GET", "HEAD")
            and response.status_code in (200, 304)
        ):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        else:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True)
        return response

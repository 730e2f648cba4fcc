from django.views.decorators.http import condition, require_safe

from wegwijzer.core.selectors import content_last_modified


def _last_modified(request, *args, **kwargs):
    return content_last_modified()


def public_page(view):
    """Mark a view as a public, anonymous, cacheable page (GET/HEAD only).

    Adds ``Last-Modified`` from the content's last change (``ETag`` comes from
    ``ConditionalGetMiddleware``), answers 304 when nothing changed, and puts the URL on the
    explicit list of public URLs that the access-control test checks.
    """
    wrapped = require_safe(condition(last_modified_func=_last_modified)(view))
    wrapped.wegwijzer_public = True
    wrapped.wegwijzer_public_view = True
    return wrapped


def public_view(view):
    """Mark a view as intentionally reachable without login, but not cacheable.

    For public pages whose response depends on the request (the incident assistant keeps
    its answers in the query string, the API): they stay ``Cache-Control: no-store``. The
    access-control test treats views marked with this or :func:`public_page` as public.
    """
    view.wegwijzer_public_view = True
    return view

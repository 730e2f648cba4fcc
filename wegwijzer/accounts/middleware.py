"""Session security and deny-by-default access.

- ``AuditContextMiddleware`` makes the current request available to audit signal handlers.
- ``SessionSecurityMiddleware`` ends a logged-in session after 30 minutes idle, 12 hours
  after login, or when the user's session generation was raised ("log out everywhere").
- ``AccessPolicyMiddleware`` refuses every view that is neither explicitly public
  (``public_page``/``public_view``), nor on the short allow-list, nor declares a
  permission with an ``accounts.decorators`` decorator; it sends users who must use 2FA
  but have not (yet) to the set-up page before anything else.

Requests without a session cookie are left alone by the session checks, so public pages
for visitors never touch the session (they stay cacheable).
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wegwijzer.accounts import selectors, services
from wegwijzer.accounts.context import reset_current_request, set_current_request
from wegwijzer.accounts.decorators import deny

security_log = logging.getLogger("wegwijzer.security")

# Paths outside our own views that are public by design: the read-only open-data API.
PUBLIC_PATH_PREFIXES = ("/api/v1/",)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_current_request(request)
        try:
            return self.get_response(request)
        finally:
            reset_current_request(token)


class SessionSecurityMiddleware:
    # Write the "last seen" stamp at most this often (fewer session writes).
    SEEN_RESOLUTION = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            reason = self.expired(request)
            if reason:
                services.end_session(request=request, reason=reason)
                messages.info(request, _("You have been logged out. Please log in again."))
                return redirect_to_login(request.get_full_path())
            now = services.now_ts()
            if now - request.session.get(services.SESSION_SEEN_AT, 0) >= self.SEEN_RESOLUTION:
                request.session[services.SESSION_SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def expired(request) -> str:
        session = request.session
        now = services.now_ts()
        auth_at = session.get(services.SESSION_AUTH_AT)
        seen_at = session.get(services.SESSION_SEEN_AT)
        if auth_at is None or seen_at is None:
            return "unknown"  # a session not made by our login
        if now - auth_at > settings.WEGWIJZER_SESSION_ABSOLUTE_SECONDS:
            return "absolute"
        if now - seen_at > settings.WEGWIJZER_SESSION_IDLE_SECONDS:
            return "idle"
        generation = selectors.session_generation(user=request.user)
        if session.get(services.SESSION_GENERATION) != generation:
            return "revoked"
        return ""


def is_public(view_func) -> bool:
    return bool(getattr(view_func, "wegwijzer_public_view", False))


class AccessPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_public(view_func) or request.path_info.startswith(PUBLIC_PATH_PREFIXES):
            return None
        match = request.resolver_match
        is_admin = match is not None and match.app_name == "admin"
        user = request.user
        if is_admin and match.url_name == "login":
            # One way in, with the second factor: the admin's own login form is not used.
            if user.is_authenticated:
                if user.is_staff:
                    return redirect("admin:index")
                deny(request, needed="staff")
            # The login view checks that "next" stays on this site.
            return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
        if not user.is_authenticated:
            security_log.info("login required for %s", match.view_name if match else "?")
            return redirect_to_login(request.get_full_path())
        if (
            selectors.requires_two_factor(user=user) or selectors.has_second_factor(user=user)
        ) and not user.is_verified():
            if getattr(view_func, "wegwijzer_before_two_factor", False):
                return None
            if request.method in ("GET", "HEAD"):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:two_factor_required')}?{query}")
            deny(request, needed="second factor")
        if is_admin or getattr(view_func, "wegwijzer_access", None):
            return None
        # Deny by default: a view that declares no permission is not served.
        deny(request, needed="a declared permission")

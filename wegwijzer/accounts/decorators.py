"""Access decorators. Each one states the permission on the view (``wegwijzer_access``), so
the URL walker (tests/test_access_control.py) can check every URL declares one, and
enforces it in the view itself (the middleware is a second line, not the only one)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from wegwijzer.accounts import rules, selectors, services


def deny(request, *, needed: str):
    """Refuse (403) and, for a logged-in user, write the refusal to the audit trail."""
    from wegwijzer.accounts import audit
    from wegwijzer.accounts.models import AuditEventType

    if request.user.is_authenticated:
        match = request.resolver_match
        audit.record(
            AuditEventType.ACCESS_DENIED,
            request=request,
            details={
                "view": match.view_name if match else "",
                "ids": {k: v for k, v in (match.kwargs if match else {}).items() if k == "pk"},
                "needed": needed,
            },
        )
    raise PermissionDenied


def _declare(view, access: str, **extra):
    view.wegwijzer_access = access
    for key, value in extra.items():
        setattr(view, key, value)
    return view


def login_required(view):
    """Any logged-in user (who has passed the second-factor rules)."""

    @wraps(view)
    def inner(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _declare(inner, "authenticated")


def organisation_permission(permission: str):
    """A member of the active organisation whose role allows ``permission``.

    Sets ``request.membership``; objects are then read with selectors scoped to
    ``request.membership.organisation``.
    """

    def decorator(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = selectors.active_membership(request=request)
            if membership is None or not rules.role_allows(membership.role, permission):
                deny(request, needed=permission)
            request.membership = membership
            return view(request, *args, **kwargs)

        return _declare(inner, f"organisation:{permission}")

    return decorator


def superuser_required(view):
    @wraps(view)
    def inner(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_superuser:
            deny(request, needed="superuser")
        return view(request, *args, **kwargs)

    return _declare(inner, "superuser")


def reauthentication_required(view):
    """Password and second factor within the last WEGWIJZER_REAUTH_SECONDS."""

    @wraps(view)
    def inner(request, *args, **kwargs):
        if not services.recently_authenticated(request=request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return inner


def allowed_before_two_factor(view):
    """Pages a user who must set up 2FA can still reach (set-up, log out)."""
    view.wegwijzer_before_two_factor = True
    return view

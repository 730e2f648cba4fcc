from django import template

from wegwijzer.accounts import selectors

register = template.Library()


@register.inclusion_tag("accounts/includes/account_bar.html", takes_context=True)
def account_bar(context):
    """The logged-in header, shown only on account pages (public pages never read the
    user, so they stay cacheable)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "csrf_token": context.get("csrf_token"),
        "display_name": user.get_full_name() or user.get_username(),
        "active": selectors.active_membership(request=request),
        "membership_count": selectors.memberships_for(user=user).count(),
    }

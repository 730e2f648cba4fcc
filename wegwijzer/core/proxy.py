"""The client's address behind trusted reverse proxies.

gunicorn sees nginx, not the visitor: ``REMOTE_ADDR`` is the proxy's address (or empty on a
Unix socket). Lock-out counters (django-axes) and the audit trail need the visitor's
address, or one attacker could lock everybody out. With ``WEGWIJZER_TRUSTED_PROXY_COUNT``
set to the number of proxies in front (1 for nginx alone), this middleware replaces
``REMOTE_ADDR`` with the address that many hops from the right in ``X-Forwarded-For``:
the one the outermost trusted proxy saw. Addresses further left come from the client and
are never trusted. Production settings put it first in ``MIDDLEWARE``.
"""

import ipaddress

from django.conf import settings


def client_address(forwarded_for: str, proxy_count: int) -> str | None:
    """The address ``proxy_count`` hops from the right, or None when there is none."""
    addresses = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    if proxy_count < 1 or len(addresses) < proxy_count:
        return None
    candidate = addresses[-proxy_count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.proxy_count = int(getattr(settings, "WEGWIJZER_TRUSTED_PROXY_COUNT", 0) or 0)

    def __call__(self, request):
        if self.proxy_count:
            address = client_address(request.META.get("HTTP_X_FORWARDED_FOR", ""), self.proxy_count)
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)

"""Response headers that neither Django nor django-csp set.

``Cross-Origin-Resource-Policy`` keeps other sites from embedding our responses (pages,
JSON, static files) with ``<img>``, ``<script>`` and the like. The middleware sits above
WhiteNoise in ``MIDDLEWARE`` so that static files get the header too, like every other
header middleware (see docs/deployment.md, "Security headers").
"""

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Cross-Origin-Resource-Policy": getattr(
                settings, "SECURE_CROSS_ORIGIN_RESOURCE_POLICY", "same-origin"
            ),
            "X-Permitted-Cross-Domain-Policies": "none",
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value:
                response.headers.setdefault(name, value)
        return response

"""The read-only open-data API under /api/v1/ (django-ninja). OpenAPI: /api/v1/openapi.json.

Apps add their routers below. No interactive docs page: it would load third-party assets.
"""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError

api = NinjaAPI(
    title="Wegwijzer API",
    version="1.0.0",
    description=(
        "Open data of the Wegwijzer on online sexual boundary-crossing behaviour: tools, "
        "organisations, forms of behaviour and the incident assistant's action plans. "
        "Read-only; texts in Dutch with English where available."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):
    """Bad parameters are the client's mistake: 400 with the parameter named, never 422/500."""
    problems = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("query", "path", "body")]
        problems.append({"parameter": ".".join(loc) or None, "message": err.get("msg", "")})
    return api.create_response(
        request,
        {"detail": "Ongeldige parameter(s).", "errors": problems},
        status=400,
    )


# Routers are added here by the apps (one line each):
# api.add_router("/tools", "wegwijzer.catalog.api.router")
api.add_router("/tools", "wegwijzer.catalog.api.router")
api.add_router("/tools.csv", "wegwijzer.catalog.api.csv_router")
api.add_router("/organisations", "wegwijzer.knowledge.api.organisations_router")
api.add_router("/forms", "wegwijzer.knowledge.api.forms_router")
api.add_router("/assistant", "wegwijzer.assistant.api.router")

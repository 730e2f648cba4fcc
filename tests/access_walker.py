"""Walk the whole URLconf and check that every URL is public on purpose or protected.

Used by tests/test_access_control.py. ``endpoints()`` lists every URL pattern (recursively:
includes, namespaces, the admin, the API, and each language variant of the
``i18n_patterns``) with a concrete sample path; ``check_endpoints()`` classifies each one
and requests every protected URL anonymously, as a logged-in user without any role and as
a user who must use 2FA but has not set it up, and returns the problems it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from wegwijzer.accounts.middleware import PUBLIC_PATH_PREFIXES

# Explicitly public although not marked with public_page/public_view. Keep this short.
ALLOW_LIST = {
    # The admin's own login only redirects to /accounts/login/ (with the second factor).
    "admin:login": "redirects to the accounts login",
}
# Values for URL parameters; anything else gets a value that fits its converter.
SAMPLE_VALUES = {"kind": "totp", "token": "sample-token", "uidb64": "MQ", "key": "sample"}
CONVERTER_SAMPLES = {
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "path": "1",
    "uuid": "12345678-1234-5678-1234-567812345678",
}
LANGUAGE_PREFIXES = {"nl": "", "en": "en/"}


@dataclass
class Endpoint:
    route: str  # with the sample values filled in, no leading slash
    name: str  # namespaced URL name ("" when unnamed)
    callback: object
    namespaces: tuple = ()
    language: str = ""
    problems: list = field(default_factory=list)

    @property
    def path(self) -> str:
        return "/" + self.route

    @property
    def is_admin(self) -> bool:
        return "admin" in self.namespaces

    @property
    def label(self) -> str:
        return f"{self.path} ({self.name or 'unnamed'})"


def _sample_regex(regex: str) -> str:
    """A string matching a (simple) URL regex: literal text, named groups, alternatives."""
    pattern = regex.lstrip("^").rstrip("$").replace(r"\Z", "")

    def group(match: re.Match) -> str:
        name, body = match.group(1), match.group(2)
        if name in SAMPLE_VALUES and re.fullmatch(body, SAMPLE_VALUES[name]):
            return SAMPLE_VALUES[name]
        for candidate in [*body.split("|"), "1", "sample", "a"]:
            candidate = candidate.strip("()")
            if re.fullmatch(body, candidate):
                return candidate
        return "1"

    return re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", group, pattern).replace("\\", "")


def _sample_route(route: str) -> str:
    def part(match: re.Match) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        return SAMPLE_VALUES.get(name, CONVERTER_SAMPLES.get(converter, "sample"))

    return re.sub(r"<(?:(\w+):)?(\w+)>", part, route)


def _piece(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _sample_route(str(pattern._route))
    if isinstance(pattern, RegexPattern):
        return _sample_regex(pattern._regex)
    return str(pattern)


def endpoints(
    resolver: URLResolver | None = None,
    prefix: str = "",
    namespaces: tuple = (),
    language: str = "",
) -> list[Endpoint]:
    resolver = resolver or get_resolver()
    found: list[Endpoint] = []
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            spaces = namespaces + ((item.namespace,) if item.namespace else ())
            if isinstance(item.pattern, LocalePrefixPattern):
                for lang, lang_prefix in LANGUAGE_PREFIXES.items():
                    found += endpoints(item, prefix + lang_prefix, spaces, lang)
            else:
                found += endpoints(item, prefix + _piece(item.pattern), spaces, language)
        elif isinstance(item, URLPattern):
            name = ":".join([*namespaces, item.name]) if item.name else ""
            found.append(
                Endpoint(prefix + _piece(item.pattern), name, item.callback, namespaces, language)
            )
    return found


def is_public(endpoint: Endpoint) -> bool:
    return bool(getattr(endpoint.callback, "wegwijzer_public_view", False))


def is_allow_listed(endpoint: Endpoint) -> bool:
    return endpoint.name in ALLOW_LIST or endpoint.path.startswith(PUBLIC_PATH_PREFIXES)


def declared_access(endpoint: Endpoint) -> str | None:
    return getattr(endpoint.callback, "wegwijzer_access", None)


LOGIN_PATHS = (settings.LOGIN_URL, "/en" + settings.LOGIN_URL, f"/{settings.ADMIN_URL}login/")


def _is_login_redirect(response) -> bool:
    """A redirect to a login page (or, from the admin's logout, to the admin's index, which
    is itself protected)."""
    if response.status_code != 302:
        return False
    location = response["Location"]
    return location.startswith(LOGIN_PATHS) or location == f"/{settings.ADMIN_URL}"


def _request(client: Client, path: str):
    response = client.get(path)
    if response.status_code == 405:  # POST-only views: try the method they accept
        response = client.post(path)
    return response


def _denied(response) -> bool:
    return response.status_code in (401, 403, 404) or _is_login_redirect(response)


@dataclass
class Clients:
    anonymous: Client
    no_role: Client  # logged in, 2FA verified, no organisation, not staff
    needs_two_factor: Client  # case manager without a second factor yet


def check_endpoints(found: list[Endpoint], clients: Clients) -> list[str]:
    problems: list[str] = []
    for endpoint in found:
        if is_public(endpoint):
            continue
        if is_allow_listed(endpoint):
            if endpoint.path.startswith(PUBLIC_PATH_PREFIXES):
                # Read-only: a POST is refused, or (openapi.json) answers exactly as a GET.
                response = clients.anonymous.post(endpoint.path)
                if response.status_code < 300 and (
                    response.content != clients.anonymous.get(endpoint.path).content
                ):
                    problems.append(
                        f"{endpoint.label}: the read-only API accepted a POST "
                        f"({response.status_code})"
                    )
            continue
        access = declared_access(endpoint)
        if access is None and not endpoint.is_admin:
            problems.append(f"{endpoint.label}: declares no permission and is not marked public")
        response = _request(clients.anonymous, endpoint.path)
        if not _denied(response):
            problems.append(f"{endpoint.label}: anonymous visitor got {response.status_code}")
        if getattr(endpoint.callback, "wegwijzer_before_two_factor", False):
            continue
        response = _request(clients.needs_two_factor, endpoint.path)
        if not (
            response.status_code in (302, 403)
            and ("tweede-stap-nodig" in response.get("Location", "") or response.status_code == 403)
        ):
            problems.append(
                f"{endpoint.label}: a user who must set up 2FA got "
                f"{response.status_code} {response.get('Location', '')}"
            )
        if access == "authenticated":
            continue  # any logged-in user may open it (own account pages)
        response = _request(clients.no_role, endpoint.path)
        if not _denied(response):
            problems.append(
                f"{endpoint.label}: a logged-in user without the role got {response.status_code}"
            )
    return problems

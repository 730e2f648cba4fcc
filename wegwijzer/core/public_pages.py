"""Registry of sample public pages, so tests can open every public page.

Apps register a function returning URL paths (Dutch, unprefixed) in ``AppConfig.ready()``;
the browser and cache tests open each path in Dutch and, with the ``/en`` prefix, English.
"""

from collections.abc import Callable

_PROVIDERS: list[Callable[[], list[str]]] = []


def register(provider: Callable[[], list[str]]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def sample_paths() -> list[str]:
    paths: list[str] = []
    for provider in _PROVIDERS:
        for path in provider():
            if path not in paths:
                paths.append(path)
    return paths


def in_language(path: str, language: str) -> str:
    return path if language == "nl" else f"/{language}{path}"

"""Project-wide test set-up.

The shipped content (content/*.yaml) is loaded once into the test database, so every
test sees the real content. Tests run inside a transaction and are rolled back. Avoid
``transactional_db``/``live_server``: they flush the tables (and so the content); browser
tests serve the app from a separate process instead (see tests/browser/conftest.py).
"""

import os

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if not (name.startswith("test") or "memory" in name):
        raise RuntimeError(f"refusing to load test content into a non-test database: {name}")
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


@pytest.fixture(autouse=True)
def _dutch_by_default():
    from django.utils import translation

    with translation.override("nl"):
        yield

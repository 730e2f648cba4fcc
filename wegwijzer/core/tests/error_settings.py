"""Test settings plus URLs that fail on purpose (error_urls), for servers in subprocesses
that must show every error page (tests/browser/test_error_pages.py)."""

from wegwijzer.conf.test import *  # noqa: F403

ROOT_URLCONF = "wegwijzer.core.tests.error_urls"

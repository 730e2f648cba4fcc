"""Editors see which entries have passed their review date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wegwijzer.core.admin_site import overdue_entries
from wegwijzer.knowledge.models import Fact, HelpContact

pytestmark = pytest.mark.django_db


def test_review_by_defaults_to_a_year_after_checked_on():
    contact = HelpContact.objects.get(key="politie")
    assert (contact.review_by - contact.checked_on).days == 365


def test_overdue_entries_lists_entries_past_their_review_date_oldest_first():
    today = timezone.localdate()
    Fact.objects.filter(key=Fact.objects.first().key).update(review_by=today - timedelta(days=3))
    HelpContact.objects.filter(key="politie").update(review_by=today - timedelta(days=10))
    rows = overdue_entries()
    assert [r["object"].key for r in rows][:1] == ["politie"]
    assert len(rows) == 2
    assert rows[0]["url"].startswith("knowledge/helpcontact/")
    assert all(r["object"].is_overdue for r in rows)

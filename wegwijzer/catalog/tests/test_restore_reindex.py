"""After a database restore the search index is rebuilt (a JSON restore skips save signals)."""

import pytest

from wegwijzer.catalog import search
from wegwijzer.core.backups import restore, restored

pytestmark = pytest.mark.django_db


def test_restored_signal_rebuilds_the_search_index():
    backend = search.backend()
    assert backend.matching_ids(search.query_terms("sexting"))
    backend.clear()
    assert backend.matching_ids(search.query_terms("sexting")) == []
    restored.send(sender=restore, format="json", using="default")
    assert backend.matching_ids(search.query_terms("sexting"))

"""Each public page (HTML + CSS + JS, compressed) stays within 60 KB."""

import pytest
from django.test import Client

from wegwijzer.core.page_weight import PAGE_BUDGET_BYTES, page_weight
from wegwijzer.core.public_pages import in_language, sample_paths

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_public_page_is_within_the_transfer_budget(language):
    client = Client()
    for path in sample_paths():
        url = in_language(path, language)
        response = client.get(url)
        assert response.status_code == 200
        weight = page_weight(response.content)
        assert weight.assets, f"{url}: the stylesheet was not found"
        assert weight.total_compressed <= PAGE_BUDGET_BYTES, (url, weight)

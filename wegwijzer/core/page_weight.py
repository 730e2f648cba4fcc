"""Transfer size of a page: its HTML plus the CSS and JS it links, each compressed.

Used by the page-weight test (budget: 60 KB per page) and by `make bench`. Compression is
gzip level 9 for the HTML (what a reverse proxy typically does) and, for static files,
Brotli as WhiteNoise serves them (``CompressedManifestStaticFilesStorage``).
"""

import gzip
import re
from dataclasses import dataclass

import brotli
from django.contrib.staticfiles import finders
from django.utils.functional import cached_property

ASSET_RE = re.compile(
    r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="(?P<url>/static/[^"?#]+)"'
)
PAGE_BUDGET_BYTES = 60 * 1024


@dataclass
class PageWeight:
    html_bytes: int
    html_compressed: int
    assets: dict[str, int]

    @cached_property
    def total_compressed(self) -> int:
        return self.html_compressed + sum(self.assets.values())


def _static_path(url: str) -> str | None:
    name = url.removeprefix("/static/")
    found = finders.find(name)
    if found:
        return found
    # hashed name (manifest storage): strip the hash
    unhashed = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", name)
    return finders.find(unhashed)


def _compressed_asset_size(url: str) -> int:
    path = _static_path(url)
    if path is None:
        raise FileNotFoundError(url)
    with open(path, "rb") as fh:
        return len(brotli.compress(fh.read()))


def page_weight(html: bytes) -> PageWeight:
    assets = {
        m.group("url"): _compressed_asset_size(m.group("url"))
        for m in ASSET_RE.finditer(html.decode("utf-8"))
    }
    return PageWeight(len(html), len(gzip.compress(html, compresslevel=9)), assets)

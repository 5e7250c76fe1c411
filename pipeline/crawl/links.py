"""Finding the next URLs in a fetched body: links of an HTML page, entries of a sitemap."""

from __future__ import annotations

import zlib
from xml.etree import ElementTree

from resiliparse.parse.html import HTMLTree


def html_links(body: bytes, url: str, charset: str | None = None) -> tuple[str, list[str]]:
    """(base URL, hrefs of <a> and <area>) of an HTML page; hrefs as written, resolved by the caller."""
    try:
        tree = HTMLTree.parse_from_bytes(body, charset or "utf-8", "replace")
    except (LookupError, UnicodeError):
        tree = HTMLTree.parse_from_bytes(body, "utf-8", "replace")
    base = tree.document.query_selector("base[href]")
    # values() copies the collection in one pass; indexing it item by item is quadratic
    hrefs = [el.getattr("href") for el in tree.document.query_selector_all("a[href], area[href]").values()]
    return (base.getattr("href") if base else None) or url, [h for h in hrefs if h]


def sitemap_urls(body: bytes, max_bytes: int) -> tuple[bool, list[str]]:
    """(is a sitemap index, URLs) of a sitemap: XML `urlset` or `sitemapindex`, gzipped or not, or plain
    text with one URL per line. Raises ValueError if it is none of them."""
    if body[:2] == b"\x1f\x8b":
        inflate = zlib.decompressobj(wbits=31)
        body = inflate.decompress(body, max_bytes)  # bounded: a gzip bomb stops at max_bytes
    if body.lstrip()[:1] != b"<":
        lines = body.decode("utf-8", "replace").splitlines()
        return False, [line.strip() for line in lines if line.strip().startswith(("http://", "https://"))]
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise ValueError(f"not a sitemap: {exc}") from None
    is_index = root.tag.rsplit("}", 1)[-1] == "sitemapindex"
    entries = root.findall("./{*}sitemap/{*}loc" if is_index else "./{*}url/{*}loc")
    if root.tag.rsplit("}", 1)[-1] not in ("urlset", "sitemapindex"):
        raise ValueError(f"not a sitemap: root element <{root.tag}>")
    return is_index, [el.text.strip() for el in entries if el.text and el.text.strip()]

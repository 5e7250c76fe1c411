"""URL filtering: the run's domain allow/block lists, then datatrove's URLFilter (its bundled
block lists of adult/spam domains and URL words).

Fills gaps in datatrove's URLFilter: no allow list, block lists match a domain but not its
subdomains, a document without a URL is an assertion error, and tldextract fetches the public
suffix list from the network (here: its bundled snapshot, offline).
"""

from __future__ import annotations

from collections.abc import Iterable

from datatrove.data import Document
from datatrove.pipeline.filters.url_filter import URLFilter
from datatrove.pipeline.writers.disk_base import DiskWriter


def _normalize(domain: str) -> str:
    return domain.strip().lower().removeprefix("*.").removeprefix(".")


def host_of(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def on_domain(host: str, domains: frozenset[str]) -> bool:
    """Whether `host` is one of `domains` or a subdomain of one."""
    parts = host.split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts)))


class DomainListURLFilter(URLFilter):
    """Drop `blocked_domain` (host on `block_domains`), `not_allowed_domain` (an allow list is set
    and the host is not on it), then datatrove's reasons (`domain`, `subdomain`, `url`,
    `hard_blacklisted`, `soft_blacklisted`, `blacklisted_subword`) when `datatrove_blocklist`.
    Documents without a URL pass (counted as `no_url`)."""

    name = "😈 URL filter"

    def __init__(
        self,
        allow_domains: Iterable[str] = (),
        block_domains: Iterable[str] = (),
        datatrove_blocklist: bool = True,
        exclusion_writer: DiskWriter | None = None,
    ):
        from tldextract import TLDExtract

        super().__init__(use_integrated_lists=datatrove_blocklist, exclusion_writer=exclusion_writer)
        self.tldextractor = TLDExtract(suffix_list_urls=())  # bundled snapshot: no network
        self.allow_domains = frozenset(map(_normalize, allow_domains))
        self.block_domains = frozenset(map(_normalize, block_domains))
        self.datatrove_blocklist = datatrove_blocklist

    def filter(self, document: Document) -> bool | tuple[bool, str]:
        url = document.metadata.get("url")
        if not url:
            self.stat_update("no_url")
            return True
        host = host_of(url)
        if self.block_domains and on_domain(host, self.block_domains):
            return False, "blocked_domain"
        if self.allow_domains and not on_domain(host, self.allow_domains):
            return False, "not_allowed_domain"
        if not self.datatrove_blocklist:
            return True
        return super().filter(document)

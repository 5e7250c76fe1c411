"""URL filtering: the run's domain allow/block lists, then datatrove's URLFilter (its bundled
block lists of adult/spam domains and URL words).

Fills gaps in datatrove's URLFilter: no allow list, block lists match a domain but not its
subdomains, a document without a URL is an assertion error, and tldextract fetches the public
suffix list from the network (here: its bundled snapshot, offline).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

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


@functools.lru_cache(maxsize=1)
def datatrove_block_lists() -> dict[str, Any]:
    """datatrove's bundled block lists (4.5M domains), parsed once per process; call it before
    forking workers and they share it (copy-on-write) instead of parsing it each."""
    loader = URLFilter()
    loader.tldextractor = None  # not needed to load the lists
    loader.download_data()
    names = ("block_listed_domains", "block_listed_url", "banned_words", "soft_banned_words")
    lists = {name: frozenset(getattr(loader, name)) for name in names}
    lists["banned_subwords_automaton"] = loader.banned_subwords_automaton
    lists["banned_subwords"] = frozenset(loader.banned_subwords)
    return lists


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

    def preload(self) -> None:
        """Load the shared block lists now (in the parent, before workers fork)."""
        if self.datatrove_blocklist:
            datatrove_block_lists()

    def download_data(self) -> None:
        if self._downloaded or not self.use_integrated_lists:
            return
        for name, value in datatrove_block_lists().items():
            setattr(self, name, value)
        self._downloaded = True

    def __getstate__(self) -> dict:
        """Pickle without the loaded lists (a worker gets them from datatrove_block_lists)."""
        state = dict(self.__dict__)
        if state.get("_downloaded"):
            state.update(_downloaded=False, block_listed_domains=set(), block_listed_url=set())
        return state

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

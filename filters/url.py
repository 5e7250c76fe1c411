"""URL filtering: the run's domain allow/block lists, then datatrove's URLFilter (its bundled
block lists of adult/spam domains and URL words).

Fills gaps in datatrove's URLFilter: no allow list, block lists match a domain but not its
subdomains, a document without a URL is an assertion error, tldextract fetches the public suffix
list from the network (here: its bundled snapshot, offline), and every worker parses the 4.5M
blocked domains into its own ~500 MB set (here: a memory-mapped hash file, see HashedDomains).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import xxhash
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


class HashedDomains:
    """A read-only set of domains as sorted 64-bit hashes in a memory-mapped .npy file: datatrove's
    4.5M blocked domains load in milliseconds and take 36 MB shared by all workers, instead of a
    ~2 s parse into a ~500 MB Python set in every worker (false-hit odds per lookup: 1e-13)."""

    def __init__(self, path: Path):
        self.hashes = np.load(path, mmap_mode="r")

    @staticmethod
    def build(domains: Iterable[str], path: Path) -> None:
        hashes = np.unique(np.fromiter((xxhash.xxh64_intdigest(d) for d in domains), dtype=np.uint64))
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.npy")
        np.save(tmp, hashes)
        os.replace(tmp, path)

    def __contains__(self, domain: object) -> bool:
        if not isinstance(domain, str) or not domain:
            return False
        key = np.uint64(xxhash.xxh64_intdigest(domain))
        index = int(np.searchsorted(self.hashes, key))
        return index < len(self.hashes) and self.hashes[index] == key


@functools.lru_cache(maxsize=1)
def datatrove_block_lists() -> dict[str, Any]:
    """datatrove's bundled URL block lists, loaded once per process; the domains list is hashed
    into a cache file next to datatrove's extracted lists the first time."""
    from datatrove.pipeline.filters.url_filter import get_list
    from datatrove.utils._import_utils import ASSETS_PATH
    from huggingface_hub import cached_assets_path

    folder = Path(cached_assets_path(library_name="datatrove", namespace="filters", subfolder="url_filter"))
    cache = folder / "domains.xxh64.npy"
    loader = URLFilter()
    loader.tldextractor = None  # only loads the lists
    if not cache.is_file():
        loader.download_data()  # extracts datatrove's archive and parses every list (once)
        HashedDomains.build(loader.block_listed_domains, cache)
    if not (folder / "urls").is_file():
        loader.download_data()
    subwords = get_list(ASSETS_PATH, "banned_subwords.txt", set())
    automaton = loader.banned_subwords_automaton
    for word in subwords:
        automaton.add_word(word, len(automaton))
    automaton.make_automaton()
    return {
        "block_listed_domains": HashedDomains(cache),
        "block_listed_url": frozenset(get_list(str(folder), "urls", set(), do_normalize=False)),
        "banned_words": frozenset(get_list(ASSETS_PATH, "banned_words.txt", set())),
        "soft_banned_words": frozenset(get_list(ASSETS_PATH, "soft_banned_words.txt", set())),
        "banned_subwords": frozenset(subwords),
        "banned_subwords_automaton": automaton,
    }


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

    def download_data(self) -> None:
        if self._downloaded or not self.use_integrated_lists:
            return
        for name, value in datatrove_block_lists().items():
            setattr(self, name, value)
        self._downloaded = True

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

"""URLs: one spelling per URL (normalization) and the crawl's scope (which URLs it may fetch)."""

from __future__ import annotations

import functools
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from w3lib.url import canonicalize_url

DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_LENGTH = 65_536  # httpx refuses longer URLs
SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.-]*):")


class InvalidUrl(ValueError):
    """An http(s) URL that cannot be requested (malformed, over httpx's 64 KiB, a bad IDNA label, an
    IPv4 literal httpx refuses such as `0177.0.0.1`): the crawl counts it and goes on."""


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of `url` (resolved against `base`), or None if it is no http(s) URL;
    raises InvalidUrl if it is one that cannot be requested.

    w3lib canonicalizes (case, percent-encoding, dot segments, sorted query, no fragment); on top,
    credentials and default ports are dropped (a `user:password@` URL is never sent nor logged) and
    so is a host's trailing dot (`localhost.` is `localhost`: one host for politeness and robots.txt).
    """
    scheme = SCHEME.match(url)
    if scheme and scheme[1].lower() not in DEFAULT_PORTS:
        return None
    try:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(canonicalize_url(absolute))
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(f"{exc}: {url[:200]!r}") from None
    if parts.scheme not in DEFAULT_PORTS:
        return None
    hostname = (parts.hostname or "").rstrip(".")
    if not hostname:
        raise InvalidUrl(f"no host: {absolute[:200]!r}")
    host = f"[{hostname}]" if ":" in hostname else hostname
    netloc = host if port in (None, DEFAULT_PORTS[parts.scheme]) else f"{host}:{port}"
    normalized = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    if len(normalized) > MAX_URL_LENGTH:
        raise InvalidUrl(f"URL too long ({len(normalized)} characters): {normalized[:200]!r}")
    error = _origin_error(parts.scheme, netloc)
    if error:
        raise InvalidUrl(f"{error}: {normalized[:200]!r}")
    return normalized


@functools.lru_cache(maxsize=4096)
def _origin_error(scheme: str, netloc: str) -> str | None:
    """Why httpx refuses this host and port (IDNA, IPv4 and IPv6 forms), or None: what it refuses, we
    refuse when normalizing. Cached: a page's links share a few hosts, and parsing is most of the cost."""
    try:
        _ = httpx.URL(f"{scheme}://{netloc}/").host  # the host goes through IDNA here
    except (httpx.InvalidURL, ValueError) as exc:  # IDNA errors are UnicodeErrors, ValueErrors
        return str(exc)
    return None


def origin(url: str) -> str:
    """`scheme://host[:port]` of a normalized URL: the unit of robots.txt and of politeness."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


class Scope:
    """Which URLs the crawl may fetch: allowed domains (subdomains included) and URL regexes."""

    def __init__(self, allowed_domains: list[str], allow_patterns: list[str], deny_patterns: list[str]):
        self.domains = [d.lower().strip(".") for d in allowed_domains]
        self.allow = [re.compile(p) for p in allow_patterns]
        self.deny = [re.compile(p) for p in deny_patterns]

    def domain_allowed(self, url: str) -> bool:
        host = host_of(url)
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def refusal(self, url: str, any_domain: bool = False) -> str | None:
        """Why `url` is out of scope (None if in scope); `any_domain` skips the domain check."""
        if not any_domain and not self.domain_allowed(url):
            return "domain not allowed"
        if any(p.search(url) for p in self.deny):
            return "matches a deny pattern"
        if self.allow and not any(p.search(url) for p in self.allow):
            return "matches no allow pattern"
        return None

"""URLs: one spelling per URL (normalization) and the crawl's scope (which URLs it may fetch)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical form of `url` (resolved against `base`), or None if it is no http(s) URL.

    w3lib canonicalizes (case, percent-encoding, dot segments, sorted query, no fragment); on top,
    credentials and default ports are dropped: a `user:password@` URL is never sent nor logged.
    """
    try:
        absolute = urljoin(base, url.strip()) if base else url.strip()
        parts = urlsplit(canonicalize_url(absolute))
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    netloc = host if port in (None, DEFAULT_PORTS[parts.scheme]) else f"{host}:{port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


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

"""robots.txt of one origin, fetched and read as RFC 9309 says, parsed by Protego (Scrapy's parser)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx
from protego import Protego

from pipeline.crawl.fetcher import FetchError, fetch

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: crawlers must read at least 500 KiB
ROBOTS_TYPES = None  # any content type: servers send robots.txt with all sorts of them
VERDICTS_CACHED = 4096


@dataclass
class Robots:
    """The rules for our user agent on one origin; `status` says where they came from."""

    # "ok"; "missing" (4xx: all allowed); "unreachable" (5xx or no answer: all disallowed);
    # "blocked" (the SSRF guard refused the host: all disallowed)
    status: str
    parser: Protego | None = None

    # Protego tries every rule in turn (25,000 wildcard rules: milliseconds a check): the crawler
    # decides the next URLs of a queue in a thread (`decide`), and asks again for free (`allows`)
    verdicts: dict[str, bool] = field(default_factory=dict, repr=False)

    def decided(self, url: str) -> bool:
        return self.parser is None or url in self.verdicts

    def decide(self, urls: list[str], agent: str) -> None:
        """Check `urls` against the rules (CPU work, for a worker thread); the oldest verdicts go first."""
        for url in urls:
            if url not in self.verdicts:
                self.verdicts[url] = self.parser.can_fetch(url, agent)
        while len(self.verdicts) > VERDICTS_CACHED:
            del self.verdicts[next(iter(self.verdicts))]

    def allows(self, url: str, agent: str) -> bool:
        if self.parser is None:
            return self.status == "missing"
        if url not in self.verdicts:
            self.decide([url], agent)
        return self.verdicts[url]

    def crawl_delay(self, agent: str) -> float:
        delay = self.parser.crawl_delay(agent) if self.parser is not None else None
        return float(delay or 0.0)


class RobotsUnavailable(Exception):
    """robots.txt could not be read this time (5xx or network error): try again later."""


async def fetch_robots(client: httpx.AsyncClient, origin: str, timeout_s: float) -> Robots:
    """robots.txt of `origin`; redirects followed (up to 5, as the RFC says); raises RobotsUnavailable."""
    try:
        response = await fetch(
            client,
            f"{origin}/robots.txt",
            max_bytes=ROBOTS_MAX_BYTES,
            timeout_s=timeout_s,
            content_types=ROBOTS_TYPES,
            follow_redirects=True,
        )
    except FetchError as exc:
        if exc.outcome == "blocked_address":
            return Robots("blocked")
        raise RobotsUnavailable(f"{exc.outcome}: {exc}") from None
    if 200 <= response.status < 300:
        text = (response.body or b"").decode("utf-8", "replace")
        return Robots("ok", await asyncio.to_thread(Protego.parse, text))  # 500 KiB of rules: seconds
    if 400 <= response.status < 500:
        return Robots("missing")
    raise RobotsUnavailable(f"HTTP {response.status}")

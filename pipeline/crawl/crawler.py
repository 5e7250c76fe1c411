"""The crawl loop: per-host politeness, global concurrency, retries, and group commits to WARC + frontier.

One dispatcher starts requests when a host's turn comes (rate limit or robots Crawl-delay, and at
most `per_host_concurrency` at once); one writer takes finished URLs in batches, appends the
stored responses to the WARC file, fsyncs it, then commits the batch to the frontier.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import itertools
import json
import logging
import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TextIO

from pipeline.config import CrawlConfig
from pipeline.crawl.client import make_client
from pipeline.crawl.fetcher import FetchError, Response, fetch, retry_after_seconds
from pipeline.crawl.frontier import Entry, Frontier, NewUrl, Outcome
from pipeline.crawl.links import html_links, sitemap_urls
from pipeline.crawl.robots import Robots, RobotsUnavailable, fetch_robots
from pipeline.crawl.urls import InvalidUrl, Scope, normalize_url, origin
from pipeline.crawl.warc import WarcArchive

log = logging.getLogger(__name__)

PAGE, SITEMAP = "page", "sitemap"
RETRY_STATUSES = {429, 500, 502, 503, 504}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
ROBOTS_REFUSALS = {
    "ok": "robots_disallowed",
    "unreachable": "robots_unreachable",
    "blocked": "blocked_address",
}
COMMIT_BATCH = 256
ROBOTS_BATCH = 64  # URLs of a queue checked against robots.txt in one go
PROGRESS_EVERY_S = 10.0


@dataclass
class Host:
    """The politeness state of one origin."""

    origin: str
    interval: float  # seconds between the starts of two requests
    queue: deque[Entry] = field(default_factory=deque)
    next_time: float = 0.0  # monotonic time the next request may start
    active: int = 0
    robots: Robots | None = None
    robots_busy: bool = False
    robots_attempts: int = 0


@dataclass
class FoundUrls:
    """The URLs a page or sitemap leads to: the new ones in scope, and how many were left out."""

    new: list[NewUrl] = field(default_factory=list)
    out_of_scope: int = 0
    invalid: int = 0  # http(s) URLs that cannot be requested
    first_invalid: str | None = None


@dataclass
class Finished:
    """A URL's outcome on its way to the writer; `response` is set when it goes into the WARC."""

    outcome: Outcome
    response: Response | None = None


class Crawler:
    def __init__(
        self, config: CrawlConfig, scope: Scope, frontier: Frontier, archive: WarcArchive, log_file: TextIO
    ):
        self.config = config
        self.scope = scope
        self.frontier = frontier
        self.archive = archive
        self.log_file = log_file
        self.agent = config.user_agent.split("/", 1)[0]  # the product token robots.txt groups name
        self.content_types = set(config.content_types)
        self.rate_interval = 1.0 / config.per_host_rate if config.per_host_rate > 0 else 0.0
        self.hosts: dict[str, Host] = {}
        self.robots_status: dict[str, dict] = {}
        self.finished: asyncio.Queue[Finished] = asyncio.Queue()
        self.wake = asyncio.Event()
        self.tasks: set[asyncio.Task] = set()
        self.failure: BaseException | None = None
        self.active = 0  # requests in flight (robots.txt included)
        self.pages_in_flight = 0
        self.uncommitted = 0  # outcomes handed to the writer, not yet committed
        self.uncommitted_stored = 0
        self.stored = frontier.outcome_counts().get("stored", 0)
        self.stored_this_session = 0
        self.last_progress = time.monotonic()

    # ------------------------------------------------------------------ the loop
    async def run(self) -> None:
        """Crawl until the frontier is empty or `max_pages` pages are stored."""
        for entry in self.frontier.queued():
            self._enqueue(entry)
        async with make_client(self.config) as self.client:
            writer = asyncio.create_task(self._write_loop())
            try:
                await self._dispatch_loop(writer)
            finally:
                for task in [*self.tasks, writer]:
                    task.cancel()
                await asyncio.gather(*self.tasks, writer, return_exceptions=True)

    async def _dispatch_loop(self, writer: asyncio.Task) -> None:
        while True:
            self.wake.clear()
            wait = self._start_ready()
            if self.failure is not None:
                raise self.failure
            if writer.done():
                writer.result()
            if self._done():
                return
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), wait)

    def _done(self) -> bool:
        if self.active or self.uncommitted:
            return False
        return self.stored >= self.config.max_pages or not any(host.queue for host in self.hosts.values())

    def _start_ready(self) -> float | None:
        """Start every request whose host's turn has come; return the seconds until the next turn."""
        now = time.monotonic()
        wait = None
        for host in self.hosts.values():
            while (
                host.queue
                and self.active < self.config.concurrency
                and host.active < self.config.per_host_concurrency
            ):
                if host.robots is not None and not host.robots_busy:
                    if not host.robots.decided(host.queue[0].url):
                        self._decide_robots(host)
                        break
                    if not host.robots.allows(host.queue[0].url, self.agent):
                        entry = host.queue.popleft()
                        outcome = ROBOTS_REFUSALS[host.robots.status]
                        self._submit(
                            self._finished(entry, outcome, error=f"robots.txt: {host.robots.status}")
                        )
                        continue
                if host.robots_busy or (host.queue[0].kind == PAGE and self._page_budget() <= 0):
                    break
                if host.next_time > now:
                    wait = min(wait if wait is not None else float("inf"), host.next_time - now)
                    break
                if host.robots is None:  # robots.txt first, then the host's URLs
                    host.robots_busy = True
                    self._launch(host, self._read_robots(host), now)
                    break
                entry = host.queue.popleft()
                if entry.kind == PAGE:
                    self.pages_in_flight += 1
                self._launch(host, self._crawl(host, entry), now)
        return wait

    def _decide_robots(self, host: Host) -> None:
        """Check the next URLs of `host` against its robots.txt in a thread: with thousands of rules a
        check takes milliseconds, which the loop owes every other host."""
        host.robots_busy = True
        urls = [entry.url for entry in itertools.islice(host.queue, ROBOTS_BATCH)]
        task = asyncio.create_task(asyncio.to_thread(host.robots.decide, urls, self.agent))
        self.tasks.add(task)
        task.add_done_callback(lambda t: self._robots_decided(host, t))

    def _robots_decided(self, host: Host, task: asyncio.Task) -> None:
        host.robots_busy = False
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.failure = task.exception()
        self.wake.set()

    def _page_budget(self) -> int:
        return self.config.max_pages - self.stored - self.uncommitted_stored - self.pages_in_flight

    def _launch(self, host: Host, coroutine, now: float) -> None:
        host.active += 1
        self.active += 1
        # keep to the schedule, so that late timers do not lower the rate, with at most 10% of an
        # interval of credit: two requests never start closer than 0.9 intervals
        host.next_time = max(host.next_time, now - 0.1 * host.interval) + host.interval
        task = asyncio.create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(lambda t: self._task_done(host, t))

    def _task_done(self, host: Host, task: asyncio.Task) -> None:
        host.active -= 1
        self.active -= 1
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.failure = task.exception()
        self.wake.set()

    def _enqueue(self, entry: Entry) -> None:
        key = origin(entry.url)
        host = self.hosts.get(key)
        if host is None:
            host = self.hosts[key] = Host(key, interval=self.rate_interval)
        host.queue.append(entry)

    # ------------------------------------------------------------------ one host's robots.txt
    async def _read_robots(self, host: Host) -> None:
        started = time.monotonic()
        try:
            robots = await fetch_robots(self.client, host.origin, self.config.response_timeout_s)
        except RobotsUnavailable as exc:
            host.robots_attempts += 1
            if host.robots_attempts <= self.config.retries:
                self._snooze(host, self._backoff(host.robots_attempts))
                return
            log.warning("robots.txt of %s unreachable (%s): none of its URLs is crawled", host.origin, exc)
            robots = Robots("unreachable")
        finally:
            host.robots_busy = False
        host.robots = robots
        asked = robots.crawl_delay(self.agent)
        delay = min(asked, self.config.max_crawl_delay_s)
        status = {"status": robots.status, "crawl_delay_s": delay}
        if asked > delay:
            log.warning("%s: robots.txt Crawl-delay %g s cut to max_crawl_delay_s", host.origin, asked)
            status["crawl_delay_asked_s"] = asked
        host.interval = max(self.rate_interval, delay)
        host.next_time = max(host.next_time, started + host.interval)  # the delay applies from robots.txt on
        self.robots_status[host.origin] = status

    # ------------------------------------------------------------------ one URL
    async def _crawl(self, host: Host, entry: Entry) -> None:
        try:
            finished = await self._fetch(host, entry)
        finally:
            if entry.kind == PAGE:
                self.pages_in_flight -= 1
        if finished is not None:
            self._submit(finished)

    async def _fetch(self, host: Host, entry: Entry) -> Finished | None:
        """The outcome of one try at `entry`, or None when it went back to the queue for a retry."""
        config = self.config
        entry.attempts += 1
        try:
            response = await fetch(
                self.client,
                entry.url,
                max_bytes=config.max_response_bytes,
                timeout_s=config.response_timeout_s,
                content_types=None if entry.kind == SITEMAP else self.content_types,
            )
        except FetchError as exc:
            if exc.retryable and self._retry(host, entry, None):
                return None
            return self._finished(entry, exc.outcome, error=str(exc))
        status = response.status
        if status in RETRY_STATUSES:
            asked = retry_after_seconds(response.headers.get("retry-after"))
            if asked is not None and asked > config.max_retry_after_s:
                error = f"Retry-After {asked:g} s is over max_retry_after_s"
            elif self._retry(host, entry, asked):
                return None
            else:
                error = f"HTTP {status} after {entry.attempts} attempts"
            return self._finished(entry, "http_error", response, error=error)
        if 300 <= status < 400 and "location" in response.headers:
            return self._redirect(entry, response)
        if not 200 <= status < 300:
            return self._finished(entry, "http_error", response, error=f"HTTP {status}")
        if response.body is None:
            return self._finished(entry, "content_type_skipped", response)
        if entry.kind == SITEMAP:
            return await self._sitemap(entry, response)
        return await self._page(entry, response)

    def _retry(self, host: Host, entry: Entry, asked_delay: float | None) -> bool:
        """Queue `entry` again after a backoff (or the server's Retry-After), pausing its whole host."""
        if entry.attempts > self.config.retries:
            return False
        self._snooze(host, asked_delay if asked_delay is not None else self._backoff(entry.attempts))
        host.queue.appendleft(entry)
        return True

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter that only lengthens it."""
        delay = self.config.backoff_s * 2 ** (attempt - 1) * random.uniform(1.0, 1.25)
        return min(delay, self.config.max_backoff_s)

    def _snooze(self, host: Host, seconds: float) -> None:
        host.next_time = max(host.next_time, time.monotonic() + seconds)

    async def _page(self, entry: Entry, response: Response) -> Finished:
        found = FoundUrls()
        if response.mime_type in HTML_TYPES and entry.depth < self.config.max_depth:
            # parsing a page and normalizing its links is CPU work (seconds for 100,000 links): in a
            # thread, so that the other hosts' requests go on meanwhile
            found = await asyncio.to_thread(self._page_links, response, entry.depth + 1)
        return self._found(entry, "stored", response, found)

    def _page_links(self, response: Response, depth: int) -> FoundUrls:
        base, hrefs = html_links(response.body, response.url, response.charset)
        return self._new_urls(hrefs, base, PAGE, depth)

    async def _sitemap(self, entry: Entry, response: Response) -> Finished:
        try:
            found = await asyncio.to_thread(self._sitemap_links, response.body)
        except ValueError as exc:
            return self._finished(entry, "sitemap_error", response, error=str(exc))
        return self._found(entry, "sitemap", response, found)

    def _sitemap_links(self, body: bytes) -> FoundUrls:
        is_index, urls = sitemap_urls(body, self.config.max_response_bytes)
        return self._new_urls(urls, None, SITEMAP if is_index else PAGE, 0)

    def _new_urls(self, hrefs: list[str], base: str | None, kind: str, depth: int) -> FoundUrls:
        """The URLs of `hrefs` (resolved against `base`) to queue; out-of-scope and invalid ones counted."""
        found = FoundUrls()
        new: dict[str, NewUrl] = {}
        for href in dict.fromkeys(hrefs):
            try:
                url = normalize_url(href, base)
            except InvalidUrl as exc:
                found.invalid += 1
                found.first_invalid = found.first_invalid or str(exc)
                continue
            if url is None or url in new:
                continue
            if self.scope.refusal(url):
                found.out_of_scope += 1
                continue
            new[url] = NewUrl(url, kind, depth)
        found.new = list(new.values())
        return found

    def _found(self, entry: Entry, outcome: str, response: Response, found: FoundUrls) -> Finished:
        extra = {"links": len(found.new), "links_out_of_scope": found.out_of_scope}
        if found.invalid:
            log.warning(
                "%s: %d invalid link(s) skipped, e.g. %s", entry.url, found.invalid, found.first_invalid
            )
            extra.update(links_invalid=found.invalid, invalid_link=found.first_invalid)
        return self._finished(entry, outcome, response, found=found.new, **extra)

    def _redirect(self, entry: Entry, response: Response) -> Finished:
        """A redirect is followed by queueing its target like a link: each hop is polite, checked
        against robots.txt and scope, and fetched once (a redirect loop ends at a URL already seen)."""
        try:
            target = normalize_url(response.headers["location"], entry.url)
        except InvalidUrl as exc:
            return self._finished(entry, "redirect", response, error=f"invalid Location: {exc}")
        if target is None:
            return self._finished(entry, "redirect", response, error="Location is no http(s) URL")
        if entry.redirects >= self.config.max_redirects:
            return self._finished(entry, "too_many_redirects", response, location=target)
        refusal = self.scope.refusal(target, any_domain=self.config.allow_cross_domain_redirects)
        if refusal:
            return self._finished(
                entry, "redirect", response, location=target, error=f"not followed: {refusal}"
            )
        found = [NewUrl(target, entry.kind, entry.depth, entry.redirects + 1)]
        return self._finished(entry, "redirect", response, found=found, location=target)

    def _finished(
        self,
        entry: Entry,
        outcome: str,
        response: Response | None = None,
        error: str | None = None,
        found: list[NewUrl] = (),
        **extra,
    ) -> Finished:
        """The crawl-log line of `entry` (no headers: nothing of cookies or credentials gets there)."""
        stored = outcome == "stored"
        record = {
            "url": entry.url,
            "outcome": outcome,
            "status": response.status if response else None,
            "bytes": len(response.body) if stored else 0,
            "truncated": bool(stored and response.truncated),
            "content_type": response.mime_type if response else None,
            "elapsed_s": round(response.elapsed_s, 4) if response else None,
            "attempts": entry.attempts,
            "depth": entry.depth,
            "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"),
            "error": error,
            **extra,
        }
        return Finished(Outcome(entry, record, list(found)), response if stored else None)

    # ------------------------------------------------------------------ the writer
    def _submit(self, finished: Finished) -> None:
        self.uncommitted += 1
        self.uncommitted_stored += finished.response is not None
        self.finished.put_nowait(finished)

    async def _write_loop(self) -> None:
        while True:
            batch = [await self.finished.get()]
            while len(batch) < COMMIT_BATCH and not self.finished.empty():
                batch.append(self.finished.get_nowait())
            await self._commit(batch)

    async def _commit(self, batch: list[Finished]) -> None:
        """WARC records first (written and fsynced), then one frontier transaction that marks the
        batch done and records the WARC's new committed size: a kill between the two leaves bytes
        past the committed size, which the next start cuts off, and the URLs still queued."""
        stored = [f for f in batch if f.response is not None]
        warc = None
        if stored:
            if self.archive.current is None:
                name = self.archive.file_name(self.frontier.warc_count())
                self.archive.open(name)
                self.frontier.add_warc(name)
            offsets = await asyncio.to_thread(self.archive.write, [f.response for f in stored])
            for finished, offset in zip(stored, offsets, strict=True):
                finished.outcome.record.update(warc_file=self.archive.current, warc_offset=offset)
            warc = (self.archive.current, self.archive.size)
        # a batch can queue 100,000 links: the transaction runs in a thread, off the loop
        for entry in await asyncio.to_thread(self.frontier.commit, [f.outcome for f in batch], warc):
            self._enqueue(entry)
        self.log_file.write("".join(json.dumps(f.outcome.record) + "\n" for f in batch))
        self.log_file.flush()
        self.uncommitted -= len(batch)
        self.uncommitted_stored -= len(stored)
        self.stored += len(stored)
        self.stored_this_session += len(stored)
        if self.archive.full:
            self.frontier.close_warc(self.archive.close())
        self._progress()
        self.wake.set()

    def _progress(self) -> None:
        now = time.monotonic()
        if now - self.last_progress >= PROGRESS_EVERY_S:
            self.last_progress = now
            queued = sum(len(host.queue) for host in self.hosts.values())
            log.info("crawl: %d pages stored, %d queued, %d in flight", self.stored, queued, self.active)

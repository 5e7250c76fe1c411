"""The crawl stage: seed or resume the frontier, recover the WARC files, crawl, write stats."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.config import CrawlConfig, RunConfig
from pipeline.crawl.crawler import PAGE, SITEMAP, Crawler
from pipeline.crawl.frontier import Frontier, NewUrl
from pipeline.crawl.urls import InvalidUrl, Scope, host_of, normalize_url
from pipeline.crawl.warc import WarcArchive
from pipeline.errors import DaptError
from pipeline.rundir import RunDir, write_json_atomic, write_text_atomic

log = logging.getLogger(__name__)

STAGE = "crawl"


class CrawlPaths:
    """Paths of the crawl output inside a run directory."""

    def __init__(self, run_dir: str | Path):
        self.root = Path(run_dir) / "crawl"

    warc = property(lambda self: self.root / "warc")
    log = property(lambda self: self.root / "log.jsonl")
    stats = property(lambda self: self.root / "stats.json")
    frontier = property(lambda self: self.root / "frontier.sqlite")


def crawl_warc_paths(run_dir: str | Path) -> list[Path]:
    """The closed WARC files of the crawl in `run_dir` (what a `format: crawl` source reads)."""
    return sorted(CrawlPaths(run_dir).warc.glob("*.warc.gz"))


def run_crawl(config: RunConfig, force: bool = False) -> dict:
    """Crawl `config.crawl` into <run>/crawl/, resuming an interrupted crawl; returns the stats.

    A finished crawl is not crawled again unless `force`, which starts it over from the seeds."""
    crawl = config.crawl
    if crawl is None:
        raise DaptError("the run config has no `crawl` section (see configs/crawl-example.yaml)")
    run = RunDir(config.run.output_dir)
    paths = CrawlPaths(run.root)
    if force:
        shutil.rmtree(paths.root, ignore_errors=True)
        run.clear_done(STAGE)
    elif run.is_done(STAGE) and paths.stats.exists():
        log.info("crawl already done in %s (--force crawls again)", paths.root)
        return json.loads(paths.stats.read_text())
    write_text_atomic(run.config, config.to_yaml())
    scope = Scope(crawl.allowed_domains or _seed_hosts(crawl), crawl.allow_patterns, crawl.deny_patterns)
    frontier = Frontier(paths.frontier)
    try:
        _seed_or_check(frontier, crawl, scope)
        archive = WarcArchive(
            paths.warc, crawl.output.warc_prefix, crawl.output.warc_rotate_bytes, _warcinfo(config)
        )
        _recover(frontier, archive)
        _rewrite_log(frontier, paths.log)
        started = time.monotonic()
        with open(paths.log, "a") as log_file:
            crawler = Crawler(crawl, scope, frontier, archive, log_file)
            asyncio.run(crawler.run())
        closed = archive.close()
        if closed is not None:
            frontier.close_warc(closed)
        elapsed = time.monotonic() - started
        stats = _stats(frontier, paths, crawler, elapsed)
        write_json_atomic(paths.stats, stats)
    finally:
        frontier.close()
    run.mark_done(STAGE, {"pages_stored": stats["pages_stored"]})
    log.info(
        "crawl done: %d pages stored (%d this session, %.1f pages/s), outcomes %s -> %s",
        stats["pages_stored"],
        crawler.stored_this_session,
        stats["session"]["pages_per_s"],
        stats["outcomes"],
        paths.root,
    )
    return stats


# ----------------------------------------------------------------------------------- seeds
def _seed_hosts(crawl: CrawlConfig) -> list[str]:
    return sorted({host_of(url) for url, _, _ in _seed_list(crawl)})


def _seed_list(crawl: CrawlConfig) -> list[tuple[str, str, str]]:
    """(normalized URL, kind, where it comes from) of every seed; a bad one is a DaptError."""
    seeds, bad = [], []
    listed = [(url, PAGE, f"crawl.seeds.{i}") for i, url in enumerate(crawl.seeds)]
    listed += [(url, SITEMAP, f"crawl.sitemaps.{i}") for i, url in enumerate(crawl.sitemaps)]
    for path in crawl.seed_files:
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("#"):
                listed.append((line.strip(), PAGE, f"{path}:{n}"))
    for raw, kind, where in listed:
        try:
            url = normalize_url(raw)
        except InvalidUrl as exc:
            bad.append(f"{where}: invalid URL ({exc})")
            continue
        if url is None:
            bad.append(f"{where}: not an http(s) URL: {raw!r}")
        else:
            seeds.append((url, kind, where))
    if bad:
        raise DaptError(f"{len(bad)} bad seed URL(s):\n" + "\n".join(f"  - {b}" for b in bad[:20]))
    return seeds


def _seed_or_check(frontier: Frontier, crawl: CrawlConfig, scope: Scope) -> None:
    """Queue the seeds of a new crawl; for a crawl to resume, check its scope has not changed."""
    fingerprint = _scope_fingerprint(crawl)
    started_with = frontier.get_meta("scope_fingerprint")
    if started_with is not None:
        if started_with != fingerprint:
            raise DaptError(
                f"the crawl in {frontier.path.parent} was started with other seeds or scope settings; "
                "resume it with the same ones, or start over with --force"
            )
        log.info("resuming the crawl: %d URLs queued", len(frontier.queued()))
        return
    seeds = _seed_list(crawl)
    refused = [
        f"{where}: {url} is out of scope ({scope.refusal(url)})"
        for url, _, where in seeds
        if scope.refusal(url)
    ]
    if refused:
        raise DaptError(
            f"{len(refused)} seed(s) out of scope:\n" + "\n".join(f"  - {r}" for r in refused[:20])
        )
    frontier.seed([NewUrl(url, kind, 0) for url, kind, _ in seeds], {"scope_fingerprint": fingerprint})
    log.info("new crawl: %d seeds", len(seeds))


def _scope_fingerprint(crawl: CrawlConfig) -> str:
    keys = (
        "seeds",
        "sitemaps",
        "seed_files",
        "allowed_domains",
        "allow_patterns",
        "deny_patterns",
        "max_depth",
    )
    data = crawl.model_dump(mode="json", include=set(keys))
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


# ----------------------------------------------------------------------------------- restart
def _recover(frontier: Frontier, archive: WarcArchive) -> None:
    """Cut WARC files left open to their committed size (dropping records of URLs that were not
    committed: those are still queued) and delete partial files nothing was committed to."""
    open_files = frontier.open_warcs()
    for name, committed in open_files:
        state = archive.recover(name, committed)
        if state == "closed":
            frontier.close_warc(name)
        elif state == "dropped":
            frontier.drop_warc(name)
        log.info("recovered %s: %s at %d committed bytes", name, state, committed)
    for stray in archive.remove_strays({name for name, _ in open_files}):
        log.info("removed %s: nothing in it was committed", stray)


def _rewrite_log(frontier: Frontier, path: Path) -> None:
    """Rewrite log.jsonl from the frontier: exactly one line per done URL, whatever a kill left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        for record in frontier.records():
            f.write(record + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


# ----------------------------------------------------------------------------------- outputs
def _warcinfo(config: RunConfig) -> dict[str, str]:
    from importlib.metadata import version

    crawl = config.crawl
    return {
        "software": f"dapt {version('dapt')} (warcio {version('warcio')}, httpx {version('httpx')})",
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "http-header-user-agent": crawl.user_agent_header,
        "robots": "obey",
        "isPartOf": config.run.name,
    }


def _stats(frontier: Frontier, paths: CrawlPaths, crawler: Crawler, elapsed_s: float) -> dict:
    outcomes = frontier.outcome_counts()
    totals = frontier.totals()
    return {
        "pages_stored": outcomes.get("stored", 0),
        "outcomes": outcomes,
        **totals,
        "urls_queued": totals["urls_seen"] - totals["urls_done"],
        "hosts": len(crawler.hosts),
        "robots": crawler.robots_status,
        "warc_files": [p.name for p in crawl_warc_paths(paths.root.parent)],
        "session": {
            "elapsed_s": round(elapsed_s, 3),
            "pages_stored": crawler.stored_this_session,
            "pages_per_s": round(crawler.stored_this_session / elapsed_s, 2) if elapsed_s > 0 else 0.0,
        },
    }

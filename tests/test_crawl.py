"""`dapt crawl` against a generated site on 127.0.0.1 (tests/crawl_site.py): politeness, robots.txt,
errors and retries, limits, the SSRF guard, WARC output, and a SIGKILL in the middle of a crawl."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
import yaml
from crawl_site import Site, SiteServer
from warcio.archiveiterator import ArchiveIterator

from pipeline.config import ConfigError, load_config
from pipeline.crawl import CrawlPaths, crawl_warc_paths, run_crawl
from pipeline.crawl.client import is_public_address
from pipeline.crawl.fetcher import Response, retry_after_seconds
from pipeline.crawl.frontier import Frontier, NewUrl, Outcome
from pipeline.crawl.links import sitemap_urls
from pipeline.crawl.urls import InvalidUrl, Scope, normalize_url
from pipeline.crawl.warc import WarcArchive
from pipeline.errors import DaptError
from pipeline.rundir import RunDir

REPO = Path(__file__).resolve().parent.parent
CONTACT = "https://example.org/dapt-crawler"


# ----------------------------------------------------------------------------------- helpers
def crawl_config(tmp_path: Path, server: SiteServer, **crawl):
    """Write a run config crawling `server` (loopback allowed, no rate limit unless given) and load it."""
    section = {
        "seeds": [server.url("/p/0.html")],
        "contact_url": CONTACT,
        "allow_private_addresses": True,
        "per_host_rate": 0,
        "per_host_concurrency": 4,
        "concurrency": 8,
        **crawl,
    }
    path = tmp_path / "crawl.yaml"
    path.write_text(
        yaml.safe_dump({"run": {"name": "crawl-test", "output_dir": str(tmp_path / "run")}, "crawl": section})
    )
    return load_config(path)


def warc_records(run_dir: Path) -> list:
    """(type, WARC headers, HTTP headers, payload) of every record of the crawl's WARC files."""
    records = []
    for path in crawl_warc_paths(run_dir):
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                payload = record.content_stream().read()
                records.append((record.rec_type, record.rec_headers, record.http_headers, payload))
    return records


def stored_paths(run_dir: Path, server: SiteServer) -> Counter:
    prefix = server.url("")
    return Counter(
        headers.get_header("WARC-Target-URI").removeprefix(prefix)
        for kind, headers, _, _ in warc_records(run_dir)
        if kind == "response"
    )


def log_lines(run_dir: Path) -> list[dict]:
    return [json.loads(line) for line in CrawlPaths(run_dir).log.read_text().splitlines()]


def outcomes_by_path(run_dir: Path, server: SiteServer) -> dict[str, dict]:
    return {line["url"].removeprefix(server.url("")): line for line in log_lines(run_dir)}


def measured_rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0])


# ----------------------------------------------------------------------------------- units
def test_normalize_url_gives_one_spelling_and_drops_credentials():
    assert normalize_url("HTTP://Example.COM:80/a/../b/./c?z=1&a=2#frag") == "http://example.com/b/c?a=2&z=1"
    assert normalize_url("https://user:secret@ex.com:443/%7efoo") == "https://ex.com/~foo"
    assert normalize_url("http://ex.com:8080") == "http://ex.com:8080/"
    assert normalize_url("../x#y", base="http://h.org/a/b/c.html") == "http://h.org/a/x"
    for other in ("mailto:a@b.org", "javascript:void(0)", "ftp://h.org/f", "#top"):
        assert normalize_url(other) is None, other
    with pytest.raises(InvalidUrl, match="Invalid IPv6 URL"):
        normalize_url("http://[oops/")


def test_scope_domains_and_patterns():
    scope = Scope(["example.org"], allow_patterns=[r"/news/"], deny_patterns=[r"\.pdf$"])
    assert scope.refusal("https://www.example.org/news/a.html") is None
    assert scope.refusal("https://example.org.evil.com/news/a") == "domain not allowed"
    assert scope.refusal("https://example.org/news/a.pdf") == "matches a deny pattern"
    assert scope.refusal("https://example.org/about") == "matches no allow pattern"
    assert scope.refusal("https://other.com/news/x", any_domain=True) is None


def test_public_address_check():
    for private in (
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "fc00::1",
    ):
        assert not is_public_address(private), private
    for public in ("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"):
        assert is_public_address(public), public


def test_sitemap_formats():
    xml = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> http://a.org/1 </loc></url>'
    )
    xml += b"</urlset>"
    assert sitemap_urls(xml, 10**6) == (False, ["http://a.org/1"])
    index = b'<sitemapindex xmlns="x"><sitemap><loc>http://a.org/s2.xml</loc></sitemap></sitemapindex>'
    assert sitemap_urls(index, 10**6) == (True, ["http://a.org/s2.xml"])
    assert sitemap_urls(gzip.compress(xml), 10**6) == (False, ["http://a.org/1"])
    assert sitemap_urls(b"http://a.org/1\nhttp://a.org/2\n", 10**6) == (
        False,
        ["http://a.org/1", "http://a.org/2"],
    )
    with pytest.raises(ValueError, match="not a sitemap"):
        sitemap_urls(b"<html><body>no</body></html>", 10**6)


def test_retry_after_forms():
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    future = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 60))
    assert 55 <= retry_after_seconds(future) <= 61


def test_bad_crawl_section_lists_every_problem(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "crawl": {
                    "seeds": ["ftp://files.example.org/"],
                    "deny_patterns": ["(unclosed"],
                    "seed_files": [str(tmp_path / "missing.txt")],
                    "contact_url": "me@example.org",
                    "per_host_rat": 2,
                }
            }
        )
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    for expected in (
        "crawl.seeds",
        "crawl.deny_patterns",
        "crawl.seed_files",
        "crawl.contact_url",
        "crawl.per_host_rat",
    ):
        assert expected in message


# ----------------------------------------------------------------------------------- crawls
def test_crawl_stores_each_allowed_page_once_obeys_robots_and_writes_standard_warc(tmp_path):
    site = Site(pages=25, extra_links=["/cookie.html", "/gzip.html"])
    with SiteServer(site) as server:
        secret_seed = server.url("/p/0.html").replace("http://", "http://user:hunter2@")
        config = crawl_config(tmp_path, server, seeds=[secret_seed], sitemaps=[server.url("/sitemap.xml")])
        stats = run_crawl(config)
        requests = list(server.requests)
    run_dir = tmp_path / "run"

    expected = site.allowed_pages() | {"/cookie.html", "/gzip.html"}
    stored = stored_paths(run_dir, server)
    assert set(stored) == expected and set(stored.values()) == {1}
    paths = [path for _, path, _ in requests]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not [p for p in paths if p.startswith("/private/")], "robots.txt Disallow ignored"
    assert all(h["User-Agent"] == f"dapt-crawler/0.1 (+{CONTACT})" for _, _, h in requests)
    assert not any("Authorization" in h or "Cookie" in h for _, _, h in requests), (
        "credentials or cookies sent"
    )

    # the log: one line per URL seen, no credentials, no cookies
    lines = log_lines(run_dir)
    assert len(lines) == len({line["url"] for line in lines}) == stats["urls_seen"]
    log_text = CrawlPaths(run_dir).log.read_text()
    assert "hunter2" not in log_text and "secret123" not in log_text
    by_path = outcomes_by_path(run_dir, server)
    assert by_path["/private/3.html"]["outcome"] == "robots_disallowed"
    assert stats["outcomes"]["stored"] == stats["pages_stored"] == len(expected)
    assert stats["outcomes"]["robots_disallowed"] == site.pages
    assert json.loads(CrawlPaths(run_dir).stats.read_text()) == stats
    assert RunDir(run_dir).is_done("crawl")

    # the WARC: warcinfo, then request + response pairs; digests; decoded payloads
    records = warc_records(run_dir)
    assert records[0][0] == "warcinfo"
    responses = {
        h.get_header("WARC-Record-ID"): (h, http, body)
        for kind, h, http, body in records
        if kind == "response"
    }
    requests_ = [h for kind, h, _, _ in records if kind == "request"]
    assert len(requests_) == len(responses) == len(expected)
    assert {h.get_header("WARC-Concurrent-To") for h in requests_} == set(responses)
    for headers, http, body in responses.values():
        digest = "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode()
        assert headers.get_header("WARC-Payload-Digest") == digest
        assert headers.get_header("WARC-Identified-Payload-Type") == "text/html"
        assert http.get_statuscode() == "200" and int(http.get_header("Content-Length")) == len(body)
        assert body.startswith(b"<!doctype html>")
    gzip_http = next(
        http for h, http, _ in responses.values() if h.get_header("WARC-Target-URI").endswith("/gzip.html")
    )
    assert (
        gzip_http.get_header("Content-Encoding") is None
        and gzip_http.get_header("X-Crawler-Content-Encoding") == "gzip"
    )


def test_crawl_output_reads_through_the_curation_reader(tmp_path):
    from filters.readers import WebArchiveReader

    site = Site(pages=8, extra_links=["/notes.txt", "/doc.pdf"])
    with SiteServer(site) as server:
        run_crawl(crawl_config(tmp_path, server, sitemaps=[server.url("/sitemap.xml")]))
    run_dir = tmp_path / "run"
    paths = crawl_warc_paths(run_dir)
    reader = WebArchiveReader(str(paths[0].parent))
    documents = list(reader.run())
    prefix = server.url("")
    assert sorted(doc.metadata["url"].removeprefix(prefix) for doc in documents) == sorted(
        site.allowed_pages()
    )
    assert all("in 19" in doc.text or "in 20" in doc.text for doc in documents)
    # plain text and PDF are stored too (the curation reader keeps HTML only)
    assert {"/notes.txt", "/doc.pdf"} <= set(stored_paths(run_dir, server))


def test_per_host_rate_is_within_10_percent_of_the_limit(tmp_path):
    with SiteServer(Site(pages=30)) as server:
        run_crawl(crawl_config(tmp_path, server, per_host_rate=20, per_host_concurrency=4))
        times = server.times()
    assert len(times) == 31  # robots.txt + 30 pages
    rate = measured_rate(times)
    assert 18 <= rate <= 22, f"{rate:.2f} requests/s for a limit of 20"
    busiest_second = max(sum(1 for u in times if t <= u < t + 1.0) for t in times)
    assert busiest_second <= 22, f"{busiest_second} requests within one second"


def test_robots_crawl_delay_for_our_agent_slows_the_host(tmp_path):
    robots = (
        "User-agent: *\nDisallow: /\nCrawl-delay: 5\n\n"
        "User-agent: dapt-crawler\nDisallow: /private/\nCrawl-delay: 0.1\n"
    )
    with SiteServer(Site(pages=15, robots=robots)) as server:
        stats = run_crawl(crawl_config(tmp_path, server, per_host_rate=100))
        times = server.times()
    assert stats["pages_stored"] == 15
    assert stats["robots"][server.url("")] == {"status": "ok", "crawl_delay_s": 0.1}
    rate = measured_rate(times)
    assert 9 <= rate <= 11, f"{rate:.2f} requests/s for a Crawl-delay of 0.1 s"


def test_errors_retries_timeouts_redirects_and_limits(tmp_path):
    extra = [
        "/missing.html",
        "/flaky.html",
        "/limited.html",
        "/always-500.html",
        "/slow.html",
        "/drip.html",
        "/huge.html",
        "/loop-a",
        "/chain/0",
        "/cross",
        "/notes.txt",
        "/doc.pdf",
        "/image.png",
    ]
    with SiteServer(Site(pages=3, extra_links=extra)) as server:
        config = crawl_config(
            tmp_path,
            server,
            retries=2,
            backoff_s=0.1,
            read_timeout_s=0.3,
            response_timeout_s=0.6,
            max_response_bytes=100_000,
            max_redirects=3,
            per_host_concurrency=8,
        )
        started = time.monotonic()
        run_crawl(config)
        elapsed = time.monotonic() - started
        hits = Counter(server.paths())
        flaky, limited = server.times("/flaky.html"), server.times("/limited.html")
    run_dir = tmp_path / "run"
    out = outcomes_by_path(run_dir, server)

    assert (out["/missing.html"]["outcome"], out["/missing.html"]["status"]) == ("http_error", 404)
    assert hits["/missing.html"] == 1  # a 404 is not retried
    assert out["/flaky.html"]["outcome"] == "stored" and out["/flaky.html"]["attempts"] == 3
    assert flaky[1] - flaky[0] >= 0.1 and flaky[2] - flaky[1] >= 0.2, "exponential backoff"
    assert out["/limited.html"]["outcome"] == "stored" and limited[1] - limited[0] >= 1.0, (
        "Retry-After ignored"
    )
    assert out["/always-500.html"]["outcome"] == "http_error" and hits["/always-500.html"] == 3
    assert out["/slow.html"]["outcome"] == "timeout" and hits["/slow.html"] == 3
    assert out["/drip.html"]["outcome"] == "timeout" and "within 0.6 s" in out["/drip.html"]["error"]
    huge = out["/huge.html"]
    assert (huge["outcome"], huge["truncated"], huge["bytes"]) == ("stored", True, 100_000)
    # redirect loop: each hop fetched once, then it stops
    assert hits["/loop-a"] == hits["/loop-b"] == 1 and out["/loop-b"]["location"] == server.url("/loop-a")
    # a chain is followed for max_redirects hops
    assert [out[f"/chain/{i}"]["outcome"] for i in range(4)] == ["redirect"] * 3 + ["too_many_redirects"]
    assert "/chain/4" not in hits
    assert "not followed: domain not allowed" in out["/cross"]["error"]
    assert out["/image.png"]["outcome"] == "content_type_skipped"
    assert {out[p]["outcome"] for p in ("/notes.txt", "/doc.pdf")} == {"stored"}
    truncated = [
        h for kind, h, _, _ in warc_records(run_dir) if kind == "response" and h.get_header("WARC-Truncated")
    ]
    assert [h.get_header("WARC-Target-URI") for h in truncated] == [server.url("/huge.html")]
    assert elapsed < 15


def test_cross_domain_redirect_followed_only_when_allowed(tmp_path):
    with SiteServer(Site(pages=2, extra_links=["/cross"])) as server:
        stats = run_crawl(
            crawl_config(tmp_path, server, allowed_domains=["127.0.0.1"], allow_cross_domain_redirects=True)
        )
    stored = {
        h.get_header("WARC-Target-URI") for k, h, _, _ in warc_records(tmp_path / "run") if k == "response"
    }
    assert server.url("/p/1.html", host="localhost") in stored
    # the redirect target is fetched, but its own links outside allowed_domains are not followed
    assert stats["pages_stored"] == 3 and stats["links_out_of_scope"] > 0


def test_ssrf_guard_refuses_loopback_hosts(tmp_path):
    with SiteServer(Site(pages=2)) as server:
        seeds = [server.url("/p/0.html"), server.url("/p/1.html", host="localhost")]
        stats = run_crawl(crawl_config(tmp_path, server, seeds=seeds, allow_private_addresses=False))
        assert server.requests == []
    assert stats["outcomes"] == {"blocked_address": 2}
    assert not crawl_warc_paths(tmp_path / "run")


def test_warc_files_rotate_by_size_and_all_close(tmp_path):
    with SiteServer(Site(pages=20)) as server:
        run_crawl(crawl_config(tmp_path, server, output={"warc_rotate_bytes": 6000}))
    run_dir = tmp_path / "run"
    files = crawl_warc_paths(run_dir)
    assert len(files) > 3 and not list(CrawlPaths(run_dir).warc.glob("*.partial"))
    for path in files:
        with open(path, "rb") as f:
            assert next(iter(ArchiveIterator(f))).rec_type == "warcinfo"
    assert (
        set(stored_paths(run_dir, server).values()) == {1}
        and sum(stored_paths(run_dir, server).values()) == 20
    )


def test_max_pages_done_marker_force_and_changed_scope(tmp_path):
    with SiteServer(Site(pages=20)) as server:
        stats = run_crawl(crawl_config(tmp_path, server, max_pages=5))
        assert stats["pages_stored"] == 5 and stats["urls_queued"] > 0
        asked = len(server.requests)
        assert run_crawl(crawl_config(tmp_path, server, max_pages=5)) == stats  # done: nothing fetched
        assert len(server.requests) == asked
        RunDir(tmp_path / "run").clear_done("crawl")  # as if it had been interrupted
        with pytest.raises(DaptError, match="other seeds or scope"):
            run_crawl(crawl_config(tmp_path, server, max_pages=5, seeds=[server.url("/p/3.html")]))
        stats = run_crawl(
            crawl_config(tmp_path, server, max_pages=8, seeds=[server.url("/p/3.html")]), force=True
        )
    assert stats["pages_stored"] == 8 and sum(stored_paths(tmp_path / "run", server).values()) == 8


def test_restart_drops_warc_records_that_were_not_committed(tmp_path):
    """The commit protocol without a server: records written after the last commit are cut off
    at restart and their URLs are still queued."""
    frontier = Frontier(tmp_path / "frontier.sqlite")
    frontier.seed([NewUrl(f"http://a.org/{i}", "page", 0) for i in range(2)], {})
    first, second = frontier.queued()
    archive = WarcArchive(tmp_path / "warc", "t", 10**9, {"software": "test"})
    archive.open("t-00000.warc.gz")
    frontier.add_warc("t-00000.warc.gz")

    def response(url: str) -> Response:
        return Response(
            url,
            200,
            "OK",
            "HTTP/1.1",
            [("Host", "a.org")],
            httpx.Headers({"Content-Type": "text/html"}),
            b"<html>" + url.encode() + b"</html>",
            False,
            time.time(),
            0.01,
            None,
        )

    archive.write([response(first.url)])
    frontier.commit(
        [Outcome(first, {"url": first.url, "outcome": "stored"}, [])], ("t-00000.warc.gz", archive.size)
    )
    committed = archive.size
    archive.write([response(second.url)])  # fsynced, but the process dies before the commit
    assert archive.size > committed
    frontier.close()

    frontier = Frontier(tmp_path / "frontier.sqlite")
    assert frontier.open_warcs() == [("t-00000.warc.gz", committed)]
    restarted = WarcArchive(tmp_path / "warc", "t", 10**9, {})
    assert restarted.recover("t-00000.warc.gz", committed) == "open" and restarted.size == committed
    assert [e.url for e in frontier.queued()] == [second.url]
    restarted.close()
    with open(tmp_path / "warc" / "t-00000.warc.gz", "rb") as f:
        uris = [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(f)
            if r.rec_type == "response"
        ]
    assert uris == [first.url]


def test_sigkill_mid_crawl_then_resume_stores_every_allowed_page_exactly_once(tmp_path):
    """Acceptance: `dapt crawl` killed with SIGKILL midway, then run again, ends with every allowed
    page in WARC exactly once, none of the disallowed ones, and nothing done fetched again."""
    site = Site(pages=60, extra_links=["/cookie.html"])
    expected = site.allowed_pages() | {"/cookie.html"}
    with SiteServer(site) as server:
        crawl_config(
            tmp_path,
            server,
            sitemaps=[server.url("/sitemap.xml")],
            per_host_rate=40,
            output={"warc_rotate_bytes": 40_000},
        )
        command = [sys.executable, "-m", "pipeline.cli", "--quiet", "crawl", str(tmp_path / "crawl.yaml")]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        process = subprocess.Popen(command, cwd=tmp_path, env=env)
        log = CrawlPaths(tmp_path / "run").log
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            if log.exists() and len(log.read_text().splitlines()) >= 25:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the crawl ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()

        db = sqlite3.connect(CrawlPaths(tmp_path / "run").frontier)
        done_at_kill = {url for (url,) in db.execute("SELECT url FROM urls WHERE done_seq IS NOT NULL")}
        queued_at_kill = db.execute("SELECT COUNT(*) FROM urls WHERE done_seq IS NULL").fetchone()[0]
        db.close()
        assert done_at_kill and queued_at_kill, "killed too early or too late to test a resume"
        asked_before = len(server.requests)

        subprocess.run(command, cwd=tmp_path, env=env, check=True, timeout=60)
        asked_after = [path for _, path, _ in server.requests[asked_before:]]

    run_dir = tmp_path / "run"
    stored = stored_paths(run_dir, server)
    assert set(stored) == expected, "a page lost or a disallowed one stored"
    assert set(stored.values()) == {1}, f"stored twice: {[p for p, n in stored.items() if n > 1]}"
    refetched = {server.url(p) for p in asked_after} & done_at_kill
    assert not refetched, f"fetched again after the restart: {sorted(refetched)}"
    assert not any(p.startswith("/private/") for _, p, _ in server.requests)
    assert not list(CrawlPaths(run_dir).warc.glob("*.partial"))
    lines = log_lines(run_dir)
    assert len(lines) == len({line["url"] for line in lines})
    assert Counter(line["outcome"] for line in lines)["stored"] == len(expected)
    for log_file in (CrawlPaths(run_dir).log, run_dir / "logs" / "dapt.log"):
        assert "secret123" not in log_file.read_text(), f"a cookie in {log_file}"


@pytest.mark.slow
def test_dapt_curate_runs_on_the_crawl_output(tmp_path):
    """A run config that chains crawl then curate: the `format: crawl` source reads the WARCs."""
    with SiteServer(Site(pages=30)) as server:
        config = {
            "run": {"name": "crawl-then-curate", "output_dir": str(tmp_path / "run")},
            "crawl": {
                "seeds": [server.url("/p/0.html")],
                "sitemaps": [server.url("/sitemap.xml")],
                "contact_url": CONTACT,
                "allow_private_addresses": True,
                "per_host_rate": 0,
            },
            "sources": [{"name": "site", "format": "crawl"}],
            "curate": {"executor": {"tasks": 1, "workers": 1}, "domain": {"enabled": False}},
            "tokenizer": {"train": {"vocab_size": 512}},
        }
        (tmp_path / "run.yaml").write_text(yaml.safe_dump(config))
        dapt = [sys.executable, "-m", "pipeline.cli", "--quiet"]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        subprocess.run(
            [*dapt, "crawl", str(tmp_path / "run.yaml")], cwd=tmp_path, env=env, check=True, timeout=60
        )
    curate = subprocess.run(
        [*dapt, "curate", str(tmp_path / "run.yaml")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert curate.returncode == 0, curate.stderr[-3000:]
    curated = [
        json.loads(line)
        for path in sorted((tmp_path / "run" / "curated" / "site").glob("*.jsonl.gz"))
        for line in gzip.decompress(path.read_bytes()).decode().splitlines()
    ]
    assert curated, "curation kept nothing of the crawl"
    assert all(doc["metadata"]["url"].startswith(server.url("/")) for doc in curated)

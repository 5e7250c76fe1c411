"""The crawler on hostile input (issue 13): compression bombs, URLs httpx refuses, 100,000 links,
an absurd Crawl-delay, 25,000 robots.txt rules, addresses that carry a private IPv4, a trailing dot.

Every request goes to the local test site on 127.0.0.1 (tests/crawl_site.py); the SSRF guard's
verdicts on other addresses are checked as a pure function, never by connecting.
"""

from __future__ import annotations

import gzip
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import brotli
import pytest
import zstandard
from crawl_site import Site, SiteServer
from test_crawl import crawl_config, log_lines, outcomes_by_path, warc_records

from pipeline.content_encoding import PIECE_BYTES, BoundedDecoder, ContentDecodingError
from pipeline.crawl import CrawlPaths, run_crawl
from pipeline.crawl.client import is_public_address
from pipeline.crawl.robots import Robots
from pipeline.crawl.urls import InvalidUrl, Scope, normalize_url
from pipeline.errors import DaptError
from pipeline.rundir import RunDir

REPO = Path(__file__).resolve().parent.parent
RSS_BOUND_MIB = 200  # a crawl of a few pages peaks at about 65 MiB (httpx, resiliparse, warcio loaded)


# The child's own peak (VmHWM of its memory map): ru_maxrss would carry over the peak of the process
# that forked it (exec keeps it), i.e. a large pytest process.
CLI_WITH_PEAK = """
import runpy, sys
sys.argv = ["dapt", *sys.argv[1:]]
try:
    runpy.run_module("pipeline.cli", run_name="__main__")
finally:
    peak = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
    sys.stderr.write(f"\\nVMHWM_KB {peak}\\n")
"""


def crawl_in_child(tmp_path: Path, timeout_s: float) -> tuple[int, float]:
    """(exit code, peak RSS in MiB) of `dapt crawl` on the config `crawl_config` wrote, in a child."""
    log = open(tmp_path / "child.log", "wb")  # noqa: SIM115 (closed below, after the child)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CLI_WITH_PEAK, "crawl", str(tmp_path / "crawl.yaml")],
        env=env,
        stdout=log,
        stderr=log,
    )
    timer = threading.Timer(timeout_s, child.kill)
    timer.start()
    child.wait()
    timer.cancel()
    log.close()
    peaks = re.findall(r"VMHWM_KB (\d+)", (tmp_path / "child.log").read_text(errors="replace"))
    return child.returncode, int(peaks[-1]) / 1024 if peaks else float("inf")


# ----------------------------------------------------------------------------------- 1. bombs
def test_compression_bombs_are_cut_at_the_size_limit_in_bounded_memory(tmp_path):
    """1.6 KB of brotli, 33 KB of zstd and 2.5 KB of gzip-in-gzip, each 1 GiB of zeros: stored cut
    at 1 MB, with the crawl's peak RSS under RSS_BOUND_MIB (it was 2.2 GB for the brotli one alone)."""
    bombs = ["/bomb.br", "/bomb.zstd", "/bomb.gzip,gzip"]
    with SiteServer(Site()) as server:
        config = crawl_config(
            tmp_path, server, seeds=[server.url(p) for p in bombs], max_depth=0, max_response_bytes=1_000_000
        )
        code, peak_mib = crawl_in_child(tmp_path, timeout_s=300)
    assert code == 0, (tmp_path / "child.log").read_text()[-3000:]
    assert peak_mib < RSS_BOUND_MIB, f"peak RSS {peak_mib:.0f} MiB"
    out = outcomes_by_path(config.run.output_dir, server)
    assert {p: (out[p]["outcome"], out[p]["bytes"], out[p]["truncated"]) for p in bombs} == {
        p: ("stored", 1_000_000, True) for p in bombs
    }
    bodies = [payload for kind, _, _, payload in warc_records(config.run.output_dir) if kind == "response"]
    assert sorted(map(len, bodies)) == [1_000_000] * 3 and all(body.count(0) == len(body) for body in bodies)


def test_bounded_decoder_reads_every_encoding_and_stack_and_refuses_a_cut_stream():
    text = os.urandom(50_000).hex().encode()
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    encoded = {
        "gzip": gzip.compress(text),
        "deflate": zlib.compress(text),
        "br": brotli.compress(text),
        "zstd": zstandard.ZstdCompressor().compress(text),
        "gzip, br": brotli.compress(gzip.compress(text)),
        "identity": text,
    }
    for encoding, body in {**encoded, "deflate ": raw_deflate.compress(text) + raw_deflate.flush()}.items():
        decoder = BoundedDecoder(encoding)
        pieces = [piece for i in range(0, len(body), 1000) for piece in decoder.feed(body[i : i + 1000])]
        pieces += decoder.finish()
        assert b"".join(pieces) == text, encoding
        assert max(map(len, pieces)) <= 2 * PIECE_BYTES, encoding
    for encoding in ("br", "zstd"):
        decoder = BoundedDecoder(encoding)
        list(decoder.feed(encoded[encoding][:-20]))
        with pytest.raises(ContentDecodingError):
            list(decoder.finish())


# ----------------------------------------------------------------------------------- 3. bad URLs
def test_urls_httpx_refuses_are_invalid_when_normalized():
    for bad in (
        "http://0177.0.0.1/",  # httpx: invalid IPv4 address
        "http://127.0.0.1/" + "a" * 70_000,  # over 64 KiB
        "http://xn--a.localhost/",  # invalid IDNA label
        "http://xn--zz-.localhost/",
        "http://\u2028x.localhost/",
        "http://./",
    ):
        with pytest.raises(InvalidUrl):
            normalize_url(bad)


def test_invalid_links_are_logged_counted_and_skipped_and_the_crawl_goes_on(tmp_path, caplog):
    long_link = "/" + "a" * 70_000
    site = Site(pages=3, extra_links=[long_link, "http://xn--a.localhost/x", "http://xn--zz-.localhost/"])
    with SiteServer(site) as server:
        config = crawl_config(tmp_path, server, seeds=[server.url("/p/0.html", host="localhost")])
        stats = run_crawl(config)
    assert stats["pages_stored"] == 3 and stats["links_invalid"] == 3
    first = next(line for line in log_lines(config.run.output_dir) if line["url"].endswith("/p/0.html"))
    assert first["links_invalid"] == 3 and "URL too long" in first["invalid_link"]
    assert "3 invalid link(s) skipped" in caplog.text
    assert not any(path.startswith("/a") for path in server.paths())


def test_a_seed_httpx_refuses_is_a_clear_error(tmp_path):
    with SiteServer(Site()) as server:
        config = crawl_config(tmp_path, server, seeds=[server.url("/p/0.html"), "http://0177.0.0.1/"])
        with pytest.raises(DaptError, match=r"crawl.seeds.1: invalid URL \(Invalid IPv4 address"):
            run_crawl(config)


def test_a_queued_url_httpx_refuses_does_not_stop_the_resumed_crawl(tmp_path):
    """A frontier written before URLs were checked may hold one: it is an outcome, not a crash."""
    with SiteServer(Site(pages=2)) as server:
        config = crawl_config(tmp_path, server)
        run_crawl(config)
        db = sqlite3.connect(CrawlPaths(config.run.output_dir).frontier)
        with db:
            db.execute(
                "INSERT INTO urls (url, kind, depth, redirects) VALUES (?, 'page', 1, 0)",
                (server.url("/x") + "y" * 70_000,),
            )
        db.close()
        RunDir(config.run.output_dir).clear_done("crawl")
        stats = run_crawl(config)
    assert stats["outcomes"]["invalid_url"] == 1 and stats["urls_queued"] == 0


# ----------------------------------------------------------------------------------- 4. many links
def test_100k_links_are_extracted_off_the_loop_while_other_hosts_are_fetched(tmp_path):
    """A 2.8 MB page of 100,000 links on 127.0.0.1; meanwhile `localhost` (another host of the same
    server) keeps its 0.5 s pace. It used to take minutes with the loop stalled."""
    with SiteServer(Site(pages=20)) as server:
        config = crawl_config(
            tmp_path,
            server,
            seeds=[server.url("/many-links.html"), server.url("/p/0.html", host="localhost")],
            per_host_rate=2,
            max_pages=25,
        )
        code, _ = crawl_in_child(tmp_path, timeout_s=240)
        with server.lock:
            requests = list(server.requests)
    assert code == 0, (tmp_path / "child.log").read_text()[-3000:]
    out = outcomes_by_path(config.run.output_dir, server)
    assert out["/many-links.html"]["links"] == 100_000
    other = [
        t
        for t, path, headers in requests
        if headers["Host"].startswith("localhost") and path != "/robots.txt"
    ]
    big = next(t for t, path, _ in requests if path == "/many-links.html")
    after = [
        t
        for t, path, headers in requests
        if path.startswith("/p/") and headers["Host"].startswith("127.") and t > big
    ]
    gaps = [b - a for a, b in zip(other, other[1:], strict=False) if b <= after[0]]
    assert any(big < t < after[0] for t in other) and max(gaps) < 2.0, (after[0] - big, gaps)


def test_link_extraction_is_linear():
    """In a child with a time limit: the quadratic version runs for hours on 100,000 links."""
    script = (
        "from crawl_site import many_links; from pipeline.crawl.links import html_links; "
        "base, hrefs = html_links(many_links(100_000), 'http://h.org/'); print(len(hrefs), hrefs[-1])"
    )
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'tests'}"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["100000", "/p/99999.html"], done.stderr


# ----------------------------------------------------------------------------------- 5. Crawl-delay
def test_an_absurd_crawl_delay_is_capped_and_logged(tmp_path, caplog):
    site = Site(pages=3, robots="User-agent: *\nDisallow: /private/\nCrawl-delay: 100000000\n")
    with SiteServer(site) as server:
        config = crawl_config(tmp_path, server, max_crawl_delay_s=0.3)
        started = time.monotonic()
        stats = run_crawl(config)
    assert stats["pages_stored"] == 3 and time.monotonic() - started < 30
    assert stats["robots"][server.url("")] == {
        "status": "ok",
        "crawl_delay_s": 0.3,
        "crawl_delay_asked_s": 100_000_000,
    }
    assert "Crawl-delay 1e+08 s cut to max_crawl_delay_s" in caplog.text
    times = server.times("/p/")
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.25


# ----------------------------------------------------------------------------------- 6. robots rules
def test_robots_verdicts_are_decided_once_per_url():
    """25,000 wildcard rules cost Protego milliseconds a check: the crawler decides a queue's next URLs
    in a thread, then asks again (a URL waiting for its host's turn) for free."""
    from protego import Protego

    rules = "User-agent: *\n" + "".join(f"Disallow: /*/secret{i}*.html$\n" for i in range(25_000))
    robots = Robots("ok", Protego.parse(rules))
    urls = ["http://h.org/a/b.html", "http://h.org/x/secret7z.html"]
    assert not robots.decided(urls[0])
    started = time.monotonic()
    robots.decide(urls, "dapt-crawler")
    two_checks = time.monotonic() - started
    assert robots.decided(urls[0]) and robots.decided(urls[1])
    started = time.monotonic()
    for _ in range(100):
        assert robots.allows(urls[0], "dapt-crawler") and not robots.allows(urls[1], "dapt-crawler")
    assert time.monotonic() - started < two_checks, "200 known verdicts take less than 2 checks"


# ----------------------------------------------------------------------------------- 7. SSRF guard
@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),  # IPv4-mapped: the IPv4 address itself
        ("64:ff9b::808:808", True),  # NAT64 of a public address
        ("192.0.0.8", False),  # IETF protocol assignments (DS-Lite), is_global says public
        ("192.0.0.9", False),
        ("192.0.0.170", False),
        ("192.88.99.1", False),  # 6to4 relay anycast
        ("198.18.0.1", False),  # benchmarking
        ("::ffff:127.0.0.1", False),
        ("::ffff:192.0.0.8", False),
        ("::ffff:0:7f00:1", False),  # SIIT-translated 127.0.0.1
        ("::ffff:0:808:808", False),  # not routed, whatever it carries
        ("::7f00:1", False),  # IPv4-compatible 127.0.0.1
        ("::a9fe:a9fe", False),  # IPv4-compatible 169.254.169.254
        ("::808:808", False),
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of the cloud metadata address
        ("64:ff9b::c000:8", False),  # NAT64 of 192.0.0.8
        ("64:ff9b:1::808:808", False),  # local-use NAT64
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::1", False),
        ("2002:808:808::1", False),  # 6to4: not globally reachable
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
        ("2001:0:7f00:1:0:0:80ff:fffe", False),  # Teredo to server 127.0.0.1, client 127.0.0.1
        ("3fff::1", False),
        ("5f00::1", False),
        ("fec0::1", False),
        ("100::1", False),
        ("fe80::1%eth0", False),
    ],
)
def test_ssrf_guard_verdicts(address, public):
    assert is_public_address(address) is public


# ----------------------------------------------------------------------------------- 14. trailing dot
def test_a_trailing_dot_names_the_same_host():
    assert normalize_url("http://LocalHost.:80/a") == "http://localhost/a"
    assert normalize_url("https://example.com./x?b=1") == "https://example.com/x?b=1"
    assert normalize_url("http://127.0.0.1.:8080/") == "http://127.0.0.1:8080/"
    assert Scope(["example.com"], [], []).refusal(normalize_url("http://www.example.com./")) is None


def test_seeds_with_and_without_the_trailing_dot_are_one_host(tmp_path):
    with SiteServer(Site(pages=3)) as server:
        seeds = [server.url("/p/0.html", host="localhost."), server.url("/p/1.html", host="localhost")]
        config = crawl_config(tmp_path, server, seeds=seeds)
        stats = run_crawl(config)
    assert stats["hosts"] == 1 and list(stats["robots"]) == [server.url("", host="localhost")]
    assert server.hits["/robots.txt"] == 1 and stats["pages_stored"] == 3

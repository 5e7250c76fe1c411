"""A generated web site served on 127.0.0.1 for the crawler tests: linked pages, robots.txt, a
sitemap, and endpoints that misbehave (errors, Retry-After, slow, drip, huge, redirect loops,
compression bombs, 100,000 links).

Every request is recorded (server-side monotonic time, path, headers) so tests can check what the
crawler actually asked for and when.
"""

from __future__ import annotations

import functools
import gzip
import random
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import zstandard

SUBJECTS = [
    "The central bank",
    "Our treasury team",
    "The regional lender",
    "A large pension fund",
    "The insurer",
    "Bond investors",
    "The finance ministry",
    "Several analysts",
    "The audit committee",
    "Retail depositors",
]
VERBS = [
    "raised",
    "cut",
    "reviewed",
    "questioned",
    "welcomed",
    "reported",
    "revised",
    "announced",
    "hedged",
    "doubled",
]
OBJECTS = [
    "its policy rate",
    "the quarterly dividend",
    "capital requirements",
    "the earnings guidance",
    "exposure to commercial property",
    "the liquidity buffer",
    "its bond portfolio",
    "credit spreads",
    "the annual budget",
    "operating margins",
    "loan loss provisions",
    "the inflation forecast",
]
TAILS = [
    "after a weak quarter",
    "despite rising yields",
    "as inflation cooled",
    "ahead of the board meeting",
    "while markets rallied",
    "because funding costs rose",
    "to reassure shareholders",
    "for the third year",
]


def page_text(i: int, sentences: int = 14) -> str:
    """Deterministic English text of page `i`, different for every page."""
    rng = random.Random(i)
    parts = (SUBJECTS, VERBS, OBJECTS, TAILS)
    return " ".join(
        " ".join(rng.choice(words) for words in parts) + f" in {1990 + rng.randrange(35)}."
        for _ in range(sentences)
    )


@dataclass
class Site:
    """What the server serves: `pages` HTML pages /p/<i>.html linked in a graph (each links to its
    neighbours and to /private/<i>.html, disallowed by the default robots.txt), plus the
    misbehaving endpoints listed in `Handler`."""

    pages: int = 20
    robots: str = "User-agent: *\nDisallow: /private/\n"
    extra_links: list[str] = field(default_factory=list)  # linked from /p/0.html
    sitemap: list[str] = field(default_factory=lambda: ["/orphan.html"])

    def links(self, i: int) -> list[str]:
        n = self.pages
        targets = {(i + 1) % n, (i * 3 + 2) % n, (i * 7 + 5) % n}
        links = [f"/p/{t}.html" for t in sorted(targets)]
        links += [f"/private/{i}.html", "https://example.com/outside", "mailto:someone@example.com", "#top"]
        return links + (self.extra_links if i == 0 else [])

    def allowed_pages(self) -> set[str]:
        """Paths a polite crawl from /p/0.html plus the sitemap stores (all pages, the orphan)."""
        return {f"/p/{i}.html" for i in range(self.pages)} | {"/orphan.html"}


MIB = 1 << 20


@functools.cache
def zeros_bomb(encoding: str, mib: int = 1024) -> bytes:
    """`mib` MiB of zeros compressed with `encoding` ("br": 1.6 KB for 1 GiB, "zstd", or "gzip, gzip":
    gzip of gzip); built once per process."""
    zeros = bytes(MIB)
    if encoding == "br":
        packer = brotli.Compressor(quality=5)
        return b"".join(packer.process(zeros) for _ in range(mib)) + packer.finish()
    if encoding == "zstd":
        packer = zstandard.ZstdCompressor(level=1).compressobj()
        return b"".join(packer.compress(zeros) for _ in range(mib)) + packer.flush()
    assert encoding == "gzip, gzip", encoding
    # a fully flushed deflate block of 1 MiB of zeros repeats byte for byte: the inner gzip is cheap
    # to build (its CRC is left wrong: only a decoder that inflates all of it gets to see that)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    inner = header + block * mib + b"\x03\x00" + bytes(4) + (mib * MIB % 2**32).to_bytes(4, "little")
    return gzip.compress(inner, 9)


def many_links(n: int) -> bytes:
    """A page of `n` links to /p/<i>.html (100,000 links: 2.8 MB)."""
    anchors = "".join(f'<a href="/p/{i}.html"></a>' for i in range(n))
    return f"<!doctype html><html><head><title>Links</title></head><body>{anchors}</body></html>".encode()


def html(title: str, body: str, links: list[str] = ()) -> bytes:
    anchors = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>{body}</p><ul>{anchors}</ul></body></html>"
    ).encode()


class SiteServer:
    """`with SiteServer(site) as server:` serves `site` on 127.0.0.1:<port> in a thread."""

    def __init__(self, site: Site):
        self.site = site
        self.requests: list[tuple[float, str, dict[str, str]]] = []
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # clients hanging up on purpose
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        with self.lock:
            return [path for _, path, _ in self.requests]

    def times(self, prefix: str = "") -> list[float]:
        with self.lock:
            return [t for t, path, _ in self.requests if path.startswith(prefix)]

    def record(self, path: str, headers: dict[str, str]) -> int:
        """Record a request; return how many times this path was asked (this one included)."""
        with self.lock:
            self.requests.append((time.monotonic(), path, headers))
            self.hits[path] += 1
            return self.hits[path]

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(server: SiteServer) -> type[BaseHTTPRequestHandler]:
    site = server.site

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def send(self, status: int, body: bytes = b"", content_type: str = "text/html", **headers) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: C901 (one branch per endpoint reads best here)
            path = self.path
            hit = server.record(path, dict(self.headers.items()))
            if path == "/robots.txt":
                if site.robots is None:
                    return self.send(404, b"no robots")
                return self.send(200, site.robots.encode(), "text/plain")
            if path.startswith("/p/") and path.endswith(".html"):
                i = int(path[3:-5])
                if 0 <= i < site.pages:
                    return self.send(200, html(f"Page {i}", page_text(i), site.links(i)))
            if path.startswith("/private/"):
                return self.send(200, html("Private", "must not be crawled"))
            if path == "/orphan.html":
                return self.send(200, html("Orphan", page_text(999)))
            if path == "/sitemap.xml":
                urls = "".join(f"<url><loc>{server.url(p)}</loc></url>" for p in site.sitemap)
                body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                return self.send(200, body.encode(), "application/xml")
            if path == "/flaky.html":  # 500 twice, then fine
                if hit <= 2:
                    return self.send(500, b"oops")
                return self.send(200, html("Flaky", page_text(1001)))
            if path == "/limited.html":  # 429 with Retry-After once
                if hit == 1:
                    return self.send(429, b"slow down", Retry_After="1")
                return self.send(200, html("Limited", page_text(1002)))
            if path == "/always-500.html":
                return self.send(500, b"broken")
            if path == "/slow.html":  # no answer for 3 s
                time.sleep(3)
                return self.send(200, html("Slow", "late"))
            if path == "/drip.html":  # one byte every 50 ms, forever (within the read timeout each time)
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "100000")
                self.end_headers()
                try:
                    for _ in range(100_000):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.05)
                except OSError:
                    pass
                return None
            if path == "/huge.html":  # 5 MB
                body = html("Huge", "big " * 1_250_000)
                return self.send(200, body)
            if path == "/gzip.html":
                return self.send(200, gzip.compress(html("Gzip", page_text(1003))), Content_Encoding="gzip")
            if path.startswith("/bomb."):  # /bomb.br, /bomb.zstd, /bomb.gzip,gzip: 1 GiB of zeros
                encoding = path[6:].replace(",", ", ")
                return self.send(200, zeros_bomb(encoding), Content_Encoding=encoding)
            if path == "/many-links.html":
                return self.send(200, many_links(100_000))
            if path == "/cookie.html":
                return self.send(200, html("Cookie", page_text(1004)), Set_Cookie="session=secret123; Path=/")
            if path == "/loop-a":
                return self.send(302, b"", Location="/loop-b")
            if path == "/loop-b":
                return self.send(302, b"", Location="/loop-a")
            if path.startswith("/chain/"):
                return self.send(301, b"", Location=f"/chain/{int(path[7:]) + 1}")
            if path == "/cross":
                return self.send(302, b"", Location=server.url("/p/1.html", host="localhost"))
            if path == "/notes.txt":
                return self.send(200, b"plain text notes", "text/plain; charset=utf-8")
            if path == "/doc.pdf":
                return self.send(200, b"%PDF-1.4 fake", "application/pdf")
            if path == "/image.png":
                return self.send(200, b"\x89PNG fake", "image/png")
            return self.send(404, b"not found")

    return Handler

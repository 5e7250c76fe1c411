"""Benchmark: pages/s of `dapt crawl` with politeness limits off against `wget --recursive
--warc-file` on the same generated site, served from 127.0.0.1 in the same run. Both obey
robots.txt, write gzipped WARC and fetch the same pages (checked).

Two servers: a plain one (0 ms: the client's own cost per page decides), and one that takes 20 ms
per response, as a real site over the network does (there concurrency decides).

    .venv/bin/python bench/bench_crawl.py                       # 1000 pages, 0 and 20 ms, 3 repeats
    .venv/bin/python bench/bench_crawl.py --pages 300 --repeats 1 --delays-ms 0

Wall time includes process start for both (Python imports for dapt, about 0.5 s).
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from warcio.archiveiterator import ArchiveIterator

REPO = Path(__file__).resolve().parent.parent
WORDS = ["bank", "rates", "bond", "yield", "equity", "market", "inflation", "earnings", "revenue", "credit"]


def make_site(root: Path, pages: int, seed: int = 0) -> None:
    """`pages` HTML pages of ~4 KB, each linking to the next and to 4 random others, and a robots.txt
    that disallows /private/ (linked from every page, never served)."""
    rng = random.Random(seed)
    (root / "p").mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    for i in range(pages):
        targets = {(i + 1) % pages, *(rng.randrange(pages) for _ in range(4))}
        links = "".join(f'<a href="/p/{t}.html">page {t}</a> ' for t in sorted(targets))
        text = " ".join(rng.choice(WORDS) for _ in range(600))
        body = f"<html><head><title>{i}</title></head><body><p>{text}</p>{links}<a href='/private/{i}'>x</a>"
        (root / "p" / f"{i}.html").write_text(body + "</body></html>")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(root: Path, delay_ms: float) -> tuple[subprocess.Popen, int]:
    """Serve `root` on 127.0.0.1 (HTTP/1.1 keep-alive, threads) from a separate process."""
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(root), str(port), str(delay_ms)])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the site server did not start")


def serve_forever(root: str, port: int, delay_ms: float) -> None:
    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=root, **kwargs)

        def do_GET(self) -> None:
            time.sleep(delay_ms / 1000)
            super().do_GET()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


def responses_in(warcs: list[Path]) -> int:
    count = 0
    for path in warcs:
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
                    count += record.rec_headers.get_header("WARC-Target-URI").endswith(".html")
    return count


def run_dapt(work: Path, port: int, concurrency: int) -> tuple[float, int]:
    config = {
        "run": {"name": "bench", "output_dir": str(work / "run")},
        "crawl": {
            "seeds": [f"http://127.0.0.1:{port}/p/0.html"],
            "contact_url": "https://example.org/bench",
            "allow_private_addresses": True,
            "max_pages": 10**9,
            "max_depth": 10**6,
            "per_host_rate": 0,
            "per_host_concurrency": concurrency,
            "concurrency": concurrency,
        },
    }
    (work / "crawl.yaml").write_text(yaml.safe_dump(config))
    command = [sys.executable, "-m", "pipeline.cli", "--quiet", "crawl", str(work / "crawl.yaml")]
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True)
    elapsed = time.perf_counter() - start
    return elapsed, responses_in(sorted((work / "run" / "crawl" / "warc").glob("*.warc.gz")))


def run_wget(work: Path, port: int) -> tuple[float, int]:
    command = [
        "wget", "--recursive", "--level=inf", "--no-verbose", "--quiet", "--no-host-directories",
        f"--directory-prefix={work / 'files'}", f"--warc-file={work / 'wget'}", "--no-warc-keep-log",
        f"http://127.0.0.1:{port}/p/0.html",
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(command, check=False)  # wget exits 8 for the 404s of /private/ links it never asks: fine
    elapsed = time.perf_counter() - start
    return elapsed, responses_in([work / "wget.warc.gz"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--delays-ms", type=float, nargs="+", default=[0, 20], help="server time per response"
    )
    parser.add_argument("--serve", nargs=3, metavar=("ROOT", "PORT", "DELAY_MS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve_forever(args.serve[0], int(args.serve[1]), float(args.serve[2]))
    if shutil.which("wget") is None:
        sys.exit("wget is missing: apt-get install -y wget")
    runners = {
        f"dapt crawl (concurrency {args.concurrency})": lambda work, port: run_dapt(
            work, port, args.concurrency
        ),
        "dapt crawl (concurrency 1)": lambda work, port: run_dapt(work, port, 1),
        "wget --recursive --warc-file": run_wget,
    }
    root = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    try:
        make_site(root / "site", args.pages)
        for delay_ms in args.delays_ms:
            server, port = serve(root / "site", delay_ms)
            try:
                results: dict[str, list[tuple[float, int]]] = {name: [] for name in runners}
                for repeat in range(args.repeats):
                    for i, (name, runner) in enumerate(runners.items()):
                        work = root / f"run-{repeat}-{i}"
                        work.mkdir()
                        results[name].append(runner(work, port))
                        shutil.rmtree(work)
            finally:
                server.terminate()
                server.wait()
            report(results, args.pages, delay_ms, args.repeats)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def report(results: dict[str, list[tuple[float, int]]], pages: int, delay_ms: float, repeats: int) -> None:
    print(f"\n{pages} pages on 127.0.0.1, {delay_ms:g} ms per response, median of {repeats} runs")
    print(f"{'crawler':<34} {'pages':>6} {'seconds':>8} {'pages/s':>8}")
    rates = {}
    for name, runs in results.items():
        seconds = statistics.median(s for s, _ in runs)
        fetched = runs[0][1]
        assert all(p == fetched for _, p in runs), f"{name}: page counts differ between runs: {runs}"
        rates[name] = fetched / seconds
        print(f"{name:<34} {fetched:>6} {seconds:>8.2f} {rates[name]:>8.1f}")
    counts = {runs[0][1] for runs in results.values()}
    assert counts == {pages}, f"the crawlers did not all fetch the {pages} pages: {counts}"
    baseline = rates["wget --recursive --warc-file"]
    for name, rate in rates.items():
        if not name.startswith("wget"):
            print(f"  {name} / wget: {rate / baseline:.2f}x")


if __name__ == "__main__":
    main()

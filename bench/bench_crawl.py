"""Benchmark: pages/s of `dapt crawl` with politeness limits off against `wget --recursive
--warc-file` on the same generated site, served by one `python -m http.server` on 127.0.0.1, in the
same run. Both obey robots.txt, write gzipped WARC and fetch the same pages (checked).

    .venv/bin/python bench/bench_crawl.py                  # 2000 pages, 3 repeats, medians
    .venv/bin/python bench/bench_crawl.py --pages 500 --repeats 1

Wall time includes process start for both (Python imports for dapt, ~0.5 s).
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


def serve(root: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the site server did not start")


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
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wget") is None:
        sys.exit("wget is missing: apt-get install -y wget")

    root = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    try:
        make_site(root / "site", args.pages)
        server, port = serve(root / "site")
        try:
            results: dict[str, list[tuple[float, int]]] = {}
            runners = {
                f"dapt crawl (concurrency {args.concurrency})": lambda w: run_dapt(w, port, args.concurrency),
                "dapt crawl (concurrency 1)": lambda w: run_dapt(w, port, 1),
                "wget --recursive --warc-file": lambda w: run_wget(w, port),
            }
            for repeat in range(args.repeats):
                for name, runner in runners.items():
                    work = root / f"{repeat}-{len(results.get(name, []))}-{abs(hash(name))}"
                    work.mkdir()
                    results.setdefault(name, []).append(runner(work))
                    shutil.rmtree(work)
        finally:
            server.terminate()
            server.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"\n{args.pages} pages on 127.0.0.1 (python -m http.server), median of {args.repeats} runs\n")
    print(f"{'crawler':<34} {'pages':>6} {'seconds':>8} {'pages/s':>8}")
    rates = {}
    for name, runs in results.items():
        seconds = statistics.median(s for s, _ in runs)
        pages = runs[0][1]
        assert all(p == pages for _, p in runs), f"{name}: page counts differ between runs: {runs}"
        rates[name] = pages / seconds
        print(f"{name:<34} {pages:>6} {seconds:>8.2f} {rates[name]:>8.1f}")
    baseline = rates["wget --recursive --warc-file"]
    print()
    for name, rate in rates.items():
        if not name.startswith("wget"):
            print(f"{name} / wget: {rate / baseline:.2f}x")


if __name__ == "__main__":
    main()

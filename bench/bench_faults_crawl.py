"""Fault script: `dapt crawl` on hostile input from the local test site (tests/crawl_site.py, served on
127.0.0.1 only). Each case is one crawl in a child process; it prints the child's peak RSS, its exit
code, the wall time and what the crawl counted (outcomes, invalid links, capped Crawl-delay).

    .venv/bin/python bench/bench_faults_crawl.py                    # this checkout
    .venv/bin/python bench/bench_faults_crawl.py --code /work/main  # another checkout's pipeline (before)
    .venv/bin/python bench/bench_faults_crawl.py --cases bomb.br robots-25k

A case the child does not finish within its time limit is killed and shows exit -9.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from crawl_site import Site, SiteServer  # noqa: E402

ROBOTS_25K = "User-agent: *\nDisallow: /private/\n" + "".join(f"Disallow:/*s{i}*$\n" for i in range(25_000))


def cases(server: SiteServer) -> dict[str, tuple[dict, float]]:
    """name -> (crawl section, time limit in s)."""
    url = server.url
    bomb = {"max_depth": 0, "max_response_bytes": 1_000_000}
    return {
        "bomb.br": ({"seeds": [url("/bomb.br")], **bomb}, 120),
        "bomb.zstd": ({"seeds": [url("/bomb.zstd")], **bomb}, 120),
        "bomb.gzip,gzip": ({"seeds": [url("/bomb.gzip,gzip")], **bomb}, 120),
        "bad-links": ({"seeds": [url("/p/0.html", host="localhost")]}, 60),
        "bad-seed": ({"seeds": [url("/p/0.html"), "http://0177.0.0.1/"]}, 60),
        "100k-links": (
            {"seeds": [url("/many-links.html"), url("/p/0.html", host="localhost")], "max_pages": 25},
            120,
        ),
        "crawl-delay-1e8": ({"seeds": [url("/p/0.html", host="localhost")], "max_pages": 1}, 100),
        "robots-25k": ({"seeds": [url("/p/0.html", host="localhost")], "max_pages": 40}, 300),
        "robots-25k-nolimit": (
            {"seeds": [url("/p/0.html", host="localhost")], "max_pages": 40, "per_host_rate": 0},
            300,
        ),
        "robots-plain-nolimit": (
            {"seeds": [url("/p/0.html", host="localhost")], "max_pages": 40, "per_host_rate": 0},
            300,
        ),
    }


def site_for(case: str) -> Site:
    if case == "bad-links":
        return Site(
            pages=3, extra_links=["/" + "a" * 70_000, "http://xn--a.localhost/", "http://xn--zz-.localhost/"]
        )
    if case == "crawl-delay-1e8":
        return Site(pages=3, robots="User-agent: *\nDisallow: /private/\nCrawl-delay: 100000000\n")
    if case.startswith("robots-25k"):
        return Site(pages=40, robots=ROBOTS_25K)
    if case == "robots-plain-nolimit":
        return Site(pages=40)
    return Site(pages=20)


def run_case(case: str, code: Path, work: Path) -> dict:
    with SiteServer(site_for(case)) as server:
        section, limit = cases(server)[case]
        # politeness as in a real crawl would hide the costs measured here: 4 requests/s per host
        crawl = {
            "contact_url": "https://example.org/bench",
            "allow_private_addresses": True,
            "per_host_rate": 4,
        }
        run_dir = work / case.replace(",", "_")
        config = work / f"{run_dir.name}.yaml"
        config.write_text(
            yaml.safe_dump(
                {"run": {"name": "faults", "output_dir": str(run_dir)}, "crawl": {**crawl, **section}}
            )
        )
        log = open(work / f"{run_dir.name}.log", "wb")  # noqa: SIM115 (closed after the child)
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "crawl", str(config)],
            cwd=code,  # `python -m` puts the working directory first on sys.path
            env={**os.environ, "PYTHONPATH": str(code)},
            stdout=log,
            stderr=log,
        )
        timer = threading.Timer(limit, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        log.close()
        elapsed = time.monotonic() - started
    stats_path = run_dir / "crawl" / "stats.json"
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
    counted = dict(stats.get("outcomes", {}))
    for key in ("links_invalid", "pages_truncated"):
        if stats.get(key):
            counted[key] = stats[key]
    capped = {k: v["crawl_delay_s"] for k, v in stats.get("robots", {}).items() if "crawl_delay_asked_s" in v}
    if capped:
        counted["crawl_delay_capped_s"] = max(capped.values())
    last_line = (work / f"{run_dir.name}.log").read_text(errors="replace").strip().splitlines()[-1:] or [""]
    return {
        "case": case,
        "exit": child.returncode,
        "peak_rss_mib": round(usage.ru_maxrss / 1024),
        "wall_s": round(elapsed, 1),
        "counted": counted,
        "last_log_line": last_line[0][:160],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose pipeline/ the crawls run")
    parser.add_argument("--cases", nargs="*", default=None, help="case names (default: all)")
    args = parser.parse_args()
    with SiteServer(Site()) as server:
        names = [name for name in cases(server) if args.cases is None or name in args.cases]
    print(f"code: {args.code}")
    print(f"{'case':<18} {'exit':>5} {'peak RSS MiB':>13} {'wall s':>7}  counted")
    with tempfile.TemporaryDirectory(prefix="dapt-faults-") as tmp:
        for name in names:
            result = run_case(name, args.code, Path(tmp))
            print(
                f"{name:<18} {result['exit']:>5} {result['peak_rss_mib']:>13} {result['wall_s']:>7}  "
                f"{json.dumps(result['counted'])}",
                flush=True,
            )
            if result["exit"] != 0:
                print(f"{'':<18} last log line: {result['last_log_line']}", flush=True)


if __name__ == "__main__":
    main()

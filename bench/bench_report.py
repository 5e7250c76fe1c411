"""The data-quality report at scale (not a test): a synthetic curated run of N documents written
with datatrove's JsonlWriter, then

  read      baseline: one pass that only decompresses and parses every document (orjson)
  collect   report.json (pipeline.report.collect), its ratio to the baseline
  rss       peak memory of `collect` at N/10 and at N documents (flat: the collector streams)
  html      report.html size and the time headless Chromium takes to load and draw it

    nice .venv/bin/python bench/bench_report.py [--docs 1000000] [--workdir /tmp/dapt-bench-report]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

COLLECT = """
import json, resource, sys, time
from pipeline.report.collect import collect_report
from pipeline.report.render import render_html
from pipeline.rundir import RunDir, write_json_atomic, write_text_atomic
rundir = RunDir(sys.argv[1])
start = time.perf_counter()
report = collect_report(rundir)
collect_s = time.perf_counter() - start
html = render_html(report)
render_s = time.perf_counter() - start - collect_s
write_json_atomic(rundir.report_json, report)
write_text_atomic(rundir.report_html, html)
print(json.dumps({"collect_s": collect_s, "render_s": render_s,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def read_baseline(root: Path) -> float:
    from pipeline.report.collect import document_files, read_documents

    start = time.perf_counter()
    n = sum(1 for path in document_files_all(root, document_files) for _ in read_documents(path))
    elapsed = time.perf_counter() - start
    print(f"  read-only pass: {n:,} documents in {elapsed:.1f} s")
    return elapsed


def document_files_all(root: Path, document_files) -> list[Path]:
    folders = [p for p in (root / "curated").iterdir()] + [p for p in (root / "rejected").glob("*/*")]
    return [path for folder in folders for path in document_files(folder)]


def collect(root: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", COLLECT, str(root)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def browser_load_ms(html: Path) -> float | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(html.resolve().as_uri())
        timing = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
        browser.close()
    return timing["loadEventEnd"] - timing["startTime"]


def main() -> None:
    from report_rundir import make_large_run

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dapt-bench-report"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()}"
    )

    results = {}
    for n in (args.docs // 10, args.docs):
        root = args.workdir / f"run-{n}"
        start = time.perf_counter()
        make_large_run(root, n)
        size = sum(p.stat().st_size for p in root.rglob("*.jsonl.gz"))
        print(
            f"{n:,} documents: generated in {time.perf_counter() - start:.0f} s ({size / 1e6:.0f} MB gzipped)"
        )
        baseline = read_baseline(root)
        result = collect(root)
        html = root / "report" / "report.html"
        result |= {
            "baseline_s": baseline,
            "html_mb": html.stat().st_size / 1e6,
            "load_ms": browser_load_ms(html),
        }
        results[n] = result
        print(
            f"  collect: {result['collect_s']:.1f} s"
            f" ({result['collect_s'] / baseline:.1f}x the read-only pass,"
            f" {1e6 * result['collect_s'] / n:.0f} µs/doc), render {result['render_s']:.2f} s,"
            f" peak RSS {result['peak_rss_mb']:.0f} MB"
        )
        load = "n/a (no chromium)" if result["load_ms"] is None else f"{result['load_ms']:.0f} ms"
        print(f"  report.html: {result['html_mb']:.2f} MB, Chromium load {load}")
    small, large = results.values()
    ratio = large["peak_rss_mb"] / small["peak_rss_mb"]
    print(f"peak RSS at {args.docs:,} / at {args.docs // 10:,} documents: {ratio:.2f}x")


if __name__ == "__main__":
    main()

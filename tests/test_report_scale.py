"""The report at scale: the collector streams (memory flat as the run grows tenfold) and
report.html stays small and quick to draw whatever the run's size, samples and comparison."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from headless_browser import chromium_page
from report_rundir import make_large_run

from pipeline.report import build_report
from pipeline.rundir import RunDir

pytestmark = pytest.mark.slow

PEAK_RSS = """
import json, resource, sys
from pipeline.report.collect import collect_report
from pipeline.rundir import RunDir
collect_report(RunDir(sys.argv[1]))
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def peak_rss_kb(root: Path) -> int:
    out = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(root)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_collector_memory_stays_flat_as_the_run_grows_tenfold(tmp_path):
    small = peak_rss_kb(make_large_run(tmp_path / "small", 4_000))
    large = peak_rss_kb(make_large_run(tmp_path / "large", 40_000))
    print(f"\npeak RSS: {small / 1024:.0f} MB at 4,000 documents, {large / 1024:.0f} MB at 40,000")
    assert large < 1.3 * small


def test_worst_case_html_is_small_and_draws_quickly(tmp_path):
    """Every sampled document longer than the sample text, every step with two reasons, and a
    comparison with a run whose fates differ everywhere: the page is as big as it gets."""
    this = make_large_run(tmp_path / "this", 8_000, seed=0, long_docs=True)
    other = make_large_run(tmp_path / "other", 8_000, seed=1, long_docs=True)
    report = build_report(this, compare=other)
    html = RunDir(this).comparison(other)
    size_mb = html.stat().st_size / 1e6
    assert all(len(s["text"]) == report["sample_text_chars"] for s in report["samples"]["kept"]["kept"])
    assert len(report["comparison"]["moved"]["transitions"]) > 20
    with chromium_page(tmp_path / "profile") as (page, log):
        page.goto(html.resolve().as_uri())
        timing = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
        load_ms = timing["loadEventEnd"] - timing["startTime"]
        assert log.errors == []
    print(f"\nworst-case report.html: {size_mb:.1f} MB, loaded and drawn in {load_ms:.0f} ms")
    assert size_mb < 10
    assert load_ms < 3000

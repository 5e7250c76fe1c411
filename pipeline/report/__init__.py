"""The data-quality report of a curated run: report.json (collect), report.html (render), a terminal
summary, and W&B logging when the run tracks. `dapt report` and the end of `dapt curate` call it."""

from __future__ import annotations

import json
import logging
import webbrowser
from pathlib import Path
from typing import Any

from pipeline.report.collect import collect_report
from pipeline.report.compare import compare_runs, load_or_collect
from pipeline.report.render import render_html
from pipeline.report.summary import print_summary
from pipeline.report.tracking import log_report
from pipeline.rundir import RunDir, write_json_atomic, write_text_atomic

log = logging.getLogger(__name__)

__all__ = ["build_report"]


def build_report(run_dir: Path, compare: Path | None = None, open_browser: bool = False) -> dict[str, Any]:
    """Write `<run>/report/report.json` and `report.html` (compared with another run when
    `compare` is given), print the summary, log to W&B when tracking is on; return the report."""
    rundir = RunDir(run_dir)
    report = collect_report(rundir)
    ablation = rundir.root / "ablate" / "ablation.json"
    if ablation.is_file():  # `dapt ablate`'s table: the report's "Ablation" section
        report["ablation"] = json.loads(ablation.read_text())
    if compare is not None:
        other = RunDir(compare)
        report["comparison"] = compare_runs(rundir, report, other, load_or_collect(other))
    write_json_atomic(rundir.report_json, report)
    write_text_atomic(rundir.report_html, render_html(report))
    log.info("wrote %s and %s", rundir.report_json, rundir.report_html)
    print_summary(report, rundir.report_html)
    log_report(rundir, report)
    if open_browser:
        webbrowser.open(rundir.report_html.resolve().as_uri())
    return report

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


def mix_plan(report: dict[str, Any]) -> dict[str, Any]:
    """How often the run's planned training (train.mix, max_steps, batch; the training processes of
    its slurm section) reads each source's curated tokens, and a warning for each one repeated more
    than a few times."""
    from pipeline.train.data import mix_epochs, repetition_warnings

    config = report["metadata"]["config"] or {}
    train, slurm = config.get("train") or {}, config.get("slurm") or {}
    processes = slurm.get("processes_per_node") or max(1, slurm.get("gpus_per_node") or 0)
    world = (slurm.get("nodes") or 1) * processes
    steps, seq_len = train.get("max_steps", 0), train.get("seq_len", 0)
    tokens_per_step = train.get("micro_batch_size", 0) * train.get("grad_accum_steps", 1) * world * seq_len
    eval_tokens = train.get("eval_tokens", 0)
    tokens = {s["name"]: max(0, (s["tokens_in_shards"] or 0) - eval_tokens) for s in report["sources"]}
    epochs = mix_epochs(tokens, train.get("mix") or {}, steps * tokens_per_step)
    return {
        "train_tokens": steps * tokens_per_step,
        "processes": world,
        "epochs": epochs,
        "warnings": repetition_warnings(epochs),
    }


def build_report(run_dir: Path, compare: Path | None = None, open_browser: bool = False) -> dict[str, Any]:
    """Write `<run>/report/report.json` and `report.html`, print the summary, log to W&B when
    tracking is on; return the report. With `compare`, the comparison with that run goes beside
    them, into report/compare-<other>.html and .json (the report itself stays this run's alone)."""
    rundir = RunDir(run_dir)
    report = collect_report(rundir)
    report["mix_plan"] = mix_plan(report)
    for warning in report["mix_plan"]["warnings"]:
        log.warning("%s", warning)
    ablation = rundir.root / "ablate" / "ablation.json"
    if ablation.is_file():  # `dapt ablate`'s table: the report's "Ablation" section
        report["ablation"] = json.loads(ablation.read_text())
    write_json_atomic(rundir.report_json, report)
    write_text_atomic(rundir.report_html, render_html(report))
    log.info("wrote %s and %s", rundir.report_json, rundir.report_html)
    shown = rundir.report_html
    if compare is not None:
        other = RunDir(compare)
        report = {**report, "comparison": compare_runs(rundir, report, other, load_or_collect(other))}
        shown = rundir.comparison(other.root)
        write_json_atomic(rundir.comparison(other.root, "json"), report)
        write_text_atomic(shown, render_html(report))
        log.info("wrote the comparison with %s to %s", other.root, shown)
    print_summary(report, shown)
    log_report(rundir, report)
    if open_browser:
        webbrowser.open(shown.resolve().as_uri())
    return report

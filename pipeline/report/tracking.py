"""Send the report to W&B when the run's tracking is on: the funnel and drop reasons as tables and
bar plots, the distributions as histograms, report.html and report.json as an artifact. Every
report of a run directory goes to the same W&B run (its id in report/wandb.json)."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import yaml

from pipeline.rundir import RunDir, write_json_atomic

log = logging.getLogger(__name__)


def wandb_settings(rundir: RunDir) -> dict[str, Any] | None:
    """`tracking.wandb` of the run's config.yaml, or None when tracking is off or unset."""
    if not rundir.config.is_file():
        return None
    config = yaml.safe_load(rundir.config.read_text()) or {}
    settings = ((config.get("tracking") or {}).get("wandb")) or {}
    if settings.get("mode", "offline") == "disabled":
        return None
    return {
        "mode": "offline",
        "project": "dapt",
        **settings,
        "run_name": (config.get("run") or {}).get("name"),
    }


def _histogram(dist: dict[str, Any], counts: list[int]):
    import numpy as np
    import wandb

    edges = list(dist["edges"])
    if dist["overflow"]:  # W&B needs a finite right edge: close the overflow bin one bin-width on
        edges.append(edges[-1] + (edges[-1] - edges[-2]))
    return wandb.Histogram(np_histogram=(np.asarray(counts), np.asarray(edges, dtype=float)))


def log_report(rundir: RunDir, report: dict[str, Any]) -> bool:
    """Log the report to W&B if the run tracks; True when it did."""
    settings = wandb_settings(rundir)
    if settings is None:
        return False
    import wandb

    name = settings.get("name") or settings["run_name"] or rundir.root.name
    id_file = rundir.report / "wandb.json"  # one W&B run per run directory: later reports resume it
    run_id = json.loads(id_file.read_text())["id"] if id_file.is_file() else None
    with wandb.init(
        id=run_id,
        resume="allow",
        settings=wandb.Settings(silent=True),
        project=settings["project"],
        name=f"{name}-report",
        group=name,
        job_type="data-report",
        tags=settings.get("tags") or None,
        mode=settings["mode"],
        dir=str(rundir.root),
        config={"steps": report["steps"], "token_unit": report["token_unit"]},
    ) as run:
        funnel = wandb.Table(
            columns=[
                "step",
                "docs_in",
                "docs_out",
                "tokens_in",
                "tokens_out",
                "bytes_in",
                "bytes_out",
                "kept_pct",
            ]
        )
        reasons = wandb.Table(columns=["step", "reason", "documents"])
        for stage in report["stages"]:
            kept = 100 * stage["docs_out"] / stage["docs_in"] if stage["docs_in"] else None
            funnel.add_data(stage["name"], *(stage[k] for k in funnel.columns[1:-1]), kept)
            for reason, n in stage["dropped"].items():
                reasons.add_data(stage["name"], reason, n)
        data: dict[str, Any] = {
            "report/funnel": funnel,
            "report/drop_reasons": reasons,
            "report/funnel_docs": wandb.plot.bar(funnel, "step", "docs_out", title="Documents out per step"),
            "report/funnel_tokens": wandb.plot.bar(funnel, "step", "tokens_out", title="Tokens out per step"),
        }
        for key, dist in report["distributions"].items():
            if dist["kind"] == "histogram":
                for series, counts in dist["series"].items():
                    if sum(counts):
                        data[f"report/{key}/{series.replace(' ', '_')}"] = _histogram(dist, counts)
            else:
                table = wandb.Table(columns=["label", *dist["series"]])
                for i, label in enumerate(dist["labels"]):
                    table.add_data(label, *(counts[i] for counts in dist["series"].values()))
                data[f"report/{key}"] = table
        run.log(data)
        run.summary.update(
            {
                "report/kept_token_fraction": report["kept_token_fraction"],
                "report/docs_read": report["totals"]["docs_read"],
                "report/docs_kept": report["totals"]["docs_kept"],
                "report/tokens_kept": report["totals"]["tokens_kept"],
                "report/records_skipped": report["totals"]["records_skipped"],
            }
        )
        artifact = wandb.Artifact(re.sub(r"[^\w.-]", "-", f"{name}-data-report"), type="data-report")
        artifact.add_file(str(rundir.report_html))
        artifact.add_file(str(rundir.report_json))
        run.log_artifact(artifact)
        write_json_atomic(id_file, {"id": run.id})
    log.info(
        "report logged to W&B run %s (%s mode, project %s)", run.id, settings["mode"], settings["project"]
    )
    return True

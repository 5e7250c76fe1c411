"""`dapt curate`: run the curation stages of every source, tokenize, write the manifest and report.

Resumable: each datatrove stage skips its completed tasks, so a killed run, re-run with the same
config, ends with the same output as an uninterrupted one (a changed config is refused: --force).
"""

from __future__ import annotations

import logging
import platform
import shutil
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.config import RunConfig
from pipeline.curate.counts import CurationCounts, check_counts, stage_totals
from pipeline.curate.domain import domain_model, select_threshold
from pipeline.curate.executors import run_stage, stage_logs
from pipeline.curate.stages import Stage, filter_stage, later_stages, selects_by_score, tokenize_stage
from pipeline.curate.steps import STEPS, input_files
from pipeline.errors import DaptError
from pipeline.rundir import RunDir, write_json_atomic, write_text_atomic

log = logging.getLogger(__name__)

FINGERPRINT_SECTIONS = ("sources", "curate", "tokenizer")
VERSIONED = (
    "dapt",
    "datatrove",
    "warcio",
    "resiliparse",
    "trafilatura",
    "fasttext-numpy2-wheel",
    "tokenizers",
)


def run_curate(config: RunConfig, force: bool = False) -> None:
    """Curate every source of the run into curated/, rejected/ and tokens/ (see the module doc)."""
    rundir = RunDir(config.run.output_dir)
    if rundir.is_done("curate") and not force:
        log.info("curation of %s is done (use --force to redo it)", rundir.root)
        return
    if not config.sources:
        raise DaptError("the run config has no sources to curate")
    if force:
        clear_outputs(rundir)
    _check_resume(config, rundir)
    write_text_atomic(rundir.config, config.to_yaml())
    started_at, started = datetime.now(timezone.utc), time.monotonic()

    counts = {source.name: CurationCounts() for source in config.sources}

    def run(stage: Stage) -> None:
        run_stage(config, rundir, stage)
        counts[stage.source].add_stage(stage, stage_totals(stage_logs(rundir, stage)))

    model = domain_model(config, rundir)
    for source in config.sources:
        run(filter_stage(config, rundir, source, model))
    threshold = None
    if model is not None and selects_by_score(config):
        domain_sources = [s.name for s in config.sources if s.role == "domain"]
        threshold = select_threshold(
            config, rundir, [rundir.work / "curate" / s / "filter" / "docs" for s in domain_sources]
        )
    for source in config.sources:
        for stage in later_stages(config, rundir, source, threshold):
            run(stage)

    from pipeline.tokenizer import resolve_tokenizer, tokenizer_file

    tokenizer_dir = resolve_tokenizer(config, rundir)
    eos = _eos_token(tokenizer_dir)
    for source in config.sources:
        run(tokenize_stage(config, rundir, source, tokenizer_file(tokenizer_dir), eos))

    wall_s = time.monotonic() - started
    manifest = build_manifest(config, rundir, counts, str(tokenizer_dir), started_at, wall_s)
    if threshold is not None:
        manifest["domain_threshold"] = threshold
    write_json_atomic(rundir.logs / "curate" / "pipeline.json", manifest)
    from pipeline.report import build_report

    build_report(rundir.root)
    rundir.mark_done("curate", {"tokens": manifest["tokens"]})
    log.info("curated %s: %s tokens", rundir.root, sum(manifest["tokens"].values()))


def clear_outputs(rundir: RunDir) -> None:
    """Remove everything curation writes (--force), the done-marker first."""
    rundir.clear_done("curate")
    for path in (
        rundir.curated,
        rundir.rejected,
        rundir.tokens,
        rundir.tokenizer,
        rundir.report,
        rundir.work / "curate",
        rundir.work / "domain_classifier.bin",
        rundir.logs / "curate",
    ):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _check_resume(config: RunConfig, rundir: RunDir) -> None:
    """Resuming with another curation config would mix outputs of both: refuse it."""
    marker = rundir.work / "curate" / "fingerprint"
    fingerprint = config.fingerprint(*FINGERPRINT_SECTIONS)
    if marker.is_file() and marker.read_text().strip() != fingerprint:
        raise DaptError(
            f"{rundir.root} holds an unfinished curation with another config"
            " (sources, curate or tokenizer changed): re-run with --force to start over"
        )
    write_text_atomic(marker, fingerprint + "\n")


def _eos_token(tokenizer_dir: Path) -> str:
    from transformers import AutoTokenizer

    eos = AutoTokenizer.from_pretrained(str(tokenizer_dir)).eos_token
    if not eos:
        raise DaptError(f"{tokenizer_dir}: the tokenizer has no eos_token (needed between documents)")
    return eos


def build_manifest(
    config: RunConfig,
    rundir: RunDir,
    counts: dict[str, CurationCounts],
    tokenizer: str,
    started_at: datetime,
    wall_s: float,
) -> dict[str, Any]:
    """logs/curate/pipeline.json: what the report reads (see pipeline/rundir.py)."""
    steps = [step for step in STEPS if any(step in c.steps for c in counts.values())]
    for name, source_counts in counts.items():
        check_counts(name, steps, source_counts.steps, source_counts.docs_read())
    return {
        "sources": [
            {
                "name": s.name,
                "role": s.role,
                "format": s.format,
                "inputs": s.paths if s.format == "hf" else input_files(s, rundir),
            }
            for s in config.sources
        ],
        "steps": steps,
        "counts": {name: c.steps for name, c in counts.items()},
        "docs_read": {name: c.docs_read() for name, c in counts.items()},
        "skipped_records": {name: c.prefixed("skipped_") for name, c in counts.items()},
        "repaired_records": {name: c.prefixed("repaired_") for name, c in counts.items()},
        "ignored_records": {name: c.prefixed("ignored_") for name, c in counts.items()},
        "pii": {name: dict(c.pii) for name, c in counts.items()},
        "clean": {name: dict(c.clean) for name, c in counts.items()},
        "tokens": {name: c.tokens for name, c in counts.items()},
        "tokenizer": tokenizer,
        "wall_time_s": round(wall_s, 2),
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(),
        "config": config.model_dump(mode="json"),
    }


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in VERSIONED:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return versions

"""`dapt curate`: run the curation stages of every source, tokenize, write the manifest and report.

Resumable: each datatrove stage skips its completed tasks, so a killed run, re-run with the same
config, ends with the same output as an uninterrupted one (a changed config is refused: --force).
A finished run re-run with a changed config redoes what the change affects: from the stages after
the filter stage (toxicity, PII, dedup, a score-picked domain threshold), from tokenization (the
tokenizer), the report alone (its samples), or else everything (`REDO_FROM`).
"""

from __future__ import annotations

import json
import logging
import platform
import shutil
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.config import RunConfig, changed_keys, flat_settings
from pipeline.curate.calibrate import calibrate_sources
from pipeline.curate.counts import CurationCounts, check_counts, stage_totals
from pipeline.curate.domain import classifier_summary, domain_model, domain_threshold, select_threshold
from pipeline.curate.executors import run_stage, stage_logs
from pipeline.curate.schema import write_dataset_card
from pipeline.curate.stages import Stage, filter_stage, later_stages, selects_by_score, tokenize_stage
from pipeline.curate.steps import STEPS, input_files
from pipeline.errors import DaptError
from pipeline.rundir import RunDir, write_json_atomic, write_text_atomic

log = logging.getLogger(__name__)

FINGERPRINT_SECTIONS = ("sources", "curate", "tokenizer")
# the settings curation depends on, recorded in its done-marker (model.path: the default tokenizer)
CURATE_SETTINGS = (*FINGERPRINT_SECTIONS, "model.path", "run.seed")
# where a finished curation starts again when a setting changes (the first match, by key prefix);
# any other setting redoes the whole curation. None: the outputs do not depend on it.
REDO_FROM: dict[str, str | None] = {
    "curate.executor.workers": None,
    "curate.executor.kind": None,
    "curate.samples_per_step": "report",
    "curate.tokenize": "tokenize",
    "tokenizer": "tokenize",
    "model.path": "tokenize",
    "curate.toxicity": "later",
    "curate.pii": "later",
    "curate.dedup": "later",
}
REDO_ORDER = ("filter", "later", "tokenize", "report")
# the selection settings of a domain threshold picked from the scores (applied after the filter stage)
SELECTION = ("curate.domain.keep_fraction", "curate.domain.target_tokens", "curate.domain.threshold")
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
    if not config.sources:
        raise DaptError("the run config has no sources to curate")
    if rundir.is_done("curate") and not force:
        redo = redo_point(config, rundir)
        if redo is None:
            log.info("curation of %s is done (use --force to redo it)", rundir.root)
            return
        if redo == "report":
            _redo_report(config, rundir)
            return
        check_inputs(config, rundir)
        clear_from(config, rundir, redo)
    else:
        check_inputs(config, rundir)  # before anything is written or trained
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
    calibrations = calibrate_sources(config, rundir)
    for source in config.sources:
        run(filter_stage(config, rundir, source, model, calibrations.get(source.name)))
    threshold = None
    if model is not None and selects_by_score(config):
        domain_sources = [s.name for s in config.sources if s.role == "domain"]
        threshold = select_threshold(
            config, rundir, model, [rundir.work / "curate" / s / "filter" / "docs" for s in domain_sources]
        )
    for source in config.sources:
        for stage in later_stages(config, rundir, source, threshold):
            run(stage)

    _check_kept_documents(config, rundir, counts)
    pii = config.curate.pii
    write_dataset_card(rundir.curated, list(pii.types) if pii.enabled else [])
    from pipeline.tokenizer import resolve_tokenizer, tokenizer_file

    tokenizer_dir = resolve_tokenizer(config, rundir)
    eos = _eos_token(tokenizer_dir)
    for source in config.sources:
        run(tokenize_stage(config, rundir, source, tokenizer_file(tokenizer_dir), eos))

    wall_s = time.monotonic() - started
    manifest = build_manifest(config, rundir, counts, str(tokenizer_dir), started_at, wall_s)
    if model is not None:
        manifest["domain_threshold"] = threshold if threshold is not None else domain_threshold(config, model)
        manifest["domain_classifier"] = classifier_summary(model, manifest["domain_threshold"])
    write_json_atomic(rundir.logs / "curate" / "pipeline.json", manifest)
    from pipeline.report import build_report

    build_report(rundir.root)
    rundir.mark_done("curate", {"tokens": manifest["tokens"], "settings": curate_settings(config)})
    log.info("curated %s: %s tokens", rundir.root, sum(manifest["tokens"].values()))


def check_inputs(config: RunConfig, rundir: RunDir) -> None:
    """Every source has input files, and Parquet files have the text column: a DaptError naming
    the source (and file) otherwise."""
    for source in config.sources:
        if source.format == "hf":
            continue
        files = input_files(source, rundir)
        if not files and source.format == "crawl" and not source.paths:
            raise DaptError(
                f"source {source.name!r}: no WARC file of `dapt crawl` in {rundir.crawl}:"
                " run `dapt crawl` first"
            )
        if not files:
            raise DaptError(
                f"source {source.name!r}: no input file in {', '.join(source.paths)}"
                " (an empty folder, or a pattern that matches no file)"
            )
        if source.format == "parquet":
            for path in files:
                _check_parquet_columns(path, source.text_key, source.name)


def _check_parquet_columns(path: str, text_key: str, source: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        columns = pq.read_schema(path).names
    except (OSError, pa.ArrowException) as exc:
        raise DaptError(f"{path}: not a readable Parquet file ({exc})") from None
    if text_key not in columns:
        raise DaptError(
            f"{path}: no column {text_key!r} (sources[{source}].text_key); its columns: {', '.join(columns)}"
        )


def _check_kept_documents(config: RunConfig, rundir: RunDir, counts: dict[str, CurationCounts]) -> None:
    """Nothing to tokenize: say which inputs yielded no documents, and why."""
    if any(c.docs_kept() for c in counts.values()):
        return
    lines = []
    for source in config.sources:
        count = counts[source.name]
        inputs = source.paths if source.format == "hf" else input_files(source, rundir)
        shown = ", ".join(inputs[:3]) + (f" and {len(inputs) - 3} more" if len(inputs) > 3 else "")
        skipped = count.prefixed("skipped_")
        dropped = {step: sum(c["dropped"].values()) for step, c in count.steps.items() if c["dropped"]}
        why = [f"skipped records: {_listing(skipped)}"] if skipped else []
        why += [f"dropped by {_listing(dropped)}"] if dropped else []
        lines.append(
            f"  - {source.name} ({shown}): {count.docs_read()} documents read"
            + (f"; {'; '.join(why)}" if why else "")
        )
    raise DaptError("the inputs yielded no documents to keep:\n" + "\n".join(lines))


def _listing(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n:,}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def clear_outputs(rundir: RunDir) -> None:
    """Remove everything curation writes (--force), the done-marker first; a symbolic link among
    them is refused (removing it would not clear what it points to)."""
    paths = (
        rundir.curated,
        rundir.rejected,
        rundir.tokens,
        rundir.tokenizer,
        rundir.report,
        rundir.work / "curate",
        rundir.work / "domain_classifier.bin",
        rundir.work / "domain_classifier.bin.metrics.json",
        rundir.work / "domain_classifier.json",
        rundir.work / "domain_classifier.json.metrics.json",
        rundir.logs / "curate",
    )
    links = [str(path) for path in paths if path.is_symlink()]
    if links:
        raise DaptError(
            f"--force would clear {', '.join(links)}, a symbolic link: remove the link (or its target's"
            " content) yourself, or use another run.output_dir"
        )
    rundir.clear_done("curate")
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def curate_settings(config: RunConfig) -> dict[str, Any]:
    return flat_settings(config, *CURATE_SETTINGS)


def _selects_by_score(settings: dict[str, Any]) -> bool:
    return any(settings.get(key) is not None for key in SELECTION[:2])


def _stage_of(key: str, before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """Where a change of `key` makes a finished curation start again."""
    if key in SELECTION and _selects_by_score(before) and _selects_by_score(after):
        return "later"  # the threshold is picked and applied after the filter stage
    for prefix, stage in REDO_FROM.items():
        if key == prefix or key.startswith(f"{prefix}."):
            return stage
    return "filter"


def redo_point(config: RunConfig, rundir: RunDir) -> str | None:
    """The stage a finished curation must start again from (logged with the changes), None when the
    settings it ran with still hold (or were not recorded: a run of an older dapt)."""
    recorded = (rundir.done_info("curate") or {}).get("settings")
    if recorded is None:
        return None
    current = curate_settings(config)
    changed = [k for k in sorted(set(recorded) | set(current)) if recorded.get(k) != current.get(k)]
    stages = {key: _stage_of(key, recorded, current) for key in changed}
    needed = [stage for stage in stages.values() if stage is not None]
    if not needed:
        return None
    redo = min(needed, key=REDO_ORDER.index)
    if redo != "filter" and "curate.executor.tasks" in changed:
        redo = "filter"  # the stages after the filter read its output rank by rank
    what = {
        "filter": "the whole curation",
        "later": "curation from the stages after the filter stage (toxicity, PII, dedup), then tokenization",
        "tokenize": "tokenization",
        "report": "the report",
    }[redo]
    listed = "\n".join(f"  - {change}" for change in changed_keys(recorded, current))
    log.warning(
        "the config changed since curation of %s finished:\n%s\nredoing %s", rundir.root, listed, what
    )
    if redo != "report" and rundir.is_done("train"):
        log.warning("%s was trained on the earlier data: `dapt train` will list the change", rundir.model)
    return redo


def _redo_report(config: RunConfig, rundir: RunDir) -> None:
    """Rebuild the report of a finished curation with the new config (the report reads the config
    that pipeline.json records)."""
    from pipeline.report import build_report

    done = rundir.done_info("curate")
    rundir.clear_done("curate")
    manifest_path = rundir.logs / "curate" / "pipeline.json"
    manifest = json.loads(manifest_path.read_text())
    write_json_atomic(manifest_path, {**manifest, "config": config.model_dump(mode="json")})
    write_text_atomic(rundir.config, config.to_yaml())
    build_report(rundir.root)
    rundir.mark_done("curate", {**done, "settings": curate_settings(config)})


def clear_from(config: RunConfig, rundir: RunDir, redo: str) -> None:
    """Remove the outputs of a finished curation from stage `redo` on (see REDO_ORDER)."""
    if redo == "filter":
        clear_outputs(rundir)
        return
    rundir.clear_done("curate")
    stale = [rundir.report]
    if redo in ("later", "tokenize"):
        stale += [rundir.tokens, rundir.tokenizer, rundir.work / "curate" / "fingerprint"]
        stale += [rundir.curate_logs(s.name, "tokenize") for s in config.sources]
    if redo == "later":
        stale.append(rundir.curated)
        for source in config.sources:
            for folder in (rundir.logs / "curate" / source.name, rundir.work / "curate" / source.name):
                stale += [p for p in folder.glob("*") if p.name != "filter"]
        later = [step for step in STEPS if STEPS.index(step) > STEPS.index("domain")]
        stale += [rundir.rejected / step for step in later]
        if selects_by_score(config):
            stale.append(rundir.rejected / "domain")  # the picked threshold drops there
    for path in stale:
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
        "skipped_records_by_file": {name: c.skipped_by_file() for name, c in counts.items()},
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

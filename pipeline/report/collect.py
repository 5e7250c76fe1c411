"""Collect a curated run into the report.json dict, reading every document once.

Document counts per step come from the curation's stats (`logs/curate/pipeline.json`, written
from datatrove's step stats) and are checked against the files; the documents and tokens kept,
bytes, distributions, domains and samples come from the documents written: kept ones in
`curated/<source>/`, dropped ones in `rejected/<step>/<source>/`, through the Collector
(pipeline/report/collector.py). Memory stays flat as the run grows: histograms have fixed bins and
samples are bottom-k by a hash of the document id (the same documents are picked in two runs,
whatever the file order).
"""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
import yaml

from pipeline.errors import DaptError
from pipeline.report.collector import NEAR_DUP_STEP, Collector, TokenCounter
from pipeline.report.sampling import SAMPLE_TEXT_CHARS
from pipeline.rundir import RunDir

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
TOKEN_BATCH = 512


class ReportConsistencyError(RuntimeError):
    """The curation's counts do not add up: a bug in the pipeline, never the user's fault."""


# ----------------------------------------------------------------------------------- inputs
def curation_stats_path(rundir: RunDir) -> Path:
    return rundir.logs / "curate" / "pipeline.json"


def load_curation_stats(rundir: RunDir) -> dict[str, Any]:
    """The curation's `pipeline.json`; a DaptError when the run was not curated."""
    path = curation_stats_path(rundir)
    if not rundir.root.is_dir():
        raise DaptError(f"run directory not found: {rundir.root}")
    if not path.is_file():
        raise DaptError(f"{path}: not found; run `dapt curate` for this run first")
    try:
        stats = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise DaptError(f"{path}: not valid JSON: {exc}") from None
    missing = [key for key in ("steps", "counts") if key not in stats]
    if missing:
        raise DaptError(f"{path}: missing field(s) {', '.join(missing)}")
    return stats


def run_config(rundir: RunDir, stats: dict[str, Any]) -> dict[str, Any]:
    """The resolved run config: the one curation recorded, else `<run>/config.yaml`."""
    if stats.get("config"):
        return stats["config"]
    if rundir.config.is_file():
        return yaml.safe_load(rundir.config.read_text()) or {}
    return {}


def read_documents(path: Path) -> Iterator[dict[str, Any]]:
    """The documents of one datatrove JSONL(.gz) file.

    Our own reader because datatrove's JsonlReader skips malformed lines and text-less documents
    (a failed extraction has none) with a warning, and the report must account for every document.
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    line_no = 0
    try:
        with opener(path, "rb") as f:
            for line_no, line in enumerate(f, 1):  # noqa: B007 (line_no names the failing record)
                if not line.strip():
                    continue
                doc = orjson.loads(line)
                if not isinstance(doc, dict) or "id" not in doc:
                    raise DaptError(f"{path}:{line_no}: not a datatrove document (no `id` field)")
                yield doc
    except orjson.JSONDecodeError as exc:
        raise DaptError(f"{path}:{line_no}: not valid JSON: {exc}") from None
    except (OSError, EOFError) as exc:
        raise DaptError(f"{path}: unreadable after record {line_no}: {exc}") from None


def document_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.jsonl*") if not p.name.startswith("."))


def source_names(stats: dict[str, Any]) -> list[str]:
    names = [source["name"] for source in stats.get("sources", [])]
    return names + sorted(set(stats["counts"]) - set(names))


def iter_run_documents(
    rundir: RunDir, steps: list[str], sources: list[str]
) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(source, fate, document) for every document of a run; fate is the index of the step that
    dropped it, or len(steps) when kept. Per source, near-dup drops come first, so the kept
    document each one duplicates is recognised when it comes by."""
    for source in sources:
        order = sorted(range(len(steps)), key=lambda i: steps[i] != NEAR_DUP_STEP)
        for index in order:
            for path in document_files(rundir.rejected_step(steps[index], source)):
                for doc in read_documents(path):
                    yield source, index, doc
        for path in document_files(rundir.curated_source(source)):
            for doc in read_documents(path):
                yield source, len(steps), doc


# ----------------------------------------------------------------------------------- stage counts
def stage_counts(stats: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Per source, per step in pipeline order: docs_in, docs_out, dropped {reason: n}.

    A step a source did not go through passes its documents on unchanged (`ran: False`).
    Raises ReportConsistencyError when a step's documents do not add up.
    """
    steps, docs_read = stats["steps"], stats.get("docs_read", {})
    result = {}
    for source in source_names(stats):
        counts = stats["counts"].get(source, {})
        passed_on = docs_read.get(source)
        rows = []
        for step in steps:
            count = counts.get(step)
            if count is None:
                if passed_on is None:
                    raise ReportConsistencyError(f"source {source!r}: no count for its first step {step!r}")
                rows.append({"docs_in": passed_on, "docs_out": passed_on, "dropped": {}, "ran": False})
                continue
            dropped = {str(reason): int(n) for reason, n in (count.get("dropped") or {}).items() if n}
            docs_in, docs_out = int(count["in"]), int(count["out"])
            if docs_in != docs_out + sum(dropped.values()):
                raise ReportConsistencyError(
                    f"source {source!r}, step {step!r}: docs_in {docs_in} != docs_out {docs_out}"
                    f" + dropped {sum(dropped.values())} {dropped}"
                )
            if passed_on is not None and docs_in != passed_on:
                raise ReportConsistencyError(
                    f"source {source!r}: step {step!r} received {docs_in} documents,"
                    f" but {passed_on} were passed on to it"
                )
            rows.append({"docs_in": docs_in, "docs_out": docs_out, "dropped": dropped, "ran": True})
            passed_on = docs_out
        result[source] = rows
    return result


# ----------------------------------------------------------------------------------- assembly
def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _stage(name: str, docs: tuple[int, int], tokens: tuple[int, int], nbytes: tuple[int, int], dropped: dict):
    return {
        "name": name,
        "docs_in": docs[0],
        "docs_out": docs[1],
        "tokens_in": tokens[0],
        "tokens_out": tokens[1],
        "bytes_in": nbytes[0],
        "bytes_out": nbytes[1],
        "dropped": dict(sorted(dropped.items(), key=lambda kv: -kv[1])),
    }


def build_stages(
    steps: list[str], counts: dict[str, list[dict[str, Any]]], collector: Collector
) -> list[dict[str, Any]]:
    """The funnel: per step, documents from the stats, tokens and bytes from the files; checked."""
    per_source: dict[str, list[dict[str, Any]]] = {}
    for source, rows in counts.items():
        kept_files = collector.file_docs[source][-1]
        if rows and kept_files != rows[-1]["docs_out"]:
            raise ReportConsistencyError(
                f"source {source!r}: curation counted {rows[-1]['docs_out']} kept documents,"
                f" curated/{source}/ holds {kept_files}"
            )
        tokens_out, bytes_out = collector.file_tokens[source][-1], collector.file_bytes[source][-1]
        stages = []
        for index in reversed(range(len(steps))):
            row, step = rows[index], steps[index]
            in_files = collector.file_docs[source][index]
            if in_files != sum(row["dropped"].values()):
                raise ReportConsistencyError(
                    f"source {source!r}, step {step!r}: curation counted {sum(row['dropped'].values())}"
                    f" dropped documents, rejected/{step}/{source}/ holds {in_files}"
                )
            tokens_in = tokens_out + collector.file_tokens[source][index]
            bytes_in = bytes_out + collector.file_bytes[source][index]
            stage = _stage(
                step,
                (row["docs_in"], row["docs_out"]),
                (tokens_in, tokens_out),
                (bytes_in, bytes_out),
                row["dropped"],
            )
            stage["ran"] = row["ran"]
            stages.append(stage)
            tokens_out, bytes_out = tokens_in, bytes_in
        per_source[source] = stages[::-1]

    result = []
    for index, step in enumerate(steps):
        rows = [per_source[source][index] for source in per_source]
        dropped: Counter = Counter()
        for row in rows:
            dropped.update(row["dropped"])
        totals = {
            key: sum(row[key] for row in rows) for key in ("docs_in", "docs_out", "tokens_in", "tokens_out")
        }
        totals |= {key: sum(row[key] for row in rows) for key in ("bytes_in", "bytes_out")}
        stage = _stage(
            step,
            (totals["docs_in"], totals["docs_out"]),
            (totals["tokens_in"], totals["tokens_out"]),
            (totals["bytes_in"], totals["bytes_out"]),
            dict(dropped),
        )
        if stage["docs_in"] != stage["docs_out"] + sum(stage["dropped"].values()):
            raise ReportConsistencyError(f"step {step!r}: documents do not add up over the sources")
        stage["by_source"] = {source: per_source[source][index] for source in per_source}
        result.append(stage)
    return result


def _by_reason(per_source: dict[str, dict[str, int]] | None) -> Counter:
    """{source: {reason: n}} summed over the sources."""
    total: Counter = Counter()
    for reasons in (per_source or {}).values():
        total.update({str(r): int(n) for r, n in reasons.items() if n})
    return total


def _skipped(stats: dict[str, Any]) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    by_source = {
        source: {str(r): int(n) for r, n in reasons.items() if n}
        for source, reasons in (stats.get("skipped_records") or {}).items()
    }
    return dict(_by_reason(by_source).most_common()), by_source


def _skipped_by_file(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """{input file: {reason: n}} over the sources, the files with the most skips first."""
    by_file: dict[str, Counter] = {}
    for files in (stats.get("skipped_records_by_file") or {}).values():
        for path, reasons in files.items():
            by_file.setdefault(path, Counter()).update({str(r): int(n) for r, n in reasons.items()})
    ranked = sorted(by_file.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return {path: dict(reasons.most_common()) for path, reasons in ranked}


def source_docs_read(stats: dict[str, Any], counts: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Documents each source's reader produced: its first step's input, else the reader's count."""
    docs_read = stats.get("docs_read") or {}
    return {s: rows[0]["docs_in"] if rows else int(docs_read.get(s, 0)) for s, rows in counts.items()}


def _threshold(config: dict[str, Any], *keys: str) -> float | None:
    node: Any = config.get("curate", {})
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, (int, float)) else None


def quality_calibration(rundir: RunDir) -> list[dict[str, Any]]:
    """The rules a run relaxed on seed documents (pipeline/curate/calibrate.py), one row each."""
    from pipeline.curate.calibrate import calibration_path

    path = calibration_path(rundir)
    if not path.is_file():
        return []
    rows = []
    for source, calibration in json.loads(path.read_text()).items():
        for group in calibration.get("groups", []):
            for rule in group["rules"]:
                if rule["calibrated"] != rule["default"]:
                    rows.append(
                        {"source": source, "genre": group["genre"], "seeds": group["documents"], **rule}
                    )
    return rows


def collect_report(rundir: RunDir) -> dict[str, Any]:
    """Read a curated run directory into the report.json dict (see the module docstring)."""
    started = time.monotonic()
    stats = load_curation_stats(rundir)
    config = run_config(rundir, stats)
    steps = list(stats["steps"])
    counts = stage_counts(stats)
    sources = list(counts)
    counter = TokenCounter.for_run(rundir, stats)
    samples_per_step = int((config.get("curate") or {}).get("samples_per_step", 50))
    collector = Collector(steps, sources, samples_per_step, counter.unit)

    documents = 0
    for batch in _batched(iter_run_documents(rundir, steps, sources), TOKEN_BATCH):
        extracted = [collector.extracted(fate) for _, fate, _ in batch]
        tokens = iter(
            counter.count(
                [doc.get("text") or "" for (_, _, doc), e in zip(batch, extracted, strict=True) if e]
            )
        )
        for (source, fate, doc), e in zip(batch, extracted, strict=True):
            collector.add(source, fate, doc, next(tokens) if e else None)
        documents += len(batch)
    for step in sorted(p.name for p in rundir.rejected.glob("*") if p.is_dir()):
        if step not in steps:
            log.warning("rejected/%s/ is not a step of this run (steps: %s): not in the report", step, steps)

    stages = build_stages(steps, counts, collector)
    read = source_docs_read(stats, counts)
    kept = {source: collector.file_docs[source][-1] for source in sources}  # what was written
    if not steps and read != kept:
        raise ReportConsistencyError(f"no filtering step, yet documents read {read} != written {kept}")
    tokens_kept = sum(collector.file_tokens[source][-1] for source in sources)
    first_stage = next((s for s in stages if s["name"] == "extract"), None)
    if first_stage is not None:
        tokens_extracted = first_stage["tokens_out"]
    else:
        tokens_extracted = stages[0]["tokens_in"] if stages else tokens_kept
    docs_read, docs_kept = sum(read.values()), sum(kept.values())
    skipped, skipped_by_source = _skipped(stats)

    collector.hist["language_score"].threshold = _threshold(config, "language", "threshold")
    collector.hist["domain_score"].threshold = stats.get(
        "domain_threshold", _threshold(config, "domain", "threshold")
    )
    by_source = collector.hist["domain_score_by_source"]
    by_source.threshold = collector.hist["domain_score"].threshold
    scored = [i for i, counts in enumerate(by_source.counts) if any(counts)]  # the domain sources
    by_source.series = [by_source.series[i] for i in scored]
    by_source.counts = [by_source.counts[i] for i in scored]
    collector.hist["toxicity_score"].threshold = _threshold(config, "toxicity", "threshold")
    collector.hist["toxic_word_fraction"].threshold = _threshold(config, "toxicity", "wordlist_threshold")
    distributions = {name: hist.to_json() for name, hist in collector.hist.items()}
    distributions["languages"] = collector.language_chart()
    distributions["near_dup_cluster_sizes"] = collector.cluster_size_chart()

    source_info = {s["name"]: s for s in stats.get("sources", [])}
    report = {
        "schema_version": SCHEMA_VERSION,
        "run": {
            "name": (config.get("run") or {}).get("name") or rundir.root.name,
            "run_dir": str(rundir.root.resolve()),
            "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "token_unit": counter.unit,
        "tokenizer": counter.source,
        "token_note": (
            f"{counter.unit} and bytes count extracted text: documents dropped at or before extraction"
            f" ({', '.join(steps[: collector.extract_index + 1])}) have none"
            if collector.extract_index >= 0
            else ""
        ),
        "steps": steps,
        "stages": stages,
        "kept_token_fraction": round(tokens_kept / tokens_extracted, 6) if tokens_extracted else None,
        "kept_doc_fraction": round(docs_kept / docs_read, 6) if docs_read else None,
        "totals": {
            "records_skipped": sum(skipped.values()),
            "docs_read": docs_read,
            "docs_kept": docs_kept,
            "tokens_after_extraction": tokens_extracted,
            "tokens_kept": tokens_kept,
            "bytes_kept": sum(collector.file_bytes[source][-1] for source in sources),
        },
        "skipped_records": skipped,
        "skipped_records_by_source": skipped_by_source,
        "skipped_records_by_file": _skipped_by_file(stats),
        "sources": [
            {
                "name": source,
                "role": source_info.get(source, {}).get("role"),
                "format": source_info.get(source, {}).get("format"),
                "inputs": source_info.get(source, {}).get("inputs", []),
                "docs_read": read[source],
                "docs_kept": kept[source],
                "tokens_kept": collector.file_tokens[source][-1],
                "tokens_in_shards": (stats.get("tokens") or {}).get(source),
                "records_skipped": sum(skipped_by_source.get(source, {}).values()),
            }
            for source in sources
        ],
        "genres": collector.genres(),
        "quality_calibration": quality_calibration(rundir),
        "distributions": distributions,
        "top_domains": collector.top_domains(),
        "pii_replaced": dict(
            (_by_reason(stats.get("pii")) if stats.get("pii") else collector.pii).most_common()
        ),
        "cleaning": dict(_by_reason(stats.get("clean")).most_common()),
        "samples": collector.samples(),
        "samples_per_step": samples_per_step,
        "sample_text_chars": SAMPLE_TEXT_CHARS,
        "near_duplicates": collector.near_duplicates(),
        "metadata": {
            "config": config,
            "versions": stats.get("versions", {}),
            "inputs": {s: source_info.get(s, {}).get("inputs", []) for s in sources},
            "wall_time_s": stats.get("wall_time_s"),
            "started_at": stats.get("started_at"),
            "finished_at": stats.get("finished_at"),
            "skipped_records": skipped,
            "repaired_records": dict(_by_reason(stats.get("repaired_records")).most_common()),
            "ignored_records": dict(_by_reason(stats.get("ignored_records")).most_common()),
            "domain_threshold": stats.get("domain_threshold"),
            "domain_classifier": stats.get("domain_classifier"),
            "tokenizer": counter.source,
            "documents_read_for_report": documents,
            "report_collect_s": None,
        },
    }
    report["metadata"]["report_collect_s"] = round(time.monotonic() - started, 2)
    return report

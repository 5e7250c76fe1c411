"""Compare two curated runs: funnel deltas, config changes, and the documents that moved between
kept and dropped, matched by (source, document id)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.report.collect import (
    SCHEMA_VERSION,
    collect_report,
    curation_stats_path,
    iter_run_documents,
    load_curation_stats,
    source_names,
)
from pipeline.report.sampling import KEPT, BottomK, doc_hash, mix, sample_of
from pipeline.rundir import RunDir

log = logging.getLogger(__name__)

MOVED_SAMPLES = 25  # documents shown per kind of move
MOVED_GROUPS = 8  # kinds of move shown (the most frequent): bounds report.html in any comparison


def load_or_collect(rundir: RunDir) -> dict[str, Any]:
    """The run's report.json when it is newer than its curation stats, else a fresh collection."""
    stats = curation_stats_path(rundir)
    fresh = stats.is_file() and rundir.report_json.is_file()
    if fresh and rundir.report_json.stat().st_mtime >= stats.stat().st_mtime:
        report = json.loads(rundir.report_json.read_text())
        if report.get("schema_version") == SCHEMA_VERSION:
            return report
    log.info("collecting %s for the comparison", rundir.root)
    return collect_report(rundir)


def document_fates(rundir: RunDir) -> dict[int, tuple[str, str | None]]:
    """(step that dropped it or "kept", reason) per document, keyed by doc_hash(source, id)."""
    stats = load_curation_stats(rundir)
    steps = list(stats["steps"])
    shared: dict[tuple[str, str | None], tuple[str, str | None]] = {}
    fates = {}
    for source, fate, doc in iter_run_documents(rundir, steps, source_names(stats)):
        outcome = _outcome(steps, fate, doc)
        fates[doc_hash(source, str(doc["id"]))] = shared.setdefault(outcome, outcome)
    return fates


def _outcome(steps: list[str], fate: int, doc: dict[str, Any]) -> tuple[str, str | None]:
    if fate == len(steps):
        return KEPT, None
    return steps[fate], str((doc.get("metadata") or {}).get("filter_reason") or steps[fate])


def _tokenizer_digest(report: dict[str, Any]) -> str | None:
    path = report.get("tokenizer")
    if path is None or not Path(path).is_file():
        return report["token_unit"]
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(node, dict):
        return {prefix: node}
    flat = {}
    for key, value in node.items():
        flat |= _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    return flat


def config_changes(this: dict[str, Any], other: dict[str, Any]) -> list[dict[str, Any]]:
    a, b = _flatten(this), _flatten(other)
    return [
        {"key": key, "this": a.get(key), "other": b.get(key)}
        for key in sorted(set(a) | set(b))
        if a.get(key) != b.get(key)
    ]


def funnel_deltas(this: dict[str, Any], other: dict[str, Any]) -> list[dict[str, Any]]:
    """Per stage (in this run's order, then the other's extra ones): both runs and the change."""
    these = {s["name"]: s for s in this["stages"]}
    others = {s["name"]: s for s in other["stages"]}
    names = list(these) + [name for name in others if name not in these]
    rows = []
    for name in names:
        row: dict[str, Any] = {"name": name}
        for label, stage in (("this", these.get(name)), ("other", others.get(name))):
            row[label] = stage and {
                "docs_in": stage["docs_in"],
                "docs_out": stage["docs_out"],
                "tokens_out": stage["tokens_out"],
                "kept_pct": round(100 * stage["docs_out"] / stage["docs_in"], 2)
                if stage["docs_in"]
                else None,
            }
        both = row["this"] and row["other"]
        row["delta_docs_out"] = both and row["other"]["docs_out"] - row["this"]["docs_out"]
        row["delta_tokens_out"] = both and row["other"]["tokens_out"] - row["this"]["tokens_out"]
        rows.append(row)
    return rows


def compare_runs(
    this_dir: RunDir, this: dict[str, Any], other_dir: RunDir, other: dict[str, Any]
) -> dict[str, Any]:
    """The `comparison` section of report.json: `this` run against `other`."""
    other_fates = document_fates(other_dir)
    stats = load_curation_stats(this_dir)
    steps = list(stats["steps"])
    transitions: Counter = Counter()
    reasons: dict[tuple[str, str], Counter] = {}
    samples: dict[tuple[str, str], BottomK] = {}
    only_this = 0
    for source, fate, doc in iter_run_documents(this_dir, steps, source_names(stats)):
        identity = doc_hash(source, str(doc["id"]))
        there = other_fates.pop(identity, None)
        if there is None:
            only_this += 1
            continue
        here = _outcome(steps, fate, doc)
        if here[0] == there[0]:
            continue
        move = (here[0], there[0])
        transitions[move] += 1
        reasons.setdefault(move, Counter())[there[1] or here[1]] += 1
        sampler = samples.setdefault(move, BottomK(MOVED_SAMPLES))
        key = mix(identity)
        if sampler.wants(key):
            sample = sample_of(source, here[0], doc, None)
            sample["other_fate"], sample["other_reason"] = there
            sampler.push(key, sample)

    def total(predicate) -> int:
        return sum(n for move, n in transitions.items() if predicate(*move))

    name = other["run"]["name"]
    if name == this["run"]["name"]:  # two runs of one config: tell them apart by folder
        name = f"{name} ({other_dir.root.name})"
    return {
        "same_tokenizer": _tokenizer_digest(this) == _tokenizer_digest(other),
        "other": {
            "name": name,
            "run_dir": other["run"]["run_dir"],
            "token_unit": other["token_unit"],
            "kept_token_fraction": other["kept_token_fraction"],
            "totals": other["totals"],
        },
        "stages": funnel_deltas(this, other),
        "config_changes": config_changes(this["metadata"]["config"], other["metadata"]["config"]),
        "moved": {
            "kept_to_dropped": total(lambda a, b: a == KEPT),
            "dropped_to_kept": total(lambda a, b: b == KEPT),
            "dropped_at_another_step": total(lambda a, b: KEPT not in (a, b)),
            "only_in_this_run": only_this,
            "only_in_other_run": len(other_fates),
            "transitions": [
                {"from": a, "to": b, "documents": n, "reasons": dict(reasons[a, b].most_common())}
                for (a, b), n in transitions.most_common()
            ],
            "samples": [
                {"from": a, "to": b, "documents": samples[a, b].items()}
                for (a, b), _ in transitions.most_common(MOVED_GROUPS)
            ],
        },
    }

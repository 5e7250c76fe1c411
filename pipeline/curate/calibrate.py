"""Quality thresholds fitted to a source's seed documents (`quality.calibrate`), once per run.

Every rule of the source's quality filters is measured on each seed document (filters/quality.py
`measure`, on the seed's text cleaned as the run cleans its documents); a rule that keeps fewer than
`keep_fraction` of the seeds is relaxed, never tightened, to the value that keeps at least that
fraction: of 11 seed filings at 0.95, all 11 (so one odd seed sets that genre's thresholds; the
report lists them).
Seeds of a genre (`{path, genre}`) calibrate the source's documents of that genre alone
(`sources[].genre`): filings' repeated table headers relax the rules for filings, not for the web
pages beside them; untagged seeds calibrate the whole source. Length rules are left alone: a seed
file is often paragraphs, not documents. The result is written to
logs/curate/quality_calibration.json, read back by a resumed run, and shown in the report.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

from datatrove.data import Document

from pipeline.classifier import seed_file
from pipeline.config import RunConfig
from pipeline.rundir import RunDir, write_json_atomic

log = logging.getLogger(__name__)

LENGTH_RULES = {"gopher_short_doc", "gopher_long_doc", "too_few_sentences"}


def calibration_path(rundir: RunDir):
    return rundir.logs / "curate" / "quality_calibration.json"


def calibrate_sources(config: RunConfig, rundir: RunDir) -> dict[str, dict[str, Any]]:
    """{source: its calibration} for every source with `quality.calibrate` (see the module doc):
    `groups` (per seed genre: the rules measured), `arguments` (constructor arguments for the
    whole source) and `genre_thresholds` ({genre: {filter: {rule: threshold}}})."""
    path = calibration_path(rundir)
    if path.is_file():
        return json.loads(path.read_text())
    from pipeline.curate.steps import quality_filter_settings, source_quality, text_cleaner

    cleaner = text_cleaner(config) if config.curate.clean.enabled else None
    calibrations = {}
    for source in config.sources:
        calibrate = source_quality(config, source).calibrate
        if calibrate is None:
            continue
        seeds = calibrate.seeds or (config.curate.domain.positive if source.role == "domain" else [])
        if not seeds:
            log.warning(
                "source %s: quality.calibrate has no seed files (a general source names its own)", source.name
            )
            continue
        labels = source.genre_labels()
        by_genre: dict[str | None, list[str]] = {}
        for seed in map(seed_file, seeds):
            genre = seed.genre if seed.genre in labels else None  # a genre the source labels, else all of it
            texts = seed_documents([seed])
            by_genre.setdefault(genre, []).extend(cleaner.clean(t)[0] if cleaner else t for t in texts)
        filters = [(name, cls(**kwargs)) for name, cls, kwargs in quality_filter_settings(config, source)]
        groups, arguments, genre_thresholds = [], {}, {}
        for genre, documents in by_genre.items():
            fitted = calibrate_filters(filters, documents, calibrate.keep_fraction)
            groups.append({"genre": genre, **fitted})
            if genre is None:
                arguments = fitted["arguments"]
            elif fitted["relaxed"]:
                genre_thresholds[genre] = fitted["relaxed"]
        calibrations[source.name] = {
            "keep_fraction": calibrate.keep_fraction,
            "seeds": [str(seed_file(seed).path) for seed in seeds],
            "groups": groups,
            "arguments": arguments,
            "genre_thresholds": genre_thresholds,
        }
    write_json_atomic(path, calibrations)
    return calibrations


def seed_documents(seeds: list[Any]) -> list[str]:
    """The documents of seed files given as paths, `genre=path` or `{path, genre}`."""
    from pipeline.classifier import read_documents

    return [text for seed in seeds for text in read_documents(seed_file(seed).path) if text.strip()]


def _kept(value: float | None, threshold: float, bound: str) -> bool:
    return value is None or (value <= threshold if bound == "max" else value >= threshold)


def calibrate_filters(
    filters: list[tuple[str, Any]], documents: list[str], keep_fraction: float
) -> dict[str, Any]:
    """Each rule's configured and calibrated threshold, and the fraction of `documents` each keeps;
    `arguments`: the constructor arguments that apply the calibrated thresholds, per filter;
    `relaxed`: the same as {filter: {rule: threshold}}."""
    rules, arguments, relaxed_by_filter = [], {}, {}
    for name, step in filters:
        values: dict[str, list[float | None]] = {rule: [] for rule in step.thresholds()}
        for text in documents:
            measured = dict(step.measure(Document(text=text, id="seed")))
            for rule in values:
                values[rule].append(measured.get(rule))
        relaxed = {}
        for rule, (threshold, bound) in step.thresholds().items():
            if threshold is None or not documents or rule in LENGTH_RULES:
                continue
            kept = sum(_kept(v, threshold, bound) for v in values[rule]) / len(documents)
            calibrated = threshold
            if kept < keep_fraction:
                calibrated = _relaxed(values[rule], keep_fraction, threshold, bound)
                relaxed[rule] = calibrated
            rules.append(
                {
                    "filter": name,
                    "rule": rule,
                    "bound": bound,
                    "default": threshold,
                    "calibrated": calibrated,
                    "seed_keep_fraction_default": round(kept, 4),
                    "seed_keep_fraction": round(
                        sum(_kept(v, calibrated, bound) for v in values[rule]) / len(documents), 4
                    ),
                }
            )
        if relaxed:
            arguments[name] = step.threshold_arguments(relaxed)
            relaxed_by_filter[name] = relaxed
    return {
        "documents": len(documents),
        "keep_fraction": keep_fraction,
        "rules": rules,
        "arguments": arguments,
        "relaxed": relaxed_by_filter,
    }


def _relaxed(values: list[float | None], keep_fraction: float, threshold: float, bound: str) -> float:
    """The threshold nearest `threshold` that keeps `keep_fraction` of the values."""
    measured = sorted(v for v in values if v is not None)
    needed = math.ceil(keep_fraction * len(values)) - (len(values) - len(measured))
    if needed <= 0:
        return threshold
    if bound == "max":
        value = measured[needed - 1]
        return max(threshold, value if isinstance(threshold, int) else math.ceil(value * 1e4) / 1e4)
    value = measured[len(measured) - needed]
    return min(threshold, value if isinstance(threshold, int) else math.floor(value * 1e4) / 1e4)

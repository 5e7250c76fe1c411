"""Collect a curated run into the report.json dict, reading every document once.

Document counts per step come from the curation's stats (`logs/curate/pipeline.json`, written
from datatrove's step stats) and are checked against the files; the documents and tokens kept,
bytes, distributions, domains and samples come from the documents written: kept ones in
`curated/<source>/`, dropped ones in `rejected/<step>/<source>/`.
Memory stays flat as the run grows: histograms have fixed bins and samples are bottom-k by a hash of
the document id (the same documents are picked in two runs, whatever the file order).
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import json
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson
import yaml

from pipeline.errors import DaptError
from pipeline.report.sampling import (
    KEPT,
    SAMPLE_TEXT_CHARS,
    BottomK,
    doc_hash,
    jaccard,
    mix,
    sample_of,
    word_shingles,
)
from pipeline.rundir import RunDir

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SIMILARITY_CHARS = 20_000  # near-dup similarity is measured on this many leading characters
MATCH_CHARS = 2_000  # and candidate kept documents are compared on this many (cheap)
NEAR_DUP_PAIRS = 20
TOP_DOMAINS = 20
TOP_LANGUAGES = 12
TOKEN_BATCH = 512
QUALITY_STEPS = ("gopher_repetition", "gopher_quality", "c4", "fineweb")
NEAR_DUP_STEP = "minhash_dedup"
PII_PLACEHOLDERS = ("EMAIL", "PHONE", "IP_ADDRESS", "CREDIT_CARD", "SSN", "IBAN")


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


# ----------------------------------------------------------------------------------- tokens
class TokenCounter:
    """Counts tokens with the run's tokenizer (fast batch encode), or words when there is none."""

    def __init__(self, tokenizer_file: Path | None):
        self.tokenizer = None
        self.unit, self.source = "words", None
        if tokenizer_file is not None:
            from tokenizers import Tokenizer

            self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
            self.unit, self.source = "tokens", str(tokenizer_file)

    @classmethod
    def for_run(cls, rundir: RunDir, stats: dict[str, Any]) -> TokenCounter:
        candidates = [rundir.tokenizer / "tokenizer.json"]
        if stats.get("tokenizer"):
            named = Path(stats["tokenizer"])
            candidates += [named, named / "tokenizer.json"]
        for candidate in candidates:
            if candidate.is_file():
                return cls(candidate)
        log.warning("no tokenizer (looked for %s): the report counts words", ", ".join(map(str, candidates)))
        return cls(None)

    def count(self, texts: list[str]) -> list[int]:
        if self.tokenizer is None:
            return [len(text.split()) for text in texts]
        return [len(e) for e in self.tokenizer.encode_batch_fast(texts, add_special_tokens=False)]


# ----------------------------------------------------------------------------------- distributions
class Histogram:
    """Counts per series over fixed bins [edges[i], edges[i+1]); with `overflow`, one more bin
    [edges[-1], inf). Values outside fall into the first or last bin."""

    def __init__(self, title: str, unit: str, edges: list[float], series: list[str], overflow: bool = False):
        self.title, self.unit, self.edges, self.overflow = title, unit, edges, overflow
        self.bins = len(edges) - 1 + int(overflow)
        self.series = series
        self.counts = [[0] * self.bins for _ in series]
        self.threshold: float | None = None
        self.note = ""

    def add(self, value: float, series: int) -> None:
        index = min(max(bisect.bisect_right(self.edges, value) - 1, 0), self.bins - 1)
        self.counts[series][index] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "histogram",
            "title": self.title,
            "unit": self.unit,
            "edges": self.edges,
            "overflow": self.overflow,
            "series": dict(zip(self.series, self.counts, strict=True)),
            "total": sum(map(sum, self.counts)),
            "threshold": self.threshold,
            "note": self.note,
        }


def _linear(start: float, stop: float, step: float) -> list[float]:
    return [round(start + i * step, 6) for i in range(round((stop - start) / step) + 1)]


LETTER_WORD = re.compile(r"\S*[^\W\d_]\S*")  # a whitespace-separated word with a letter in it
TERMINAL_PUNCTUATION = (".", "!", "?", '"', "'", "”", "’", ":", ";", ")")


def quality_signals(text: str) -> dict[str, float] | None:
    """Cheap versions of the Gopher/C4/FineWeb signals the quality filters threshold on."""
    words = text.split()
    lines = [line for line in map(str.strip, text.splitlines()) if line]
    if not words or not lines:
        return None
    alphabetic = len(LETTER_WORD.findall(text))
    return {
        "mean_word_length": sum(map(len, words)) / len(words),
        "alphabetic_word_fraction": alphabetic / len(words),
        "punctuated_line_fraction": sum(line.endswith(TERMINAL_PUNCTUATION) for line in lines) / len(lines),
        "duplicate_line_fraction": 1 - len(set(lines)) / len(lines),
    }


CLUSTER_SIZE_BINS = [(2, 2), (3, 3), (4, 4), (5, 5), (6, 10), (11, 20), (21, 50), (51, None)]


def host_of(url: Any) -> str | None:
    if not isinstance(url, str) or not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host[4:] if host and host.startswith("www.") else host


# ----------------------------------------------------------------------------------- collector
class Collector:
    """Accumulates everything report.json shows from a stream of (source, fate, document)."""

    def __init__(self, steps: list[str], sources: list[str], samples_per_step: int, unit: str):
        self.steps, self.sources = steps, sources
        self.kept_index = len(steps)
        self.samples_per_step = samples_per_step
        self.file_docs = {s: [0] * (len(steps) + 1) for s in sources}
        self.file_tokens = {s: [0] * (len(steps) + 1) for s in sources}
        self.file_bytes = {s: [0] * (len(steps) + 1) for s in sources}
        self.kept_samples = [BottomK(samples_per_step) for _ in range(len(steps) + 1)]
        self.dropped_samples: list[dict[str, BottomK]] = [{} for _ in steps]
        self.pairs = BottomK(NEAR_DUP_PAIRS)
        self.pairs_wanted: dict[tuple[str, Any], list[dict[str, Any]]] = {}
        self.cluster_docs: Counter = Counter()
        self.cluster_sizes_seen: Counter = Counter()
        self.kept_domains: Counter = Counter()
        self.dropped_domains: Counter = Counter()
        self.dropped_domains_by_step: Counter = Counter()
        self.languages = [Counter(), Counter(), Counter()]
        self.pii: Counter = Counter()
        self.genre_fates: dict[tuple[str, str], Counter] = {}  # (source, genre) -> {fate: documents}
        self.genre_tokens_kept: Counter = Counter()
        self.near_dup_index = steps.index(NEAR_DUP_STEP) if NEAR_DUP_STEP in steps else None
        self.extract_index = steps.index("extract") if "extract" in steps else -1
        quality = [i for i, step in enumerate(steps) if step in QUALITY_STEPS]
        self.focus: dict[str, set[int]] = {
            "language": {i for i, s in enumerate(steps) if s == "language"},
            "quality": set(quality),
            "domain": {i for i, s in enumerate(steps) if s == "domain"},
            "toxicity": {i for i, s in enumerate(steps) if s == "toxicity"},
        }
        focus_series = {name: [KEPT, f"dropped by {name}", "dropped by other steps"] for name in self.focus}
        lengths = [0] + [m * 10**e for e in range(1, 6) for m in (1, 2, 5)]
        self.hist = {
            "doc_length": Histogram("Document length", unit, lengths, [KEPT, "dropped"], overflow=True),
            "language_score": Histogram(
                "Language ID score", "score", _linear(0, 1, 0.01), focus_series["language"]
            ),
            "mean_word_length": Histogram(
                "Mean word length", "characters", _linear(0, 20, 0.25), focus_series["quality"], overflow=True
            ),
            "alphabetic_word_fraction": Histogram(
                "Words with a letter", "fraction", _linear(0, 1, 0.01), focus_series["quality"]
            ),
            "punctuated_line_fraction": Histogram(
                "Lines ending in punctuation", "fraction", _linear(0, 1, 0.01), focus_series["quality"]
            ),
            "duplicate_line_fraction": Histogram(
                "Duplicate lines", "fraction", _linear(0, 1, 0.01), focus_series["quality"]
            ),
            "domain_score": Histogram("Domain score", "score", _linear(0, 1, 0.01), focus_series["domain"]),
            "domain_score_by_source": Histogram(
                "Domain score per source", "score", _linear(0, 1, 0.02), list(sources)
            ),
            "toxicity_score": Histogram(
                "Toxicity score", "score", _linear(0, 1, 0.01), focus_series["toxicity"]
            ),
            "toxic_word_fraction": Histogram(
                "Toxic word fraction",
                "fraction",
                _linear(0, 0.1, 0.001),
                focus_series["toxicity"],
                overflow=True,
            ),
        }

    # -- one document
    def _series(self, focus: str, fate: int) -> int:
        if fate == self.kept_index:
            return 0
        return 1 if fate in self.focus[focus] else 2

    def extracted(self, fate: int) -> bool:
        """Whether a document with this fate has extracted text (before that, its text is HTML)."""
        return fate > self.extract_index

    def add(self, source: str, fate: int, doc: dict[str, Any], tokens: int | None) -> None:
        """Account for one document; `tokens` is None when it has no extracted text."""
        text, meta = doc.get("text") or "", doc.get("metadata") or {}
        kept = fate == self.kept_index
        self.file_docs[source][fate] += 1
        if tokens is not None:
            self.file_tokens[source][fate] += tokens
            self.file_bytes[source][fate] += len(text.encode("utf-8", "surrogatepass"))
            self.hist["doc_length"].add(tokens, 0 if kept else 1)
        signals = quality_signals(text) if tokens is not None else None
        if signals:
            series = self._series("quality", fate)
            for name, value in signals.items():
                self.hist[name].add(value, series)
        for key, focus in (
            ("language_score", "language"),
            ("domain_score", "domain"),
            ("toxicity_score", "toxicity"),
            ("toxic_word_fraction", "toxicity"),
        ):
            value = meta.get(key)
            if isinstance(value, (int, float)):
                self.hist[key].add(float(value), self._series(focus, fate))
        if isinstance(meta.get("domain_score"), (int, float)):
            self.hist["domain_score_by_source"].add(float(meta["domain_score"]), self.sources.index(source))
        if meta.get("language"):
            self.languages[self._series("language", fate)][str(meta["language"])] += 1
        for kind, n in (meta.get("pii") or {}).items():
            if isinstance(n, int):
                self.pii[str(kind)] += n

        if meta.get("genre"):
            key = (source, str(meta["genre"]))
            self.genre_fates.setdefault(key, Counter())[fate] += 1
            if kept and tokens is not None:
                self.genre_tokens_kept[key] += tokens

        host = host_of(meta.get("url"))
        if host:
            if kept:
                self.kept_domains[host] += 1
            else:
                self.dropped_domains[host] += 1
                self.dropped_domains_by_step[host, fate] += 1

        self._sample(source, fate, doc, tokens)
        self._near_dups(source, fate, doc, tokens)

    def _sample(self, source: str, fate: int, doc: dict[str, Any], tokens: int) -> None:
        if not self.samples_per_step:
            return
        identity = doc_hash(source, str(doc["id"]))
        for step in range(fate + 1 if fate == self.kept_index else fate):
            key = mix(identity ^ step)
            sampler = self.kept_samples[step]
            if sampler.wants(key):
                sampler.push(key, sample_of(source, KEPT, doc, tokens))
        if fate != self.kept_index:
            meta = doc.get("metadata") or {}
            reason = str(meta.get("filter_reason") or self.steps[fate])
            sampler = self.dropped_samples[fate].setdefault(reason, BottomK(self.samples_per_step))
            key = mix(identity ^ (fate + 1000))
            if sampler.wants(key):
                sampler.push(key, sample_of(source, self.steps[fate], doc, tokens))

    def _near_dups(self, source: str, fate: int, doc: dict[str, Any], tokens: int | None) -> None:
        """Cluster sizes, and pairs of a dropped near-duplicate with the kept document it duplicates:
        the one with the same cluster id, or without ids (datatrove saves them only on request) the
        most similar document of a cluster of the same size."""
        if self.near_dup_index is None or fate < self.near_dup_index:
            return
        meta = doc.get("metadata") or {}
        cluster_id, size = meta.get("minhash_cluster_id"), meta.get("minhash_cluster_size")
        if cluster_id is not None and cluster_id != -1:
            self.cluster_docs[source, cluster_id] += 1
            key: tuple[Any, ...] = (source, "id", cluster_id)
        elif isinstance(size, int) and size > 1:
            self.cluster_sizes_seen[size] += 1
            key = (source, "size", size)
        else:
            return
        text = doc.get("text") or ""
        if fate == self.near_dup_index:
            identity = doc_hash(source, str(doc["id"]))
            if self.pairs.wants(identity):
                pair = {
                    "cluster_id": cluster_id if key[1] == "id" else None,
                    "cluster_size": size,
                    "matched_by": key[1] == "id" and "cluster_id" or "similarity",
                    "dropped": sample_of(source, NEAR_DUP_STEP, doc, tokens),
                    "kept": None,
                    "similarity": None,
                    "_text": text[:SIMILARITY_CHARS],
                    "_shingles": word_shingles(text[:MATCH_CHARS]),
                    "_match": -1.0,
                }
                self.pairs.push(identity, pair)
                self.pairs_wanted.setdefault(key, []).append(pair)
            return
        candidates = [p for p in self.pairs_wanted.get(key, ()) if not (p["kept"] and key[1] == "id")]
        if not candidates:
            return
        shingles = word_shingles(text[:MATCH_CHARS])
        for pair in candidates:
            match = jaccard(pair["_shingles"], shingles)
            if match > pair["_match"]:
                fate_name = KEPT if fate == self.kept_index else self.steps[fate]
                pair["kept"], pair["_match"] = sample_of(source, fate_name, doc, tokens), match
                pair["_kept_text"] = text[:SIMILARITY_CHARS]

    # -- results
    def samples(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """Per step: up to samples_per_step passed and dropped documents, every reason represented."""
        result = {}
        for index, step in enumerate(self.steps):
            by_reason = sorted(self.dropped_samples[index].values(), key=lambda s: -s.seen)
            queues = [sampler.items() for sampler in by_reason]
            dropped = []
            for round_ in itertools.zip_longest(*queues):
                dropped += [item for item in round_ if item is not None]
            result[step] = {
                "dropped": dropped[: self.samples_per_step],
                "kept": self.kept_samples[index].items(),
            }
        result[KEPT] = {"dropped": [], "kept": self.kept_samples[self.kept_index].items()}
        return result

    def near_duplicates(self) -> list[dict[str, Any]]:
        pairs = []
        for pair in self.pairs.items():
            if pair["kept"] is not None:
                shingles = word_shingles(pair["_text"]), word_shingles(pair["_kept_text"])
                pair["similarity"] = round(jaccard(*shingles), 4)
            pairs.append({k: v for k, v in pair.items() if not k.startswith("_")})
        return pairs

    def cluster_size_chart(self) -> dict[str, Any]:
        sizes: Counter = Counter(self.cluster_docs.values())
        for size, docs in self.cluster_sizes_seen.items():
            sizes[size] += docs // size
        labels, counts = [], []
        for low, high in CLUSTER_SIZE_BINS:
            labels.append(str(low) if low == high else f"{low}–{high}" if high else f"≥ {low}")
            counts.append(
                sum(n for size, n in sizes.items() if size >= low and (high is None or size <= high))
            )
        return {
            "kind": "bars",
            "title": "Near-duplicate cluster sizes",
            "unit": "documents per cluster",
            "labels": labels,
            "series": {"clusters": counts},
            "total": sum(counts),
            "note": "" if sizes else "no near-duplicate cluster in the documents",
        }

    def language_chart(self) -> dict[str, Any]:
        total = self.languages[0] + self.languages[1] + self.languages[2]
        top = [label for label, _ in total.most_common(TOP_LANGUAGES)]
        series = {}
        for name, counter in zip(self.hist["language_score"].series, self.languages, strict=True):
            series[name] = [counter[label] for label in top] + [
                sum(n for label, n in counter.items() if label not in top)
            ]
        return {
            "kind": "bars",
            "title": "Languages",
            "unit": "documents",
            "labels": [*top, "other"],
            "series": series,
            "total": sum(total.values()),
            "note": "",
        }

    def genres(self) -> list[dict[str, Any]]:
        """Per source and genre (`sources[].genre`): documents read and kept, kept tokens, and the
        documents each step dropped; most documents first."""
        rows = []
        for (source, genre), fates in self.genre_fates.items():
            rows.append(
                {
                    "source": source,
                    "genre": genre,
                    "docs_read": sum(fates.values()),
                    "docs_kept": fates[self.kept_index],
                    "tokens_kept": self.genre_tokens_kept[source, genre],
                    "dropped": {step: fates[index] for index, step in enumerate(self.steps) if fates[index]},
                }
            )
        return sorted(rows, key=lambda row: (-row["docs_read"], row["source"], row["genre"]))

    def top_domains(self) -> dict[str, list[dict[str, Any]]]:
        dropped = []
        for host, total in self.dropped_domains.most_common(TOP_DOMAINS):
            by_step = {
                step: self.dropped_domains_by_step[host, index]
                for index, step in enumerate(self.steps)
                if self.dropped_domains_by_step[host, index]
            }
            dropped.append({"domain": host, "documents": total, "by_step": by_step})
        kept = [{"domain": h, "documents": n} for h, n in self.kept_domains.most_common(TOP_DOMAINS)]
        return {
            "kept": kept,
            "dropped": dropped,
            "distinct_kept": len(self.kept_domains),
            "distinct_dropped": len(self.dropped_domains),
        }


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

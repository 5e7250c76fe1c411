"""The statistics report.json shows, accumulated one document at a time with bounded memory:
tokens (the run's tokenizer, else words), fixed-bin histograms, the quality signals, bottom-k
samples per step, near-duplicate pairs, languages, domains, genres and PII counts.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.report.sampling import (
    KEPT,
    BottomK,
    doc_hash,
    jaccard,
    mix,
    sample_of,
    word_shingles,
)
from pipeline.rundir import RunDir

log = logging.getLogger(__name__)

SIMILARITY_CHARS = 20_000  # near-dup similarity is measured on this many leading characters
MATCH_CHARS = 2_000  # and candidate kept documents are compared on this many (cheap)
NEAR_DUP_PAIRS = 20
TOP_DOMAINS = 20
TOP_LANGUAGES = 12
QUALITY_STEPS = ("gopher_repetition", "gopher_quality", "c4", "fineweb")
NEAR_DUP_STEP = "minhash_dedup"


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

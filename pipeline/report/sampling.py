"""Sampling that is the same in every run: bottom-k by a hash of (source, document id), so a
document sampled in one run is sampled in another; what the viewer shows of a sampled document;
and the word-shingle similarity shown beside near-duplicate pairs."""

from __future__ import annotations

import hashlib
import heapq
import itertools
import re
import zlib
from typing import Any

KEPT = "kept"
SAMPLE_TEXT_CHARS = 4000  # text shown per sampled document (keeps report.html small at any scale)
SIGNAL_KEYS = (
    "language",
    "language_score",
    "domain_score",
    "toxicity_score",
    "toxic_word_fraction",
    "minhash_cluster_id",
    "minhash_cluster_size",
)
WORD = re.compile(r"\w+")

MASK64 = (1 << 64) - 1


def doc_hash(source: str, doc_id: str) -> int:
    """A stable 64-bit hash of a document's identity (source, id)."""
    return int.from_bytes(hashlib.blake2b(f"{source}\0{doc_id}".encode(), digest_size=8).digest(), "little")


def mix(x: int) -> int:
    """splitmix64: decorrelates the sampling keys of different steps."""
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


class BottomK:
    """The `cap` items with the smallest keys seen (a uniform sample when keys are hashes)."""

    def __init__(self, cap: int):
        self.cap, self.heap, self.seen = cap, [], 0
        self._tie = itertools.count()

    def wants(self, key: int) -> bool:
        self.seen += 1
        return self.cap > 0 and (len(self.heap) < self.cap or key < -self.heap[0][0])

    def push(self, key: int, item: Any) -> None:
        entry = (-key, next(self._tie), item)
        if len(self.heap) < self.cap:
            heapq.heappush(self.heap, entry)
        else:
            heapq.heapreplace(self.heap, entry)

    def items(self) -> list[Any]:
        return [item for _, _, item in sorted(self.heap, key=lambda e: -e[0])]


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


def sample_of(source: str, fate: str, doc: dict[str, Any], tokens: int | None) -> dict[str, Any]:
    """What the sample viewer shows of one document (`tokens` None when not counted)."""
    text, meta = doc.get("text") or "", doc.get("metadata") or {}
    return {
        "id": str(doc["id"]),
        "source": source,
        "fate": fate,
        "reason": None if fate == KEPT else str(meta.get("filter_reason") or fate),
        # the measured value and the threshold it crossed (filters/quality.py stores them)
        "value": _round(meta["filter_value"]) if isinstance(meta.get("filter_value"), (int, float)) else None,
        "threshold": _round(meta["filter_threshold"])
        if isinstance(meta.get("filter_threshold"), (int, float))
        else None,
        "url": meta.get("url"),
        "tokens": tokens,
        "chars": len(text),
        "text": text[:SAMPLE_TEXT_CHARS],
        "truncated": len(text) > SAMPLE_TEXT_CHARS,
        "signals": {key: _round(meta[key]) for key in SIGNAL_KEYS if meta.get(key) is not None},
        "pii": {str(k): int(v) for k, v in (meta.get("pii") or {}).items() if v},
    }


def word_shingles(text: str, n: int = 5) -> set[int]:
    """Hashed word n-grams, case and punctuation folded (as MinHash dedup compares documents)."""
    words = WORD.findall(text.lower())
    return {zlib.crc32(" ".join(words[i : i + n]).encode()) for i in range(max(len(words) - n + 1, 1))}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0

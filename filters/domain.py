"""Domain relevance: keep documents a classifier from `dapt classifier train` scores in-domain.

Either model family (static word embeddings with a logistic head, or fastText). datatrove's
FastTextClassifierFilter scores raw text with fastText alone; our models are trained on normalized
text (pipeline.classifier.normalize_text), so scoring must normalize the same way, and it takes a
local path only (no download).
"""

from __future__ import annotations

from pathlib import Path

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from pipeline.classifier import LazyModel, positive_probability


class DomainClassifierFilter(LazyModel, BaseFilter):
    """Stores `domain_score` (probability of the domain class) in the metadata and drops documents
    below `threshold` (reason `below_domain_threshold`). `threshold=0.0` only scores: keeps all
    (for a second pass that keeps a top fraction)."""

    name = "🎯 Domain classifier"
    _requires_dependencies = [("fasttext", "fasttext-numpy2-wheel")]

    def __init__(
        self, model_path: str | Path, threshold: float = 0.5, exclusion_writer: DiskWriter | None = None
    ):
        super().__init__(exclusion_writer)
        self.model_path = Path(model_path)
        self.threshold = threshold

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        score = positive_probability(self.model, doc.text)
        doc.metadata["domain_score"] = score
        if score < self.threshold:
            return False, "below_domain_threshold"
        return True

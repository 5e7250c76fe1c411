"""Held-out evaluation text: a share of a source's documents, chosen by a hash of the document id,
kept out of curation (and so out of every training variant and classifier) for bits-per-byte
evaluation (`eval.sets` with `source` and `share`). The held-back documents go to the exclusion
writer (rejected/holdout/<source>/) with the reason `held_out_for_eval`, counted like any drop.
"""

from __future__ import annotations

import hashlib

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter

REASON = "held_out_for_eval"


def held_out(doc_id: str, share: float) -> bool:
    """Whether a document id falls in the held-out `share` (stable across runs and machines)."""
    digest = hashlib.sha256(str(doc_id).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


class HoldoutFilter(BaseFilter):
    """Drop (hold back) the documents whose id hashes into the first `share` of the hash range."""

    name = "🔒 Eval holdout"

    def __init__(self, share: float, exclusion_writer=None):
        super().__init__(exclusion_writer)
        self.share = share

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return not held_out(doc.id, self.share) or (False, REASON)

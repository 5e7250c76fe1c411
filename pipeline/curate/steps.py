"""The datatrove steps of curation, built from the run config: readers, filters, writers.

Step names (the `rejected/<step>/` folders and the keys of the counts), in pipeline order.
"""

from __future__ import annotations

import glob
import inspect
import os
from pathlib import Path
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers import HuggingFaceDatasetReader, JsonlReader, ParquetReader
from datatrove.pipeline.writers import JsonlWriter

from filters.quality import C4Quality, FineWebQuality, GopherQuality, GopherRepetition
from filters.readers import MAX_BYTES
from pipeline.config import ConfigError, QualityConfig, RunConfig, SourceConfig
from pipeline.rundir import RunDir

STEPS = (
    "url",
    "extract",
    "holdout",
    "language",
    "gopher_quality",
    "gopher_repetition",
    "c4",
    "fineweb",
    "domain",
    "toxicity",
    "exact_dedup",
    "url_dedup",
    "minhash_dedup",
)
HTML_FORMATS = ("warc", "wet", "arc", "html", "crawl")
# Gopher quality (cheap: counts) before Gopher repetition (n-gram statistics, ~10x slower): the
# FineWeb recipe has them the other way round, but neither changes the text, so the same
# documents are kept, at a fraction of the cost.
QUALITY_FILTERS = {
    "gopher_quality": (GopherQuality, {}),
    "gopher_repetition": (GopherRepetition, {}),
    # as in the FineWeb recipe, but 3 sentences, not 5: a news brief (an earnings flash, a market
    # wrap) runs 2-4 sentences and is the text a domain run wants
    "c4": (C4Quality, {"filter_no_terminal_punct": False, "min_num_sentences": 3}),
    "fineweb": (FineWebQuality, {}),
}
DOCS = "${rank}.jsonl.gz"


class ReasonJsonlWriter(JsonlWriter):
    """A JsonlWriter for dropped documents that sets `metadata.filter_reason` when the dropping
    step did not (datatrove's dedup filters give none)."""

    def __init__(self, output_folder: str | Path, reason: str | None = None):
        super().__init__(str(output_folder), output_filename=DOCS)
        self.reason = reason

    def write(self, document: Document, rank: int = 0, **kwargs) -> None:
        if self.reason:
            document.metadata.setdefault("filter_reason", self.reason)
        super().write(document, rank, **kwargs)


class RankJsonlReader(JsonlReader):
    """Read exactly `<rank>.jsonl.gz` of a folder written by the previous stage with as many tasks,
    so that rank r reads what rank r wrote (dedup signatures index documents per rank); a rank
    that kept nothing has no file and reads nothing."""

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        name = f"{rank:05d}.jsonl.gz"
        if not self.data_folder.isfile(name):
            return
        for doc in self.read_files_shard([name]):
            self.update_doc_stats(doc)
            yield doc


def rejected_writer(rundir: RunDir, step: str, source: str, reason: str | None = None) -> ReasonJsonlWriter:
    return ReasonJsonlWriter(rundir.rejected_step(step, source), reason)


def input_files(source: SourceConfig, rundir: RunDir) -> list[str]:
    """The files of a source, expanded from its paths and glob patterns, sorted, unique; a crawl
    source without paths reads the WARC files `dapt crawl` wrote into the run directory."""
    if source.format == "crawl" and not source.paths:
        from pipeline.crawl.run import crawl_warc_paths

        return [str(path) for path in crawl_warc_paths(rundir.root)]
    found: set[str] = set()
    for pattern in source.paths:
        matches = glob.glob(pattern, recursive=True) or ([pattern] if os.path.exists(pattern) else [])
        for match in matches:
            if os.path.isdir(match):
                found.update(str(p) for p in Path(match).rglob("*") if p.is_file())
            else:
                found.add(os.path.abspath(match))
    return sorted(found)


def _paths_file(files: list[str], work: Path) -> tuple[str, str]:
    """(common folder, a file listing the inputs relative to it) for datatrove's `paths_file`."""
    root = os.path.commonpath([os.path.dirname(f) for f in files])
    listing = work / "inputs.txt"
    listing.parent.mkdir(parents=True, exist_ok=True)
    listing.write_text("".join(os.path.relpath(f, root) + "\n" for f in files))
    return root, str(listing)


def reader_for(source: SourceConfig, rundir: RunDir, work: Path, max_bytes: int = MAX_BYTES) -> PipelineStep:
    """The datatrove reader of one source; `max_bytes`: see curate.max_decoded_bytes."""
    from filters.readers import HtmlFolderReader, JsonlDocumentReader, WebArchiveReader

    common = {"limit": source.limit, "text_key": source.text_key, "id_key": source.id_key}
    if source.format == "hf":
        name = source.paths[0] if source.paths else ""
        options = {"split": source.hf_split, **({"name": source.hf_config} if source.hf_config else {})}
        # a local dataset is read whole; a hub dataset is streamed (not downloaded first)
        return HuggingFaceDatasetReader(
            name, dataset_options=options, streaming=not os.path.exists(name), **common
        )
    files = input_files(source, rundir)
    if not files:
        raise ConfigError(f"source {source.name!r}: no input file matches {source.paths}")
    root, listing = _paths_file(files, work)
    bounded = {"limit": source.limit, "max_bytes": max_bytes}
    if source.format in ("warc", "wet", "arc", "crawl"):
        return WebArchiveReader(root, paths_file=listing, **bounded)
    if source.format == "html":
        return HtmlFolderReader(root, paths_file=listing, **bounded)
    if source.format == "text":
        from filters.textfiles import TextFileReader

        return TextFileReader(root, paths_file=listing, limit=source.limit)
    if source.format == "parquet":
        return ParquetReader(root, paths_file=listing, **common)
    return JsonlDocumentReader(root, paths_file=listing, **common, max_bytes=max_bytes)


def word_tokenizer(config: RunConfig) -> Any:
    """What datatrove's `language=` argument gets: our regex tokenizer, or "en" (spaCy)."""
    from filters.words import RegexWordTokenizer

    if config.curate.quality.word_tokenizer == "spacy":
        return config.curate.language.languages[0] if config.curate.language.languages else "en"
    return RegexWordTokenizer()


def source_quality(config: RunConfig, source: SourceConfig) -> QualityConfig:
    """curate.quality with the source's own `quality` settings in place of those it names."""
    own = source.quality
    if own is None:
        return config.curate.quality
    return config.curate.quality.model_copy(update={key: getattr(own, key) for key in own.model_fields_set})


def constructor_arguments(cls: type) -> set[str]:
    """The named arguments of a class's constructors, its datatrove base classes' included."""
    return {
        name
        for klass in cls.__mro__
        if "__init__" in vars(klass)
        for name, parameter in inspect.signature(klass.__init__).parameters.items()
        if name != "self" and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
    }


def quality_filter_settings(
    config: RunConfig, source: SourceConfig
) -> list[tuple[str, type, dict[str, Any]]]:
    """(step name, class, constructor arguments) of the enabled quality filters of a source: the
    FineWeb recipe's settings, then the config's."""
    settings = []
    quality = source_quality(config, source)
    own = source.quality.model_fields_set if source.quality else set()
    for name, (cls, defaults) in QUALITY_FILTERS.items():
        where = f"sources[{source.name}].quality" if name in own else "curate.quality"
        setting = getattr(quality, name)
        if setting is False:
            continue
        kwargs = {**defaults, **(setting if isinstance(setting, dict) else {})}
        accepted = constructor_arguments(cls) - {"exclusion_writer", "language", "batch_size"}
        unknown = sorted(set(kwargs) - accepted)
        if unknown:
            raise ConfigError(
                f"{where}.{name}: unknown argument(s) {unknown}; {cls.__name__} takes {sorted(accepted)}"
            )
        settings.append((name, cls, {**kwargs, "language": word_tokenizer(config)}))
    return settings


def text_cleaner(config: RunConfig) -> PipelineStep:
    """The cleaning step of `curate.clean` (filters/clean.py)."""
    from filters.clean import TextCleaner

    clean = config.curate.clean
    return TextCleaner(
        clean.unicode, clean.tables, clean.page_furniture, clean.web_residue, clean.min_header_repeats
    )


def quality_filters(
    config: RunConfig, rundir: RunDir, source: SourceConfig, calibration: dict[str, Any] | None = None
) -> list[tuple[str, PipelineStep]]:
    """The enabled quality filters of a source, with the thresholds calibrated for it
    (`calibration`: the source's, from pipeline/curate/calibrate.py: constructor arguments for the
    whole source, and thresholds for the documents of a genre)."""
    calibration = calibration or {}
    filters = []
    for name, cls, kwargs in quality_filter_settings(config, source):
        step = cls(
            **kwargs,
            **calibration.get("arguments", {}).get(name, {}),
            exclusion_writer=rejected_writer(rundir, name, source.name),
        )
        step.genre_thresholds = {
            genre: rules[name]
            for genre, rules in calibration.get("genre_thresholds", {}).items()
            if name in rules
        }
        filters.append((name, step))
    return filters

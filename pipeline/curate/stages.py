"""The datatrove stages of one source's curation, in order, each a pipeline run with its own tasks.

    filter     read -> url -> extract -> clean -> [eval holdout] -> language -> quality -> domain
               (score, or filter)
               -> write work/curate/<source>/filter/docs/
    select     [domain threshold, when picked from the scores] -> toxicity -> PII
               -> write (next stage's input) [+ exact-dedup signatures]
    exact_*    datatrove ExactDedup on the normalized text: find, then filter [+ URL signatures]
    url_*      datatrove ExactDedup on the URL (the longest version of a page is kept)
    minhash_*  datatrove's four MinHash stages: signatures, buckets, clusters, filter
    tokenize   curated/<source>/ -> tokens/<source>/ (datatrove DocumentTokenizer, EOS appended)

The last filtering stage writes curated/<source>/; every dropping step writes
rejected/<step>/<source>/. Stage N reads exactly what stage N-1's rank wrote (RankJsonlReader),
so the per-rank document indices of the dedup signatures stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup import MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter
from datatrove.pipeline.dedup.exact_dedup import (
    ExactDedupConfig,
    ExactDedupFilter,
    ExactDedupSignature,
    ExactFindDedups,
)
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.tokens import DocumentTokenizer
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.text import simplify_text

from pipeline.config import RunConfig, SourceConfig
from pipeline.curate.schema import CuratedJsonlWriter, GenreLabeler
from pipeline.curate.steps import (
    DOCS,
    HTML_FORMATS,
    RankJsonlReader,
    quality_filters,
    reader_for,
    rejected_writer,
    text_cleaner,
    word_tokenizer,
)
from pipeline.rundir import RunDir

PRIORITY_MAX = 65535  # datatrove's exact-dedup priorities are uint16


@dataclass
class Stage:
    """One datatrove pipeline run. `roles` maps a pipeline index to what its stats count:
    ("read", None) the reader, ("filter", step) a dropping step with reasons, ("dedup", step)
    a dedup filter (reason fixed per step), ("clean", None), ("pii", None), ("tokens", None)."""

    source: str
    name: str
    pipeline: list[PipelineStep]
    tasks: int
    roles: dict[int, tuple[str, str | None]] = field(default_factory=dict)


DEDUP_REASONS = {
    "exact_dedup": "exact_duplicate",
    "url_dedup": "url_duplicate",
    "minhash_dedup": "near_duplicate",
}


class MetadataThresholdFilter(BaseFilter):
    """Drop documents whose `metadata[key]` is below `threshold` (a score computed earlier)."""

    name = "📏 Score threshold"

    def __init__(self, key: str, threshold: float, reason: str, exclusion_writer=None):
        super().__init__(exclusion_writer)
        self.key, self.threshold, self.reason = key, threshold, reason

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return doc.metadata.get(self.key, 0.0) >= self.threshold or (False, self.reason)


class MinhashFilter(MinhashDedupFilter):
    """datatrove's MinHash stage 4, with `minhash_cluster_size` on every kept document (datatrove
    leaves it out on a task without duplicates, which breaks one schema per source)."""

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in super().run(data, rank, world_size):
            doc.metadata.setdefault("minhash_cluster_size", 1)
            yield doc


def normalized_text(doc: Document) -> str:
    """What exact dedup compares: lowercased, punctuation and digits folded, whitespace collapsed."""
    return simplify_text(doc.text)


def document_url(doc: Document) -> str:
    """What URL dedup compares; a document without a URL is only a duplicate of its own id."""
    return doc.metadata.get("url") or f"id:{doc.id}"


def longest_first(doc: Document) -> int:
    """URL dedup keeps the longest capture of a page."""
    return max(1, min(PRIORITY_MAX, len(doc.text) // 16))


def _work(rundir: RunDir, source: str, *parts: str) -> Path:
    return rundir.work / "curate" / source / Path(*parts)


def filter_stage(
    config: RunConfig,
    rundir: RunDir,
    source: SourceConfig,
    domain_model: Path | None,
    calibration: dict | None = None,
) -> Stage:
    """Stage 1: read, extract, clean, and every per-document filter up to the domain classifier
    (`calibration`: the source's calibrated quality thresholds, pipeline/curate/calibrate.py)."""
    from filters.extract import TextExtractor
    from filters.language import FastTextLanguageFilter
    from filters.url import DomainListURLFilter

    curate, name = config.curate, source.name
    steps: list[tuple[str | None, PipelineStep]] = [
        (None, reader_for(source, rundir, _work(rundir, name), curate.max_decoded_bytes)),
        (None, GenreLabeler(source)),
    ]
    if curate.url.enabled:
        url = curate.url
        writer = rejected_writer(rundir, "url", name)
        step = DomainListURLFilter(url.allow_domains, url.block_domains, url.datatrove_blocklist, writer)
        steps.append(("url", step))
    if source.format in HTML_FORMATS:
        extract = curate.extract
        writer = rejected_writer(rundir, "extract", name)
        steps.append(
            ("extract", TextExtractor(extract.extractor, extract.timeout_s, extract.favor_precision, writer))
        )
    if curate.clean.enabled:
        steps.append(("clean", text_cleaner(config)))
    share = next((s.share for s in config.eval.sets if s.source == name), None)
    if share is not None:  # eval text: after extraction, before every filter but the URL lists
        from filters.holdout import HoldoutFilter

        steps.append(("holdout", HoldoutFilter(share, rejected_writer(rundir, "holdout", name))))
    if curate.language.enabled:
        language = curate.language
        writer = rejected_writer(rundir, "language", name)
        step = FastTextLanguageFilter(language.languages, language.threshold, language.model_path, writer)
        steps.append(("language", step))
    steps += quality_filters(config, rundir, source, calibration)
    if domain_model is not None and source.role == "domain":
        from filters.domain import DomainClassifierFilter
        from pipeline.curate.domain import domain_threshold

        # with keep_fraction/target_tokens this pass only scores; `select` applies the threshold
        threshold = 0.0 if selects_by_score(config) else domain_threshold(config, domain_model)
        writer = rejected_writer(rundir, "domain", name)
        steps.append(("domain", DomainClassifierFilter(domain_model, threshold, exclusion_writer=writer)))
    steps.append((None, JsonlWriter(str(_work(rundir, name, "filter", "docs")), output_filename=DOCS)))
    return _stage(name, "filter", steps, curate.executor.tasks, first_is_reader=True)


def selects_by_score(config: RunConfig) -> bool:
    domain = config.curate.domain
    return domain.keep_fraction is not None or domain.target_tokens is not None


def later_stages(
    config: RunConfig, rundir: RunDir, source: SourceConfig, domain_threshold: float | None
) -> list[Stage]:
    """Stages 2..n: the selection threshold, toxicity, PII, then the configured dedups; the last
    one writes curated/<source>/."""
    from filters.pii import PiiScrubber
    from filters.toxicity import ToxicityFilter

    curate, name, tasks = config.curate, source.name, config.curate.executor.tasks
    dedup = curate.dedup
    dedups = [
        s
        for s, on in (
            ("exact_dedup", dedup.exact),
            ("url_dedup", dedup.url),
            ("minhash_dedup", dedup.minhash.enabled),
        )
        if on
    ]
    names = ["select", *dedups]
    outputs = [_work(rundir, name, stage, "docs") for stage in names[:-1]] + [rundir.curated_source(name)]

    steps: list[tuple[str | None, PipelineStep]] = [(None, _read(_work(rundir, name, "filter", "docs")))]
    if domain_threshold is not None and source.role == "domain":
        writer = rejected_writer(rundir, "domain", name)
        step = MetadataThresholdFilter("domain_score", domain_threshold, "below_domain_threshold", writer)
        steps.append(("domain", step))
    if curate.toxicity.enabled:
        tox = curate.toxicity
        writer = rejected_writer(rundir, "toxicity", name)
        steps.append(
            ("toxicity", ToxicityFilter(tox.model_path, tox.threshold, tox.wordlist_threshold, writer))
        )
    if curate.pii.enabled:
        steps.append(("pii", PiiScrubber(curate.pii.types, curate.pii.phone_regions)))

    def writer(folder: Path) -> JsonlWriter:
        if folder == rundir.curated_source(name):
            pii_types = list(curate.pii.types) if curate.pii.enabled else []
            return CuratedJsonlWriter(folder, name, pii_types, output_filename=DOCS)
        return JsonlWriter(str(folder), output_filename=DOCS)

    steps.append((None, writer(outputs[0])))
    stages = []
    for index, step in enumerate(dedups):
        signature, between = _signature(config, rundir, name, step)
        stages.append(_stage(name, names[index], [*steps, (None, signature)], tasks))
        stages += between
        steps = [
            (None, _read(outputs[index])),
            (step, _dedup_filter(rundir, name, step)),
            (None, writer(outputs[index + 1])),
        ]
    stages.append(_stage(name, names[-1], steps, tasks))
    return stages


def tokenize_stage(
    config: RunConfig, rundir: RunDir, source: SourceConfig, tokenizer_file: str, eos: str
) -> Stage:
    tokenizer = DocumentTokenizer(
        str(rundir.tokens_source(source.name)),
        tokenizer_name_or_path=tokenizer_file,
        eos_token=eos,
        max_tokens_per_file=config.curate.tokenize.max_tokens_per_file,
        seed=config.run.seed,
    )
    steps = [(None, _read(rundir.curated_source(source.name))), ("tokens", tokenizer)]
    return _stage(source.name, "tokenize", steps, config.curate.executor.tasks)


# ----------------------------------------------------------------------------------- helpers
def _read(folder: Path) -> RankJsonlReader:
    return RankJsonlReader(str(folder))


def _stage(source: str, name: str, steps, tasks: int, first_is_reader: bool = False) -> Stage:
    roles: dict[int, tuple[str, str | None]] = {}
    for index, (step_name, _) in enumerate(steps):
        if index == 0 and first_is_reader:
            roles[index] = ("read", None)
        elif step_name in DEDUP_REASONS:
            roles[index] = ("dedup", step_name)
        elif step_name in ("clean", "pii", "tokens"):
            roles[index] = (step_name, None)
        elif step_name is not None:
            roles[index] = ("filter", step_name)
    return Stage(source, name, [step for _, step in steps], tasks, roles)


def _exact_config(step: str) -> ExactDedupConfig:
    if step == "exact_dedup":
        return ExactDedupConfig(content_getter=normalized_text)
    return ExactDedupConfig(content_getter=document_url, document_priority=longest_first)


def _minhash_config(config: RunConfig) -> MinhashConfig:
    settings = config.curate.dedup.minhash
    return MinhashConfig(
        n_grams=settings.n_grams,
        num_buckets=settings.num_buckets,
        hashes_per_bucket=settings.hashes_per_bucket,
    )


def _signature(config: RunConfig, rundir: RunDir, source: str, step: str) -> tuple[PipelineStep, list[Stage]]:
    """The signature step that ends the stage before `step`'s filter, and the stages between."""
    work = _work(rundir, source, step)
    if step == "minhash_dedup":
        minhash = _minhash_config(config)
        signature = MinhashDedupSignature(
            str(work / "signatures"), config=minhash, language=word_tokenizer(config)
        )
        buckets = MinhashDedupBuckets(str(work / "signatures"), str(work / "buckets"), config=minhash)
        clusters = MinhashDedupCluster(
            str(work / "buckets"), str(work / "remove_ids"), config=minhash, save_cluster_size=True
        )
        between = [
            Stage(source, "minhash_buckets", [buckets], minhash.num_buckets),
            Stage(source, "minhash_clusters", [clusters], 1),
        ]
        return signature, between
    exact = _exact_config(step)
    signature = ExactDedupSignature(str(work / "signatures"), config=exact)
    finder = ExactFindDedups(str(work / "signatures"), str(work / "duplicates"), config=exact)
    return signature, [Stage(source, f"{step}_find", [finder], 1)]


def _dedup_filter(rundir: RunDir, source: str, step: str) -> PipelineStep:
    work = _work(rundir, source, step)
    writer = rejected_writer(rundir, step, source, DEDUP_REASONS[step])
    if step == "minhash_dedup":
        return MinhashFilter(str(work / "remove_ids"), exclusion_writer=writer, load_cluster_sizes=True)
    return ExactDedupFilter(str(work / "duplicates"), config=_exact_config(step), exclusion_writer=writer)

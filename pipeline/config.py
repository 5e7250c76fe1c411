"""The run config: one YAML file describes a whole run, validated before anything runs.

Loading order: the YAML file, then the files it `extends` (deep-merged, the child wins), then
dotted `key=value` overrides from the command line. Every problem (unknown key, wrong type,
missing input file) is collected into ONE `ConfigError` naming the file and the dotted path.
Relative paths resolve against the current directory and are stored absolute.
"""

from __future__ import annotations

import copy
import glob
import hashlib
import json
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.errors import DaptError


class ConfigError(DaptError):
    """A config that does not validate; the message lists every problem."""


class Section(BaseModel):
    """Base for every config section: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# ----------------------------------------------------------------------------------- run / sources
class RunConfig_(Section):
    """Where the run writes (see pipeline/rundir.py for the layout) and its seed."""

    name: str = Field(
        "dapt-run",
        pattern=r"^[^\x00-\x1f\x7f]*$",
        description="shown in logs, W&B, the model card and job names",
    )
    output_dir: Path = Field(Path("runs/dapt-run"), description="the run directory")
    seed: int = Field(0, description="seeds data order, model init and every sampler")


class CalibrateConfig(Section):
    """Thresholds fitted to a source's own good text: each rule of the quality filters is relaxed,
    never tightened, just enough to keep `keep_fraction` of the seed documents (length rules aside).
    Seeds of a genre the source labels (`{path, genre}`, `sources[].genre`) fit that genre's
    documents alone; untagged seeds fit the whole source."""

    keep_fraction: float = Field(0.95, gt=0, le=1, description="of the seed documents each rule keeps")
    seeds: list[str] = Field(
        default_factory=list,
        description="files of good text of this source (formats as curate.domain.positive); empty:"
        " a domain source uses curate.domain.positive, a general source is not calibrated",
    )


class QualityFilters(Section):
    """A source's own quality filters: each one named here replaces its `curate.quality` setting
    for this source (`true`, `false` or a mapping of its constructor arguments)."""

    gopher_repetition: bool | dict[str, Any] = True
    gopher_quality: bool | dict[str, Any] = True
    c4: bool | dict[str, Any] = True
    fineweb: bool | dict[str, Any] = True
    calibrate: CalibrateConfig | None = Field(
        None, description="fit the thresholds to seed documents once per run (null: the settings as given)"
    )


class SourceConfig(Section):
    """One input: files of one format, curated by the same pipeline; `train.mix` weighs it by name."""

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    format: Literal["warc", "wet", "arc", "jsonl", "parquet", "html", "text", "hf", "crawl"] = Field(
        "warc",
        description="warc/wet/arc (gzipped or not), jsonl(.gz), parquet, html (files), text (plain-text"
        " files such as books, cut into documents at paragraph breaks), hf (a datasets path or hub"
        " name), crawl (the WARC files of `dapt crawl`)",
    )
    paths: list[str] = Field(default_factory=list, description="files, folders or glob patterns; hf: a name")
    role: Literal["domain", "general"] = Field("domain", description="domain sources get the domain filter")
    text_key: str = Field("text", description="jsonl/parquet/hf: the field holding the text")
    id_key: str = Field("id", description="jsonl/parquet/hf: the field holding the document id")
    hf_config: str | None = Field(None, description="hf: the dataset configuration, e.g. sample-10BT")
    hf_split: str = "train"
    limit: int = Field(-1, description="documents read per curation task; -1: all")
    genre: str | dict[str, str] | None = Field(
        None,
        description="the report counts documents per genre: a label for every document of the source,"
        " or {URL glob: label}, the first match wins (e.g. {'*sec.gov/Archives/*': filings})",
    )
    quality: QualityFilters | None = Field(
        None,
        description="this source's own quality filters: each one named here replaces its"
        " curate.quality setting (e.g. SEC filings, which web heuristics drop, with `fineweb: false`)",
    )

    def genre_labels(self) -> set[str]:
        """The genre labels this source gives its documents."""
        if self.genre is None:
            return set()
        return {self.genre} if isinstance(self.genre, str) else set(self.genre.values())


# ----------------------------------------------------------------------------------- curation
class ExecutorConfig(Section):
    kind: Literal["local", "slurm"] = "local"
    tasks: int = Field(1, ge=1)
    workers: int = Field(1, ge=1)


class ExtractConfig(Section):
    extractor: Literal["resiliparse", "trafilatura"] = "resiliparse"
    timeout_s: float = Field(1.0, gt=0)
    favor_precision: bool = True


class CleanConfig(Section):
    """Text cleaning after extraction, before the filters judge the text (filters/clean.py)."""

    enabled: bool = True
    unicode: bool = Field(True, description="repair mojibake with ftfy (â€™ -> ’)")
    tables: bool = Field(True, description="table rows flattened into runs of tabs -> 'cell | cell | cell'")
    page_furniture: bool = Field(
        True,
        description="drop page headers/footers repeated in a document ('Table of Contents') and page numbers",
    )
    min_header_repeats: int = Field(
        5, ge=2, description="times a line repeats before it can be a page header"
    )
    web_residue: bool = Field(
        True, description="drop wiki/navigation residue: 'Category:' lines, '[edit]', 'thumb|', 'Jump to'"
    )


class UrlConfig(Section):
    enabled: bool = True
    allow_domains: list[str] = Field(default_factory=list)
    block_domains: list[str] = Field(default_factory=list)
    datatrove_blocklist: bool = True


class LanguageConfig(Section):
    enabled: bool = True
    languages: list[str] = Field(default_factory=lambda: ["en"])
    threshold: float = Field(0.65, ge=0, le=1)
    model_path: Path | None = None


class QualityConfig(QualityFilters):
    """datatrove's quality filters, each `true` (the FineWeb recipe's settings), `false` (off) or a
    mapping of its constructor arguments, e.g. `gopher_quality: {min_doc_words: 100}`; a source's
    own `quality` replaces the filters it names."""

    word_tokenizer: Literal["regex", "spacy"] = Field(
        "regex", description="regex: filters/words.py (fast); spacy: datatrove's default (needs spaCy)"
    )


class SeedFileConfig(Section):
    path: str
    genre: str | None = Field(None, description="the held-out figures are also given per genre")


class DomainConfig(Section):
    enabled: bool = True
    model: Literal["fasttext", "wordllama"] = Field(
        "wordllama",
        description="the classifier family trained from the seeds (pipeline/classifier_models.py)",
    )
    model_path: Path | None = None
    positive: list[str | SeedFileConfig] = Field(
        default_factory=list,
        description="in-domain seed files (.txt: one document per line; HTML, JSONL, .txt.gz: see"
        " `dapt classifier train --help`), each a path or {path, genre}",
    )
    negative: list[str | SeedFileConfig] = Field(default_factory=list, description="out-of-domain seed files")
    threshold: float | None = Field(
        None, ge=0, le=1, description="null: the threshold picked on the classifier's held-out folds"
    )
    target_precision: float = Field(
        0.99,
        gt=0,
        le=1,
        description="held-out precision of the picked threshold (classes, seed files weighted equally)",
    )
    max_examples_per_file: int | None = Field(
        None,
        gt=0,
        description="chunks per seed file, at most (a sample; fastText also caps each at 30% of its class)",
    )
    keep_fraction: float | None = Field(None, gt=0, le=1)
    target_tokens: int | None = Field(None, gt=0)


class ToxicityConfig(Section):
    enabled: bool = True
    model_path: Path | None = None
    threshold: float = Field(0.5, ge=0, le=1)
    wordlist_threshold: float = Field(0.01, ge=0, le=1)


class PiiConfig(Section):
    enabled: bool = True
    types: list[Literal["email", "phone", "ip", "credit_card", "ssn", "iban"]] = Field(
        default_factory=lambda: ["email", "phone", "ip", "credit_card", "ssn", "iban"]
    )
    phone_regions: list[str] = Field(
        default_factory=lambda: ["US"],
        description="regions whose national phone forms are scrubbed (ISO 3166, e.g. US, GB, AU); "
        "international +forms always, and a page's own country-code domain too",
    )

    @field_validator("phone_regions")
    @classmethod
    def _known_regions(cls, regions: list[str]) -> list[str]:
        import phonenumbers

        unknown = sorted(set(regions) - phonenumbers.SUPPORTED_REGIONS)
        if unknown:
            raise ValueError(f"unknown region(s) {unknown}: ISO 3166 codes such as US, GB, AU")
        return regions


class MinhashConfig(Section):
    enabled: bool = True
    n_grams: int = Field(5, ge=1)
    num_buckets: int = Field(14, ge=1)
    hashes_per_bucket: int = Field(8, ge=1)


class DedupConfig(Section):
    exact: bool = True
    url: bool = True
    minhash: MinhashConfig = Field(default_factory=MinhashConfig)


class TokenizeConfig(Section):
    max_tokens_per_file: int = Field(50_000_000, gt=0)


class CurateConfig(Section):
    executor: ExecutorConfig = Field(default_factory=ExecutorConfig)
    extract: ExtractConfig = Field(default_factory=ExtractConfig)
    clean: CleanConfig = Field(default_factory=CleanConfig)
    url: UrlConfig = Field(default_factory=UrlConfig)
    language: LanguageConfig = Field(default_factory=LanguageConfig)
    quality: QualityConfig = Field(default_factory=QualityConfig)
    domain: DomainConfig = Field(default_factory=DomainConfig)
    toxicity: ToxicityConfig = Field(default_factory=ToxicityConfig)
    pii: PiiConfig = Field(default_factory=PiiConfig)
    dedup: DedupConfig = Field(default_factory=DedupConfig)
    tokenize: TokenizeConfig = Field(default_factory=TokenizeConfig)
    samples_per_step: int = Field(50, ge=0, description="documents kept per step for the report viewer")
    max_decoded_bytes: int = Field(
        32 << 20,
        ge=1 << 10,
        description="the largest record, HTML file, JSONL line or decompressed HTTP body read, in bytes;"
        " larger ones are skipped and counted (skipped: too_large), so that memory stays bounded",
    )


# ----------------------------------------------------------------------------------- model / train
class TokenizerTrainConfig(Section):
    algorithm: Literal["bpe", "unigram"] = "bpe"
    vocab_size: int = Field(8192, ge=256)


class TokenizerConfig(Section):
    """Either a pretrained tokenizer (`path`, default: the model's) or one trained on curated text."""

    path: str | None = None
    train: TokenizerTrainConfig | None = None


class ModelConfig(Section):
    """A pretrained causal LM (`path`: local HF directory or hub id) or a from-scratch `architecture`."""

    path: str | None = Field(None, description="local HF model directory or hub id")
    architecture: dict[str, Any] | None = Field(
        None, description="a transformers config (model_type, sizes) for a from-scratch run"
    )
    base_config: Path | None = Field(
        None,
        description="a run config that pretrains the base model first, in <run>/base/ on this run's tokens, "
        "tokenizer and slurm resources (model.path then defaults to <run>/base/model); `dapt demo` and "
        "`dapt slurm submit --stage all` chain it before training",
    )

    @model_validator(mode="after")
    def _one_of(self) -> ModelConfig:
        if self.path is None and self.architecture is None and self.base_config is None:
            raise ValueError(
                "set model.path (pretrained), model.architecture (from scratch) or model.base_config"
            )
        return self


class CheckpointConfig(Section):
    every_steps: int = Field(100, ge=1, description="also at the end and on SIGUSR1/SIGTERM")
    keep_last: int = Field(2, ge=1, description="complete checkpoints kept in <run>/checkpoints/")


class TrainConfig(Section):
    """`dapt train`: (continued) pretraining on the token shards, mixed by weight (pipeline/train/)."""

    tokens_dir: Path | None = Field(
        None, description="folder of <source>/ shard folders; default <run>/tokens"
    )
    mix: dict[str, float] = Field(
        default_factory=dict, description="source name -> sampling weight; empty: every source, by size"
    )
    seq_len: int = Field(256, ge=8)
    micro_batch_size: int = Field(8, ge=1, description="sequences per process per forward")
    grad_accum_steps: int = Field(1, ge=1)
    max_steps: int = Field(100, ge=1, description="optimizer steps")
    lr: float = Field(3e-4, gt=0, description="peak learning rate, reached after warmup (re-warming)")
    min_lr: float = Field(3e-5, ge=0, description="the cosine decay ends here at max_steps")
    warmup_steps: int = Field(10, ge=0)
    weight_decay: float = Field(0.1, ge=0, description="AdamW; not applied to norms and biases")
    adam_betas: tuple[float, float] = (0.9, 0.95)
    adam_eps: float = Field(1e-8, gt=0)
    grad_clip: float = Field(1.0, gt=0, description="max global gradient norm")
    precision: Literal["auto", "fp32", "bf16"] = Field(
        "auto", description="auto: bf16 autocast on GPU, fp32 on CPU"
    )
    activation_checkpointing: bool = False
    compile: bool = Field(False, description="torch.compile the model")
    accelerate_config: Path | None = Field(
        None, description="Accelerate config for --nproc > 1, e.g. configs/accelerate/fsdp.yaml; default DDP"
    )
    log_every: int = Field(10, ge=1)
    eval_every: int = Field(50, ge=1, description="held-out perplexity per source every N steps")
    eval_tokens: int = Field(
        20_000, ge=0, description="held-out tokens per source: the first N, never trained on"
    )
    checkpoint: CheckpointConfig = Field(default_factory=CheckpointConfig)
    resume: str = Field("auto", description="auto (latest complete checkpoint) | never | a checkpoint folder")

    @field_validator("accelerate_config")
    @classmethod
    def _absolute(cls, path: Path | None) -> Path | None:
        return None if path is None else path.absolute()

    @model_validator(mode="after")
    def _lr_range(self) -> TrainConfig:
        if self.min_lr > self.lr:
            raise ValueError(f"min_lr ({self.min_lr}) is above lr ({self.lr})")
        return self


class WandbConfig(Section):
    mode: Literal["offline", "online", "disabled"] = Field(
        "offline", description="WANDB_MODE in the environment overrides it"
    )
    project: str = "dapt"
    entity: str | None = None
    name: str | None = None
    tags: list[str] = Field(default_factory=list)


class TrackingConfig(Section):
    wandb: WandbConfig = Field(default_factory=WandbConfig)


SBATCH_TIME = r"^(\d+-)?\d+(:\d+){0,2}$"
SBATCH_MEM = r"^\d+[KMGT]?$"
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(value: Any) -> Any:
    """A string that goes into a `#SBATCH` line: a newline would start a line of its own."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and CONTROL_CHARS.search(item):
            raise ValueError(
                f"{item!r} holds a newline or another control character (it goes into a #SBATCH line)"
            )
    return value


def _mem_as_text(value: Any) -> Any:
    """`mem: 0` (YAML reads an int) is sbatch's "all the memory of the node"."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class SlurmJob(Section):
    """Time limit, memory and CPUs of one stage's batch job (`slurm.curate`, `slurm.eval`)."""

    time: str = Field(pattern=SBATCH_TIME, description="[D-]HH:MM:SS")
    mem: str | None = Field(
        None,
        pattern=SBATCH_MEM,
        description="memory per node, e.g. 64G; 0: all of the node's; unset: the default",
    )
    cpus_per_task: int | None = Field(None, ge=1)

    @field_validator("mem", mode="before")
    @classmethod
    def _mem_zero(cls, value: Any) -> Any:
        return _mem_as_text(value)


class SlurmCurateJob(SlurmJob):
    """The curation job (it runs `dapt curate`, which waits for datatrove's arrays when
    curate.executor.kind is slurm) and the tasks of datatrove's job arrays."""

    time: str = Field("24:00:00", pattern=SBATCH_TIME, description="the whole curation: [D-]HH:MM:SS")
    cpus_per_task: int | None = Field(
        None, ge=1, description="default: curate.executor.workers (local executor), 1 (slurm executor)"
    )
    task_time: str = Field(
        "04:00:00", pattern=SBATCH_TIME, description="each datatrove array task (requeued near its limit)"
    )


class SlurmEvalJob(SlurmJob):
    time: str = Field("02:00:00", pattern=SBATCH_TIME, description="[D-]HH:MM:SS")
    cpus_per_task: int | None = Field(None, ge=1, description="default: slurm.cpus_per_task")


class SlurmConfig(Section):
    """Resources and environment of the batch jobs `dapt slurm` renders (slurm/*.sbatch). The
    top-level resources are the training job's (and the base model's, model.base_config);
    `curate` and `eval` hold those of the other stages."""

    partition: str | None = Field(None, description="default: the cluster's default partition")
    account: str | None = None
    qos: str | None = None
    time: str = Field("24:00:00", pattern=SBATCH_TIME, description="the training job: [D-]HH:MM:SS")
    nodes: int = Field(1, ge=1, description="training nodes")
    gpus_per_node: int = Field(0, ge=0, description="0: CPU training")
    gpu_type: str | None = Field(None, description="e.g. h100: --gpus-per-node=h100:N")
    processes_per_node: int | None = Field(None, ge=1, description="default: gpus_per_node, or 1 on CPU")
    cpus_per_task: int = Field(
        2,
        ge=1,
        description="CPUs of each node's training task (srun gets them too); also each datatrove task's",
    )
    mem: str | None = Field(
        None,
        pattern=SBATCH_MEM,
        description="memory per training node, e.g. 64G; 0: all of the node's; unset: the cluster's default",
    )
    constraint: str | None = None
    curate: SlurmCurateJob = Field(default_factory=SlurmCurateJob)
    eval: SlurmEvalJob = Field(default_factory=SlurmEvalJob)
    extra_sbatch: list[str] = Field(default_factory=list, description="more sbatch options, e.g. --exclusive")
    setup: list[str] = Field(
        default_factory=list,
        description="shell lines run first in every job (module load, venv activation); "
        "default: activate the virtualenv `dapt` runs from",
    )
    signal_before_end_s: int = Field(
        120, ge=10, description="SIGUSR1 this long before the time limit: checkpoint, then requeue"
    )

    @field_validator("mem", mode="before")
    @classmethod
    def _mem_zero(cls, value: Any) -> Any:
        return _mem_as_text(value)

    @field_validator("partition", "account", "qos", "gpu_type", "constraint", "extra_sbatch")
    @classmethod
    def _sbatch_line(cls, value: Any) -> Any:
        return _one_line(value)


class CrawlOutputConfig(Section):
    warc_rotate_bytes: int = Field(1_000_000_000, ge=1, description="start a new WARC file past this size")
    warc_prefix: str = Field("crawl", pattern=r"^[A-Za-z0-9_.-]+$")


class CrawlConfig(Section):
    """`dapt crawl`: a polite, resumable crawl of a domain's own sites into <run>/crawl/ (WARC)."""

    seeds: list[str] = Field(default_factory=list, description="start URLs")
    sitemaps: list[str] = Field(default_factory=list, description="sitemap URLs (indexes followed)")
    seed_files: list[Path] = Field(default_factory=list, description="files of URLs, one a line")
    allowed_domains: list[str] = Field(
        default_factory=list, description="hosts crawled, subdomains included; empty: the hosts of the seeds"
    )
    allow_patterns: list[str] = Field(default_factory=list, description="regexes: a URL must match one")
    deny_patterns: list[str] = Field(default_factory=list, description="regexes: a match is skipped")
    max_pages: int = Field(1000, ge=1, description="pages stored in WARC")
    max_depth: int = Field(5, ge=0, description="link hops from a seed")
    per_host_rate: float = Field(1.0, ge=0, description="requests per second per host (0: no limit)")
    per_host_concurrency: int = Field(2, ge=1)
    concurrency: int = Field(16, ge=1, description="requests in flight, all hosts together")
    connect_timeout_s: float = Field(10.0, gt=0)
    read_timeout_s: float = Field(30.0, gt=0, description="longest wait for the next bytes")
    response_timeout_s: float = Field(60.0, gt=0, description="longest time for a whole response (slow drip)")
    retries: int = Field(3, ge=0, description="retries of 429, 5xx, timeouts and network errors")
    backoff_s: float = Field(1.0, gt=0, description="delay before the first retry, doubled for each next one")
    max_backoff_s: float = Field(60.0, gt=0)
    max_retry_after_s: float = Field(300.0, ge=0, description="a longer Retry-After gives the URL up")
    max_crawl_delay_s: float = Field(60.0, ge=0, description="a longer robots.txt Crawl-delay is cut to this")
    user_agent: str = Field("dapt-crawler/0.1", pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)?$")
    contact_url: str = Field(description="where site owners reach you; sent in the User-Agent header")
    content_types: list[str] = Field(
        default_factory=lambda: ["text/html", "application/xhtml+xml", "text/plain", "application/pdf"]
    )
    max_response_bytes: int = Field(10_000_000, ge=1, description="cut there, flagged truncated")
    max_redirects: int = Field(5, ge=0)
    allow_cross_domain_redirects: bool = False
    allow_private_addresses: bool = Field(False, description="SSRF guard off: private/loopback hosts (tests)")
    output: CrawlOutputConfig = Field(default_factory=CrawlOutputConfig)

    @property
    def user_agent_header(self) -> str:
        return f"{self.user_agent} (+{self.contact_url})"

    @field_validator("seeds", "sitemaps")
    @classmethod
    def _http_urls(cls, urls: list[str]) -> list[str]:
        bad = [url for url in urls if not re.match(r"^https?://[^/?#]+", url)]
        if bad:
            raise ValueError(f"not http(s) URLs: {bad}")
        return urls

    @field_validator("contact_url")
    @classmethod
    def _contact(cls, url: str) -> str:
        if not re.match(r"^https?://[^/?#]+", url):
            raise ValueError(f"not an http(s) URL: {url!r}")
        return url

    @field_validator("allow_patterns", "deny_patterns")
    @classmethod
    def _regexes(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from None
        return patterns

    @field_validator("seed_files")
    @classmethod
    def _existing_files(cls, paths: list[Path]) -> list[Path]:
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise ValueError(f"files not found: {missing}")
        return [path.absolute() for path in paths]  # relative to the current directory, like all paths

    @model_validator(mode="after")
    def _has_seeds(self) -> CrawlConfig:
        if not (self.seeds or self.sitemaps or self.seed_files):
            raise ValueError("set at least one of crawl.seeds, crawl.sitemaps, crawl.seed_files")
        return self


# ----------------------------------------------------------------------------------- eval / ablate
NAME_PATTERN = r"^[A-Za-z0-9_.+-]+$"
# the curation steps whose rejections an ablation variant can add back ("raw" = all of them: the
# text after extraction and language identification), with the groups a variant may name
ABLATABLE_STEPS = {
    "quality": ("gopher_quality", "gopher_repetition", "c4", "fineweb"),
    "domain": ("domain",),
    "toxicity": ("toxicity",),
    "dedup": ("exact_dedup", "url_dedup", "minhash_dedup"),
}


class EvalSetConfig(Section):
    """One held-out evaluation text: files, or a share of a source held back before any filter."""

    name: str = Field(pattern=NAME_PATTERN)
    role: Literal["domain", "general"] = Field("domain", description="which figure it counts towards")
    paths: list[str] = Field(default_factory=list, description="files or glob patterns")
    format: Literal["auto", "text"] = Field(
        "auto",
        description="auto: by file name, as for classifier seeds (.txt: a document per line; .jsonl(.gz),"
        " .json.gz: `text`; .html, .md, .txt.gz: one document, markup extracted); text: each file is"
        " one plain-text document",
    )
    source: str | None = Field(
        None,
        description="hold back documents of this source instead (after extraction, before every filter;"
        " chosen by a hash of the document id; written to rejected/holdout/<source>/)",
    )
    share: float | None = Field(None, gt=0, lt=1, description="with `source`: the share held back")
    genres: list[str] = Field(
        default_factory=list,
        description="with `source`: only its held-back documents of these genres (`sources[].genre`);"
        " several sets may then split one source's held-back share by genre",
    )
    max_bytes: int = Field(
        200_000, ge=1, description="UTF-8 bytes evaluated: documents in order, the last one cut"
    )

    @model_validator(mode="after")
    def _files_or_source(self) -> EvalSetConfig:
        if bool(self.paths) == bool(self.source):
            raise ValueError("set either paths (files) or source (with share)")
        if self.source and self.share is None:
            raise ValueError("source needs share: the fraction of its documents held back")
        if (self.share is not None or self.genres) and not self.source:
            raise ValueError("share and genres are only for source")
        return self


class EvalConfig(Section):
    """Held-out text evaluated in bits per byte (and perplexity) by training's periodic eval,
    `dapt eval --config` and `dapt ablate`; no variant, classifier or training run sees it."""

    sets: list[EvalSetConfig] = Field(default_factory=list)


class AblateVariant(Section):
    """One variant of the run's data: the curated documents plus the named steps' rejections."""

    name: str = Field(pattern=NAME_PATTERN)
    add_back: list[str] = Field(
        default_factory=list,
        description=f"steps whose rejected documents are added back: {sorted(ABLATABLE_STEPS)} or one of"
        " their steps (e.g. c4)",
    )
    general_share: float | None = Field(
        None, ge=0, lt=1, description="share of the general sources in the mix; default: train.mix"
    )
    overrides: list[str] = Field(
        default_factory=list,
        description="dotted config overrides (e.g. curate.domain.threshold=0.7): the variant gets its own"
        " curation in ablate/<name>/curation/",
    )

    @field_validator("add_back")
    @classmethod
    def _known_steps(cls, steps: list[str]) -> list[str]:
        known = set(ABLATABLE_STEPS) | {s for group in ABLATABLE_STEPS.values() for s in group}
        unknown = [s for s in steps if s not in known]
        if unknown:
            raise ValueError(f"unknown step(s) {unknown}; known: {sorted(known)}")
        return steps

    def steps_added_back(self) -> list[str]:
        return [s for name in self.add_back for s in ABLATABLE_STEPS.get(name, (name,))]


def _default_variants() -> list[AblateVariant]:
    return [
        AblateVariant(name="raw", add_back=["quality", "domain", "toxicity", "dedup"]),
        AblateVariant(name="+quality", add_back=["domain", "toxicity", "dedup"]),
        AblateVariant(name="+domain", add_back=["toxicity", "dedup"]),
        AblateVariant(name="full"),
    ]


class AblateConfig(Section):
    """`dapt ablate`: the same model trained for the same tokens on variants of the run's data."""

    variants: list[AblateVariant] = Field(
        default_factory=_default_variants, description="default: raw, +quality, +domain, full"
    )
    replay_shares: list[float] = Field(
        default_factory=lambda: [0.0, 0.2],
        description="with general sources: `full` again at each share of general text (forgetting)",
    )
    seeds: list[int] = Field(default_factory=lambda: [0, 1], min_length=1, description="training seeds")
    train: list[str] = Field(
        default_factory=list,
        description="dotted overrides of every variant's training run, e.g. train.max_steps=200",
    )

    @field_validator("replay_shares")
    @classmethod
    def _shares(cls, shares: list[float]) -> list[float]:
        if any(not 0 <= s < 1 for s in shares):
            raise ValueError(f"replay shares must be in [0, 1): {shares}")
        return shares


# ----------------------------------------------------------------------------------- the whole run
class RunConfig(Section):
    """A whole run: sources, curation, tokenizer, model, training, tracking, SLURM, eval, ablation."""

    run: RunConfig_ = Field(default_factory=RunConfig_)
    sources: list[SourceConfig] = Field(default_factory=list)
    crawl: CrawlConfig | None = None
    curate: CurateConfig = Field(default_factory=CurateConfig)
    tokenizer: TokenizerConfig = Field(default_factory=TokenizerConfig)
    model: ModelConfig | None = None
    train: TrainConfig = Field(default_factory=TrainConfig)
    tracking: TrackingConfig = Field(default_factory=TrackingConfig)
    slurm: SlurmConfig = Field(default_factory=SlurmConfig)
    eval: EvalConfig = Field(default_factory=EvalConfig)
    ablate: AblateConfig = Field(default_factory=AblateConfig)

    @model_validator(mode="after")
    def _eval_sets(self) -> RunConfig:
        names = [s.name for s in self.eval.sets]
        if len(set(names)) != len(names):
            raise ValueError(f"eval.sets: names must be unique: {names}")
        sources = {s.name for s in self.sources}
        held = [s.source for s in self.eval.sets if s.source]
        if unknown := sorted(set(held) - sources):
            raise ValueError(f"eval.sets: no source named {unknown}; sources are {sorted(sources)}")
        for name in set(held):
            sets = [s for s in self.eval.sets if s.source == name]
            genres = [g for s in sets for g in s.genres]
            if len(sets) > 1 and (
                len({s.share for s in sets}) > 1
                or not all(s.genres for s in sets)
                or len(set(genres)) < len(genres)
            ):
                raise ValueError(
                    f"eval.sets: the sets holding back source {name!r} must share one `share` and name"
                    " disjoint `genres` (one set without genres takes all of it)"
                )
            labels = next(s for s in self.sources if s.name == name).genre_labels()
            if unknown := sorted(set(genres) - labels):
                raise ValueError(
                    f"eval.sets: source {name!r} labels no documents {unknown} (its genres: {sorted(labels)})"
                )
        seeds = self.curate.domain.positive + self.curate.domain.negative
        seen = {str(Path(getattr(seed, "path", seed)).resolve()) for seed in seeds}
        for source in self.sources:
            seen |= {str(Path(p).resolve()) for pattern in source.paths for p in glob.glob(pattern)}
        for eval_set in self.eval.sets:
            files = {str(Path(p).resolve()) for pattern in eval_set.paths for p in glob.glob(pattern)}
            if overlap := sorted(files & seen):
                raise ValueError(
                    f"eval.sets.{eval_set.name}: files that a source or the domain classifier read: {overlap}"
                )
        return self

    @model_validator(mode="after")
    def _base_model_path(self) -> RunConfig:
        if self.model and self.model.base_config and self.model.path is None:
            self.model.path = str(self.run.output_dir / "base" / "model")
        return self

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise ConfigError(f"no source named {name!r}; sources are {[s.name for s in self.sources]}")

    def fingerprint(self, *sections: str) -> str:
        """A stable hash of the given sections (all if none), to detect incompatible resumes."""
        data = self.model_dump(mode="json")
        picked = {k: data[k] for k in sections} if sections else data
        return hashlib.sha256(json.dumps(picked, sort_keys=True).encode()).hexdigest()[:16]

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False)


def flat_settings(config: RunConfig, *keys: str) -> dict[str, Any]:
    """The settings under the given dotted keys (sections or single keys) as {dotted key: value}, to
    record what a stage ran with and compare it with a later config (`changed_keys`)."""
    data = config.model_dump(mode="json")
    flat: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and value:
            for key, inner in value.items():
                walk(f"{prefix}.{key}", inner)
        else:
            flat[prefix] = value

    for key in keys:
        node: Any = data
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        walk(key, node)
    return flat


def changed_keys(saved: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """'key: old -> new' for every setting that differs."""
    missing = "(unset)"
    keys = sorted(set(saved) | set(current))
    return [
        f"{key}: {saved.get(key, missing)!r} -> {current.get(key, missing)!r}"
        for key in keys
        if saved.get(key, missing) != current.get(key, missing)
    ]


# ----------------------------------------------------------------------------------- loading
# mappings that a child config replaces whole instead of merging into (a mix names every source)
REPLACED_MAPPINGS = {("train", "mix")}


def _deep_merge(base: dict, child: dict, at: tuple[str, ...] = ()) -> dict:
    merged = copy.deepcopy(base)
    for key, value in child.items():
        where = (*at, key)
        if isinstance(value, dict) and isinstance(merged.get(key), dict) and where not in REPLACED_MAPPINGS:
            merged[key] = _deep_merge(merged[key], value, where)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _read_yaml(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """Read one YAML file and the chain of files it `extends` (relative to it)."""
    path = path.resolve()
    if path in seen:
        raise ConfigError(f"{path}: `extends` cycle: {' -> '.join(map(str, (*seen, path)))}")
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping, got {type(data).__name__}")
    parents = data.pop("extends", None) or []
    for parent in [parents] if isinstance(parents, str) else parents:
        data = _deep_merge(_read_yaml(path.parent / parent, (*seen, path)), data)
    return data


def apply_override(data: dict, override: str) -> None:
    """Apply one dotted `key=value` override in place; the value is parsed as YAML."""
    if "=" not in override:
        raise ConfigError(f"override {override!r} is not of the form dotted.key=value")
    dotted, raw = override.split("=", 1)
    keys = dotted.strip().split(".")
    if not all(keys):
        raise ConfigError(f"override {override!r} has an empty key")
    node = data
    for i, key in enumerate(keys[:-1]):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
            continue
        if not isinstance(node, dict):
            raise ConfigError(f"override {override!r}: {'.'.join(keys[: i + 1])} is not a section")
        if node.get(key) is None:  # a missing or null section becomes a mapping
            node[key] = {}
        node = node[key]
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        value = raw
    last = keys[-1]
    if isinstance(node, list) and last.isdigit():
        node[int(last)] = value
    elif isinstance(node, dict):
        node[last] = value
    else:
        raise ConfigError(f"override {override!r}: {'.'.join(keys[:-1])} is not a section")


def _format_errors(exc: ValidationError) -> list[str]:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        message = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        problems.append(f"{where}: {message}")
    return problems


def _missing_inputs(data: dict) -> list[str]:
    """Input files that do not exist, read from the raw config (so they join the schema errors)."""
    problems = []
    sources = data.get("sources")
    for i, source in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(source, dict) or source.get("format") in ("hf", "crawl"):
            continue
        for j, pattern in enumerate(source.get("paths") or []):
            if isinstance(pattern, str) and not glob.glob(pattern, recursive=True):
                problems.append(f"sources.{i}.paths.{j}: no file matches {pattern}")
    curate = data.get("curate") if isinstance(data.get("curate"), dict) else {}
    domain = curate.get("domain") if isinstance(curate.get("domain"), dict) else {}
    for key in ("positive", "negative"):
        for j, seed in enumerate(domain.get(key) or []):
            path = seed.get("path") if isinstance(seed, dict) else seed
            if isinstance(path, str) and not glob.glob(path):
                problems.append(f"curate.domain.{key}.{j}: file not found: {path}")
    evaluation = data.get("eval") if isinstance(data.get("eval"), dict) else {}
    for i, eval_set in enumerate(evaluation.get("sets") or []):
        for j, pattern in enumerate(eval_set.get("paths") or [] if isinstance(eval_set, dict) else []):
            if isinstance(pattern, str) and not glob.glob(pattern):
                problems.append(f"eval.sets.{i}.paths.{j}: no file matches {pattern}")
    model = data.get("model") if isinstance(data.get("model"), dict) else {}
    if isinstance(model.get("base_config"), str) and not Path(model["base_config"]).is_file():
        problems.append(f"model.base_config: file not found: {model['base_config']}")
    for section in ("language", "toxicity", "domain"):
        settings = curate.get(section) if isinstance(curate.get(section), dict) else {}
        path = settings.get("model_path")
        # the domain model may not exist yet: curation trains it from the seed files
        trained_later = section == "domain" and domain.get("positive")
        if isinstance(path, str) and not Path(path).is_file() and not trained_later:
            problems.append(f"curate.{section}.model_path: file not found: {path}")
    return problems


def _absolutize(data: dict) -> None:
    """Make every path in the raw config absolute (relative to the current directory)."""
    cwd = Path.cwd()

    def absolute(p: Any) -> Any:
        if not isinstance(p, str) or p.startswith(("/", "http://", "https://", "s3://", "hf://")):
            return p
        return str(cwd / p)

    run = data.get("run") or {}
    if "output_dir" in run:
        run["output_dir"] = absolute(run["output_dir"])
    for source in data.get("sources") or []:
        if isinstance(source, dict) and source.get("format") != "hf":
            source["paths"] = [absolute(p) for p in source.get("paths") or []]
    curate = data.get("curate") or {}
    domain = curate.get("domain") or {}
    for key in ("positive", "negative"):
        if isinstance(domain.get(key), list):
            domain[key] = [
                {**p, "path": absolute(p.get("path"))} if isinstance(p, dict) else absolute(p)
                for p in domain[key]
            ]
    for section in (domain, curate.get("language") or {}, curate.get("toxicity") or {}):
        if section.get("model_path"):
            section["model_path"] = absolute(section["model_path"])
    for section, key in ((data.get("model") or {}, "path"), (data.get("tokenizer") or {}, "path")):
        value = section.get(key)
        if isinstance(value, str) and (value.startswith(".") or Path(value).exists()):
            section[key] = absolute(value)
    model = data.get("model") or {}
    if isinstance(model.get("base_config"), str):
        model["base_config"] = absolute(model["base_config"])
    train = data.get("train") or {}
    if train.get("tokens_dir"):
        train["tokens_dir"] = absolute(train["tokens_dir"])
    evaluation = data.get("eval") if isinstance(data.get("eval"), dict) else {}
    for eval_set in evaluation.get("sets") or []:
        if isinstance(eval_set, dict) and isinstance(eval_set.get("paths"), list):
            eval_set["paths"] = [absolute(p) for p in eval_set["paths"]]


def load_config(path: str | Path, overrides: list[str] = (), check_inputs: bool = True) -> RunConfig:
    """Load, merge, override and validate a run config; raise ONE ConfigError listing every problem."""
    origin = str(path)
    data = _read_yaml(Path(path))
    for override in overrides:
        apply_override(data, override)
    _absolutize(data)
    problems = _missing_inputs(data) if check_inputs else []
    try:
        config = RunConfig.model_validate(data)
    except ValidationError as exc:
        problems = _format_errors(exc) + problems
    if problems:
        raise ConfigError(_problem_report(origin, problems))
    return config


def _problem_report(origin: str, problems: list[str]) -> str:
    lines = "\n".join(f"  - {p}" for p in problems)
    return f"{origin}: {len(problems)} problem(s) in the run config:\n{lines}"


def base_run_config(config: RunConfig) -> RunConfig | None:
    """The run that pretrains this run's base model (`model.base_config`): it writes to <run>/base/,
    reads this run's token shards and tokenizer, and runs on this run's SLURM resources (its own
    `slurm` section is not used). None when the base model is given."""
    if config.model is None or config.model.base_config is None:
        return None
    out = config.run.output_dir
    overrides = [
        f"run.output_dir={out / 'base'}",
        f"train.tokens_dir={out / 'tokens'}",
        f"tokenizer.path={out / 'tokenizer'}",
        "tokenizer.train=null",
        "model.base_config=null",
    ]
    base = load_config(config.model.base_config, overrides, check_inputs=False)
    base.slurm = config.slurm.model_copy(deep=True)
    return base

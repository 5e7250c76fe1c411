"""The run's tokenizer: trained on the curated text (from-scratch runs, as BloombergGPT trained its
own), or the base model's. Either way it is materialized in `<run>/tokenizer/` as a transformers
tokenizer directory, so that tokenization, training and evaluation all read the same file.
"""

from __future__ import annotations

import gzip
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

from pipeline.config import RunConfig
from pipeline.errors import DaptError
from pipeline.rundir import RunDir

log = logging.getLogger(__name__)

EOS = "<|endoftext|>"
PAD = "<|pad|>"


def resolve_tokenizer(config: RunConfig, rundir: RunDir) -> Path:
    """Return `<run>/tokenizer/`, training it or copying the pretrained one there when missing."""
    if (rundir.tokenizer / "tokenizer.json").is_file():
        return rundir.tokenizer
    if config.tokenizer.train is not None and config.tokenizer.path is None:
        return train_tokenizer(config)
    source = config.tokenizer.path or (config.model.path if config.model else None)
    if source is None:
        raise DaptError("no tokenizer: set tokenizer.path, tokenizer.train, or model.path in the run config")
    return _copy_pretrained(source, rundir.tokenizer)


def tokenizer_file(tokenizer_dir: Path) -> str:
    """The `tokenizer.json` inside a tokenizer directory (what datatrove's tokenizer step loads)."""
    path = Path(tokenizer_dir) / "tokenizer.json"
    if not path.is_file():
        raise DaptError(f"{tokenizer_dir}: no tokenizer.json (only fast tokenizers are supported)")
    return str(path)


def train_tokenizer(config: RunConfig, force: bool = False) -> Path:
    """Train a BPE or Unigram tokenizer on `<run>/curated/` and save it to `<run>/tokenizer/`."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    rundir = RunDir(config.run.output_dir)
    if (rundir.tokenizer / "tokenizer.json").is_file() and not force:
        log.info("tokenizer already trained: %s (use --force to retrain)", rundir.tokenizer)
        return rundir.tokenizer
    settings = config.tokenizer.train
    if settings is None:
        raise DaptError("tokenizer.train is not set in the run config (algorithm, vocab_size)")
    files = sorted(rundir.curated.glob("*/*.jsonl.gz"))
    if not files:
        raise DaptError(f"no curated documents in {rundir.curated}: run `dapt curate` first")

    special = [EOS, PAD]
    if settings.algorithm == "bpe":
        tokenizer = Tokenizer(models.BPE())
        trainer = trainers.BpeTrainer(
            vocab_size=settings.vocab_size,
            special_tokens=special,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            show_progress=False,
        )
    else:
        tokenizer = Tokenizer(models.Unigram())
        trainer = trainers.UnigramTrainer(
            vocab_size=settings.vocab_size,
            special_tokens=special,
            unk_token=PAD,
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
            show_progress=False,
        )
    tokenizer.normalizer = normalizers.NFC()
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(_curated_texts(files), trainer=trainer)

    wrapped = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, eos_token=EOS, bos_token=EOS, pad_token=PAD, unk_token=None
    )
    _save_atomically(wrapped, rundir.tokenizer)
    log.info(
        "trained a %s tokenizer (%d tokens) on %d curated files -> %s",
        settings.algorithm,
        tokenizer.get_vocab_size(),
        len(files),
        rundir.tokenizer,
    )
    return rundir.tokenizer


def _curated_texts(files: list[Path]) -> Iterator[str]:
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)["text"]


def _copy_pretrained(source: str, dest: Path) -> Path:
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(source)
    except OSError as exc:
        raise DaptError(f"cannot load the tokenizer {source!r}: {exc}") from exc
    if not tokenizer.is_fast:
        raise DaptError(f"tokenizer {source!r} has no fast (tokenizer.json) version")
    _save_atomically(tokenizer, dest)
    return dest


def _save_atomically(tokenizer, dest: Path) -> None:
    partial = dest.with_name(dest.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    tokenizer.save_pretrained(partial)
    shutil.rmtree(dest, ignore_errors=True)
    partial.rename(dest)

"""Fixtures of the training tests, built with the real tools: a `tokenizers` BPE trained on generated
text, and token shards written by datatrove's DocumentTokenizer (two shards per source).

Imported by the other tests/test_train*.py, tests/test_eval.py, tests/test_modelcard.py and
bench/bench_train.py; the tests here check that the shards are what datatrove's own reader sees.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import yaml

EOS = "<|endoftext|>"
PAD = "<|pad|>"

FINANCE = """revenue earnings quarter dividend margin guidance shares bond yield equity liquidity credit
filing investors capital growth net income operating cash flow fiscal interest rate"""
GENERAL = """river mountain garden morning music children village story forest summer friend kitchen
painting window evening travel ocean bread letter window city road"""
WORDS = {"finance": FINANCE.split(), "general": GENERAL.split()}
VERBS = ["rose", "fell", "grew", "reported", "moved", "stayed", "reached", "opened", "closed", "turned"]


def documents(source: str, n_docs: int, seed: int = 0) -> list[str]:
    """Generated documents of one source: sentences over the source's own words."""
    rng = random.Random(f"{source}-{seed}")
    words = WORDS[source]
    docs = []
    for _ in range(n_docs):
        sentences = []
        for _ in range(rng.randint(3, 12)):
            body = " ".join(rng.choice(words) for _ in range(rng.randint(3, 9)))
            sentences.append(f"The {rng.choice(words)} {rng.choice(VERBS)} {rng.randint(1, 99)} {body}.")
        docs.append(" ".join(sentences))
    return docs


def make_tokenizer(path: Path, vocab_size: int = 384) -> Path:
    """A byte-level BPE trained on both sources, saved as a transformers tokenizer directory."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[EOS, PAD],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(documents("finance", 200) + documents("general", 200), trainer=trainer)
    PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, eos_token=EOS, bos_token=EOS, pad_token=PAD
    ).save_pretrained(path)
    return path


def make_shards(tokens_dir: Path, tokenizer_dir: Path, n_docs: dict[str, int], seed: int = 0) -> Path:
    """`<tokens_dir>/<source>/` shards by datatrove's DocumentTokenizer: two tasks, so two shards."""
    from datatrove.data import Document
    from datatrove.pipeline.tokens import DocumentTokenizer

    for source, n in n_docs.items():
        docs = documents(source, n, seed)
        for rank in range(2):
            step = DocumentTokenizer(
                output_folder=str(tokens_dir / source),
                tokenizer_name_or_path=str(tokenizer_dir / "tokenizer.json"),
                eos_token=EOS,
                seed=seed,
            )
            part = [Document(text=t, id=f"{source}-{i}") for i, t in enumerate(docs) if i % 2 == rank]
            step.run(iter(part), rank=rank, world_size=2)
    return tokens_dir


ARCHITECTURE = {
    "model_type": "llama",
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "max_position_embeddings": 64,
    "tie_word_embeddings": True,
}


def make_run(root: Path, n_docs: int = 150, **train) -> Path:
    """A tokenizer, shards of two sources and a run config (tiny Llama) under `root`; the config path."""
    tokenizer = make_tokenizer(root / "tokenizer")
    tokens = make_shards(root / "tokens", tokenizer, {"finance": n_docs, "general": n_docs})
    config = {
        "run": {"name": "test-train", "output_dir": str(root / "run"), "seed": 7},
        "tokenizer": {"path": str(tokenizer)},
        "model": {"architecture": ARCHITECTURE},
        "train": {
            "tokens_dir": str(tokens),
            "mix": {"finance": 0.7, "general": 0.3},
            "seq_len": 32,
            "micro_batch_size": 4,
            "max_steps": 12,
            "lr": 3e-3,
            "min_lr": 3e-4,
            "warmup_steps": 3,
            "log_every": 1,
            "eval_every": 4,
            "eval_tokens": 512,
            "checkpoint": {"every_steps": 4, "keep_last": 2},
            **train,
        },
        "tracking": {"wandb": {"mode": "offline", "project": "dapt-test"}},
    }
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


# ----------------------------------------------------------------------------------- processes
def descendants(pid: int) -> list[int]:
    """Every process started by `pid`, however deep (launchers start workers in their own sessions)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def train_command(config: Path, run: Path, *args: str) -> list[str]:
    """`dapt train CONFIG run.output_dir=RUN ARGS...`, as a subprocess runs it."""
    return [sys.executable, "-m", "pipeline.cli", "train", str(config), f"run.output_dir={run}", *args]


def kill_all(process: subprocess.Popen) -> None:
    """SIGKILL a process and everything it started (launcher, workers, W&B service): a lost node."""
    for pid in [process.pid, *descendants(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait()


# ----------------------------------------------------------------------------------- tests
def test_shards_are_what_datatrove_reads(tmp_path):
    """Our reader sees the same tokens as datatrove's, with EOS at every document end."""
    from datatrove.utils.dataset import DatatroveFileDataset
    from transformers import AutoTokenizer

    from pipeline.train.data import TokenStream

    tokenizer_dir = make_tokenizer(tmp_path / "tok")
    make_shards(tmp_path / "tokens", tokenizer_dir, {"finance": 40})
    stream = TokenStream(tmp_path / "tokens" / "finance")
    assert len(stream.shards) == 2
    first = stream.shards[0]
    window = DatatroveFileDataset(str(first.path), seq_len=15, token_size=2)[1]["input_ids"].numpy()
    assert np.array_equal(stream.read(16, 16), window)
    eos = AutoTokenizer.from_pretrained(tokenizer_dir).eos_token_id
    ends = np.concatenate(
        [s.doc_ends.astype(np.int64) + off for s, off in zip(stream.shards, stream.offsets[:-1], strict=True)]
    )
    assert all(stream.read(int(e) - 1, 1)[0] == eos for e in ends)
    assert len(stream) == sum(len(s.tokens) for s in stream.shards) > 2000

"""Training: data mixing and packing, held-out split, tokenizer checks, schedule, an in-process run,
skip/resume/refusal of a finished or changed run. Fast: a tiny Llama on generated text.

The exactness, preemption and 2-process tests are in test_train_resume.py (slow)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import torch
from test_modelcard import CARD_SECTIONS
from test_train_fixtures import documents, make_run, make_tokenizer

from pipeline.config import load_config
from pipeline.errors import DaptError
from pipeline.train.data import BLOCK, MixedTokens, TokenStream, heldout_tokens
from pipeline.train.schedule import lr_at


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Tokenizer + shards of two sources + a config, shared by this module's tests."""
    return make_run(tmp_path_factory.mktemp("corpus"))


def _windows(stream: TokenStream, eval_tokens: int, seq_len: int) -> Counter:
    n = (len(stream) - eval_tokens - 1) // seq_len
    return Counter(tuple(stream.read(eval_tokens + w * seq_len, seq_len + 1)) for w in range(n))


def test_mixture_reads_every_training_window_once_per_epoch_and_never_the_heldout(corpus):
    tokens = corpus.parent / "tokens"
    data = MixedTokens(tokens, {"finance": 0.7, "general": 0.3}, seq_len=32, eval_tokens=512, seed=7)
    expected = {name: _windows(TokenStream(tokens / name), 512, 32) for name in ("finance", "general")}
    finance_epoch = data.windows[0] * BLOCK // int(data.block_counts[0])
    seen = {"finance": Counter(), "general": Counter()}
    for g in range(finance_epoch):
        sample = tuple(data.sample(g))
        source = "finance" if sample in expected["finance"] else "general"
        assert sample in expected[source]  # a training window: starts after the held-out tokens
        seen[source][sample] += 1
    assert seen["finance"] == expected["finance"]  # one finance epoch: every window exactly once
    assert sum(seen["general"].values()) == finance_epoch - data.windows[0]
    assert int(data.block_counts[0]) == 700 and int(data.block_counts[1]) == 300
    assert np.array_equal(
        heldout_tokens(tokens / "finance", 512), TokenStream(tokens / "finance").read(0, 512)
    )


def test_mixture_is_seeded_and_ranks_read_disjoint_samples(corpus):
    tokens = corpus.parent / "tokens"
    mix = {"finance": 0.5, "general": 0.5}
    a, b = (MixedTokens(tokens, mix, 32, 512, seed) for seed in (1, 1))
    other = MixedTokens(tokens, mix, 32, 512, seed=2)
    assert torch.equal(a.batch(100, 8), b.batch(100, 8))
    assert not torch.equal(a.batch(100, 8), other.batch(100, 8))
    # a step of 2 ranks x 2 micro-batches x 3 reads the same 12 samples as 1 rank x 4 x 3, split disjointly
    parts = [a.micro_batch(60, m, r, 2, 3) for m in range(2) for r in range(2)]
    one_rank = torch.cat([a.micro_batch(60, m, 0, 1, 3) for m in range(4)])
    assert sorted(map(tuple, torch.cat(parts).tolist())) == sorted(map(tuple, one_rank.tolist()))
    assert len({tuple(row) for part in parts for row in part.tolist()}) == 12


def test_unknown_source_and_short_source_are_refused(corpus):
    tokens = corpus.parent / "tokens"
    with pytest.raises(DaptError, match="no shard folder.*'legal'"):
        MixedTokens(tokens, {"finance": 1, "legal": 1}, 32, 512, 0)
    with pytest.raises(DaptError, match="too few"):
        MixedTokens(tokens, {"finance": 1}, 32, 10_000_000, 0)


def test_shards_of_another_tokenizer_are_refused(tmp_path, corpus):
    from transformers import AutoTokenizer

    other = AutoTokenizer.from_pretrained(make_tokenizer(tmp_path / "other", vocab_size=300))
    with pytest.raises(
        DaptError, match=r"00000_00000_doc_shuffled\.ds: tokenized with .*vocabularies differ"
    ):
        TokenStream(corpus.parent / "tokens" / "finance").check_tokenizer(other)
    # the same tokenizer saved elsewhere (another path in the metadata) is accepted: same vocabulary
    same = AutoTokenizer.from_pretrained(corpus.parent / "tokenizer")
    same.save_pretrained(tmp_path / "copy")
    TokenStream(corpus.parent / "tokens" / "finance").check_tokenizer(
        AutoTokenizer.from_pretrained(tmp_path / "copy")
    )


def test_training_refuses_a_tokenizer_mismatch(tmp_path, corpus):
    from pipeline.train.loop import train

    make_tokenizer(tmp_path / "other", vocab_size=300)
    config = load_config(
        corpus, [f"run.output_dir={tmp_path / 'run'}", f"tokenizer.path={tmp_path / 'other'}"]
    )
    with pytest.raises(DaptError, match="vocabularies differ"):
        train(config)
    assert not (tmp_path / "run" / "model").exists()


def test_shards_without_eos_are_refused(tmp_path, corpus):
    from datatrove.data import Document
    from datatrove.pipeline.tokens import DocumentTokenizer
    from transformers import AutoTokenizer

    tokenizer_dir = corpus.parent / "tokenizer"
    step = DocumentTokenizer(str(tmp_path / "finance"), str(tokenizer_dir / "tokenizer.json"), eos_token=None)
    step.run(iter(Document(text=t, id=str(i)) for i, t in enumerate(documents("finance", 20))))
    with pytest.raises(DaptError, match="do not end with EOS"):
        TokenStream(tmp_path / "finance").check_tokenizer(AutoTokenizer.from_pretrained(tokenizer_dir))


def test_lr_warms_up_then_decays_to_the_floor():
    lrs = [lr_at(s, 1e-3, 1e-4, 10, 100) for s in range(101)]
    assert lrs[0] == pytest.approx(1e-4) and lrs[9] == pytest.approx(1e-3)
    assert all(a >= b for a, b in zip(lrs[9:], lrs[10:], strict=False))
    assert lrs[99] == pytest.approx(1e-4, rel=1e-2) and lrs[100] == 1e-4


def test_training_in_process_writes_model_metrics_checkpoints_and_refuses_changes(tmp_path, corpus):
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM

    from pipeline.train import launch_training

    run = tmp_path / "run"
    overrides = [f"run.output_dir={run}", "tracking.wandb.mode=disabled"]
    launch_training(load_config(corpus, overrides))

    records = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    losses = [r["train/loss"] for r in records if "train/loss" in r]
    assert len(losses) == 12 and losses[-1] < losses[0]
    assert {"eval/ppl/finance", "eval/ppl/general"} <= {k for r in records for k in r}
    assert sorted(p.name for p in (run / "checkpoints").iterdir()) == ["step-0000008", "step-0000012"]
    model = AutoModelForCausalLM.from_pretrained(run / "model")
    saved = load_file(run / "checkpoints" / "step-0000012" / "model.safetensors")
    assert all(torch.equal(model.state_dict()[k], v) for k, v in saved.items())
    card = (run / "model" / "README.md").read_text()
    for section in CARD_SECTIONS:
        assert f"## {section}" in card
    assert (run / ".done" / "train").is_file()

    mtime = (run / "model" / "model.safetensors").stat().st_mtime
    launch_training(load_config(corpus, overrides))  # done: skipped
    assert (run / "model" / "model.safetensors").stat().st_mtime == mtime

    (run / ".done" / "train").unlink()  # as if it had stopped after its last checkpoint
    changed = load_config(corpus, [*overrides, "train.lr=0.004", "train.mix.general=0.5"])
    with pytest.raises(
        DaptError, match=r"(?s)train\.lr: 0\.003 -> 0\.004.*train\.mix\.general: 0\.3 -> 0\.5"
    ):
        launch_training(changed)
    launch_training(changed, force=True)  # resumes from step 12 anyway, exports again
    assert (run / ".done" / "train").is_file()


def test_a_finished_run_goes_on_when_max_steps_is_raised_and_refuses_other_changes(tmp_path, corpus, caplog):
    from pipeline.train import launch_training

    run = tmp_path / "run"
    overrides = [f"run.output_dir={run}", "tracking.wandb.mode=disabled"]
    launch_training(load_config(corpus, overrides))
    with pytest.raises(
        DaptError, match=r"(?s)finished training with other settings.*train\.lr: 0\.003 -> 0\.004"
    ):
        launch_training(load_config(corpus, [*overrides, "train.lr=0.004"]))

    launch_training(load_config(corpus, [*overrides, "train.max_steps=16"]))
    steps = [json.loads(line)["step"] for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert sorted(set(steps)) == list(range(1, 17))
    assert json.loads((run / ".done" / "train").read_text())["steps"] == 16
    assert json.loads((run / "model" / "dapt_training.json").read_text())["steps"] == 16
    assert (run / "checkpoints" / "step-0000016" / "COMPLETE").is_file()
    assert "continuing the finished run from step 12 to 16" in caplog.text

    with pytest.raises(DaptError, match=r"train\.max_steps: 16 -> 12"):  # fewer steps: not a continuation
        launch_training(load_config(corpus, overrides))
    launch_training(load_config(corpus, [*overrides, "train.max_steps=16", "train.log_every=5"]))  # no change


@pytest.mark.parametrize(
    "option",
    ["train.activation_checkpointing=true", pytest.param("train.compile=true", marks=pytest.mark.slow)],
)
def test_activation_checkpointing_and_compile_train_the_same_model(tmp_path, corpus, option):
    from pipeline.train.loop import train

    def losses(name: str, *extra: str) -> list[float]:
        overrides = [f"run.output_dir={tmp_path / name}", "tracking.wandb.mode=disabled", "train.max_steps=3"]
        train(load_config(corpus, [*overrides, *extra]))
        lines = (tmp_path / name / "metrics.jsonl").read_text().splitlines()
        return [r["train/loss"] for r in map(json.loads, lines) if "train/loss" in r]

    plain, changed = losses("plain"), losses("changed", option)
    assert changed == pytest.approx(plain, rel=1e-4)

"""`dapt eval`: perplexity per source on the held-out tokens, as the demo runs it before and after."""

from __future__ import annotations

import json
import math

import pytest
import torch
import torch.nn.functional as F
from test_train_fixtures import make_run, make_tokenizer

from pipeline.cli import main as dapt
from pipeline.config import load_config
from pipeline.errors import DaptError
from pipeline.evaluate import eval_windows, run_eval
from pipeline.train.data import heldout_tokens


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A tiny model trained 12 steps (held-out: the first 512 tokens per source) and its untrained twin."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from pipeline.train import launch_training
    from pipeline.train.model import load_model

    root = tmp_path_factory.mktemp("eval")
    config = load_config(make_run(root), ["tracking.wandb.mode=disabled"])
    launch_training(config)
    untrained = load_model(config, AutoTokenizer.from_pretrained(root / "tokenizer"))
    untrained.save_pretrained(root / "untrained")
    AutoTokenizer.from_pretrained(root / "tokenizer").save_pretrained(root / "untrained")
    assert AutoModelForCausalLM.from_pretrained(root / "untrained")
    return root


def test_eval_cli_reports_perplexity_per_source_and_training_lowers_it(trained, capsys):
    tokens = [trained / "tokens" / "finance", trained / "tokens" / "general"]
    out = trained / "run" / "eval"
    assert (
        dapt(
            [
                "eval",
                str(trained / "untrained"),
                *map(str, tokens),
                "--max-tokens",
                "512",
                "--out",
                str(out / "before.json"),
            ]
        )
        == 0
    )
    assert (
        dapt(["eval", str(trained / "run" / "model"), *map(str, tokens), "--out", str(out / "after.json")])
        == 0
    )
    assert "Held-out perplexity" in capsys.readouterr().out
    before, after = (json.loads((out / f"{name}.json").read_text()) for name in ("before", "after"))
    assert set(before["perplexity"]) == set(after["perplexity"]) == {"finance", "general"}
    for source in ("finance", "general"):
        assert after["perplexity"][source] < before["perplexity"][source] / 1.5
    # the trained model held out only 512 tokens per source: evaluation stops there, not at 50,000
    assert after["max_tokens"] == {"finance": 512, "general": 512} and after["seq_len"] == 32
    model = str(trained / "run" / "model")
    assert dapt(["eval", model, *map(str, tokens), "--seq-len", "16", "--out", str(out / "short.json")]) == 0
    assert json.loads((out / "short.json").read_text())["seq_len"] == 16


def test_perplexity_is_exp_of_the_mean_next_token_loss(trained):
    from transformers import AutoModelForCausalLM

    model_dir = trained / "run" / "model"
    result = run_eval(model_dir, [trained / "tokens" / "finance"], max_tokens=300, seq_len=16)
    model = AutoModelForCausalLM.from_pretrained(model_dir).eval()
    windows = eval_windows(heldout_tokens(trained / "tokens" / "finance", 300), 16)
    with torch.no_grad():
        logits = model(input_ids=windows[:, :-1]).logits
    loss = F.cross_entropy(logits.flatten(0, 1), windows[:, 1:].reshape(-1))
    assert result["finance"] == pytest.approx(math.exp(loss.item()), rel=1e-5)
    assert len(windows) == 299 // 16


def test_eval_refuses_shards_of_another_tokenizer(trained, tmp_path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(trained / "untrained")
    model.save_pretrained(tmp_path / "model")
    AutoTokenizer.from_pretrained(make_tokenizer(tmp_path / "tok", vocab_size=300)).save_pretrained(
        tmp_path / "model"
    )
    with pytest.raises(DaptError, match="vocabularies differ"):
        run_eval(tmp_path / "model", [trained / "tokens" / "finance"], max_tokens=512)

"""`dapt eval`: perplexity per source on the held-out tokens, as the demo runs it before and after."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from test_train_fixtures import make_run, make_tokenizer

from pipeline.cli import main as dapt
from pipeline.config import load_config
from pipeline.errors import DaptError
from pipeline.evaluate import IGNORED, eval_windows, run_eval, text_metrics, text_windows
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
    assert "Held-out evaluation" in capsys.readouterr().out
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
    assert result["perplexity"]["finance"] == pytest.approx(math.exp(loss.item()), rel=1e-5)
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


# ----------------------------------------------------------------------------------- bits per byte
TEXTS = ["Zürich €5", "naïve café"]
# counted by hand: Z ü(2) r i c h ' ' €(3) 5 = 12 bytes; n a ï(2) v e ' ' c a f é(2) = 12 bytes
HAND_COUNTED_BYTES = 24


def test_bits_per_byte_is_the_summed_loss_over_the_utf8_bytes_of_the_text(trained):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model_dir = trained / "run" / "model"
    model = AutoModelForCausalLM.from_pretrained(model_dir).eval()
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    result = text_metrics(model, tokenizer, TEXTS, seq_len=64)
    assert result["bytes"] == HAND_COUNTED_BYTES

    # by hand: each text after the start token, back to back; the start tokens are not predicted
    start = tokenizer.bos_token_id
    pieces = [[start, *tokenizer(t, add_special_tokens=False)["input_ids"]] for t in TEXTS]
    ids = torch.tensor([pieces[0] + pieces[1]])
    with torch.no_grad():
        losses = F.cross_entropy(model(input_ids=ids).logits[0, :-1], ids[0, 1:], reduction="none")
    scored = torch.ones(len(losses), dtype=torch.bool)
    scored[len(pieces[0]) - 1] = False  # the target there is the second text's start token
    nll = losses[scored].sum().item()
    assert result["tokens"] == len(pieces[0]) + len(pieces[1]) - 2
    assert result["bits_per_byte"] == pytest.approx(nll / math.log(2) / HAND_COUNTED_BYTES, rel=1e-5)
    assert result["perplexity"] == pytest.approx(math.exp(nll / result["tokens"]), rel=1e-5)


def test_text_windows_score_every_token_of_every_document_once(trained):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(trained / "run" / "model")
    docs = ["The revenue rose 12 percent.", "A river by the village.", "x"]
    windows, targets = text_windows(tokenizer, docs, seq_len=4)
    assert windows.shape[1] == 5 and targets.shape == (len(windows), 4)
    scored = targets[targets != IGNORED].tolist()
    expected = [t for d in docs for t in tokenizer(d, add_special_tokens=False)["input_ids"]]
    assert scored == expected


def test_eval_sets_share_max_bytes_over_documents_without_splitting_a_character(tmp_path):
    from pipeline.config import EvalSetConfig
    from pipeline.evalsets import read_eval_set

    (tmp_path / "a.txt").write_text("€€€€€\nplain line\nab\n", encoding="utf-8")
    eval_set = EvalSetConfig(name="x", paths=[str(tmp_path / "a.txt")], max_bytes=10)
    text = read_eval_set(eval_set, tmp_path)
    # "ab\n" whole (3 bytes), then 3 and 4 bytes from the middle of the others: no partial €
    assert text.documents == ["€", "n l", "ab\n"] and text.n_bytes == 9
    everything = EvalSetConfig(name="w", paths=[str(tmp_path / "a.txt")], max_bytes=10_000)
    assert read_eval_set(everything, tmp_path).documents == ["€€€€€\n", "plain line\n", "ab\n"]
    whole = EvalSetConfig(name="y", paths=[str(tmp_path / "a.txt")], format="text")
    assert read_eval_set(whole, tmp_path).documents == ["€€€€€\nplain line\nab\n"]
    with pytest.raises(DaptError, match="no held-back documents"):
        read_eval_set(EvalSetConfig(name="z", source="web", share=0.1), tmp_path)


def test_eval_sets_split_a_sources_held_back_share_by_genre(tmp_path):
    """Two sets hold back one source: each reads its genres' held-back documents alone; sets that
    disagree on the share, overlap, or name a genre the source never labels are refused."""
    import gzip

    from pydantic import ValidationError

    from pipeline.config import EvalSetConfig, RunConfig
    from pipeline.evalsets import read_eval_set
    from pipeline.rundir import RunDir

    folder = RunDir(tmp_path).rejected_step("holdout", "web")
    folder.mkdir(parents=True)
    docs = [
        ("b", "filings", "Form 10-K annual report."),
        ("a", "news", "Stocks rose."),
        ("c", "web", "A recipe."),
    ]
    with gzip.open(folder / "00000.jsonl.gz", "wt") as f:
        f.writelines(json.dumps({"id": i, "text": t, "metadata": {"genre": g}}) + "\n" for i, g, t in docs)
    source = {
        "name": "web",
        "paths": ["x.warc.gz"],
        "genre": {"*sec.gov*": "filings", "*/markets/*": "news", "*": "web"},
    }
    sets = [
        {"name": "finance", "source": "web", "share": 0.1, "genres": ["filings", "news"]},
        {"name": "other", "role": "general", "source": "web", "share": 0.1, "genres": ["web"]},
    ]
    config = RunConfig.model_validate({"sources": [source], "eval": {"sets": sets}})
    finance, other = (read_eval_set(s, tmp_path) for s in config.eval.sets)
    assert finance.documents == ["Stocks rose.", "Form 10-K annual report."] and other.documents == [
        "A recipe."
    ]
    for bad in (
        [sets[0], {**sets[1], "share": 0.2}],
        [sets[0], {**sets[1], "genres": ["news"]}],
        [sets[0], {**sets[1], "genres": []}],
        [{**sets[0], "genres": ["law"]}],
    ):
        with pytest.raises(ValidationError, match="eval.sets"):
            RunConfig.model_validate({"sources": [source], "eval": {"sets": bad}})
    with pytest.raises(ValidationError, match="only for source"):
        EvalSetConfig(name="x", paths=["a.txt"], genres=["news"])


def test_holdout_is_a_stable_share_of_document_ids():
    from filters.holdout import held_out

    ids = [f"doc-{i}" for i in range(4000)]
    picked = [i for i in ids if held_out(i, 0.1)]
    assert 340 < len(picked) < 460
    assert picked == [i for i in ids if held_out(i, 0.1)]
    assert set(picked) <= {i for i in ids if held_out(i, 0.2)}  # a larger share holds the smaller


def test_eval_cli_reports_bits_per_byte_of_a_configs_eval_sets(trained, tmp_path, capsys):
    text = tmp_path / "heldout.jsonl"
    text.write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS))
    config = tmp_path / "c.yaml"
    config.write_text(
        f"run: {{output_dir: {tmp_path / 'r'}}}\nmodel: {{path: {trained / 'run' / 'model'}}}\n"
        f"eval: {{sets: [{{name: finance-text, paths: [{text}]}}]}}\n"
    )
    out = tmp_path / "e.json"
    model = str(trained / "run" / "model")
    assert dapt(["eval", model, "--config", str(config), "--out", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["eval_sets"]["finance-text"]["bytes"] == HAND_COUNTED_BYTES
    assert 0 < result["bits_per_byte"]["finance-text"] < 20
    assert "bits per byte" in capsys.readouterr().out
    assert dapt(["eval", model]) == 2


# ----------------------------------------------------------------------------------- lm-eval
def test_lm_eval_runs_a_local_task_offline_and_the_model_card_shows_it(trained, tmp_path):
    import shutil

    run = tmp_path / "run"
    shutil.copytree(trained / "run" / "model", run / "model")
    include = Path(__file__).parent / "data" / "lm_eval"
    args = ["eval", str(run / "model"), "--lm-eval", "fin-sentiment-local", "--lm-eval-include", str(include)]
    assert dapt(args) == 0
    result = json.loads((run / "eval" / "lm-eval.json").read_text())
    metrics = result["lm_eval"]["fin-sentiment-local"]
    assert 0 <= metrics["acc,none"] <= 1 and result["n_samples"]["fin-sentiment-local"]["effective"] == 6
    assert "| fin-sentiment-local | acc,none |" in (run / "model" / "README.md").read_text()
    assert (
        dapt(["eval", str(run / "model"), "--lm-eval", "no-such-task", "--lm-eval-include", str(include)])
        == 2
    )


def test_no_held_out_tokens_give_no_windows():
    import numpy as np

    assert len(eval_windows(np.zeros(0, dtype=np.int64), 8)) == 0
    assert len(eval_windows(np.zeros(1, dtype=np.int64), 8)) == 0

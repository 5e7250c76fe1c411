"""`dapt ablate`: variants of one curation trained for equal tokens, compared in bits per byte."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.ablate import ablation_variants, variant_documents, variant_mix
from pipeline.config import AblateVariant, load_config
from pipeline.errors import DaptError
from pipeline.rundir import RunDir

REPO = Path(__file__).resolve().parent.parent

TINY = """
extends: {demo}
ablate:
  variants:
    - {{name: raw, add_back: [quality, domain, toxicity, dedup]}}
    - {{name: full}}
  seeds: [0]
  replay_shares: []
  train:
    - model.path=null
    - "model.architecture={{model_type: llama, hidden_size: 64, intermediate_size: 128,
       num_hidden_layers: 2, num_attention_heads: 2, num_key_value_heads: 1,
       max_position_embeddings: 64, tie_word_embeddings: true}}"
    - train.seq_len=64
    - train.micro_batch_size=8
    - train.max_steps=25
    - train.warmup_steps=3
    - train.eval_every=1000
    - train.checkpoint.every_steps=1000
    - tracking.wandb.mode=disabled
"""


def _ids(files: list[Path]) -> set[str]:
    ids = set()
    for path in files:
        with gzip.open(path, "rt") as f:
            ids |= {json.loads(line)["id"] for line in f}
    return ids


@pytest.mark.slow
def test_ablation_on_the_demo_corpus_trains_equal_tokens_and_never_sees_the_eval_text(tmp_path):
    config = tmp_path / "ablate.yaml"
    config.write_text(TINY.format(demo=REPO / "configs" / "demo.yaml"))
    out = tmp_path / "run"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "ablate", str(config), f"run.output_dir={out}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Ablation: bits per byte" in result.stdout

    table = json.loads((out / "ablate" / "ablation.json").read_text())
    raw, full = table["variants"]
    assert (raw["variant"], full["variant"]) == ("raw", "full") and table["reference"] == "raw"
    assert raw["train_tokens"] == full["train_tokens"] == [25 * 8 * 64]
    assert raw["data_tokens"]["finance"] > full["data_tokens"]["finance"]  # raw keeps the rejects
    for row in (raw, full):
        for role in ("domain", "general"):
            assert 0 < row[role]["mean"] < 16 and row[role]["spread"] == 0
    assert full["domain"]["vs_reference"]["significant"] is False  # one seed: no spread to beat
    assert set(table["eval_sets"]) == {"finance-heldout", "general-heldout"}
    per_set = full["eval_sets"]["finance-heldout"]["vs_reference"]
    assert per_set["significant"] is False and per_set["change"] == pytest.approx(
        full["eval_sets"]["finance-heldout"]["mean"] / raw["eval_sets"]["finance-heldout"]["mean"] - 1
    )
    assert "per held-out set" in result.stdout

    run = RunDir(out)
    held_back = _ids(sorted((run.rejected / "holdout").glob("*/*.jsonl.gz")))
    assert held_back
    variant = AblateVariant(name="raw", add_back=["quality", "domain", "toxicity", "dedup"])
    trained_on = _ids([p for s in ("finance", "general") for p in variant_documents(run, variant, s)])
    assert trained_on and not held_back & trained_on

    assert (
        subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "report", str(out)], cwd=REPO, capture_output=True
        ).returncode
        == 0
    )
    html = (out / "report" / "report.html").read_text()
    assert 'id="ablation"' in html and "full" in html


def test_variants_default_to_raw_quality_domain_full_and_two_replay_shares():
    config = load_config(REPO / "configs" / "demo.yaml")
    names = [v.name for v in ablation_variants(config)]
    assert names == ["raw", "+quality", "+domain", "full", "full-replay0", "full-replay20"]
    raw = ablation_variants(config)[0]
    assert raw.steps_added_back()[:4] == ["gopher_quality", "gopher_repetition", "c4", "fineweb"]


def test_replay_share_rescales_the_general_sources():
    config = load_config(REPO / "configs" / "demo.yaml")  # mix finance 0.8, general 0.2
    tokens = {"finance": 1000, "general": 500}
    assert variant_mix(config, AblateVariant(name="x"), tokens) == {"finance": 0.8, "general": 0.2}
    assert variant_mix(config, AblateVariant(name="x", general_share=0.0), tokens) == {"finance": 1.0}
    mix = variant_mix(config, AblateVariant(name="x", general_share=0.5), tokens)
    assert mix == pytest.approx({"finance": 0.5, "general": 0.5})
    with pytest.raises(DaptError, match="general_share"):
        variant_mix(config, AblateVariant(name="x", general_share=0.5), {"finance": 1000})


def test_a_variant_names_only_known_steps_and_eval_files_must_be_unseen(tmp_path):
    with pytest.raises(ValueError, match="unknown step"):
        AblateVariant(name="x", add_back=["language"])
    seeds = REPO / "demo" / "corpus" / "seeds" / "finance.txt"
    with pytest.raises(DaptError, match="domain classifier read"):
        load_config(REPO / "configs" / "demo.yaml", [f"eval.sets=[{{name: s, paths: [{seeds}]}}]"])

"""`dapt demo` end to end: curate, report, base pretraining, continued pretraining, eval, model card."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_demo_runs_end_to_end_and_adapts_the_model(tmp_path):
    out = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "demo", "--output-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for printed in (
        "Data funnel",
        "Perplexity on held-out text",
        "Bits per byte on held-out text",
        "before (base)",
        "after (adapted)",
        "model_card",
    ):
        assert printed in result.stdout

    summary = json.loads((out / "summary.json").read_text())
    funnel = summary["funnel"]
    assert [stage["docs_in"] for stage in funnel[1:]] == [stage["docs_out"] for stage in funnel[:-1]]
    for stage in funnel:
        assert stage["docs_in"] == stage["docs_out"] + sum(stage["dropped"].values())
    dropped_at = {stage["name"] for stage in funnel if stage["dropped"]}
    assert {"language", "domain", "toxicity", "exact_dedup", "minhash_dedup"} <= dropped_at

    ppl = summary["perplexity"]
    assert ppl["finance"]["after"] < ppl["finance"]["before"]
    assert ppl["general"]["after"] <= 1.25 * ppl["general"]["before"]

    bpb = summary["bits_per_byte"]
    assert {v["role"] for v in bpb.values()} == {"domain", "general"}
    assert bpb["finance-heldout"]["after"] < bpb["finance-heldout"]["before"]
    assert not list((out / "curated").glob("*/*.jsonl.gz")) or (out / "rejected" / "holdout").is_dir()

    card = (out / "model" / "README.md").read_text()
    for section in ("Model Details", "Uses", "Bias, Risks", "Training Details", "Evaluation"):
        assert section in card
    assert (out / "model" / "model.safetensors").is_file()
    assert (out / "report" / "report.html").is_file()
    assert any((out / "checkpoints").glob("step-*/COMPLETE"))
    curated = list((out / "curated").glob("*/*.jsonl.gz"))
    rejected = list((out / "rejected").glob("*/*/*.jsonl.gz"))
    assert curated and rejected

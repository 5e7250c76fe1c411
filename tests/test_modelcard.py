"""The model card: every section, filled from the run directory (report.json, mix, eval/*.json)."""

from __future__ import annotations

import json

from test_train_fixtures import make_run

from pipeline.config import load_config
from pipeline.modelcard import write_model_card

CARD_SECTIONS = ("Model Details", "Uses", "Bias, Risks, and Limitations", "Training Details", "Evaluation")

REPORT = {
    "stages": [
        {
            "name": "extract",
            "docs_in": 1000,
            "docs_out": 950,
            "tokens_in": 0,
            "tokens_out": 400000,
            "dropped": {"empty": 50},
        },
        {
            "name": "toxicity",
            "docs_in": 950,
            "docs_out": 900,
            "tokens_in": 400000,
            "tokens_out": 380000,
            "dropped": {"toxic_words": 40, "classifier": 10},
        },
        {
            "name": "dedup",
            "docs_in": 900,
            "docs_out": 700,
            "tokens_in": 380000,
            "tokens_out": 300000,
            "dropped": {"minhash": 150, "exact": 50},
        },
    ],
    "kept_token_fraction": 0.75,
}


def test_model_card_has_every_section_filled_from_the_run(tmp_path):
    from pipeline.train import launch_training

    config_path = make_run(tmp_path)
    overrides = [
        "tracking.wandb.mode=disabled",
        "sources=[{name: finance, role: domain, format: jsonl}, "
        "{name: general, role: general, format: jsonl}]",
    ]
    config = load_config(config_path, overrides)
    # the report of the run that wrote the token shards: <tokens_dir>/../report/report.json
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "report.json").write_text(json.dumps(REPORT))
    launch_training(config)
    run = tmp_path / "run"
    (run / "eval").mkdir()
    for label, ppl in (("before", 300.5), ("after", 95.25)):
        result = {
            "model": str(run / "model"),
            "perplexity": {"finance": ppl, "general": ppl + 10},
            "bits_per_byte": {"sec-heldout": ppl / 100},
        }
        (run / "eval" / f"{label}.json").write_text(json.dumps(result))
    lm_eval = {"model": str(run / "model"), "lm_eval": {"fin-qa": {"acc,none": 0.75}}}
    (run / "eval" / "lm-eval.json").write_text(json.dumps(lm_eval))

    card = write_model_card(run, config).read_text()
    assert card.startswith("---\nlibrary_name: transformers\n")
    for section in CARD_SECTIONS:
        assert f"\n## {section}\n" in card
    assert "| dedup | 900 | 700 | 300,000 | minhash 150, exact 50 |" in card
    assert "Kept token fraction: 75.0%." in card
    assert "The toxicity step of the curation dropped 50 documents." in card
    assert "General-text replay was 30% of the mix" in card
    assert "| finance | 70.0% |" in card and "| general | 30.0% |" in card
    assert "0.003 peak, 3 warmup steps, cosine to 0.0003" in card
    assert "1 x cpu" in card
    assert "| before |" in card and "300.500 | 310.500 |" in card and "95.250 | 105.250 |" in card
    assert "| evaluation | sec-heldout |" in card and "| before | 3.005 |" in card
    assert "| fin-qa | acc,none | 0.750 |" in card
    record = json.loads((run / "model" / "dapt_training.json").read_text())
    assert f"| finance | {record['final_eval']['finance']:.3f} |" in card

"""The model card (`<run>/model/README.md`), from what the run directory holds.

Sections follow Hugging Face's model card guide: Model Details, Uses, Bias/Risks/Limitations,
Training Details (the curation funnel from report.json, the mix, hyperparameters, compute) and
Evaluation (held-out perplexity and bits per byte at the end of training, and every
`<run>/eval/*.json` that `dapt eval --out` wrote, lm-evaluation-harness results included).
Training writes it; the demo writes it again after its evaluations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.config import RunConfig
from pipeline.errors import DaptError
from pipeline.rundir import RunDir, write_text_atomic


def find_report(run_dir: Path, tokens_dir: Path | None) -> Path | None:
    """report.json of the run, else of the run that wrote the token shards (`<tokens_dir>/../report/`)."""
    candidates = [RunDir(run_dir).report_json]
    if tokens_dir is not None:
        candidates.append(Path(tokens_dir).parent / "report" / "report.json")
    return next((path for path in candidates if path.is_file()), None)


def funnel(report_json: Path) -> dict[str, Any]:
    """The curation funnel of a report: documents and tokens in and out of each stage, drop reasons."""
    report = json.loads(Path(report_json).read_text())
    keys = ("name", "docs_in", "docs_out", "tokens_in", "tokens_out", "dropped")
    return {
        "report": str(report_json),
        "stages": [{k: stage.get(k) for k in keys} for stage in report.get("stages", [])],
        "kept_token_fraction": report.get("kept_token_fraction"),
    }


def write_model_card(run_dir: Path, config: RunConfig | None = None) -> Path:
    """Write `<run>/model/README.md` from the exported model's `dapt_training.json`, the curation report
    and `<run>/eval/*.json`; return its path."""
    run = RunDir(run_dir)
    record_file = run.model / "dapt_training.json"
    if not record_file.is_file():
        raise DaptError(f"{record_file} is missing: train the model first (`dapt train`)")
    record = json.loads(record_file.read_text())
    config = config or RunConfig.model_validate(record["config"])
    report = record["data"].get("report")
    evals = {p.stem: json.loads(p.read_text()) for p in sorted(run.eval.glob("*.json"))}
    sections = [
        _front_matter(record, config),
        f"# {config.run.name}\n\nA causal language model adapted to "
        f"{_domain(config, record)} text by continued pretraining with dapt.",
        _model_details(record, config),
        _uses(config, record),
        _risks(config, record, report),
        _training_details(record, config, report),
        _evaluation(record, evals),
        _how_to_use(),
    ]
    path = run.model / "README.md"
    write_text_atomic(path, "\n\n".join(sections) + "\n")
    return path


# ----------------------------------------------------------------------------------- sections
def _domain(config: RunConfig, record: dict) -> str:
    sources = record["data"]["sources"]
    domain = [s.name for s in config.sources if s.role == "domain" and s.name in sources]
    return ", ".join(domain) if domain else ", ".join(sources)


def _front_matter(record: dict, config: RunConfig) -> str:
    lines = ["---", "library_name: transformers", "pipeline_tag: text-generation", "tags:", "- dapt"]
    lines += [f"- {name}" for name in record["data"]["sources"]]
    base = record.get("base_model")
    if base and not Path(base).exists():  # a hub id; local paths mean nothing on the hub
        lines.append(f"base_model: {base}")
    return "\n".join([*lines, "---"])


def _model_details(record: dict, config: RunConfig) -> str:
    base = record.get("base_model") or "none: trained from scratch (model.architecture)"
    rows = [
        ("Architecture", record["model_type"]),
        ("Parameters", f"{record['parameters']:,}"),
        ("Base model", base),
        ("Tokenizer", record["tokenizer"]),
        ("Context length in training", record["seq_len"]),
        ("Tokens of continued pretraining", f"{record['tokens_seen']:,}"),
        ("Run", f"{config.run.name} ({record['run_dir']})"),
        ("W&B run id", record.get("wandb_id") or "tracking off"),
    ]
    return "## Model Details\n\n" + _table(("", ""), rows)


def _uses(config: RunConfig, record: dict) -> str:
    domain = _domain(config, record)
    return (
        "## Uses\n\n"
        f"**Direct use:** a base (not instruction-tuned) model for text in the {domain} domain: scoring and "
        "completing domain text, and as the starting point for fine-tuning on domain tasks.\n\n"
        "**Out of scope:** decisions about people, or advice (financial, legal, medical) acted on without "
        "expert review; chat or instruction following without further tuning; languages other than those "
        "the curation kept."
    )


def _risks(config: RunConfig, record: dict, report: dict | None) -> str:
    sources = record["data"]["sources"]
    general = sum(s["weight"] for n, s in sources.items() if _role(config, n) == "general")
    lines = [
        "## Bias, Risks, and Limitations\n",
        "- The training text is crawled web text. Filters lower but do not remove toxic, biased or personal "
        "content, and the model can reproduce it.",
        "- The model generates fluent text that can be false; its training measures fit to held-out text "
        "(perplexity), not factual accuracy or safety.",
    ]
    if any(_role(config, n) == "domain" for n in sources):
        lines.append(
            f"- General-text replay was {general:.0%} of the mix; continued pretraining on a narrow domain "
            "can degrade general abilities (catastrophic forgetting): compare the general perplexity below."
        )
    if report:
        for stage in report["stages"]:
            if stage["name"] in ("toxicity", "pii") and stage["dropped"]:
                dropped = sum(stage["dropped"].values())
                lines.append(f"- The {stage['name']} step of the curation dropped {dropped:,} documents.")
    return "\n".join(lines)


def _role(config: RunConfig, name: str) -> str | None:
    return next((s.role for s in config.sources if s.name == name), None)


def _training_details(record: dict, config: RunConfig, report: dict | None) -> str:
    parts = ["## Training Details", "### Training Data"]
    if report:
        rows = [
            (
                s["name"],
                f"{s['docs_in']:,}",
                f"{s['docs_out']:,}",
                f"{s['tokens_out']:,}",
                ", ".join(f"{k} {v:,}" for k, v in sorted(s["dropped"].items(), key=lambda kv: -kv[1])[:3]),
            )
            for s in report["stages"]
        ]
        parts.append(
            "Curation funnel (all sources, from `report.json`):\n\n"
            + _table(("stage", "docs in", "docs out", "tokens out", "top drop reasons"), rows)
        )
        if report.get("kept_token_fraction") is not None:
            parts.append(f"Kept token fraction: {report['kept_token_fraction']:.1%}.")
    else:
        parts.append("No curation report was found for these token shards.")
    sources = record["data"]["sources"]
    rows = [
        (name, f"{s['weight']:.1%}", f"{s['tokens']:,}", f"{s['heldout_tokens']:,}", len(s["shards"]))
        for name, s in sources.items()
    ]
    parts.append(
        "Mix (sampling weights; the held-out tokens are never trained on):\n\n"
        + _table(("source", "weight", "tokens", "held out", "shards"), rows)
    )
    train = config.train
    hyper = [
        ("steps", record["steps"]),
        ("sequence length", train.seq_len),
        (
            "batch (sequences per step)",
            train.micro_batch_size * train.grad_accum_steps * record["compute"]["processes"],
        ),
        (
            "optimizer",
            f"AdamW, betas {tuple(train.adam_betas)}, eps {train.adam_eps}, "
            f"weight decay {train.weight_decay}",
        ),
        ("learning rate", f"{train.lr} peak, {train.warmup_steps} warmup steps, cosine to {train.min_lr}"),
        ("gradient clipping", train.grad_clip),
        ("precision", record["compute"]["precision"]),
        ("seed", config.run.seed),
    ]
    parts.append("### Training Procedure\n\n" + _table(("hyperparameter", "value"), hyper))
    compute = record["compute"]
    rows = [
        ("device", f"{compute['processes']} x {compute['device']}"),
        ("training time", f"{compute['train_time_s']:.0f} s ({compute['device_hours']:.3f} device-hours)"),
        ("training compute", f"{compute['flops']:.3g} FLOPs (6N + attention, per token)"),
    ]
    parts.append("### Compute\n\n" + _table(("", ""), rows))
    return "\n\n".join(parts)


def _evaluation(record: dict, evals: dict[str, dict]) -> str:
    parts = ["## Evaluation", "Perplexity on each source's held-out tokens (lower is better)."]
    final = record.get("final_eval") or {}
    if final:
        parts.append(
            "At the end of training:\n\n"
            + _table(("source", "perplexity"), [(k, f"{v:.3f}") for k, v in final.items()])
        )
    final_bpb = record.get("final_bits_per_byte") or {}
    if final_bpb:
        sizes = record.get("eval_sets") or {}
        rows = [(k, f"{v:.4f}", f"{sizes.get(k, {}).get('bytes', '-'):,}") for k, v in final_bpb.items()]
        parts.append(
            "Bits per byte on held-out text (`eval.sets`; tokenizer-independent, lower is better) at the"
            " end of training:\n\n" + _table(("eval set", "bits per byte", "bytes"), rows)
        )
    bpb_evals = {label: e["bits_per_byte"] for label, e in evals.items() if e.get("bits_per_byte")}
    if bpb_evals:
        names = sorted({n for values in bpb_evals.values() for n in values})
        rows = [(label, *(_fmt(values.get(n)) for n in names)) for label, values in bpb_evals.items()]
        parts.append("`dapt eval` bits per byte (`eval/*.json`):\n\n" + _table(("evaluation", *names), rows))
    lm_evals = {label: e["lm_eval"] for label, e in evals.items() if e.get("lm_eval")}
    for label, tasks in lm_evals.items():
        rows = [
            (task, metric, _fmt(value))
            for task, metrics in tasks.items()
            for metric, value in metrics.items()
        ]
        parts.append(
            f"lm-evaluation-harness (`eval/{label}.json`):\n\n" + _table(("task", "metric", "value"), rows)
        )
    evals = {label: e for label, e in evals.items() if e.get("perplexity")}
    if evals:
        sources = sorted({s for e in evals.values() for s in e.get("perplexity", {})})
        rows = [
            (label, e.get("model", "?"), *(_fmt(e.get("perplexity", {}).get(s)) for s in sources))
            for label, e in evals.items()
        ]
        parts.append(
            "`dapt eval` results (`eval/*.json`):\n\n" + _table(("evaluation", "model", *sources), rows)
        )
    return "\n\n".join(parts)


def _how_to_use() -> str:
    return (
        "## How to Use\n\n```python\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\n\n"
        'tokenizer = AutoTokenizer.from_pretrained("path/to/model")\n'
        'model = AutoModelForCausalLM.from_pretrained("path/to/model")\n```'
    )


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(header: tuple, rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)

"""`dapt demo`: the whole lifecycle, offline, on the embedded demo corpus (demo/corpus).

curate both sources -> report -> pretrain a small base model on the general text
(configs/demo-base.yaml, standing in for a pretrained checkpoint) -> evaluate it -> continue
pretraining on the domain mix (configs/demo.yaml) -> evaluate again -> model card -> summary.json.
Both evaluations report perplexity per source and bits per byte on the held-out text (`eval.sets`).
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.config import RunConfig, base_run_config, load_config
from pipeline.errors import DaptError
from pipeline.logs import setup_logging
from pipeline.rundir import RunDir, write_json_atomic

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
CONFIGS = REPO / "configs"


def demo_configs(output_dir: Path) -> tuple[RunConfig, RunConfig]:
    """The continued-pretraining run config and the run that pretrains its base, under `output_dir`."""
    main = load_config(CONFIGS / "demo.yaml", [f"run.output_dir={output_dir.resolve()}"])
    return main, base_run_config(main)


def run_demo(output_dir: str | Path = "runs/demo", force: bool = False, quiet: bool = False) -> dict:
    """Run the demo end to end; print and return the summary (also written to summary.json)."""
    from pipeline.curate import run_curate
    from pipeline.evalsets import load_eval_sets
    from pipeline.evaluate import run_eval
    from pipeline.modelcard import write_model_card
    from pipeline.train import launch_training

    if not (REPO / "demo" / "corpus").is_dir():
        raise DaptError(
            f"the demo corpus is missing: {REPO / 'demo' / 'corpus'} (run python demo/build_corpus.py)"
        )
    started = time.time()
    main, base = demo_configs(Path(output_dir))
    rundir, base_dir = RunDir(main.run.output_dir), RunDir(base.run.output_dir)
    setup_logging(rundir.root, quiet=quiet)
    if force:
        for stage in ("curate", "train", "eval"):
            rundir.clear_done(stage)
            base_dir.clear_done(stage)

    log.info("1/5 curating the demo corpus -> %s", rundir.root)
    run_curate(main, force=force)
    token_dirs = [rundir.tokens_source(source.name) for source in main.sources]

    log.info("2/5 pretraining the base model on general text -> %s", base_dir.root)
    launch_training(base, force=force)

    texts = load_eval_sets(main)

    log.info("3/5 evaluating the base model (before)")
    before = run_eval(
        base_dir.model,
        token_dirs,
        max_tokens=main.train.eval_tokens,
        out=str(rundir.eval / "before.json"),
        texts=texts,
    )

    log.info("4/5 continued pretraining on the domain mix %s", main.train.mix)
    launch_training(main, force=force)

    log.info("5/5 evaluating the adapted model (after)")
    after = run_eval(
        rundir.model,
        token_dirs,
        max_tokens=main.train.eval_tokens,
        out=str(rundir.eval / "after.json"),
        texts=texts,
    )
    write_model_card(rundir.root, main)

    summary = _summary(rundir, base_dir, before, after, time.time() - started)
    write_json_atomic(rundir.summary, summary)
    _print_summary(summary)
    return summary


def _summary(rundir: RunDir, base_dir: RunDir, before: dict, after: dict, seconds: float) -> dict:
    report = json.loads(rundir.report_json.read_text())
    funnel = [
        {k: stage[k] for k in ("name", "docs_in", "docs_out", "tokens_in", "tokens_out", "dropped")}
        for stage in report["stages"]
    ]
    return {
        "funnel": funnel,
        "kept_token_fraction": report.get("kept_token_fraction"),
        "perplexity": {
            source: {"before": before["perplexity"][source], "after": after["perplexity"][source]}
            for source in before["perplexity"]
        },
        "bits_per_byte": {
            name: {
                "role": metrics["role"],
                "bytes": metrics["bytes"],
                "before": metrics["bits_per_byte"],
                "after": after["eval_sets"][name]["bits_per_byte"],
            }
            for name, metrics in before["eval_sets"].items()
        },
        "artifacts": {
            "run_dir": str(rundir.root),
            "curated": str(rundir.curated),
            "rejected": str(rundir.rejected),
            "tokens": str(rundir.tokens),
            "tokenizer": str(rundir.tokenizer),
            "report_html": str(rundir.report_html),
            "report_json": str(rundir.report_json),
            "base_model": str(base_dir.model),
            "checkpoints": str(rundir.checkpoints),
            "metrics": str(rundir.metrics),
            "model": str(rundir.model),
            "model_card": str(rundir.model / "README.md"),
            "summary": str(rundir.summary),
        },
        "wall_time_s": round(seconds, 1),
    }


def _print_summary(summary: dict) -> None:
    console = Console()
    funnel = Table(title="Data funnel (all sources)")
    for column in ("stage", "docs in", "docs out", "kept %", "tokens out", "top drop reason"):
        funnel.add_column(column, justify="left" if column in ("stage", "top drop reason") else "right")
    for stage in summary["funnel"]:
        kept = 100 * stage["docs_out"] / stage["docs_in"] if stage["docs_in"] else 100.0
        reasons = sorted(stage["dropped"].items(), key=lambda kv: -kv[1])
        top = f"{reasons[0][0]} ({reasons[0][1]})" if reasons else ""
        funnel.add_row(
            stage["name"],
            str(stage["docs_in"]),
            str(stage["docs_out"]),
            f"{kept:.0f}",
            f"{stage['tokens_out']:,}",
            top,
        )
    console.print(funnel)
    if summary.get("kept_token_fraction") is not None:
        console.print(f"kept token fraction: {summary['kept_token_fraction']:.1%}")

    ppl = Table(title="Perplexity on held-out text")
    for column in ("source", "before (base)", "after (adapted)", "change"):
        ppl.add_column(column, justify="left" if column == "source" else "right")
    for source, values in summary["perplexity"].items():
        change = values["after"] / values["before"] - 1
        ppl.add_row(source, f"{values['before']:.2f}", f"{values['after']:.2f}", f"{change:+.1%}")
    console.print(ppl)

    bpb = Table(title="Bits per byte on held-out text (tokenizer-independent; lower is better)")
    for column in ("eval set", "role", "bytes", "before (base)", "after (adapted)", "change"):
        bpb.add_column(column, justify="left" if column in ("eval set", "role") else "right")
    for name, values in summary["bits_per_byte"].items():
        change = values["after"] / values["before"] - 1
        bpb.add_row(
            name,
            values["role"],
            f"{values['bytes']:,}",
            f"{values['before']:.3f}",
            f"{values['after']:.3f}",
            f"{change:+.1%}",
        )
    console.print(bpb)

    artifacts = Table(title=f"Artifacts ({summary['wall_time_s']:.0f} s)", show_header=False)
    for name, path in summary["artifacts"].items():
        artifacts.add_row(name, escape(path))  # a user's output directory: not rich markup
    console.print(artifacts)

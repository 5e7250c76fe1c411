"""`dapt eval MODEL --lm-eval TASKS`: lm-evaluation-harness (lm-eval 0.4) on an exported model,
through its Python API (`simple_evaluate`) and its Hugging Face model wrapper (`HFLM`).

Standard tasks (hellaswag, arc_easy, ...) need their datasets from the hub. Offline, a task is a
YAML file in a folder given with `--lm-eval-include DIR` (lm-eval's own task format), whose local
data files are named relative to that folder, e.g.

    task: fin-sentiment
    dataset_path: json
    dataset_kwargs: {data_files: {test: fin_sentiment.jsonl}}

(lm-eval resolves data files against the working directory; the evaluation runs in DIR so that a
task folder can be moved as a whole.) Results go to `<out>` (default: `<run>/eval/lm-eval.json` for
a model trained by dapt, whose model card is then rewritten with them).
"""

from __future__ import annotations

import contextlib
import logging
import os
from importlib import metadata
from pathlib import Path

from pipeline.errors import DaptError
from pipeline.rundir import write_json_atomic

log = logging.getLogger(__name__)


def run_lm_eval(
    model_dir: Path,
    tasks: list[str],
    include: Path | None = None,
    out: Path | None = None,
    limit: int | None = None,
    batch_size: int = 8,
    offline: bool = True,
) -> dict:
    """Evaluate `model_dir` on lm-eval `tasks`; write and return {task: {metric: value}} with context."""
    model_dir = Path(model_dir).resolve()
    if not (model_dir / "config.json").is_file():
        raise DaptError(f"{model_dir}: not a model directory (no config.json)")
    if include is not None and not Path(include).is_dir():
        raise DaptError(f"--lm-eval-include {include}: not a folder of task YAML files")
    if offline:
        for name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
            os.environ.setdefault(name, "1")
    import lm_eval
    import torch
    from lm_eval.models.huggingface import HFLM
    from lm_eval.tasks import TaskManager

    manager = TaskManager(include_path=str(Path(include).resolve()) if include else None)
    unknown = [task for task in tasks if not manager.match_tasks([task])]
    if unknown:
        where = f" or in {include}" if include else " (local tasks: --lm-eval-include DIR)"
        raise DaptError(f"lm-eval has no task {unknown} among its tasks{where}")
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = HFLM(pretrained=str(model_dir), device=device, batch_size=batch_size, dtype="float32")
    with contextlib.chdir(include) if include else contextlib.nullcontext():
        output = lm_eval.simple_evaluate(
            model=model, tasks=tasks, task_manager=manager, limit=limit, log_samples=False
        )
    results = {
        task: {k: v for k, v in metrics.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        for task, metrics in output["results"].items()
    }
    record = {
        "model": str(model_dir),
        "lm_eval": results,
        "tasks": tasks,
        "include": str(include) if include else None,
        "limit": limit,
        "n_samples": output.get("n-samples"),
        "versions": {"lm_eval": metadata.version("lm_eval")},
    }
    trained_by_dapt = (model_dir / "dapt_training.json").is_file()
    out = out or (model_dir.parent / "eval" / "lm-eval.json" if trained_by_dapt else None)
    if out:
        write_json_atomic(out, record)
        log.info("wrote %s", out)
    if trained_by_dapt and Path(out).parent == model_dir.parent / "eval":
        from pipeline.modelcard import write_model_card

        write_model_card(model_dir.parent)
    _print_table(model_dir, results)
    return record


def _print_table(model_dir: Path, results: dict[str, dict[str, float]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"lm-evaluation-harness: {model_dir}")
    for column in ("task", "metric", "value"):
        table.add_column(column, justify="right" if column == "value" else "left")
    for task, metrics in results.items():
        for metric, value in metrics.items():
            table.add_row(task, metric, f"{value:.4f}")
    Console().print(table)

"""Where training metrics go (rank 0 only): `<run>/metrics.jsonl` and Weights & Biases.

Every record is one JSON line `{"step": N, "<group>/<name>": value, ...}` and the same keys in W&B:

    train/loss, train/lr, train/grad_norm, train/tokens_per_s, train/tokens_seen, train/mfu (null
    when the device's peak is unknown), train/memory_gb          every train.log_every steps
    eval/ppl/<source>, eval/loss/<source>                        every train.eval_every steps
    eval/bpb/<eval set>  (bits per byte on held-out text)        every train.eval_every steps

W&B is offline by default (`tracking.wandb.mode`; WANDB_MODE in the environment wins); its run
id is kept in the checkpoints, so a resumed run continues the same W&B run. The resolved config
and the data manifest (shards with fingerprints, the curation report's summary) are the run's
W&B config. On resume, metrics.jsonl drops the records after the checkpoint's step, so that it
reads as one uninterrupted run.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from pipeline.config import RunConfig
from pipeline.rundir import RunDir, write_text_atomic

log = logging.getLogger(__name__)


class Tracker:
    """metrics.jsonl and W&B of one run; a no-op on ranks other than 0."""

    def __init__(
        self, config: RunConfig, resume_step: int, wandb_id: str | None, manifest: dict, enabled: bool
    ):
        self.enabled = enabled
        self.wandb_id = wandb_id
        self.run = None
        if not enabled:
            return
        rundir = RunDir(config.run.output_dir)
        self.path = rundir.metrics
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _keep_until(self.path, resume_step)
        settings = config.tracking.wandb
        mode = os.environ.get("WANDB_MODE") or settings.mode
        if mode == "disabled":
            return
        import wandb

        self.run = wandb.init(
            project=settings.project,
            entity=settings.entity,
            name=settings.name or config.run.name,
            tags=settings.tags,
            id=wandb_id,
            resume="allow",
            group=config.run.name,
            mode=mode,
            dir=str(rundir.root),
            config={"run_config": config.model_dump(mode="json"), "data": manifest},
            settings=wandb.Settings(console="off", silent=True),
        )
        self.wandb_id = self.run.id
        log.info("W&B run %s (%s): %s", self.wandb_id, mode, self.run.dir)

    def log(self, step: int, metrics: dict[str, Any]) -> None:
        if not self.enabled:
            return
        with self.path.open("a") as f:
            f.write(json.dumps({"step": step, **metrics}) + "\n")
        if self.run is not None:
            self.run.log(metrics, step=step)

    def finish(self) -> None:
        if self.run is not None:
            self.run.finish()
            self.run = None


def _keep_until(path: Path, step: int) -> None:
    """Drop the records of steps after `step` (all of them when starting from step 0)."""
    if not path.exists():
        return
    kept = [
        line for line in path.read_text().splitlines() if line.strip() and json.loads(line)["step"] <= step
    ]
    write_text_atomic(path, "".join(f"{line}\n" for line in kept) if step else "")

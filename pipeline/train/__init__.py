"""Continued pretraining (or pretraining) of a causal LM on the run's token shards, with Accelerate.

`launch_training` is the one entry point: in this process for one process, else through
`accelerate launch` running `python -m pipeline.train` in each (see loop.py for the loop itself).

    data.py        token shards -> held-out tokens, mixed and packed training batches
    model.py       tokenizer and model (pretrained or from a config), FLOPs, device peak, export
    schedule.py    warmup + cosine learning rate
    checkpoint.py  atomic, pickle-free checkpoints; preemption (exit code 75)
    tracking.py    metrics.jsonl and W&B
    loop.py        the training loop
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from pipeline.config import RunConfig
from pipeline.errors import DaptError
from pipeline.rundir import RunDir, write_text_atomic
from pipeline.train.checkpoint import INTERRUPTED_EXIT_CODE, PREEMPTED_EXIT_CODE, was_preempted

log = logging.getLogger(__name__)

__all__ = ["PREEMPTED_EXIT_CODE", "launch_training"]


def launch_training(config: RunConfig, force: bool = False, nproc: int = 1) -> None:
    """Train the run's model on `nproc` processes of this machine (GPUs, or CPU processes with gloo).

    One process runs here; more, or any `train.accelerate_config` (FSDP), run under `accelerate
    launch`. Skips a finished run unless `force`, or its settings changed: a raised train.max_steps
    goes on training it, other changes are refused (pipeline.train.loop.finished_run_goes_on).
    Exits with PREEMPTED_EXIT_CODE (SystemExit) when the run was stopped by SIGUSR1/SIGTERM after
    saving a checkpoint, INTERRUPTED_EXIT_CODE when by SIGINT (Ctrl-C): the same command resumes it.
    """
    from pipeline.estimate import preflight
    from pipeline.train.loop import Preempted, finished_run_goes_on, train

    run = RunDir(config.run.output_dir)
    if run.is_done("train") and not force and not finished_run_goes_on(config, run):
        log.info("train is already done: %s (--force to run it again)", run.model)
        return
    preflight(config, force=force)
    write_text_atomic(run.config, config.to_yaml())
    if nproc <= 1 and config.train.accelerate_config is None:
        try:
            train(config, force=force)
        except Preempted as exc:
            log.warning("%s", exc)
            raise SystemExit(exc.exit_code) from None
        return
    _accelerate_launch(run, nproc, force, config.train.accelerate_config)


def _accelerate_launch(run: RunDir, nproc: int, force: bool, accelerate_config: Path | None) -> None:
    """Run `accelerate launch ... -m pipeline.train <run>/config.yaml`; forward SIGTERM/SIGUSR1 (as
    SIGTERM) and SIGINT to it. It runs in a process group of its own, so that Ctrl-C reaches it once,
    through here (the launcher passes it on to the workers; two would cut their checkpoint short)."""
    command = [sys.executable, "-m", "accelerate.commands.launch"]
    command += ["--config_file", str(accelerate_config)] if accelerate_config else ["--multi_gpu"]
    command += [
        "--num_processes",
        str(nproc),
        "--num_machines",
        "1",
        "--main_process_port",
        str(_free_port()),
    ]
    command += ["-m", "pipeline.train", str(run.config), *(["--force"] if force else [])]
    env = {
        **os.environ,
        "DAPT_PREFLIGHT_DONE": "1",
        # the launcher gives workers this long to save their preemption checkpoint after SIGTERM
        "TORCH_ELASTIC_SHUTDOWN_TIMEOUT": os.environ.get("TORCH_ELASTIC_SHUTDOWN_TIMEOUT", "600"),
    }
    log.info("launching %d processes: %s", nproc, " ".join(command))
    started = time.time()
    process = subprocess.Popen(command, env=env, process_group=0)
    interrupted = False

    def forward(signum, frame):  # the launcher passes SIGTERM and SIGINT on, not SIGUSR1
        nonlocal interrupted
        log.warning(
            "%s received: asking the training processes to checkpoint and stop", signal.Signals(signum).name
        )
        interrupted = interrupted or signum == signal.SIGINT
        process.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)

    signals = (signal.SIGTERM, signal.SIGUSR1, signal.SIGINT)
    previous = {sig: signal.signal(sig, forward) for sig in signals}
    try:
        returncode = process.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if returncode == 0:
        return
    if was_preempted(run.checkpoints, since=started):
        raise SystemExit(INTERRUPTED_EXIT_CODE if interrupted else PREEMPTED_EXIT_CODE)
    raise DaptError(f"training failed under accelerate launch (exit code {returncode}); its error is above")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

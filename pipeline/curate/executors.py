"""Run one curation stage with datatrove's local or SLURM executor, and wait until it is complete.

Local workers are forked (not datatrove's default forkserver): they start in milliseconds with
the driver's imports instead of importing everything again (a stage of small steps took ~2 s).

Forked processes (datatrove's pool workers and its multiprocessing manager) die with the process
that forked them: multiprocessing leaves them running under PID 1 when `dapt curate` is SIGKILLed.

Both skip the tasks a previous (killed) run completed: datatrove marks each finished task in
`<logging dir>/completions/`, and a task that did not finish is redone from the start.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor, SlurmPipelineExecutor

from pipeline.config import RunConfig
from pipeline.curate.stages import Stage
from pipeline.errors import DaptError
from pipeline.logs import quiet_datatrove_tasks
from pipeline.rundir import RunDir
from pipeline.slurm import datatrove_executor_options, run_datatrove_on_slurm

log = logging.getLogger(__name__)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_forking_pid = 0  # in a forked child: the PID of the process that forked it
_dying_with_parent = False


def _note_forking_pid() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


def _die_with_parent() -> None:
    """In a forked child: SIGKILL when its parent ends. The kernel sends it when the thread that
    forked ends: datatrove forks its manager and pool workers from the main thread."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != _forking_pid:  # the parent died before the signal was armed
        os._exit(1)


def children_die_with_parent() -> None:
    """From now on every process this one forks (os.fork, multiprocessing) dies with it (Linux)."""
    global _dying_with_parent
    if sys.platform.startswith("linux") and not _dying_with_parent:
        os.register_at_fork(before=_note_forking_pid, after_in_child=_die_with_parent)
        _dying_with_parent = True


def stage_logs(rundir: RunDir, stage: Stage) -> Path:
    return rundir.curate_logs(stage.source, stage.name)


def completed_tasks(logging_dir: Path) -> int:
    folder = logging_dir / "completions"
    return sum(1 for _ in folder.iterdir()) if folder.is_dir() else 0


def run_stage(config: RunConfig, rundir: RunDir, stage: Stage) -> None:
    """Run the stage's incomplete tasks; return when all its tasks are complete."""
    logging_dir = stage_logs(rundir, stage)
    done = completed_tasks(logging_dir)
    if done >= stage.tasks:
        log.info("%s/%s: all %d tasks already complete", stage.source, stage.name, stage.tasks)
        return
    log.info("%s/%s: running %d of %d tasks", stage.source, stage.name, stage.tasks - done, stage.tasks)
    quiet_datatrove_tasks()
    if config.curate.executor.kind == "slurm":
        _run_slurm(config, stage, logging_dir)
    else:
        workers = min(config.curate.executor.workers, stage.tasks)
        children_die_with_parent()
        executor = LocalPipelineExecutor(
            stage.pipeline,
            tasks=stage.tasks,
            workers=workers,
            logging_dir=str(logging_dir),
            start_method="fork",
        )
        executor.run()
    if completed_tasks(logging_dir) < stage.tasks:
        raise DaptError(f"{stage.source}/{stage.name}: tasks failed; see the logs in {logging_dir}")


def _run_slurm(config: RunConfig, stage: Stage, logging_dir: Path) -> None:
    """Submit the stage as a job array (requeued on preemption: SLURM sends SIGUSR1 a little
    before the time limit, datatrove requeues the task) and wait until its tasks have ended."""
    executor = SlurmPipelineExecutor(
        stage.pipeline,
        tasks=stage.tasks,
        cpus_per_task=config.slurm.cpus_per_task,
        logging_dir=str(logging_dir),
        slurm_logs_folder=str(logging_dir / "slurm"),
        skip_completed=True,
        **datatrove_executor_options(config, f"{stage.source}-{stage.name}"),
    )
    run_datatrove_on_slurm(executor)

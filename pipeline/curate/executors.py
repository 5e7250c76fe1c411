"""Run one curation stage with datatrove's local or SLURM executor, and wait until it is complete.

Local workers are forked (not datatrove's default forkserver): they start in milliseconds with
the driver's imports instead of importing everything again (a stage of small steps took ~2 s).

Both skip the tasks a previous (killed) run completed: datatrove marks each finished task in
`<logging dir>/completions/`, and a task that did not finish is redone from the start.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor, SlurmPipelineExecutor

from pipeline.config import RunConfig
from pipeline.curate.stages import Stage
from pipeline.errors import DaptError
from pipeline.rundir import RunDir
from pipeline.slurm import default_partition

log = logging.getLogger(__name__)

SLURM_POLL_S = 10
REQUEUE_SIGNAL = "SIGUSR1"


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
    if config.curate.executor.kind == "slurm":
        _run_slurm(config, rundir, stage, logging_dir)
    else:
        workers = min(config.curate.executor.workers, stage.tasks)
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


def _run_slurm(config: RunConfig, rundir: RunDir, stage: Stage, logging_dir: Path) -> None:
    """Submit the stage as a job array (requeued on preemption: SLURM sends SIGUSR1 a little
    before the time limit, datatrove requeues the task) and wait for it to leave the queue."""
    slurm = config.slurm
    partition = slurm.partition or default_partition()
    sbatch_args = {"signal": f"{REQUEUE_SIGNAL.removeprefix('SIG')}@{slurm.signal_before_end_s}"}
    if slurm.account:
        sbatch_args["account"] = slurm.account
    executor = SlurmPipelineExecutor(
        stage.pipeline,
        tasks=stage.tasks,
        time=slurm.time,
        partition=partition,
        cpus_per_task=slurm.cpus_per_task,
        job_name=f"dapt-{config.run.name}-{stage.source}-{stage.name}",
        qos=slurm.qos or "",
        env_command="\n".join(slurm.setup) or f"source {Path(sys.prefix) / 'bin' / 'activate'}",
        sbatch_args=sbatch_args,
        requeue_signals=(REQUEUE_SIGNAL,),
        logging_dir=str(logging_dir),
        slurm_logs_folder=str(logging_dir / "slurm"),
        skip_completed=True,
    )
    executor.run()
    job_id = executor.job_id
    if job_id in (None, -1):
        return
    log.info("%s/%s: SLURM job %s submitted; waiting", stage.source, stage.name, job_id)
    while _in_queue(str(job_id)):
        time.sleep(SLURM_POLL_S)


def _in_queue(job_id: str) -> bool:
    result = subprocess.run(["squeue", "-h", "-j", job_id, "-o", "%i"], capture_output=True, text=True)
    return result.returncode == 0 and bool(result.stdout.strip())

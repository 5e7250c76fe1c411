"""SLURM batch jobs for a run: render slurm/*.sbatch from the run config, submit them chained with
`--dependency=afterok`, and report their states, restarts and the latest checkpoint.

    <output_dir>/slurm/config.yaml          the run config, frozen at render time (a requeued job
                                            must not pick up later edits of the YAML file)
    <output_dir>/slurm/<stage>.sbatch       the rendered batch scripts (curate, [base,] train, eval;
                                            ablate, a job array of the variants, and ablate-gather)
    <output_dir>/slurm/jobs.json            the last job submitted for each stage (`dapt slurm status`)
    <output_dir>/slurm/logs/<job>-<id>.out  their output (appended to across requeues)

The templates in the repository's slurm/ folder are plain sbatch files; their `{{name}}` fields are
filled in with string.Template. Curation on SLURM goes through datatrove's SlurmPipelineExecutor:
`datatrove_executor_options` and `run_datatrove_on_slurm` fill the gaps it leaves (no `--signal`
option for its requeue handler; it returns right after submitting its arrays).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import logging
import os
import re
import shlex
import shutil
import string
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.config import CONTROL_CHARS, RunConfig, SlurmConfig, SlurmJob, base_run_config, load_config
from pipeline.errors import DaptError
from pipeline.rundir import RunDir, write_json_atomic, write_text_atomic

if TYPE_CHECKING:
    from datatrove.executor.slurm import SlurmPipelineExecutor

log = logging.getLogger(__name__)

STAGES = ("curate", "base", "train", "eval", "ablate", "ablate-gather")
# base: pretrain the base model (model.base_config); ablate: `dapt ablate`'s variants as a job array,
# then ablate-gather (always with it); `all` is the training run, without the ablation
ALL_STAGES = ("curate", "base", "train", "eval")
TEMPLATES = Path(__file__).resolve().parent.parent / "slurm"
# job states after which a job will not run again (scontrol / sacct spelling)
FINAL_STATES = {
    "COMPLETED",
    "FAILED",
    "CANCELLED",
    "TIMEOUT",
    "NODE_FAIL",
    "OUT_OF_MEMORY",
    "BOOT_FAIL",
    "DEADLINE",
}


class SbatchTemplate(string.Template):
    """`{{name}}` fields; the shell's own `$VAR` and `${VAR}` pass through untouched."""

    delimiter = "{{"
    pattern = r"\{\{(?:(?P<escaped>(?!))|(?P<named>[a-z_]+)\}\}|(?P<braced>(?!))|(?P<invalid>))"


def slurm_dir(run_dir: str | Path) -> Path:
    return RunDir(run_dir).root / "slurm"


def parse_stages(text: str, config: RunConfig) -> list[str]:
    """`all`, one stage, or a comma-separated list of stages, returned in pipeline order. `base` is
    a stage only for runs whose base model is pretrained first (model.base_config)."""
    has_base = base_run_config(config) is not None
    known = [s for s in STAGES if (s != "base" or has_base) and s != "ablate-gather"]
    names = [s for s in known if s in ALL_STAGES] if text == "all" else [s.strip() for s in text.split(",")]
    names = [s for s in names if s]
    unknown = [s for s in names if s not in known]
    if unknown or not names:
        raise DaptError(
            f"--stage {text!r}: expected all, or one or more of {', '.join(known)} (comma-separated)"
            + ("" if has_base else "; `base` needs model.base_config")
        )
    return [s for s in STAGES if s in names or (s == "ablate-gather" and "ablate" in names)]


# ----------------------------------------------------------------------------------- rendering
def _extra_options(slurm: SlurmConfig) -> list[str]:
    """`slurm.extra_sbatch` as bare options (`--exclusive`); a leading `#SBATCH` is accepted."""
    options = []
    for i, line in enumerate(slurm.extra_sbatch):
        option = re.sub(r"^#SBATCH\s+", "", line.strip())
        if not option.startswith("-"):
            raise DaptError(f"slurm.extra_sbatch.{i}: {line!r} is not an sbatch option (e.g. --exclusive)")
        options.append(option)
    return options


def _gpus(slurm: SlurmConfig, count: int) -> str:
    return f"{slurm.gpu_type}:{count}" if slurm.gpu_type else str(count)


def stage_job(slurm: SlurmConfig, stage: str) -> SlurmJob:
    """A stage's time limit, memory and CPUs; the base model's job is a training job."""
    if stage in ("curate", "eval"):
        return getattr(slurm, stage)
    return SlurmJob(time=slurm.time, mem=slurm.mem, cpus_per_task=slurm.cpus_per_task)


def sbatch_options(slurm: SlurmConfig, stage: str) -> list[str]:
    """The `#SBATCH` lines a stage takes from the config (nodes and CPUs are in the templates)."""
    options = []
    one = min(1, slurm.gpus_per_node)
    gpus = {"curate": 0, "ablate-gather": 0, "base": slurm.gpus_per_node, "train": slurm.gpus_per_node}.get(
        stage, one
    )
    if gpus:
        options.append(f"--gpus-per-node={_gpus(slurm, gpus)}")
    job = stage_job(slurm, stage)
    settings = {"time": job.time, "mem": job.mem}
    for name in ("partition", "account", "qos", "time", "mem", "constraint"):
        value = settings[name] if name in settings else getattr(slurm, name)
        if value is not None:
            options.append(f"--{name}={value}")
    options += _extra_options(slurm)
    return [f"#SBATCH {option}" for option in options]


def setup_lines(slurm: SlurmConfig) -> str:
    """`slurm.setup`, or by default the activation of the Python environment dapt runs from."""
    if slurm.setup:
        return "\n".join(slurm.setup)
    bindir = Path(sys.executable).parent
    if (bindir / "activate").is_file():
        return f"source {shlex.quote(str(bindir / 'activate'))}"
    return f'export PATH={shlex.quote(str(bindir))}:"$PATH"'


def render_stage(
    config: RunConfig, stage: str, config_path: Path, log_dir: Path | None = None, template: str | None = None
) -> str:
    """One batch script as text (`template`: the slurm/ file, default the stage's own)."""
    slurm = config.slurm
    run = RunDir(config.run.output_dir)
    log_dir = log_dir or slurm_dir(run.root) / "logs"
    for what, path in (("run.output_dir", log_dir), ("the current directory", Path.cwd())):
        if CONTROL_CHARS.search(str(path)):
            raise DaptError(
                f"{what} {str(path)!r} holds a newline or another control character:"
                " no #SBATCH line can hold it"
            )
    fields: dict[str, Any] = {
        "job_name": f"dapt-{config.run.name}-{stage}",
        "sbatch_options": "\n".join(sbatch_options(slurm, stage)),
        "log_dir": shlex.quote(str(log_dir)),
        "workdir": shlex.quote(str(Path.cwd())),  # where the config's relative paths were meant
        "config": shlex.quote(str(config_path)),
        "setup": setup_lines(slurm),
        "signal_before_end_s": slurm.signal_before_end_s,
        "cpus_per_task": stage_job(slurm, stage).cpus_per_task or slurm.cpus_per_task,
    }
    if stage == "curate" and slurm.curate.cpus_per_task is None:
        executor = config.curate.executor
        # the local executor runs its workers on this job's CPUs; the SLURM one only waits for its arrays
        fields["cpus_per_task"] = executor.workers if executor.kind == "local" else 1
    elif stage in ("base", "train"):
        fields["nodes"] = slurm.nodes
        fields["processes_per_node"] = slurm.processes_per_node or max(1, slurm.gpus_per_node)
        accelerate = config.train.accelerate_config
        fields["accelerate_config"] = shlex.quote(str(accelerate)) if accelerate else "''"
        from pipeline.train.checkpoint import PREEMPTED_EXIT_CODE

        fields["preempted_exit_code"] = PREEMPTED_EXIT_CODE
    elif stage == "ablate":
        from pipeline.ablate import ablation_variants
        from pipeline.train.checkpoint import PREEMPTED_EXIT_CODE

        variants = [v.name for v in ablation_variants(config)]
        fields["variants"] = " ".join(shlex.quote(v) for v in variants)
        fields["last_task"] = len(variants) - 1
        fields["preempted_exit_code"] = PREEMPTED_EXIT_CODE
    elif stage == "ablate-gather":
        fields["run_dir"] = shlex.quote(str(run.root))
    elif stage == "eval":
        tokens = Path(config.train.tokens_dir or run.tokens)
        fields["run_dir"] = shlex.quote(str(run.root))
        fields["token_dirs"] = " ".join(shlex.quote(str(tokens / source.name)) for source in config.sources)
        fields["max_tokens"] = config.train.eval_tokens
    text = SbatchTemplate((TEMPLATES / f"{template or stage}.sbatch").read_text())
    return text.substitute(fields)


def render(config: RunConfig, stages: list[str]) -> dict[str, Path]:
    """Freeze the config into <run>/slurm/config.yaml and write one batch script per stage."""
    folder = slurm_dir(config.run.output_dir)
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    config_path = folder / "config.yaml"
    write_text_atomic(config_path, config.to_yaml())
    scripts = {}
    for stage in stages:
        scripts[stage] = folder / f"{stage}.sbatch"
        if stage == "base":  # the base run's training job, its config frozen beside ours
            base = base_run_config(config)
            base_path = folder / "base-config.yaml"
            write_text_atomic(base_path, base.to_yaml())
            text = render_stage(base, "base", base_path, log_dir=folder / "logs", template="train")
        else:
            text = render_stage(config, stage, config_path)
        write_text_atomic(scripts[stage], text)
        scripts[stage].chmod(0o755)
    return scripts


# ----------------------------------------------------------------------------------- SLURM commands
def _slurm_command(args: list[str]) -> subprocess.CompletedProcess:
    """Run a SLURM client command; a DaptError when it is missing or fails."""
    if shutil.which(args[0]) is None:
        raise DaptError(
            f"`{args[0]}` not found: run this on a SLURM login node (or start one: scripts/slurm-local up)"
        )
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        raise DaptError(f"`{shlex.join(args)}` failed: {(result.stderr or result.stdout).strip()}")
    return result


def default_partition() -> str:
    """The cluster's default partition (marked `*` by sinfo)."""
    names = _slurm_command(["sinfo", "-h", "-o", "%P"]).stdout.split()
    for name in names:
        if name.endswith("*"):
            return name[:-1]
    if names:
        return names[0]
    raise DaptError("sinfo lists no partition: set slurm.partition")


def sbatch(script: Path, dependency: str | None = None) -> str:
    """Submit one script; return its job id."""
    args = ["sbatch", "--parsable"]
    if dependency:
        args.append(f"--dependency={dependency}")
    result = _slurm_command([*args, str(script)])
    return result.stdout.strip().split(";")[0]


def submit(
    config: RunConfig, stages: list[str], dry_run: bool = False, force: bool = False, after: str | None = None
) -> list[dict]:
    """Render and submit the stages, each `afterok` on the one before (the first on the jobs `after`
    names, colon-separated, if any); record them in jobs.json.

    With `dry_run` the scripts are rendered and the sbatch commands returned, but nothing is submitted.
    """
    if "train" in stages:
        from pipeline.estimate import preflight

        preflight(config, force)
    if "base" in stages:
        from pipeline.estimate import preflight

        preflight(base_run_config(config), force)
    scripts = render(config, stages)
    jobs: list[dict] = []
    previous = after
    for stage in stages:
        dependency = f"afterok:{previous}" if previous else None
        job = {"stage": stage, "script": str(scripts[stage]), "dependency": dependency}
        if dry_run:
            command = [
                "sbatch",
                "--parsable",
                *([f"--dependency={dependency}"] if dependency else []),
                str(scripts[stage]),
            ]
            job["command"] = shlex.join(command)
            previous = f"<{stage} job id>"
        else:
            try:
                job["job_id"] = previous = sbatch(scripts[stage], dependency)
            except DaptError:
                _cancel([j["job_id"] for j in jobs])  # no half-submitted chain
                raise
        jobs.append(job)
    if not dry_run:
        _record(config.run.output_dir, jobs)
    return jobs


def _record(run_dir: Path, jobs: list[dict]) -> None:
    """Note the submitted jobs in jobs.json, replacing earlier jobs of the same stages."""
    path = slurm_dir(run_dir) / "jobs.json"
    submitted_at = time.strftime("%Y-%m-%dT%H:%M:%S")
    earlier = json.loads(path.read_text())["jobs"] if path.is_file() else []
    by_stage = {job["stage"]: job for job in earlier} | {
        job["stage"]: {**job, "submitted_at": submitted_at} for job in jobs
    }
    write_json_atomic(path, {"jobs": [by_stage[stage] for stage in STAGES if stage in by_stage]})


def _cancel(job_ids: list[str]) -> None:
    if job_ids:
        subprocess.run(["scancel", *job_ids], capture_output=True)


# ----------------------------------------------------------------------------------- job states
def _fields(text: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+)=(\S*)", text))


def job_info(job_id: str) -> dict[str, str] | None:
    """State, reason, restarts, exit code and log of a job: from slurmctld, else from accounting
    (sacct; slurmctld forgets a finished job after MinJobAge), else None."""
    result = subprocess.run(["scontrol", "show", "job", "-o", job_id], capture_output=True, text=True)
    if result.returncode == 0 and result.stdout.strip():
        f = _fields(result.stdout.splitlines()[0])
        return {
            "state": f.get("JobState", "?"),
            "reason": f.get("Reason", "None"),
            "restarts": f.get("Restarts", "0"),
            "exit_code": f.get("ExitCode", ""),
            "log": f.get("StdOut", ""),
        }
    if shutil.which("sacct"):
        result = subprocess.run(
            ["sacct", "-j", job_id, "-X", "-n", "-P", "-o", "State,ExitCode"], capture_output=True, text=True
        )
        lines = result.stdout.strip().splitlines() if result.returncode == 0 else []
        if lines:
            state, exit_code = lines[0].split("|")
            return {
                "state": state.split()[0],
                "reason": "None",
                "restarts": "?",
                "exit_code": exit_code,
                "log": "",
            }
    return None


def latest_checkpoint(run_dir: str | Path) -> Path | None:
    """The newest complete training checkpoint of a run."""
    from pipeline.train.checkpoint import complete_checkpoints

    found = complete_checkpoints(RunDir(run_dir).checkpoints)
    return found[-1] if found else None


def _describe(info: dict[str, str] | None, done: bool, failed: str | None) -> str:
    """What a stage's job state means, in words."""
    if info is None:
        return "no longer known to SLURM" + ("; its stage is done" if done else "")
    if info["reason"] == "DependencyNeverSatisfied":
        return f"not run: stage {failed} failed" if failed else "not run: its dependency failed"
    if info["state"] in FINAL_STATES - {"COMPLETED"}:
        return f"{info['state'].lower()}, exit code {info['exit_code']}: see {info['log'] or 'its log'}"
    if info["state"] == "PENDING":
        return f"waiting: {info['reason']}"
    return ""


def _stage_done(run: RunDir, stage: str) -> bool:
    """A stage's done-marker; the base stage is the training stage of <run>/base/."""
    return RunDir(run.root / "base").is_done("train") if stage == "base" else run.is_done(stage)


def status(run_dir: str | Path) -> dict:
    """The last job submitted for each stage (state, restarts, exit code, what went wrong), the
    stages done and the latest complete checkpoint."""
    run = RunDir(run_dir)
    jobs_file = slurm_dir(run.root) / "jobs.json"
    if not jobs_file.is_file():
        raise DaptError(
            f"{jobs_file} not found: nothing was submitted for {run.root} (dapt slurm submit CONFIG)"
        )
    record = json.loads(jobs_file.read_text())
    failed = None
    for job in record["jobs"]:
        info = job_info(job["job_id"])
        done = _stage_done(run, job["stage"])
        job["state"] = info["state"] if info else ("COMPLETED" if done else "UNKNOWN")
        job["restarts"] = info["restarts"] if info else "?"
        job["exit_code"] = info["exit_code"] if info and info["state"] in FINAL_STATES else ""
        job["detail"] = _describe(info, done, failed)
        if (
            info
            and info["state"] in FINAL_STATES - {"COMPLETED"}
            and info["reason"] != "DependencyNeverSatisfied"
        ):
            failed = failed or job["stage"]
    checkpoint = latest_checkpoint(run.root)
    return {
        "run_dir": str(run.root),
        "jobs": record["jobs"],
        "done": [s for s in STAGES if _stage_done(run, s)],
        "failed_stage": failed,
        "latest_checkpoint": str(checkpoint) if checkpoint else None,
    }


def format_status(report: dict) -> str:
    header = ("stage", "job", "submitted", "state", "restarts", "exit")
    rows = [header] + [
        (j["stage"], j["job_id"], j["submitted_at"], j["state"], j["restarts"], j["exit_code"])
        for j in report["jobs"]
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    details = ["detail"] + [j["detail"] for j in report["jobs"]]
    lines = [f"run {report['run_dir']}"]
    lines += [
        "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + "  " + d
        for row, d in zip(rows, details, strict=True)
    ]
    lines.append(f"stages done: {', '.join(report['done']) or 'none'}")
    lines.append(f"latest checkpoint: {report['latest_checkpoint'] or 'none'}")
    if report["failed_stage"]:
        lines.append(f"FAILED: stage {report['failed_stage']}; the stages after it did not run")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------- datatrove on SLURM
def datatrove_executor_options(config: RunConfig, step: str) -> dict[str, Any]:
    """Keyword arguments for datatrove's SlurmPipelineExecutor from `config.slurm` (all but the
    pipeline, tasks, workers and logging_dir), for the curation step named `step`."""
    slurm = config.slurm
    # datatrove installs a SIGUSR1 requeue handler in each task but never asks SLURM for the signal;
    # without `B:` SLURM signals the task's step (the Python process), not the batch shell
    sbatch_args: dict[str, Any] = {"signal": f"USR1@{slurm.signal_before_end_s}"}
    for name in ("account", "constraint"):
        if getattr(slurm, name):
            sbatch_args[name] = getattr(slurm, name)
    for option in _extra_options(slurm):
        key, _, value = option.lstrip("-").partition("=")
        sbatch_args[key] = value
    return {
        "job_name": f"dapt-{config.run.name}-{step}",
        "partition": slurm.partition or default_partition(),
        "qos": slurm.qos or "",
        "time": slurm.curate.task_time,
        "env_command": setup_lines(slurm),
        "sbatch_args": sbatch_args,
        "requeue_signals": ("SIGUSR1",),
        "requeue": True,
    }


@contextlib.contextmanager
def _outside_this_job() -> Iterator[None]:
    """Hide this job's SLURM_* variables while submitting from inside a batch job: sbatch would pass
    them on to the new jobs, where srun reads some as its own options (e.g. SLURM_MEM_PER_NODE
    clashes with datatrove's --mem-per-cpu)."""
    saved = {k: v for k, v in os.environ.items() if k.startswith("SLURM_") and k != "SLURM_CONF"}
    for key in saved:
        del os.environ[key]
    try:
        yield
    finally:
        os.environ.update(saved)


def active_jobs(name: str) -> list[dict[str, str]]:
    """This user's queued or running jobs (and array tasks) called `name`."""
    out = _slurm_command(["squeue", "-h", "--name", name, "-u", getpass.getuser(), "-o", "%i|%T|%r"]).stdout
    keys = ("job_id", "state", "reason")
    return [dict(zip(keys, line.split("|", 2), strict=True)) for line in out.splitlines() if line.strip()]


def wait_for_jobs(name: str, poll_s: float = 3.0) -> None:
    """Block until no job called `name` is queued or running. A job whose dependency failed can
    never start: it is cancelled (clusters without `kill_invalid_depend` leave it pending)."""
    while jobs := active_jobs(name):
        stuck = [j["job_id"] for j in jobs if j["reason"] == "DependencyNeverSatisfied"]
        if stuck:
            log.warning("cancelling %s: its dependency failed", ", ".join(stuck))
            _cancel(stuck)
        time.sleep(poll_s)


def run_datatrove_on_slurm(executor: SlurmPipelineExecutor, poll_s: float = 3.0) -> None:
    """Submit a datatrove SLURM executor's arrays and block until they have ended, so that the batch
    job running this ends only when its work is done (what `afterok` chains rely on). A restarted
    job first waits for the arrays its earlier run submitted instead of submitting them twice.
    Raises DaptError when any task did not complete."""
    wait_for_jobs(executor.job_name, poll_s)
    with _outside_this_job():
        executor.run()
    if executor.job_id not in (None, -1):
        log.info(
            "%s: waiting for SLURM job %s (%d tasks)", executor.job_name, executor.job_id, executor.world_size
        )
    wait_for_jobs(executor.job_name, poll_s)
    incomplete = executor.get_incomplete_ranks(skip_completed=True)
    if incomplete:
        shown = ", ".join(map(str, incomplete[:10])) + (", ..." if len(incomplete) > 10 else "")
        raise DaptError(
            f"{executor.job_name}: {len(incomplete)} of {executor.world_size} datatrove tasks did not "
            f"complete (ranks {shown}); their logs are in {executor.slurm_logs_folder}"
        )


# ----------------------------------------------------------------------------------- CLI
EXAMPLES = {
    "render": [
        "dapt slurm render configs/demo.yaml --stage all",
        "dapt slurm render configs/demo.yaml slurm.nodes=2 slurm.gpus_per_node=8 --stage train",
    ],
    "submit": [
        "dapt slurm submit configs/demo.yaml --stage all",
        "dapt slurm submit configs/demo.yaml --stage train,eval --dry-run",
        "dapt slurm submit configs/ablate-finance.yaml --stage curate,ablate",
    ],
    "status": ["dapt slurm status runs/demo"],
}


def add_slurm_arguments(parser: argparse.ArgumentParser) -> None:
    """`dapt slurm render|submit|status`."""
    sub = parser.add_subparsers(dest="slurm_command", metavar="ACTION", required=True)
    helps = {
        "render": "Write the batch scripts of the stages into <run>/slurm/ (nothing is submitted).",
        "submit": "Render and submit the stages, chained with --dependency=afterok; print the job ids.",
        "status": "Show the submitted jobs' states and restarts, the done stages and the latest checkpoint.",
    }
    for action, help in helps.items():
        p = sub.add_parser(
            action,
            help=help,
            description=help,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            epilog="examples:\n" + "\n".join(f"  {e}" for e in EXAMPLES[action]),
        )
        if action == "status":
            p.add_argument("run_dir", help="run directory (run.output_dir)")
            continue
        p.add_argument("config", help="run config (YAML)")
        p.add_argument("overrides", nargs="*", help="dotted key=value overrides, e.g. slurm.nodes=2")
        p.add_argument(
            "--stage",
            default="all",
            help="all (curate,[base,]train,eval), or one or more of them and ablate (the variants as a"
            " job array, then a gather job), comma-separated",
        )
        if action == "submit":
            p.add_argument(
                "--dry-run", action="store_true", help="render and print the sbatch commands, submit nothing"
            )
            p.add_argument(
                "--force",
                action="store_true",
                help="submit even if the training plan does not fit (dapt estimate)",
            )
            p.add_argument(
                "--after", metavar="JOBID[:JOBID]", help="start the first stage after these jobs succeed"
            )
    parser.set_defaults(handler=run_cli)


def run_cli(args: argparse.Namespace) -> None:
    if args.slurm_command == "status":
        print(format_status(status(args.run_dir)))
        return
    config = load_config(args.config, args.overrides)
    stages = parse_stages(args.stage, config)
    if args.slurm_command == "render":
        for stage, path in render(config, stages).items():
            print(f"{stage}: {path}")
        return
    jobs = submit(config, stages, dry_run=args.dry_run, force=args.force, after=args.after)
    for job in jobs:
        if args.dry_run:
            print(f"{job['stage']}: {job['command']}")
        else:
            print(
                f"{job['stage']}: job {job['job_id']}"
                + (f" ({job['dependency']})" if job["dependency"] else "")
            )
    if args.dry_run:
        print(f"dry run: scripts rendered in {slurm_dir(config.run.output_dir)}, nothing submitted")
    else:
        print(f"follow: dapt slurm status {config.run.output_dir}")

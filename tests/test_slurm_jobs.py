"""`dapt slurm submit` on the local SLURM cluster (scripts/slurm-local up), as a user runs it:

- curate -> train -> eval chained with afterok run in order to the end, and `dapt slurm status`
  reports them; a failing curation stops the chain and the status says where;
- a CPU training job preempted mid-run, once by `scontrol requeue` (SIGTERM, one process) and once
  by SIGUSR1 to the batch shell (`scancel --signal=USR1 --batch`, two processes through
  `accelerate launch`), requeues, resumes from its checkpoint in the same W&B run and ends with
  weights identical to an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import torch
import yaml
from safetensors.torch import load_file
from slurm_cluster import job, log_of, slurm_cluster, wait_final, wait_for  # noqa: F401
from test_train_fixtures import ARCHITECTURE, documents, make_run, make_tokenizer

REPO = Path(__file__).resolve().parent.parent
ENV = {
    **os.environ,
    "OMP_NUM_THREADS": "1",
    "WANDB_MODE": "offline",
    "WANDB_SILENT": "true",
    "HF_HUB_OFFLINE": "1",
}
SLURM = ["slurm.time=00:15:00", "slurm.cpus_per_task=1"]

pytestmark = [pytest.mark.slurm, pytest.mark.usefixtures("slurm_cluster")]


def dapt(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=ENV,
        timeout=600,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def submitted(stdout: str) -> dict[str, str]:
    """`curate: job 12 ...` lines -> {stage: job id}."""
    jobs = {}
    for line in stdout.splitlines():
        stage, _, rest = line.partition(": job ")
        if rest:
            jobs[stage] = rest.split()[0]
    return jobs


def started(job_id: str, key: str = "StartTime") -> datetime:
    return datetime.fromisoformat(job(job_id)[key])


def same_weights(run: Path, reference: Path) -> bool:
    got, expected = (
        load_file(run / "model" / "model.safetensors"),
        load_file(reference / "model" / "model.safetensors"),
    )
    return got.keys() == expected.keys() and all(torch.equal(got[k], expected[k]) for k in got)


# ----------------------------------------------------------------------------------- the chain
@pytest.fixture(scope="module")
def pipeline_config(tmp_path_factory) -> Path:
    """A whole run small enough for a chain test: two JSONL sources, light curation, a tiny model."""
    root = tmp_path_factory.mktemp("chain")
    for source in ("finance", "general"):
        folder = root / "in" / source
        folder.mkdir(parents=True)
        docs = documents(source, 80)
        lines = [json.dumps({"id": f"{source}-{i}", "text": text}) for i, text in enumerate(docs)]
        (folder / "docs.jsonl").write_text("\n".join(lines) + "\n")
    config = {
        "run": {"name": "chain", "output_dir": str(root / "run"), "seed": 3},
        "sources": [
            {"name": "finance", "format": "jsonl", "paths": [str(root / "in" / "finance" / "*.jsonl")]},
            {
                "name": "general",
                "format": "jsonl",
                "paths": [str(root / "in" / "general" / "*.jsonl")],
                "role": "general",
            },
        ],
        "curate": {
            "executor": {"kind": "local", "tasks": 1, "workers": 1},
            "url": {"enabled": False},
            "language": {"enabled": False},
            "quality": {"gopher_repetition": False, "gopher_quality": False, "c4": False, "fineweb": False},
            "domain": {"enabled": False},
            "toxicity": {"enabled": False},
            "dedup": {"minhash": {"enabled": False}},
        },
        "tokenizer": {"path": str(make_tokenizer(root / "tokenizer"))},
        "model": {"architecture": ARCHITECTURE},
        "train": {
            "mix": {"finance": 0.7, "general": 0.3},
            "seq_len": 32,
            "micro_batch_size": 4,
            "max_steps": 6,
            "warmup_steps": 1,
            "log_every": 2,
            "eval_every": 3,
            "eval_tokens": 256,
            "checkpoint": {"every_steps": 3, "keep_last": 1},
        },
        "tracking": {"wandb": {"mode": "offline"}},
    }
    path = root / "run.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


@pytest.mark.slow
def test_chain_runs_curate_train_eval_in_order_to_the_end(pipeline_config):
    run = pipeline_config.parent / "run"
    result = dapt("slurm", "submit", str(pipeline_config), *SLURM, "--stage", "all")
    jobs = submitted(result.stdout)
    assert list(jobs) == ["curate", "train", "eval"]
    assert f"train: job {jobs['train']} (afterok:{jobs['curate']})" in result.stdout
    assert job(jobs["eval"])["Dependency"].startswith(f"afterok:{jobs['train']}")

    final = wait_final(jobs["eval"], timeout=600)
    for stage, job_id in jobs.items():
        assert job(job_id)["JobState"] == "COMPLETED", f"{stage}:\n{log_of(job_id)}"
    assert started(jobs["train"]) >= started(jobs["curate"], "EndTime")
    assert started(jobs["eval"]) >= started(jobs["train"], "EndTime")
    assert final["ExitCode"] == "0:0"
    for stage in ("curate", "train"):
        assert (run / ".done" / stage).is_file()
    perplexity = json.loads((run / "eval" / "final.json").read_text())
    assert {"finance", "general"} <= set(json.dumps(perplexity).replace('"', " ").split())

    status = dapt("slurm", "status", str(run)).stdout
    for stage, job_id in jobs.items():
        assert any(line.split()[:3] == [stage, job_id, "COMPLETED"] for line in status.splitlines()), status
    assert f"latest checkpoint: {run / 'checkpoints' / 'step-0000006'}" in status
    assert "FAILED" not in status


def test_failing_curation_stops_the_chain_with_a_clear_status(pipeline_config, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "docs.jsonl").write_text('{"id": "1", "text": "a document"}\n')
    run = tmp_path / "run"
    overrides = [f"run.output_dir={run}", f"sources.0.paths=[{inputs}/docs.jsonl]", *SLURM]
    jobs = submitted(dapt("slurm", "submit", str(pipeline_config), *overrides, "--stage", "all").stdout)
    (inputs / "docs.jsonl").unlink()  # gone before the curation job starts: it fails

    assert wait_final(jobs["curate"])["JobState"] == "FAILED"
    for stage in ("train", "eval"):
        info = wait_final(jobs[stage], timeout=60)
        assert (info["JobState"], info["Reason"]) == ("CANCELLED", "DependencyNeverSatisfied")
    log = log_of(jobs["curate"])
    assert "dapt: error:" in log and f"{inputs}/docs.jsonl" in log and "exit code 2" in log

    status = dapt("slurm", "status", str(run)).stdout
    lines = {line.split()[0]: line for line in status.splitlines()[2:5]}
    assert lines["curate"].split()[:3] == ["curate", jobs["curate"], "FAILED"]
    assert f"see {run}/slurm/logs/dapt-chain-curate-{jobs['curate']}.out" in lines["curate"]
    for stage in ("train", "eval"):
        assert lines[stage].split()[:3] == [stage, jobs[stage], "CANCELLED"]
        assert "not run: stage curate failed" in lines[stage]
    assert "FAILED: stage curate; the stages after it did not run" in status
    assert not (run / ".done" / "curate").exists()


# ----------------------------------------------------------------------------------- preemption
TRAIN = [
    "train.max_steps=40",
    "train.seq_len=64",
    "train.eval_every=10",
    "train.checkpoint.every_steps=10",
    "train.checkpoint.keep_last=2",
    "model.architecture.hidden_size=64",
    "model.architecture.intermediate_size=128",
]


@pytest.fixture(scope="module")
def train_config(tmp_path_factory) -> Path:
    return make_run(tmp_path_factory.mktemp("preempt"), n_docs=150)


def uninterrupted(config: Path, processes: int) -> Path:
    """The same training run straight through on this machine (`dapt train`, no SLURM)."""
    run = config.parent / f"straight-{processes}"
    if not (run / "model" / "model.safetensors").is_file():
        dapt("-q", "train", str(config), f"run.output_dir={run}", *TRAIN, "--nproc", str(processes))
    return run


def preempted_on_slurm(config: Path, processes: int, preempt: list[str]) -> tuple[Path, str]:
    """Submit the training job, run `preempt JOBID` once its first checkpoint is written, wait for
    the end; the run directory and the job id."""
    run = config.parent / f"slurm-{processes}"
    result = dapt("slurm", "submit", str(config), f"run.output_dir={run}", *TRAIN, *SLURM,
                  f"slurm.processes_per_node={processes}", "--stage", "train")  # fmt: skip
    job_id = submitted(result.stdout)["train"]
    first = run / "checkpoints" / "step-0000010" / "COMPLETE"
    wait_for(first.is_file, timeout=300, what=f"the first checkpoint of job {job_id}: {log_of(job_id)}")
    assert not (run / ".done" / "train").exists(), "training ended before it was preempted: make it longer"
    subprocess.run([*preempt, job_id], check=True)
    info = wait_final(job_id, timeout=400)
    assert info["JobState"] == "COMPLETED", log_of(job_id)
    assert info["Restarts"] == "1", log_of(job_id)
    return run, job_id


def resumed_step(run: Path) -> int:
    text = (run / "logs" / "dapt.log").read_text()
    assert "resumed from" in text, text[-3000:]
    return int(text.rsplit("resumed from", 1)[1].split("step-", 1)[1][:7])


def wandb_ids(run: Path) -> set[str]:
    return {folder.name.rsplit("-", 1)[1] for folder in (run / "wandb").glob("offline-run-*")}


@pytest.mark.slow
def test_requeued_training_resumes_and_ends_identical_to_an_uninterrupted_run(train_config):
    run, job_id = preempted_on_slurm(train_config, 1, ["scontrol", "requeue"])
    log = log_of(job_id)
    assert "restart 0" in log and "restart 1" in log and "SIGTERM" in log
    assert "requeueing" not in log  # SLURM requeued it; the batch script did not have to
    assert 10 <= resumed_step(run) < 40
    assert len(list((run / "wandb").glob("offline-run-*"))) == 2 and len(wandb_ids(run)) == 1
    assert same_weights(run, uninterrupted(train_config, 1))

    status = dapt("slurm", "status", str(run)).stdout
    assert status.splitlines()[2].split()[:4] == ["train", job_id, "COMPLETED", "1"]
    assert f"latest checkpoint: {run / 'checkpoints' / 'step-0000040'}" in status


@pytest.mark.slow
def test_usr1_to_the_batch_shell_checkpoints_requeues_and_resumes_two_processes(train_config):
    run, job_id = preempted_on_slurm(train_config, 2, ["scancel", "--signal=USR1", "--batch"])
    log = log_of(job_id)
    assert "SIGUSR1" in log and f"requeueing job {job_id}" in log and "restart 1" in log
    stopped = resumed_step(run)
    assert 10 < stopped < 40  # a checkpoint saved on the signal, not the periodic one
    assert (run / "checkpoints" / "PREEMPTED").read_text().strip() == str(stopped)
    assert len(wandb_ids(run)) == 1
    assert same_weights(run, uninterrupted(train_config, 2))

"""`dapt slurm submit` on the local SLURM cluster (scripts/slurm-local up), as a user runs it:

- curate -> train -> eval chained with afterok run in order to the end, and `dapt slurm status`
  reports them; a failing curation stops the chain and the status says where;
- a CPU training job preempted mid-run, once by `scontrol requeue` (SIGTERM, one process) and once
  by SIGUSR1 to the batch shell (`scancel --signal=USR1 --batch`, two processes through
  `accelerate launch`), requeues, resumes from its checkpoint in the same W&B run and ends with
  weights identical to an uninterrupted run.
"""

from __future__ import annotations

import gzip
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


def status_rows(run: Path) -> tuple[dict[str, list[str]], str]:
    """`dapt slurm status` as {stage: [job, submitted, state, restarts, exit, detail...]}, and its text."""
    text = dapt("slurm", "status", str(run)).stdout
    lines = text.splitlines()
    assert lines[1].split()[:6] == ["stage", "job", "submitted", "state", "restarts", "exit"], text
    return {line.split()[0]: line.split()[1:] for line in lines[2:] if line.startswith("  ")}, text


def same_weights(run: Path, reference: Path) -> bool:
    got, expected = (
        load_file(run / "model" / "model.safetensors"),
        load_file(reference / "model" / "model.safetensors"),
    )
    return got.keys() == expected.keys() and all(torch.equal(got[k], expected[k]) for k in got)


def test_the_local_cluster_is_configured_for_chains_and_fast_requeues():
    result = subprocess.run([str(REPO / "scripts" / "slurm-local"), "status"], capture_output=True, text=True)
    assert result.returncode == 0 and "debug" in result.stdout, result.stderr
    config = subprocess.run(["scontrol", "show", "config"], capture_output=True, text=True, check=True).stdout
    settings = dict(line.split("=", 1) for line in config.splitlines() if " = " in line)
    settings = {k.strip(): v.strip() for k, v in settings.items()}
    assert settings["DependencyParameters"] == "kill_invalid_depend"
    assert settings["AuthInfo"] == "cred_expire=10"
    assert settings["JobRequeue"] == "1"


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
            "executor": {"kind": "local", "tasks": 2, "workers": 2},
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


def curated(run: Path) -> dict[str, list[dict]]:
    """The kept documents of every source, sorted by id."""
    docs = {}
    for folder in sorted((run / "curated").iterdir()):
        lines = []
        for path in folder.glob("*.jsonl.gz"):
            with gzip.open(path, "rt") as f:
                lines += f.read().splitlines()
        docs[folder.name] = sorted(map(json.loads, lines), key=lambda doc: doc["id"])
    return docs


def token_files(run: Path) -> dict[str, bytes]:
    return {str(p.relative_to(run)): p.read_bytes() for p in sorted((run / "tokens").rglob("*.ds"))}


def local_curation(config: Path) -> Path:
    """The run's curation on this machine with datatrove's local executor (once per module)."""
    run = config.parent / "local"
    if not (run / ".done" / "curate").is_file():
        dapt("-q", "curate", str(config), f"run.output_dir={run}")
    return run


@pytest.mark.slow
def test_chain_runs_curate_train_eval_in_order_to_the_end(pipeline_config):
    """The curation job runs datatrove's SLURM executor (arrays submitted from inside a job) and
    ends with the same documents and tokens as the local executor, run beside it."""
    run = pipeline_config.parent / "run"
    result = dapt("slurm", "submit", str(pipeline_config), *SLURM, "curate.executor.kind=slurm")
    jobs = submitted(result.stdout)
    assert list(jobs) == ["curate", "train", "eval"]
    assert f"train: job {jobs['train']} (afterok:{jobs['curate']})" in result.stdout
    assert job(jobs["eval"])["Dependency"].startswith(f"afterok:{jobs['train']}")
    local = local_curation(pipeline_config)

    final = wait_final(jobs["eval"], timeout=600)
    for stage, job_id in jobs.items():
        assert job(job_id)["JobState"] == "COMPLETED", f"{stage}:\n{log_of(job_id)}"
    assert started(jobs["train"]) >= started(jobs["curate"], "EndTime")
    assert started(jobs["eval"]) >= started(jobs["train"], "EndTime")
    assert final["ExitCode"] == "0:0"
    for stage in ("curate", "train"):
        assert (run / ".done" / stage).is_file()
    assert list((run / "logs" / "curate").rglob("launch_script.slurm")), "curation ran no SLURM array"
    docs = curated(run)
    assert docs == curated(local) and len(docs["finance"]) > 50
    assert token_files(run) == token_files(local) and token_files(run)
    perplexity = json.loads((run / "eval" / "final.json").read_text())["perplexity"]
    assert set(perplexity) == {"finance", "general"} and all(p > 1 for p in perplexity.values())
    assert f"| final | {run / 'model'} |" in (run / "model" / "README.md").read_text()  # the card shows it

    rows, status = status_rows(run)
    for stage, job_id in jobs.items():
        assert rows[stage][0] == job_id and rows[stage][2:5] == ["COMPLETED", "0", "0:0"], status
    assert f"latest checkpoint: {run / 'checkpoints' / 'step-0000006'}" in status
    assert "FAILED" not in status


@pytest.mark.slow
def test_curation_job_requeued_on_usr1_goes_on_and_ends_like_an_uninterrupted_run(pipeline_config):
    run = pipeline_config.parent / "requeued-curation"
    result = dapt(
        "slurm", "submit", str(pipeline_config), f"run.output_dir={run}", *SLURM, "--stage", "curate"
    )
    job_id = submitted(result.stdout)["curate"]
    finished_task = lambda: any((run / "logs" / "curate").rglob("completions/0000*"))  # noqa: E731
    wait_for(finished_task, timeout=300, what=f"a finished curation task of job {job_id}: {log_of(job_id)}")
    assert not (run / ".done" / "curate").exists(), "curation ended before the signal: make it longer"
    subprocess.run(["scancel", "--signal=USR1", "--batch", job_id], check=True)
    local = local_curation(pipeline_config)  # while the job waits to run again

    info = wait_final(job_id, timeout=300)
    log = log_of(job_id)
    assert (info["JobState"], info["Restarts"]) == ("COMPLETED", "1"), log
    assert f"requeueing job {job_id}" in log and "restart 1" in log
    assert curated(run) == curated(local) and token_files(run) == token_files(local)


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

    rows, status = status_rows(run)
    assert rows["curate"][0] == jobs["curate"] and rows["curate"][2:5] == ["FAILED", "0", "2:0"], status
    assert f"see {run}/slurm/logs/dapt-chain-curate-{jobs['curate']}.out" in " ".join(rows["curate"])
    for stage in ("train", "eval"):
        assert rows[stage][0] == jobs[stage] and rows[stage][2] == "CANCELLED", status
        assert "not run: stage curate failed" in " ".join(rows[stage])
    assert "FAILED: stage curate; the stages after it did not run" in status
    assert not (run / ".done" / "curate").exists()


# ----------------------------------------------------------------------------------- preemption
TRAIN = [
    "train.max_steps=120",  # long enough that the preemption lands mid-run on an idle machine
    "train.seq_len=64",
    "train.eval_every=40",
    "train.checkpoint.every_steps=10",
    "train.checkpoint.keep_last=2",
    "model.architecture.hidden_size=64",
    "model.architecture.intermediate_size=128",
]


@pytest.fixture(scope="module")
def train_config(tmp_path_factory) -> Path:
    return make_run(tmp_path_factory.mktemp("preempt"), n_docs=150)


def uninterrupted(config: Path, processes: int) -> tuple[subprocess.Popen, Path]:
    """Start the same training run straight through on this machine (`dapt train`, no SLURM), to
    run beside the SLURM job; the process and its run directory."""
    run = config.parent / f"straight-{processes}"
    command = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "-q",
        "train",
        str(config),
        f"run.output_dir={run}",
        *TRAIN,
    ]
    run.mkdir()
    with (run.parent / f"{run.name}.log").open("w") as log:
        process = subprocess.Popen(
            [*command, "--nproc", str(processes)], cwd=REPO, env=ENV, stdout=log, stderr=log
        )
    return process, run


def finished(reference: tuple[subprocess.Popen, Path]) -> Path:
    process, run = reference
    assert process.wait(timeout=600) == 0, (run.parent / f"{run.name}.log").read_text()[-3000:]
    return run


def preempted_on_slurm(config: Path, processes: int, preempt: list[str]) -> tuple[Path, str]:
    """Submit the training job, run `preempt JOBID` once its first checkpoint is written, wait for
    the end; the run directory and the job id."""
    run = config.parent / f"slurm-{processes}"
    result = dapt("slurm", "submit", str(config), f"run.output_dir={run}", *TRAIN, *SLURM,
                  f"slurm.processes_per_node={processes}", "--stage", "train")  # fmt: skip
    job_id = submitted(result.stdout)["train"]

    def first_checkpoint() -> bool:  # any: keep_last may already have removed step 10
        return any((run / "checkpoints").glob("step-*/COMPLETE"))

    wait_for(first_checkpoint, timeout=300, what=f"the first checkpoint of job {job_id}: {log_of(job_id)}")
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
    reference = uninterrupted(train_config, 1)
    run, job_id = preempted_on_slurm(train_config, 1, ["scontrol", "requeue"])
    log = log_of(job_id)
    assert "restart 0" in log and "restart 1" in log and "SIGTERM" in log
    assert "requeueing" not in log  # SLURM requeued it; the batch script did not have to
    assert 10 <= resumed_step(run) < 120
    assert len(list((run / "wandb").glob("offline-run-*"))) == 2 and len(wandb_ids(run)) == 1
    assert same_weights(run, finished(reference))

    rows, status = status_rows(run)
    assert rows["train"][0] == job_id and rows["train"][2:4] == ["COMPLETED", "1"], status
    assert f"latest checkpoint: {run / 'checkpoints' / 'step-0000120'}" in status


@pytest.mark.slow
def test_usr1_to_the_batch_shell_checkpoints_requeues_and_resumes_two_processes(train_config):
    reference = uninterrupted(train_config, 2)
    run, job_id = preempted_on_slurm(train_config, 2, ["scancel", "--signal=USR1", "--batch"])
    log = log_of(job_id)
    assert "SIGUSR1" in log and f"requeueing job {job_id}" in log and "restart 1" in log
    stopped = resumed_step(run)
    assert 10 < stopped < 120  # a checkpoint saved on the signal, not the periodic one
    assert f"stopped on request after step {stopped}" in log
    assert len(wandb_ids(run)) == 1
    assert same_weights(run, finished(reference))

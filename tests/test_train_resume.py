"""Exact resume, as a user meets it: `dapt train` (1 process) and `dapt train --nproc 2` (a real
`accelerate launch --multi_gpu --num_processes 2` on CPU, gloo) run N steps straight; the same run
killed with SIGKILL after a checkpoint, or stopped with SIGTERM mid-run (exit 75, PREEMPTED_EXIT_CODE),
then resumed to N, must log bit-identical losses, gradient norms and eval perplexities at every step
and end with identical weights. The W&B offline run holds the logged metrics, and the resumed run
keeps the W&B run id.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import time
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from test_train_fixtures import kill_all, make_run, train_command

from pipeline.train.checkpoint import INTERRUPTED_EXIT_CODE, PREEMPTED_EXIT_CODE

pytestmark = pytest.mark.slow

STEPS = 40
OVERRIDES = [
    f"train.max_steps={STEPS}",
    "train.seq_len=64",
    "train.micro_batch_size=4",
    "train.grad_accum_steps=2",
    "train.eval_every=10",
    "train.checkpoint.every_steps=10",
    "train.checkpoint.keep_last=3",
    "model.architecture.hidden_size=64",
    "model.architecture.intermediate_size=128",
]
DETERMINISTIC = (
    "train/loss",
    "train/grad_norm",
    "train/lr",
    "train/tokens_seen",
    "eval/ppl/finance",
    "eval/ppl/general",
)
ENV = {
    **os.environ,
    "OMP_NUM_THREADS": "1",
    "WANDB_MODE": "offline",
    "WANDB_SILENT": "true",
    "HF_HUB_OFFLINE": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    return make_run(tmp_path_factory.mktemp("resume"), n_docs=150)


_straight: dict[int, Path] = {}


def straight_run(config: Path, nproc: int) -> Path:
    """The uninterrupted run with `nproc` processes (run once per module)."""
    if nproc not in _straight:
        run = config.parent / f"straight-{nproc}"
        process, log = start(config, run, nproc)
        assert finish(process, log) == 0
        _straight[nproc] = run
    return _straight[nproc]


def start(config: Path, run: Path, nproc: int) -> tuple[subprocess.Popen, Path]:
    command = train_command(config, run, *OVERRIDES)
    if nproc > 1:
        command += ["--nproc", str(nproc)]
    run.mkdir(parents=True, exist_ok=True)
    log = run.parent / f"{run.name}.{time.time_ns()}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=ENV, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process, log


def finish(process: subprocess.Popen, log: Path, timeout: float = 300) -> int:
    try:
        code = process.wait(timeout)
    except subprocess.TimeoutExpired:
        kill_all(process)
        pytest.fail(f"training hung; log:\n{log.read_text()[-5000:]}")
    if code not in (0, PREEMPTED_EXIT_CODE):
        pytest.fail(f"training failed with {code}; log:\n{log.read_text()[-5000:]}")
    return code


def wait_until(condition, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.time() + 300
    while not condition():
        if process.poll() is not None:
            pytest.fail(
                f"training ended ({process.returncode}) before {what}; log:\n{log.read_text()[-3000:]}"
            )
        if time.time() > deadline:
            kill_all(process)
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.002)


def metrics(run: Path) -> dict[int, dict]:
    """step -> the deterministic metrics logged at that step."""
    out: dict[int, dict] = {}
    for line in (run / "metrics.jsonl").read_text().splitlines():
        record = json.loads(line)
        out.setdefault(record["step"], {}).update({k: v for k, v in record.items() if k in DETERMINISTIC})
    return out


def assert_identical(run: Path, reference: Path) -> None:
    got, expected = metrics(run), metrics(reference)
    assert sorted(got) == list(range(1, STEPS + 1))
    for step in expected:
        assert got[step] == expected[step], f"step {step} differs"
    weights, reference_weights = (
        load_file(run / "model" / "model.safetensors"),
        load_file(reference / "model" / "model.safetensors"),
    )
    assert weights.keys() == reference_weights.keys()
    assert all(torch.equal(weights[k], reference_weights[k]) for k in weights)


def resumed_from(run: Path) -> int:
    """The step the run last resumed from, as its log file (logs/dapt.log) says."""
    text = (run / "logs" / "dapt.log").read_text()
    assert "resumed from" in text, text[-3000:]
    return int(text.rsplit("resumed from", 1)[1].split("step-", 1)[1][:7])


# ----------------------------------------------------------------------------------- W&B file
def wandb_records(path: Path):
    """The records of a W&B offline `.wandb` file (a LevelDB-style log of protobuf `Record`s)."""
    from wandb.proto import wandb_internal_pb2

    data = path.read_bytes()
    assert data[:4] == b":W&B"
    pos, block, pending, records = 7, 32768, b"", []
    while pos + 7 <= len(data):
        left = block - pos % block
        if left < 7:
            pos += left
            continue
        _crc, length, kind = struct.unpack("<IHB", data[pos : pos + 7])
        chunk, pos = data[pos + 7 : pos + 7 + length], pos + 7 + length
        if kind == 1:
            records.append(chunk)
        elif kind == 2:
            pending = chunk
        elif kind == 3:
            pending += chunk
        elif kind == 4:
            records.append(pending + chunk)
    for raw in records:
        record = wandb_internal_pb2.Record()
        record.ParseFromString(raw)
        yield record


def wandb_history(run_dir: Path) -> tuple[str, dict[int, float]]:
    """(run id, step -> train/loss) of one offline run folder."""
    run_id, losses = None, {}
    for record in wandb_records(next(run_dir.glob("*.wandb"))):
        kind = record.WhichOneof("record_type")
        if kind == "run":
            run_id = record.run.run_id
        elif kind == "history":
            items = {
                "/".join(item.nested_key) or item.key: json.loads(item.value_json)
                for item in record.history.item
            }
            if "train/loss" in items:
                losses[items["_step"]] = items["train/loss"]
    return run_id, losses


# ----------------------------------------------------------------------------------- tests
@pytest.mark.parametrize("nproc", [1, 2])
def test_sigkill_after_a_checkpoint_then_resume_is_exact(config, nproc):
    reference = straight_run(config, nproc)
    run = config.parent / f"killed-{nproc}"
    process, log = start(config, run, nproc)
    first = run / "checkpoints" / "step-0000010" / "COMPLETE"
    wait_until(first.is_file, process, log, "the first checkpoint")
    kill_all(process)
    assert not (run / ".done" / "train").exists(), "the run ended before it was killed: make it longer"
    # a partial checkpoint (no COMPLETE marker) newer than every complete one must be ignored
    (run / "checkpoints" / "step-0000039").mkdir()
    (run / "checkpoints" / "step-0000039" / "model.safetensors").write_bytes(b"partial")

    process, log = start(config, run, nproc)
    assert finish(process, log) == 0
    assert resumed_from(run) in (10, 20, 30)
    assert_identical(run, reference)
    if nproc == 2:  # the 2-process run wrote both ranks' RNG states
        state = json.loads((run / "checkpoints" / "step-0000040" / "trainer_state.json").read_text())
        assert state["world_size"] == 2
        assert (run / "checkpoints" / "step-0000040" / "rng-rank00001.safetensors").is_file()


@pytest.mark.parametrize("nproc", [1, 2])
def test_sigterm_mid_run_checkpoints_exits_75_and_resumes_exactly(config, nproc):
    reference = straight_run(config, nproc)
    run = config.parent / f"terminated-{nproc}"
    process, log = start(config, run, nproc)

    def twelve_steps_logged() -> bool:  # 12 train records and the eval record of step 10
        return (run / "metrics.jsonl").is_file() and len(
            (run / "metrics.jsonl").read_text().splitlines()
        ) >= 13

    wait_until(twelve_steps_logged, process, log, "step 12")
    process.send_signal(signal.SIGTERM)
    assert finish(process, log) == PREEMPTED_EXIT_CODE
    stopped = int((run / "checkpoints" / "PREEMPTED").read_text())
    assert 10 < stopped < STEPS and (run / "checkpoints" / f"step-{stopped:07d}" / "COMPLETE").is_file()

    process, log = start(config, run, nproc)
    assert finish(process, log) == 0
    assert resumed_from(run) == stopped
    assert_identical(run, reference)

    # W&B: two offline folders of the same run id, holding the losses of metrics.jsonl
    folders = sorted((run / "wandb").glob("offline-run-*"))
    assert len(folders) == 2
    (first_id, before), (second_id, after) = map(wandb_history, folders)
    assert first_id == second_id and folders[0].name.endswith(first_id)
    logged = metrics(run)
    assert before == {s: logged[s]["train/loss"] for s in range(1, stopped + 1)}
    assert after == {s: logged[s]["train/loss"] for s in range(stopped + 1, STEPS + 1)}


@pytest.mark.parametrize("nproc", [1, 2])
def test_ctrl_c_mid_run_checkpoints_exits_130_and_resumes_exactly(config, nproc):
    reference = straight_run(config, nproc)
    run = config.parent / f"interrupted-{nproc}"
    process, log = start(config, run, nproc)

    def twelve_steps_logged() -> bool:
        return (run / "metrics.jsonl").is_file() and len(
            (run / "metrics.jsonl").read_text().splitlines()
        ) >= 13

    wait_until(twelve_steps_logged, process, log, "step 12")
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the terminal signals its foreground process group
    try:
        code = process.wait(300)
    except subprocess.TimeoutExpired:
        kill_all(process)
        pytest.fail(f"training hung after SIGINT; log:\n{log.read_text()[-5000:]}")
    assert code == INTERRUPTED_EXIT_CODE, log.read_text()[-5000:]
    if nproc == 1:  # (torchrun's launcher prints the SignalException it stops on)
        assert "Traceback" not in log.read_text()
    stopped = int((run / "checkpoints" / "PREEMPTED").read_text())
    assert 10 < stopped < STEPS and (run / "checkpoints" / f"step-{stopped:07d}" / "COMPLETE").is_file()

    process, log = start(config, run, nproc)
    assert finish(process, log) == 0
    assert resumed_from(run) == stopped
    assert_identical(run, reference)

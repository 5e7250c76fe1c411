"""GPU checks of `dapt train` that the CPU tests cannot make, in one run (prints JSON):

1. bf16 autocast + fused AdamW on CUDA: a run straight, and the same run stopped with SIGTERM
   (exit 75) then resumed: the losses and final weights are compared (GPU kernels may not be
   bit-deterministic, so the largest differences are reported, not asserted);
2. FSDP2 through Accelerate (configs/accelerate/fsdp.yaml, 1 process): trains, writes sharded
   checkpoints, stops on SIGTERM and resumes;
3. the MFU benchmark (bench/bench_gpu_mfu.py, TinyLlama-1.1B shape, sequence 2048).

    python bench/gpu_check_train.py [--skip-mfu]      # about 4 minutes on one H100

Data: tests/test_train_fixtures.py (a real BPE and datatrove shards of generated text).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_train_fixtures import kill_all, make_run, train_command  # noqa: E402

STEPS = 30
OVERRIDES = [
    f"train.max_steps={STEPS}",
    "train.eval_every=10",
    "train.checkpoint.every_steps=10",
    "train.log_every=1",
]
ENV = {**os.environ, "WANDB_MODE": os.environ.get("WANDB_MODE", "offline"), "HF_HUB_OFFLINE": "1"}


def dapt_train(config: Path, run: Path, *extra: str, stop_after: int | None = None) -> dict:
    """`dapt train`; with `stop_after`, SIGTERM once that many metric lines are written."""
    command = train_command(config, run, *OVERRIDES, *extra)
    log = run.with_suffix(f".{time.time_ns()}.log")
    run.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=ENV, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    if stop_after is not None:
        metrics = run / "metrics.jsonl"
        while process.poll() is None and not (
            metrics.is_file() and len(metrics.read_text().splitlines()) >= stop_after
        ):
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(600)
    except subprocess.TimeoutExpired:
        kill_all(process)
        code = "timeout"
    return {"exit": code, "log_tail": log.read_text()[-1500:] if code not in (0, 75) else ""}


def losses(run: Path) -> dict[int, float]:
    records = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    return {r["step"]: r["train/loss"] for r in records if "train/loss" in r}


def compare(run: Path, reference: Path) -> dict:
    import torch
    from safetensors.torch import load_file

    a, b = losses(run), losses(reference)
    wa, wb = (
        load_file(run / "model" / "model.safetensors"),
        load_file(reference / "model" / "model.safetensors"),
    )
    return {
        "steps_logged": len(a),
        "losses_identical": a == b,
        "max_loss_difference": max(abs(a[s] - b[s]) for s in b),
        "weights_identical": all(torch.equal(wa[k], wb[k]) for k in wb),
        "max_weight_difference": max((wa[k].float() - wb[k].float()).abs().max().item() for k in wb),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-mfu", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="dapt-gpu-check-"))
    config = make_run(root, n_docs=300)
    report: dict = {}

    straight, resumed = root / "straight", root / "resumed"
    report["bf16_straight"] = dapt_train(config, straight)
    report["bf16_sigterm"] = dapt_train(config, resumed, stop_after=14)
    report["bf16_resume"] = dapt_train(config, resumed)
    if (straight / "model").is_dir() and (resumed / "model").is_dir():
        report["bf16_resume_vs_straight"] = compare(resumed, straight)
        state = json.loads((straight / "model" / "dapt_training.json").read_text())
        report["bf16_precision"] = state["compute"]["precision"]

    fsdp = root / "fsdp"
    fsdp_config = f"train.accelerate_config={REPO / 'configs' / 'accelerate' / 'fsdp.yaml'}"
    report["fsdp_sigterm"] = dapt_train(config, fsdp, fsdp_config, "--nproc", "1", stop_after=14)
    report["fsdp_resume"] = dapt_train(config, fsdp, fsdp_config, "--nproc", "1")
    checkpoints = sorted((fsdp / "checkpoints").glob("step-*"))
    if checkpoints:
        meta = json.loads((checkpoints[-1] / "trainer_state.json").read_text())
        report["fsdp_checkpoint"] = {
            "sharded": meta["sharded"],
            "files": sorted(p.name for p in checkpoints[-1].iterdir()),
        }
    if (fsdp / "model").is_dir() and (straight / "model").is_dir():
        report["fsdp_vs_straight"] = compare(fsdp, straight)

    if not args.skip_mfu:
        result = subprocess.run(
            [sys.executable, str(REPO / "bench" / "bench_gpu_mfu.py")],
            capture_output=True,
            text=True,
            env=ENV,
        )
        report["mfu"] = json.loads(result.stdout) if result.returncode == 0 else result.stderr[-2000:]
    report["workdir"] = str(root)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

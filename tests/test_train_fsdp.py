"""Sharded (FSDP) checkpoints on CPU: Accelerate runs FSDP only on GPUs, so this test shards the
model itself with torch's `fully_shard` (FSDP2, gloo) in 2 processes under torchrun and drives our
own pieces with it: data, train_step, save_checkpoint/load_checkpoint (one file per rank's shard)
and export_model (weights gathered to rank 0). 6 steps straight vs 3 steps, save, a new process
group that loads and runs 3 more: identical losses and weights. The Accelerate FSDP launch itself
(configs/accelerate/fsdp.yaml) needs a GPU.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

pytestmark = pytest.mark.slow


def worker(workdir: Path, mode: str) -> None:
    """One rank: `straight` trains 6 steps saving at 3; `resume` loads step 3 and trains to 6."""
    from accelerate import Accelerator
    from torch.distributed.device_mesh import init_device_mesh
    from torch.distributed.fsdp import fully_shard

    from pipeline.config import load_config
    from pipeline.train.checkpoint import TrainerState, load_checkpoint, save_checkpoint
    from pipeline.train.data import MixedTokens
    from pipeline.train.loop import make_optimizer, train_step
    from pipeline.train.model import export_model, load_model, load_tokenizer

    config = load_config(workdir / "config.yaml", check_inputs=False)
    accelerator = Accelerator(cpu=True)
    rank, world = accelerator.process_index, accelerator.num_processes
    tokenizer = load_tokenizer(config.tokenizer.path)
    data = MixedTokens(config.train.tokens_dir, config.train.mix, 32, 512, config.run.seed)
    model = load_model(config, tokenizer)
    mesh = init_device_mesh("cpu", (world,))
    for layer in model.model.layers:
        fully_shard(layer, mesh=mesh)
    fully_shard(model, mesh=mesh)
    optimizer = make_optimizer(model, config.train, accelerator.device)
    checkpoints = workdir / "checkpoints"
    state = TrainerState()
    if mode == "resume":
        state = load_checkpoint(checkpoints / "step-0000003", accelerator, model, optimizer)
    losses = {}
    while state.step < 6:
        for group in optimizer.param_groups:
            group["lr"] = 1e-3
        batch = data.micro_batch(state.samples_seen, 0, rank, world, 4)
        loss, _ = train_step(accelerator, model, optimizer, [batch], 1.0)
        state.step, state.samples_seen = state.step + 1, state.samples_seen + 4 * world
        losses[state.step] = accelerator.reduce(loss, "mean").item()
        if state.step == 3 and mode == "straight":
            save_checkpoint(checkpoints, state, accelerator, model, optimizer, config, keep_last=2)
    export_model(accelerator, model, tokenizer, workdir / f"model-{mode}", {"mode": mode})
    if accelerator.is_main_process:
        (workdir / f"losses-{mode}.json").write_text(json.dumps(losses))
    torch.distributed.destroy_process_group()


def test_fsdp2_sharded_checkpoint_resumes_exactly(tmp_path):
    from safetensors.torch import load_file
    from test_train_fixtures import kill_all, make_run

    from pipeline.train.checkpoint import read_meta

    make_run(tmp_path, n_docs=60)
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(Path(__file__).parent),
    }
    for mode in ("straight", "resume"):
        port = str(_free_port())
        command = [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--nproc_per_node",
            "2",
            "--master_port",
            port,
        ]
        log = tmp_path / f"{mode}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [*command, __file__, str(tmp_path), mode], env=env, stdout=out, stderr=out
            )
        try:
            assert process.wait(300) == 0, log.read_text()[-5000:]
        except subprocess.TimeoutExpired:
            kill_all(process)
            pytest.fail(f"timed out; log:\n{log.read_text()[-5000:]}")

    step3 = tmp_path / "checkpoints" / "step-0000003"
    meta = read_meta(step3)
    assert meta["sharded"] and meta["world_size"] == 2
    shard0, shard1 = (load_file(step3 / f"model-rank{r:05d}.safetensors") for r in (0, 1))
    assert shard0.keys() == shard1.keys()
    assert not torch.equal(shard0["model.embed_tokens.weight"], shard1["model.embed_tokens.weight"])

    straight = json.loads((tmp_path / "losses-straight.json").read_text())
    resumed = json.loads((tmp_path / "losses-resume.json").read_text())
    assert resumed == {k: v for k, v in straight.items() if int(k) > 3}
    a = load_file(tmp_path / "model-straight" / "model.safetensors")
    b = load_file(tmp_path / "model-resume" / "model.safetensors")
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    worker(Path(sys.argv[1]), sys.argv[2])

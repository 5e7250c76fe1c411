"""dapt estimate: seed numbers and published figures, and on CPU the model states of a real Llama
(exact), the tensors its training step saves for backward and its peak of live tensors (measured)."""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
import yaml

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.errors import DaptError
from pipeline.estimate import (
    Model,
    TrainSetup,
    estimate,
    inference_memory,
    preflight,
    preset,
    training_memory,
)
from pipeline.estimate.compute import compute_plan, training_flops_per_token
from pipeline.estimate.hardware import GPUS, parse_gpu
from pipeline.estimate.memory import RECOMPUTED, activation_terms
from pipeline.estimate.model import PRESETS, shape_from_hf_config
from pipeline.estimate.plan import Plan, plan_from_config
from pipeline.estimate.render import render_text

REPO = Path(__file__).resolve().parent.parent
GB = 1e9


def estimate_json(capsys, *args: str) -> dict:
    assert main(["estimate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def model_states(memory) -> int:
    names = ("weights", "master_weights", "gradients", "optimizer_states")
    return sum(memory.components[name].bytes for name in names)


# ----------------------------------------------------------------------------------- seed numbers
def test_one_billion_fp32_parameters_with_adamw_take_4_4_8_gb(capsys):
    """The acceptance example: weights 4 GB, gradients 4 GB, Adam's two states 8 GB (GB = 1e9 B)."""
    result = estimate_json(capsys, "--params", "1e9", "--precision", "fp32", "--optimizer", "adamw")
    per_gpu = result["memory_per_gpu"]
    assert (per_gpu["weights_gb"], per_gpu["gradients_gb"], per_gpu["optimizer_states_gb"]) == (4.0, 4.0, 8.0)
    assert per_gpu["bytes"]["optimizer_states"] == 8_000_000_000
    assert result["units"] == {"gb": "1e9 bytes"}
    assert per_gpu["activations_gb"] is None and result["complete"] is False  # no shapes, no activations


def test_bf16_halves_and_int8_quarters_the_weights():
    model = Model("1B", 10**9)
    weights = {q: inference_memory(model, q, context=1).weights for q in ("fp32", "bf16", "int8", "int4")}
    assert weights == {"fp32": 4 * 10**9, "bf16": 2 * 10**9, "int8": 10**9, "int4": 5 * 10**8}


def test_zero_paper_mixed_precision_adam_is_16_bytes_per_parameter_and_figure_1():
    """Rajbhandari et al. 2020, figure 1: 7.5B parameters on 64 GPUs, K = 12 (mixed-precision Adam)."""
    model = Model("7.5B", 7_500_000_000)
    expected = {("zero1", 1): 120.0, ("zero1", 64): 31.4, ("zero2", 64): 16.6, ("zero3", 64): 1.9}
    for (strategy, world), gb in expected.items():  # baseline: 2 + 2 + 12 bytes per parameter, unsharded
        setup = TrainSetup(precision="bf16-mixed", strategy=strategy, world_size=world)
        assert round(model_states(training_memory(model, setup)) / GB, 1) == gb, strategy


def test_autocast_keeps_16_bytes_per_parameter_as_fp32_params_grads_and_adam():
    """dapt's torch autocast: fp32 parameters (the master) 4 + fp32 gradients 4 + Adam 8; 16-bit
    copies of the matmul weights exist only from forward to backward."""
    memory = training_memory(Model("1B", 10**9), TrainSetup(precision="bf16-mixed"))
    c = memory.components
    assert (c["master_weights"].bytes, c["gradients"].bytes, c["optimizer_states"].bytes) == (4e9, 4e9, 8e9)
    assert c["weights"].bytes == 2e9 and c["weights"].lifetime == "forward to backward"


def test_fsdp_and_zero3_divide_model_states_by_world_size():
    model = preset("llama-8b")
    for strategy in ("fsdp", "zero3"):
        one = model_states(training_memory(model, TrainSetup(strategy=strategy, world_size=1)))
        eight = model_states(training_memory(model, TrainSetup(strategy=strategy, world_size=8)))
        assert eight == pytest.approx(one / 8, rel=1e-6)
    ddp = training_memory(model, TrainSetup(strategy="ddp", world_size=8)).components
    assert ddp["communication_buffers"].bytes == ddp["gradients"].bytes  # DDP's bucket copy of the gradients


# ----------------------------------------------------------------------------------- published figures
PUBLISHED_PARAMS = {  # model cards / safetensors metadata on the Hugging Face Hub
    "llama-1b": 1_235_814_400,
    "llama-3b": 3_212_749_824,
    "llama-8b": 8_030_261_248,
    "llama-70b": 70_553_706_496,
    "llama2-7b": 6_738_415_616,
    "mistral-7b": 7_241_732_096,
    "smollm2-135m": 134_515_008,
    "qwen2.5-0.5b": 494_032_768,
}


@pytest.mark.parametrize("name", PUBLISHED_PARAMS)
def test_presets_have_the_published_parameter_counts(name):
    assert preset(name).params == PUBLISHED_PARAMS[name]


def test_every_preset_counts_exactly_what_transformers_allocates():
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    for name, (_, shape) in PRESETS.items():
        model_type = "qwen2" if name.startswith("qwen") else "llama"
        config = AutoConfig.for_model(
            model_type,
            hidden_size=shape.hidden_size,
            intermediate_size=shape.intermediate_size,
            num_hidden_layers=shape.num_layers,
            num_attention_heads=shape.num_heads,
            num_key_value_heads=shape.num_kv_heads,
            head_dim=shape.head_dim,
            vocab_size=shape.vocab_size,
            tie_word_embeddings=shape.tie_word_embeddings,
        )
        with torch.device("meta"):
            model = AutoModelForCausalLM.from_config(config)
        assert sum(p.numel() for p in model.parameters()) == shape.params, name


def test_published_inference_figures():
    """Llama-3-8B in bf16 is 16 GB; its KV cache is 128 KiB per token (GQA), Llama-2-7B's 512 KiB."""
    assert round(inference_memory(preset("llama-8b"), "bf16", context=1).weights / GB, 2) == 16.06
    assert inference_memory(preset("llama-8b"), "bf16", context=1000).kv_cache == 1000 * 128 * 1024
    assert inference_memory(preset("llama2-7b"), "bf16", context=1000).kv_cache == 1000 * 512 * 1024
    int4 = inference_memory(preset("llama-8b"), "int4", context=1).weights / GB
    assert 5.0 < int4 < 6.0  # 4-bit layers with group scales, 16-bit embeddings: ~5.7 GB like AWQ files


def test_chinchilla_optimal_tokens_for_70b_are_1_4_trillion():
    """Hoffmann et al. 2022: Chinchilla, 70B parameters, was trained on 1.4T tokens."""
    plan = compute_plan(Model("70B", 70 * 10**9), 2048, gpus=1, utilization=0.4, peak_flops_per_gpu=None)
    assert plan.chinchilla_tokens == 1_400_000_000_000 and plan.tokens_source == "chinchilla"


def test_flops_per_token_is_6n_plus_attention_and_agrees_with_the_trainer():
    from transformers import LlamaConfig, LlamaForCausalLM

    from pipeline.train.model import flops_per_token

    config = LlamaConfig(
        hidden_size=64,
        intermediate_size=160,
        num_hidden_layers=3,
        num_attention_heads=4,
        num_key_value_heads=2,
        vocab_size=500,
        tie_word_embeddings=False,
    )
    model = Model.from_shape("t", shape_from_hf_config(config.to_dict(), "t"))
    assert training_flops_per_token(model, 128) == 6 * (model.params - 500 * 64) + 12 * 3 * 4 * 16 * 128
    assert training_flops_per_token(model, 128) == flops_per_token(LlamaForCausalLM(config), 128)


def test_gpu_hours_and_days():
    plan = compute_plan(Model("1B", 10**9), 2048, 8, 0.5, peak_flops_per_gpu=1e15, tokens=3 * 10**10)
    assert plan.gpu_hours == pytest.approx(6e9 * 3e10 / 5e14 / 3600)
    assert plan.days == pytest.approx(plan.gpu_hours / 8 / 24)


# ----------------------------------------------------------------------------------- a real model on CPU
def tiny_llama(attention: str = "sdpa", tied: bool = False, bias: bool = False, vocab: int = 1000):
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        hidden_size=256,
        intermediate_size=704,
        num_hidden_layers=4,
        num_attention_heads=8,
        num_key_value_heads=2,
        vocab_size=vocab,
        tie_word_embeddings=tied,
        attention_bias=bias,
        max_position_embeddings=512,
        attn_implementation=attention,
    )
    import torch

    torch.manual_seed(0)
    planned = Model.from_shape("tiny", shape_from_hf_config(config.to_dict(), "tiny"))
    return LlamaForCausalLM(config).train(), planned


def dapt_step(model, batch, precision: str):
    """The forward and backward of dapt's train_step: logits kept, fp32 cross-entropy."""
    import torch
    import torch.nn.functional as F

    cast = torch.autocast("cpu", dtype=torch.bfloat16) if precision == "bf16-mixed" else nullcontext()
    with cast:
        logits = model(input_ids=batch[:, :-1], use_cache=False).logits
        loss = F.cross_entropy(logits.float().flatten(0, 1), batch[:, 1:].reshape(-1))
    loss.backward()


def storage_bytes(tensors) -> int:
    storages = {}
    for t in tensors:
        storages[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes()
    return sum(storages.values())


@pytest.mark.parametrize(
    "optimizer, tied, bias",
    [("adamw", False, False), ("adamw", True, True), ("sgd", False, False), ("adafactor", True, False)],
)
def test_weights_gradients_and_optimizer_bytes_are_exactly_a_real_models(optimizer, tied, bias):
    import torch

    model, planned = tiny_llama(tied=tied, bias=bias)
    make = {
        "adamw": lambda p: torch.optim.AdamW(p),
        "sgd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
        "adafactor": lambda p: torch.optim.Adafactor(p),
    }[optimizer]
    opt = make(model.parameters())
    dapt_step(model, torch.randint(0, 1000, (2, 17)), "fp32")
    opt.step()
    c = training_memory(planned, TrainSetup(precision="fp32", optimizer=optimizer)).components
    assert c["weights"].bytes == storage_bytes(model.parameters())
    assert c["gradients"].bytes == storage_bytes(p.grad for p in model.parameters())
    states = [t for state in opt.state.values() for t in state.values() if isinstance(t, torch.Tensor)]
    assert c["optimizer_states"].bytes == sum(t.untyped_storage().nbytes() for t in states)


def saved_for_backward(model, batch, precision: str) -> int:
    """Bytes autograd saves during forward (unique storages, the parameters themselves excluded)."""
    import torch

    parameters = {p.untyped_storage().data_ptr() for p in model.parameters()}
    saved = {}

    def pack(t):
        storage = t.untyped_storage()
        if storage.data_ptr() not in parameters:
            saved[storage.data_ptr()] = max(saved.get(storage.data_ptr(), 0), storage.nbytes())
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        dapt_step(model, batch, precision)
    return sum(saved.values())


@pytest.mark.parametrize("precision", ["fp32", "bf16-mixed", "bf16-pure"])
@pytest.mark.parametrize("attention, checkpointing", [("sdpa", "none"), ("eager", "none"), ("sdpa", "full")])
def test_activations_match_what_a_real_training_step_saves(precision, attention, checkpointing):
    """Issue 7 asks for 20%; the per-tensor accounting lands within 1% on CPU, so hold it to 5%."""
    import torch

    model, planned = tiny_llama(attention)
    if precision == "bf16-pure":
        model = model.to(torch.bfloat16)
    if checkpointing == "full":
        model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    batch, seq = 3, 80
    measured = saved_for_backward(model, torch.randint(0, 1000, (batch, seq + 1)), precision)
    setup = TrainSetup(
        precision=precision,
        micro_batch_size=batch,
        seq_len=seq,
        checkpointing=checkpointing,
        attention=attention,
    )
    predicted = training_memory(planned, setup).saved_for_backward
    assert predicted == pytest.approx(measured, rel=0.05)


def live_tensor_peak(model, optimizer, batch, precision: str) -> int:
    """The peak bytes of live tensor storages over one training step: what torch.cuda.max_memory_allocated
    measures on a GPU, tracked op by op on CPU with a dispatch mode."""
    import torch
    from torch.multiprocessing.reductions import StorageWeakRef
    from torch.utils._python_dispatch import TorchDispatchMode
    from torch.utils._pytree import tree_flatten

    class LiveStorages(TorchDispatchMode):
        def __init__(self):
            super().__init__()
            self.live, self.now, self.peak = {}, 0, 0

        def add(self, t):
            storage = t.untyped_storage()
            if storage.data_ptr() and storage.data_ptr() not in self.live:
                self.live[storage.data_ptr()] = (StorageWeakRef(storage), storage.nbytes())
                self.now += storage.nbytes()

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            out = func(*args, **(kwargs or {}))
            for t in tree_flatten(out)[0]:
                if isinstance(t, torch.Tensor):
                    self.add(t)
            for key, (ref, nbytes) in list(self.live.items()):
                if ref.expired():
                    del self.live[key]
                    self.now -= nbytes
            self.peak = max(self.peak, self.now)
            return out

    def step():
        dapt_step(model, batch, precision)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    step()  # the optimizer states exist from here on, as in every later step
    mode = LiveStorages()
    for t in [*model.parameters(), *(t for s in optimizer.state.values() for t in s.values())]:
        mode.add(t)
    with mode:
        step()
    return mode.peak


@pytest.mark.parametrize(
    "precision, batch, seq, checkpointing, phase",
    [
        ("fp32", 2, 128, "none", "the start of backward"),
        ("bf16-mixed", 2, 128, "none", "the start of backward"),
        ("bf16-mixed", 4, 128, "full", "the start of backward"),
        ("fp32", 1, 32, "full", "the backward of a recomputed layer"),
        ("bf16-mixed", 1, 32, "none", "the optimizer step"),
    ],
)
def test_peak_matches_the_live_tensors_of_a_real_training_step(precision, batch, seq, checkpointing, phase):
    """The planner's peak_allocated against the op-by-op peak of a real step (fused AdamW, as dapt on GPU)."""
    import torch

    model, planned = tiny_llama(vocab=8000)
    if checkpointing == "full":
        model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    optimizer = torch.optim.AdamW(model.parameters(), fused=True)
    measured = live_tensor_peak(model, optimizer, torch.randint(0, 8000, (batch, seq + 1)), precision)
    setup = TrainSetup(precision=precision, micro_batch_size=batch, seq_len=seq, checkpointing=checkpointing)
    memory = training_memory(planned, setup)
    assert memory.peak_phase == phase
    assert memory.peak_allocated == pytest.approx(measured, rel=0.05)


@pytest.mark.parametrize(
    "precision, checkpointing",
    [("fp32", "full"), ("bf16-mixed", "full"), ("bf16-mixed", "none")],
)
def test_eager_attention_peak_holds_a_layers_scores_and_their_gradients(precision, checkpointing):
    """Eager attention at a length where the scores dominate: the recomputed (or last) layer's softmax
    output and, at its backward, the incoming gradient and the softmax gradient (b * heads * s^2 each)."""
    import torch

    model, planned = tiny_llama("eager")
    if checkpointing == "full":
        model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    optimizer = torch.optim.AdamW(model.parameters(), fused=True)
    measured = live_tensor_peak(model, optimizer, torch.randint(0, 1000, (1, 513)), precision)
    setup = TrainSetup(precision=precision, seq_len=512, checkpointing=checkpointing, attention="eager")
    memory = training_memory(planned, setup)
    assert memory.peak_phase == "the backward of eager attention"
    assert memory.peak_allocated == pytest.approx(measured, rel=0.05)


# ----------------------------------------------------------------------------------- verdicts
def test_suggestions_fit_when_applied():
    import dataclasses

    plan = Plan(
        preset("llama-8b"),
        TrainSetup(micro_batch_size=4, seq_len=4096, world_size=8, strategy="ddp"),
        GPUS["H100-80"],
    )
    result = estimate(plan)
    assert result.verdict == "does not fit" and result.suggestions
    for suggestion in result.suggestions:
        memory = training_memory(plan.model, dataclasses.replace(plan.setup, **suggestion.changes))
        assert memory.total == suggestion.total <= 0.9 * GPUS["H100-80"].memory_bytes
    assert any(s.changes.get("strategy") == "fsdp" for s in result.suggestions)


def test_a_model_too_big_for_one_gpu_gets_a_number_of_gpus():
    result = estimate(Plan(preset("llama-70b"), TrainSetup(), GPUS["H100-80"]))
    assert result.verdict == "does not fit"
    (suggestion,) = result.suggestions
    assert suggestion.changes["strategy"] == "fsdp" and suggestion.changes["world_size"] >= 16


def test_small_model_fits_and_int8_training_is_refused():
    small = Plan(preset("smollm2-135m"), TrainSetup(micro_batch_size=8), GPUS["A100-40"])
    assert estimate(small).verdict == "fits"
    with pytest.raises(DaptError, match="inference"):
        TrainSetup(precision="int8")


def test_gpu_names_and_sizes():
    assert parse_gpu("h100").name == "H100-80" and parse_gpu("A100_80GB").name == "A100-80"
    assert parse_gpu("24GB").memory_bytes == 24 * 10**9 and parse_gpu("24GiB").memory_bytes == 24 * 2**30
    with pytest.raises(DaptError, match="unknown GPU"):
        parse_gpu("tpu-v5")


# ----------------------------------------------------------------------------------- the command
def test_table_shows_every_component_a_verdict_and_a_suggestion(capsys):
    args = ["estimate", "--preset", "llama-1b", "--gpu", "H100-80", "--micro-batch", "8", "--seq-len", "4096"]
    assert main(args) == 0
    out = capsys.readouterr().out
    for label in (
        "weights",
        "master weights",
        "gradients",
        "optimizer states",
        "activations",
        "logits + loss",
        "framework overhead",
        "peak allocated",
        "Inference memory",
        "GPU-hours",
        "Chinchilla",
    ):
        assert label in out, label
    assert "does not fit" in out and "fits with --checkpointing full" in out


def test_hf_config_directory_gives_the_real_models_shapes(tmp_path, capsys):
    model, _ = tiny_llama(tied=True)
    model.config.save_pretrained(tmp_path)
    result = estimate_json(capsys, "--model-config", str(tmp_path), "--gpu", "L40S")
    assert result["model"]["params"] == sum(p.numel() for p in model.parameters())
    assert result["model"]["num_kv_heads"] == 2 and result["verdict"] == "fits"


def test_bad_inputs_are_errors_naming_the_problem(tmp_path, capsys):
    (tmp_path / "config.json").write_text(json.dumps({"hidden_size": 64, "num_hidden_layers": 2}))
    assert main(["estimate", "--model-config", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "config.json") in err and "intermediate_size" in err
    assert main(["estimate", "--preset", "gpt-5"]) == 2 and "llama-8b" in capsys.readouterr().err
    assert main(["estimate", "--params", "7B", "--gpu", "tpu"]) == 2 and "H100-80" in capsys.readouterr().err
    assert main(["estimate", "--preset", "llama-1b", "--gpus", "4", "--strategy", "single"]) == 2


def write_config(path: Path, **sections) -> Path:
    config = {
        "run": {"name": "plan", "output_dir": str(path.parent / "run")},
        "model": {
            "architecture": {
                "model_type": "llama",
                "hidden_size": 2048,
                "intermediate_size": 8192,
                "num_hidden_layers": 16,
                "num_attention_heads": 32,
                "num_key_value_heads": 8,
                "vocab_size": 128256,
                "tie_word_embeddings": True,
            }
        },
        "train": {"seq_len": 2048, "micro_batch_size": 4, "max_steps": 1000, "grad_accum_steps": 2},
        "slurm": {"nodes": 2, "gpus_per_node": 4, "gpu_type": "a100_80g"},
    }
    for key, value in sections.items():
        config[key] = {**config[key], **value}
    path.write_text(yaml.safe_dump(config))
    return path


def test_run_config_is_estimated_from_its_train_and_slurm_sections(tmp_path, capsys):
    config = write_config(tmp_path / "run.yaml")
    result = estimate_json(capsys, str(config))
    setup = result["setup"]
    assert (setup["precision"], setup["strategy"], setup["world_size"], setup["gpu"]) == (
        "bf16-mixed",
        "ddp",
        8,
        "A100-80",
    )
    assert (setup["micro_batch_size"], setup["seq_len"], setup["grad_accum_steps"]) == (4, 2048, 2)
    assert result["model"]["params"] == PUBLISHED_PARAMS["llama-1b"]
    assert result["compute"]["tokens"] == 1000 * 2 * 4 * 2048 * 8  # steps x accumulation x batch x GPUs
    assert result["compute"]["tokens_source"] == "run config"
    # overrides and flags apply on top of the config
    result = estimate_json(capsys, str(config), "train.micro_batch_size=1", "--strategy", "fsdp")
    assert result["setup"]["micro_batch_size"] == 1 and result["setup"]["strategy"] == "fsdp"


def test_accelerate_fsdp_config_sets_the_strategy(tmp_path):
    accelerate = tmp_path / "fsdp.yaml"
    accelerate.write_text(
        yaml.safe_dump({"distributed_type": "FSDP", "fsdp_config": {"fsdp_sharding_strategy": "FULL_SHARD"}})
    )
    config = write_config(tmp_path / "run.yaml", train={"accelerate_config": str(accelerate)})
    plan = plan_from_config(load_config(config, check_inputs=False))
    assert plan.setup.strategy == "fsdp" and plan.setup.shard_group is None
    hybrid = {"distributed_type": "FSDP", "fsdp_config": {"fsdp_sharding_strategy": "HYBRID_SHARD"}}
    accelerate.write_text(yaml.safe_dump(hybrid))
    plan = plan_from_config(load_config(config, check_inputs=False))  # 2 nodes of 4 GPUs
    assert (plan.setup.strategy, plan.setup.world_size, plan.setup.shard_group) == ("fsdp", 8, 4)


# ----------------------------------------------------------------------------------- pre-flight
def test_preflight_passes_cpu_only_runs_and_jobs_that_fit(tmp_path):
    preflight(load_config(write_config(tmp_path / "a.yaml", slurm={"gpus_per_node": 0, "gpu_type": None})))
    preflight(load_config(write_config(tmp_path / "b.yaml", train={"micro_batch_size": 1})))


def test_preflight_refuses_a_job_that_cannot_fit_with_the_table_and_a_suggestion(tmp_path, caplog):
    config = load_config(
        write_config(tmp_path / "run.yaml", slurm={"gpu_type": "L40S"}, train={"micro_batch_size": 16})
    )
    with pytest.raises(DaptError) as refused:
        preflight(config)
    message = str(refused.value)
    assert "does not fit" in message and "optimizer states" in message and "--force" in message
    assert "train.micro_batch_size=" in message or "train.activation_checkpointing=true" in message
    with caplog.at_level(logging.WARNING, logger="pipeline.estimate.plan"):
        preflight(config, force=True)
    assert "running anyway" in caplog.text and "does not fit" in caplog.text


def tiny_run(tmp_path: Path) -> tuple[Path, list[str]]:
    """A real run config (tokenizer, shards, tiny Llama) and overrides that give it a GPU too small for
    micro-batch 1024 but big enough for 512 (computed with the planner itself)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from test_train_fixtures import make_run

    path = make_run(
        tmp_path, n_docs=60, seq_len=64, micro_batch_size=1024, max_steps=2, eval_every=2, eval_tokens=256
    )
    overrides = ["slurm.gpus_per_node=1"]

    def total(micro_batch: int) -> int:
        config = load_config(
            path, [*overrides, "slurm.gpu_type=80GB", f"train.micro_batch_size={micro_batch}"]
        )
        return estimate(plan_from_config(config)).training.total

    size = total(512) / 0.9 * 1.001  # micro-batch 512 fits with the 10% headroom suggestions leave
    assert size < total(1024)
    return path, [*overrides, f"slurm.gpu_type={size / GB:.6f}GB"]


def dapt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=600
    )


def test_dapt_train_refuses_a_job_that_cannot_fit_its_gpus(tmp_path):
    config, overrides = tiny_run(tmp_path)
    refused = dapt("train", str(config), *overrides)
    assert refused.returncode == 2, refused.stderr
    assert "does not fit" in refused.stderr and "optimizer states" in refused.stderr
    assert "fits with --micro-batch 512 --grad-accum 2" in refused.stderr
    assert "train.micro_batch_size=512 train.grad_accum_steps=2" in refused.stderr
    assert not (tmp_path / "run" / "checkpoints").exists()


@pytest.mark.slow
def test_dapt_train_force_runs_a_job_the_planner_refuses(tmp_path):
    config, overrides = tiny_run(tmp_path)
    forced = dapt("train", str(config), *overrides, "--force")
    assert forced.returncode == 0, forced.stderr[-3000:]
    assert "running anyway" in forced.stdout + forced.stderr  # the warning, through the console logger
    assert (tmp_path / "run" / "model" / "config.json").is_file()


def test_render_text_is_plain(tmp_path):
    text = render_text(estimate(Plan(preset("llama-1b"), TrainSetup(), GPUS["H100-80"])))
    assert "\x1b[" not in text and "verdict: fits" in text
    assert math.isclose(GPUS["H100-80"].memory_bytes / GB, 85.52, abs_tol=0.01)


# ----------------------------------------------------------------------------------- corrections (issue 14)
def test_deepspeed_zero2_keeps_an_fp32_gradient_partition_as_its_own_estimator_says():
    """DeepSpeed 0.19 estimate_zero2_model_states_mem_needs (no offload): 2 + 18/N bytes per parameter."""
    model = Model("7.5B", 7_500_000_000)
    for world in (1, 8, 64):
        memory = training_memory(model, TrainSetup(strategy="zero2", world_size=world))
        fp32_grads = memory.components["fp32_gradient_partition"].bytes
        with_fp32_grads = model_states(memory) + fp32_grads
        deepspeed = 2 * model.params + int(18 * model.params / world)
        assert with_fp32_grads == pytest.approx(deepspeed, rel=1e-9)
    fsdp = training_memory(model, TrainSetup(strategy="fsdp", world_size=8)).components
    assert "fp32_gradient_partition" not in fsdp  # FSDP's gradients are the fp32 ones
    fp32 = training_memory(model, TrainSetup(precision="fp32", strategy="zero2", world_size=8)).components
    assert "fp32_gradient_partition" not in fp32  # the gradients are fp32 already


def test_deepspeeds_fp32_gradients_live_only_at_the_optimizer_step():
    """DeepSpeed builds them in step() and frees them after ("get rid of the fp32 gradients"): an
    activation-bound peak (the start of backward) does not hold them."""
    setup = TrainSetup(strategy="zero2", world_size=8, micro_batch_size=8, seq_len=4096)
    memory = training_memory(preset("llama-1b"), setup)
    assert memory.components["fp32_gradient_partition"].lifetime == "at the optimizer step"
    assert memory.peak_phase == "the start of backward"
    states = ("weights", "master_weights", "optimizer_states", "activations", "logits_and_loss")
    assert memory.peak_allocated == sum(memory.components[name].bytes for name in states)


def test_eager_attention_scores_count_in_the_recomputed_layer_of_full_checkpointing():
    model = preset("llama2-7b")
    setup = TrainSetup(
        strategy="fsdp",
        world_size=8,
        micro_batch_size=2,
        seq_len=16384,
        checkpointing="full",
        attention="eager",
    )
    scores = setup.micro_batch_size * model.shape.num_heads * setup.seq_len**2 * 6  # fp32 softmax + bf16 cast
    eager = activation_terms(model.shape, setup)
    sdpa = activation_terms(model.shape, dataclasses.replace(setup, attention="sdpa"))
    assert eager[RECOMPUTED] - sdpa[RECOMPUTED] >= scores
    with_scores = estimate(Plan(model, setup, gpu=parse_gpu("H100-80")))
    assert with_scores.training.peak_phase == "the backward of eager attention"
    assert with_scores.verdict == "does not fit"  # the old count left out 103 GB of scores: "fits"
    assert with_scores.training.peak_allocated > scores * 2  # at the softmax: three fp32 copies (12 bytes)
    one = dataclasses.replace(setup, micro_batch_size=1)  # the case: 51.5 GB of scores
    assert estimate(Plan(model, one, gpu=parse_gpu("H100-80"))).verdict == "does not fit"
    sdpa = dataclasses.replace(one, attention="sdpa")
    assert estimate(Plan(model, sdpa, GPUS["H100-80"])).verdict == "fits"
    selective = activation_terms(model.shape, dataclasses.replace(setup, checkpointing="selective"))
    assert "attention scores (eager)" not in selective  # selective recomputation drops exactly these


def test_full_checkpointing_costs_8n_per_token_in_the_time_estimate():
    model = Model("1B", 10**9)
    args = dict(seq_len=2048, gpus=8, utilization=0.5, peak_flops_per_gpu=1e15, tokens=3 * 10**10)
    plain, recomputed = compute_plan(model, **args), compute_plan(model, **args, checkpointing="full")
    assert recomputed.flops_per_token == plain.flops_per_token == 6e9  # MFU still counts model FLOPs
    assert recomputed.hardware_flops_per_token == pytest.approx(8e9)
    assert recomputed.gpu_hours == pytest.approx(plain.gpu_hours * 4 / 3)  # at the same 50% HFU
    assert recomputed.mfu == pytest.approx(0.375)
    given_mfu = compute_plan(model, **args, checkpointing="full", utilization_kind="mfu")
    assert given_mfu.gpu_hours == pytest.approx(plain.gpu_hours)  # an MFU already includes the slowdown
    shape = preset("llama-1b").shape  # the decoder layers' forward again; the LM head is not recomputed
    shaped = compute_plan(preset("llama-1b"), **args, checkpointing="full")
    attention = 4 * shape.num_layers * shape.num_heads * shape.head_dim * 2048
    recompute = 2 * shape.num_layers * shape.layer_params + attention
    assert shaped.hardware_flops_per_token == shaped.flops_per_token + recompute


def test_hfu_and_mfu_show_in_the_output(capsys):
    args = ["--params", "7B", "--gpu", "H100-80", "--checkpointing", "full", "--tokens", "1e11"]
    result = estimate_json(capsys, *args)
    assert result["compute"]["hardware_flops_per_token"] == 8 * 7e9
    assert (result["compute"]["hfu"], result["compute"]["mfu"]) == (0.4, pytest.approx(0.3))
    assert main(["estimate", *args]) == 0
    out = capsys.readouterr().out
    assert "hardware FLOPs per token" in out and "at 40% HFU (30% MFU;" in out
    with_mfu = estimate_json(capsys, *args, "--mfu", "0.3")["compute"]
    assert with_mfu["gpu_hours"] == pytest.approx(result["compute"]["gpu_hours"])
    with pytest.raises(SystemExit) as both:  # one or the other
        main(["estimate", *args, "--mfu", "0.3", "--hfu", "0.4"])
    assert both.value.code == 2 and "not allowed with" in capsys.readouterr().err


def test_hybrid_sharding_shards_memory_over_the_group_and_divides_time_over_every_gpu(capsys):
    out = estimate_json(
        capsys, "--params", "50B", "--strategy", "zero3", "--gpus", "512", "--shard-group", "128"
    )
    group = estimate_json(capsys, "--params", "50B", "--strategy", "zero3", "--gpus", "128")
    everyone = estimate_json(capsys, "--params", "50B", "--strategy", "zero3", "--gpus", "512")
    assert (
        out["memory_per_gpu"]["bytes"]["optimizer_states"]
        == group["memory_per_gpu"]["bytes"]["optimizer_states"]
    )
    assert out["compute"]["days"] == pytest.approx(everyone["compute"]["days"])
    assert (
        main(["estimate", "--params", "7B", "--strategy", "zero3", "--gpus", "8", "--shard-group", "3"]) == 2
    )
    assert "divide" in capsys.readouterr().err


@pytest.mark.parametrize(
    "flags, says",
    [
        (["--gpus", "0"], "--gpus"),
        (["--gpu", "0GB"], "positive"),
        (["--peak-tflops", "-5"], "--peak-tflops"),
        (["--peak-tflops", "0"], "--peak-tflops"),
        (["--context", "-1"], "--context"),
        (["--inference-batch", "0"], "--inference-batch"),
    ],
)
def test_bad_counts_and_rates_exit_2_with_a_message(flags, says, capsys):
    assert main(["estimate", "--params", "7B", *flags]) == 2
    assert says in capsys.readouterr().err

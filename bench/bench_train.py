"""CPU benchmarks of `dapt train`, each against its baseline in the same run:

1. training throughput (tokens/s) of our loop vs Hugging Face's Trainer: the same Llama-style
   model and initial weights, the same packed token windows, batch, fp32, AdamW and threads;
2. the data loader (mixing + packing from memory-mapped shards) vs what training consumes;
3. checkpoint save time and size, for the benchmark model and a GPT-2-small-sized one.

    nice .venv/bin/python bench/bench_train.py [--steps 30] [--repeats 3]

Prints one JSON object (ratios included). Data: a tokenizer and token shards built with the real
tools (tokenizers BPE, datatrove DocumentTokenizer) by tests/test_train_fixtures.py.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_train_fixtures import make_shards, make_tokenizer  # noqa: E402

from pipeline.config import RunConfig  # noqa: E402

ARCHITECTURE = {
    "model_type": "llama",
    "hidden_size": 256,
    "intermediate_size": 688,
    "num_hidden_layers": 4,
    "num_attention_heads": 4,
    "num_key_value_heads": 4,
    "max_position_embeddings": 512,
    "tie_word_embeddings": True,
}
SEQ_LEN, BATCH = 256, 8


def make_config(root: Path, steps: int, architecture: dict = ARCHITECTURE) -> RunConfig:
    return RunConfig.model_validate(
        {
            "run": {"name": "bench", "output_dir": str(root / "run"), "seed": 0},
            "tokenizer": {"path": str(root / "tokenizer")},
            "model": {"architecture": architecture},
            "train": {
                "tokens_dir": str(root / "tokens"),
                "mix": {"finance": 0.5, "general": 0.5},
                "seq_len": SEQ_LEN,
                "micro_batch_size": BATCH,
                "max_steps": steps,
                "warmup_steps": 2,
                "log_every": steps,  # one throughput figure over every step
                "eval_every": 10 * steps,
                "eval_tokens": 2048,
                "precision": "fp32",
                "checkpoint": {"every_steps": 10 * steps},
                "resume": "never",
            },
            "tracking": {"wandb": {"mode": "disabled"}},
        }
    )


def ours(config: RunConfig) -> float:
    """tokens/s of `dapt train` (the loop's own figure: wall clock of the steps, eval excluded)."""
    from pipeline.train.loop import train

    shutil.rmtree(config.run.output_dir, ignore_errors=True)
    train(config)
    records = [
        json.loads(line) for line in (config.run.output_dir / "metrics.jsonl").read_text().splitlines()
    ]
    return next(r["train/tokens_per_s"] for r in records if "train/tokens_per_s" in r)


def hf_trainer(config: RunConfig, workdir: Path) -> float:
    """tokens/s of transformers.Trainer on the same model, windows, batch and precision."""
    from transformers import Trainer, TrainerCallback, TrainingArguments

    from pipeline.train.data import MixedTokens
    from pipeline.train.model import load_model, load_tokenizer

    cfg = config.train
    data = MixedTokens(cfg.tokens_dir, cfg.mix, cfg.seq_len, cfg.eval_tokens, config.run.seed)
    model = load_model(config, load_tokenizer(config.tokenizer.path))

    class Windows(torch.utils.data.Dataset):
        def __len__(self) -> int:
            return cfg.max_steps * cfg.micro_batch_size

        def __getitem__(self, i: int) -> dict:
            tokens = torch.from_numpy(data.sample(i))[:-1]  # seq_len inputs, like ours
            return {"input_ids": tokens, "labels": tokens}

    class Clock(TrainerCallback):
        def on_train_begin(self, *args, **kwargs):
            self.start = time.perf_counter()

        def on_train_end(self, *args, **kwargs):
            self.seconds = time.perf_counter() - self.start

    clock = Clock()
    args = TrainingArguments(
        output_dir=str(workdir / "hf"),
        per_device_train_batch_size=cfg.micro_batch_size,
        max_steps=cfg.max_steps,
        learning_rate=cfg.lr,
        warmup_steps=cfg.warmup_steps,
        lr_scheduler_type="cosine",
        weight_decay=cfg.weight_decay,
        adam_beta1=cfg.adam_betas[0],
        adam_beta2=cfg.adam_betas[1],
        max_grad_norm=cfg.grad_clip,
        optim="adamw_torch_fused",
        use_cpu=True,
        logging_steps=cfg.max_steps,
        save_strategy="no",
        report_to=[],
        disable_tqdm=True,
        dataloader_num_workers=0,
        seed=config.run.seed,
    )
    Trainer(model=model, args=args, train_dataset=Windows(), callbacks=[clock]).train()
    return cfg.max_steps * cfg.micro_batch_size * cfg.seq_len / clock.seconds


def loader(config: RunConfig, batches: int = 2000) -> float:
    """tokens/s of the data loader alone: mixed, packed micro-batches from the shards."""
    from pipeline.train.data import MixedTokens

    cfg = config.train
    data = MixedTokens(cfg.tokens_dir, cfg.mix, cfg.seq_len, cfg.eval_tokens, config.run.seed)
    data.micro_batch(0, 0, 0, 1, cfg.micro_batch_size)
    start = time.perf_counter()
    for i in range(batches):
        data.micro_batch(i * cfg.micro_batch_size, 0, 0, 1, cfg.micro_batch_size)
    return batches * cfg.micro_batch_size * cfg.seq_len / (time.perf_counter() - start)


def checkpoint(config: RunConfig, workdir: Path) -> dict:
    """Seconds and bytes of one save_checkpoint (model, AdamW state after a step, RNG)."""
    from accelerate import Accelerator

    from pipeline.train.checkpoint import TrainerState, save_checkpoint
    from pipeline.train.loop import make_optimizer, train_step
    from pipeline.train.model import load_model, load_tokenizer

    accelerator = Accelerator(cpu=True)
    model = load_model(config, load_tokenizer(config.tokenizer.path))
    optimizer = make_optimizer(model, config.train, accelerator.device)
    batch = torch.randint(0, 300, (2, 33))
    train_step(accelerator, model, optimizer, [batch], 1.0)
    root = workdir / "ckpt"
    shutil.rmtree(root, ignore_errors=True)
    start = time.perf_counter()
    path = save_checkpoint(root, TrainerState(step=1), accelerator, model, optimizer, config, keep_last=1)
    seconds = time.perf_counter() - start
    size = sum(f.stat().st_size for f in path.iterdir())
    params = sum(p.numel() for p in model.parameters())
    shutil.rmtree(root)
    return {"parameters": params, "seconds": round(seconds, 3), "megabytes": round(size / 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3, help="alternating runs of each; medians reported")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dapt-bench-"))
    try:
        make_tokenizer(workdir / "tokenizer")
        make_shards(workdir / "tokens", workdir / "tokenizer", {"finance": 800, "general": 800})
        config = make_config(workdir, args.steps)
        runs = {"dapt": [], "hf_trainer": []}
        for _ in range(args.repeats):  # alternate, so that both see the same machine load
            runs["dapt"].append(ours(config))
            runs["hf_trainer"].append(hf_trainer(config, workdir))
        dapt, hf = statistics.median(runs["dapt"]), statistics.median(runs["hf_trainer"])
        paired = [a / b for a, b in zip(runs["dapt"], runs["hf_trainer"], strict=True)]
        data = loader(config)
        gpt2_small = {
            **ARCHITECTURE,
            "hidden_size": 768,
            "intermediate_size": 2048,
            "num_hidden_layers": 12,
            "num_attention_heads": 12,
            "num_key_value_heads": 12,
        }
        result = {
            "machine": f"{platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, "
            f"torch {torch.__version__}",
            "date": time.strftime("%Y-%m-%d"),
            "model": {
                **ARCHITECTURE,
                "seq_len": SEQ_LEN,
                "micro_batch": BATCH,
                "steps": args.steps,
                "precision": "fp32",
            },
            "train_tokens_per_s": {"dapt": round(dapt), "hf_trainer": round(hf), "all_runs": runs},
            "train_speed_vs_hf_trainer": round(statistics.median(paired), 3),  # median of paired runs
            "loader_tokens_per_s": round(data),
            "loader_vs_training": round(data / dapt, 1),
            "checkpoint": {
                "bench_model": checkpoint(config, workdir),
                "gpt2_small_shape": checkpoint(make_config(workdir, 1, gpt2_small), workdir),
            },
        }
        print(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

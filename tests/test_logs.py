"""Logging setup: the console follows sys.stderr, the run's log file gets every record, and a
second setup replaces the first one's handlers instead of stacking them."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import yaml

from pipeline.logs import setup_logging

REPO = Path(__file__).resolve().parent.parent


def test_console_follows_the_current_stderr_and_a_second_setup_replaces_the_first(tmp_path, monkeypatch):
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    setup_logging(tmp_path / "a")
    first.close()  # as pytest closes a test's captured stderr
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    setup_logging(tmp_path / "b")
    logging.getLogger("dapt.test").info("hello %d", 2)
    logging.getLogger("dapt.test").debug("only in the file")

    assert second.getvalue() == "INFO    hello 2\n"  # once: the first setup's console is gone
    assert "hello 2" not in (tmp_path / "a" / "logs" / "dapt.log").read_text()
    log = (tmp_path / "b" / "logs" / "dapt.log").read_text()
    assert "hello 2" in log and "only in the file" in log
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "dapt"]
    assert len(ours) == 2
    for handler in ours:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_quiet_silences_datatrove_tasks_and_wandb(tmp_path):
    """`dapt -q curate`: only warnings and errors, none of datatrove's INFO lines or W&B's banners."""
    docs = tmp_path / "docs.jsonl"
    sentence = "the market rallied as bond yields fell and the central bank held its rate"
    words = sentence.split()
    docs.write_text(
        "".join(
            json.dumps({"id": str(i), "text": " ".join(words[i:] + words[:i]) * 3}) + "\n" for i in range(12)
        )
    )
    off = {"enabled": False}
    config = {
        "run": {"name": "quiet", "output_dir": str(tmp_path / "run")},
        "sources": [{"name": "news", "format": "jsonl", "paths": [str(docs)], "role": "general"}],
        "curate": {
            "url": off, "language": off, "domain": off, "toxicity": off, "pii": off,
            "quality": {"gopher_repetition": False, "gopher_quality": False, "c4": False, "fineweb": False},
            "dedup": {"exact": False, "url": False, "minhash": off},
        },
        "tokenizer": {"train": {"algorithm": "bpe", "vocab_size": 300}},
        "model": {"architecture": {"model_type": "llama"}},
        "tracking": {"wandb": {"mode": "offline"}},
    }  # fmt: skip
    path = tmp_path / "quiet.yaml"
    path.write_text(yaml.safe_dump(config))
    env = {k: v for k, v in os.environ.items() if k not in ("WANDB_SILENT", "WANDB_MODE")}

    def curate(*options: str) -> str:
        command = [sys.executable, "-m", "pipeline.cli", *options, "curate", str(path), "--force"]
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=300)
        assert result.returncode == 0, result.stderr
        return result.stderr

    loud = curate()
    assert "INFO" in loud  # what --quiet has to silence
    quiet = curate("-q")
    assert "INFO" not in quiet and "wandb:" not in quiet, quiet
    assert "Launching pipeline" in "".join(
        p.read_text() for p in (tmp_path / "run" / "logs").rglob("task_*.log")
    )

"""The `dapt` command: help, examples, exit codes, config show."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
COMMANDS = [
    "demo",
    "crawl",
    "curate",
    "report",
    "train",
    "eval",
    "estimate",
    "slurm",
    "config",
    "tokenizer",
    "classifier",
]


def dapt(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_help_lists_every_command_with_a_description():
    result = dapt("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"    {command}" in result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["demo"],
        ["curate"],
        ["report"],
        ["train"],
        ["eval"],
        ["estimate"],
        ["config", "show"],
        ["slurm"],
        ["tokenizer", "train"],
        ["classifier", "train"],
        ["crawl"],
    ],
)
def test_each_command_help_shows_an_example(command):
    result = dapt(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "examples:" in result.stdout and "dapt " in result.stdout.split("examples:")[1]


def test_unknown_config_key_exits_2_and_names_it():
    result = dapt("curate", "configs/demo.yaml", "curate.bogus=1")
    assert result.returncode == 2
    assert "curate.bogus" in result.stderr and "configs/demo.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2():
    assert dapt("no-such-command").returncode == 2
    assert dapt("curate").returncode == 2
    missing = dapt("curate", "configs/does-not-exist.yaml")
    assert missing.returncode == 2 and "config file not found" in missing.stderr


def test_config_show_prints_the_resolved_config(tmp_path):
    result = dapt("config", "show", "configs/demo.yaml", "train.max_steps=5", f"run.output_dir={tmp_path}")
    assert result.returncode == 0, result.stderr
    shown = yaml.safe_load(result.stdout)
    assert shown["train"]["max_steps"] == 5
    assert shown["run"]["output_dir"] == str(tmp_path)
    assert shown["sources"][0]["paths"][0].startswith(str(REPO))

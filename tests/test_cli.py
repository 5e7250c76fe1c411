"""The `dapt` command: help, examples, exit codes, config show."""

import argparse
import shlex
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


def _help_examples(parser: argparse.ArgumentParser) -> list[str]:
    """Every example line printed by this parser's --help and its sub-commands' (recursively)."""
    text = parser.format_help()
    found = (
        [line.strip() for line in text.split("examples:", 1)[1].splitlines()] if "examples:" in text else []
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _help_examples(sub)
    return [line for line in found if line]


def test_every_help_example_parses():
    from pipeline.cli import build_parser
    from pipeline.train.__main__ import build_parser as train_parser

    examples = _help_examples(build_parser())
    assert "dapt train configs/demo.yaml --nproc 2 train.max_steps=50" in examples
    assert len(examples) > 15
    for example in examples:
        words = shlex.split(example)
        if words[0] == "dapt":
            args = build_parser().parse_args(words[1:])
        else:
            assert words[:4] == ["accelerate", "launch", "-m", "pipeline.train"], example
            args = train_parser().parse_args(words[4:])
        for override in getattr(args, "overrides", None) or []:
            assert "=" in override, (example, override)


@pytest.mark.parametrize(
    "words, overrides",
    [
        ("train configs/demo.yaml --nproc 2 train.max_steps=50", ["train.max_steps=50"]),
        ("slurm submit configs/demo.yaml --stage all run.output_dir=X", ["run.output_dir=X"]),
        ("estimate configs/demo.yaml --json train.seq_len=64", ["train.seq_len=64"]),
        ("curate configs/demo.yaml a.b=1 --force c.d=2", ["a.b=1", "c.d=2"]),
    ],
)
def test_overrides_may_follow_options(words, overrides):
    from pipeline.cli import build_parser

    assert build_parser().parse_args(words.split()).overrides == overrides


def test_python_m_pipeline_train_takes_overrides_after_force():
    from pipeline.train.__main__ import build_parser

    args = build_parser().parse_args(["c.yaml", "--force", "train.max_steps=3"])
    assert args.force and args.overrides == ["train.max_steps=3"]

"""`dapt slurm render` and `submit --dry-run`: the batch scripts hold what the config asks for,
are valid bash, keep per-node variables for the srun tasks, and nothing is submitted in a dry run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.config import load_config
from pipeline.errors import DaptError
from pipeline.slurm import SbatchTemplate, parse_stages, render

REPO = Path(__file__).resolve().parent.parent


def write_config(tmp_path: Path, **slurm) -> Path:
    source = tmp_path / "docs.jsonl"
    source.write_text('{"text": "a document", "id": "1"}\n')
    config = {
        "run": {"name": "t", "output_dir": str(tmp_path / "run")},
        "sources": [
            {"name": "fin", "format": "jsonl", "paths": [str(source)]},
            {"name": "gen", "format": "jsonl", "paths": [str(source)], "role": "general"},
        ],
        "model": {"architecture": {"model_type": "llama"}},
        "slurm": slurm,
    }
    path = tmp_path / "run.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def dapt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


def sbatch_lines(script: str) -> list[str]:
    return [line.removeprefix("#SBATCH ") for line in script.splitlines() if line.startswith("#SBATCH ")]


def test_render_writes_every_stage_with_the_configured_resources(tmp_path):
    path = write_config(
        tmp_path,
        nodes=2,
        gpus_per_node=4,
        gpu_type="h100",
        partition="gpu",
        account="acme",
        qos="high",
        time="2-00:00:00",
        mem="64G",
        constraint="ib",
        extra_sbatch=["--exclusive", "#SBATCH --reservation=r1"],
        setup=["module load cuda/12.4", "source /opt/venv/bin/activate"],
    )
    result = dapt("slurm", "render", str(path), "slurm.cpus_per_task=8", "--stage", "all")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "run" / "slurm"
    for stage in ("curate", "train", "eval"):
        assert f"{stage}: {folder / f'{stage}.sbatch'}" in result.stdout
        script = (folder / f"{stage}.sbatch").read_text()
        assert "{{" not in script
        subprocess.run(["bash", "-n", str(folder / f"{stage}.sbatch")], check=True)
        options = sbatch_lines(script)
        for option in (
            "--partition=gpu",
            "--account=acme",
            "--qos=high",
            "--time=2-00:00:00",
            "--mem=64G",
            "--constraint=ib",
            "--exclusive",
            "--reservation=r1",
            f"--job-name=dapt-t-{stage}",
            f"--output={folder}/logs/%x-%j.out",
            f"--chdir={REPO}",  # where `dapt slurm render` ran: relative paths of the config resolve there
            "--open-mode=append",
            "--requeue",
        ):
            assert option in options, (stage, option, options)
        assert "module load cuda/12.4\nsource /opt/venv/bin/activate\n" in script

    train = (folder / "train.sbatch").read_text()
    options = sbatch_lines(train)
    assert {
        "--nodes=2",
        "--ntasks-per-node=1",
        "--gpus-per-node=h100:4",
        "--cpus-per-task=8",
        "--signal=B:USR1@120",
    } <= set(options)
    assert "DAPT_PROCESSES_PER_NODE=4\n" in train
    assert f"DAPT_CONFIG={folder / 'config.yaml'}" in train
    assert 'scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1' in train
    # the per-node rank is expanded by each srun task (inside single quotes), not by the batch shell
    srun_block = re.search(r"^srun .*?bash -c '(.*?)' &$", train, re.S | re.M)
    assert srun_block, train
    assert '--machine_rank "$SLURM_NODEID"' in srun_block.group(1)
    assert "--rdzv_backend c10d" in srun_block.group(1)
    outside = [
        line for line in train.replace(srun_block.group(0), "").splitlines() if not line.startswith("#")
    ]
    assert not [line for line in outside if "SLURM_NODEID" in line]
    assert "forward USR1' USR1" in train and 'wait "$STEP"' in train
    assert 'scontrol requeue "$SLURM_JOB_ID"' in train

    assert "--gpus-per-node=h100:1" in sbatch_lines((folder / "eval.sbatch").read_text())
    curate = sbatch_lines((folder / "curate.sbatch").read_text())
    assert not any(o.startswith("--gpus") for o in curate) and "--cpus-per-task=1" in curate
    evaluation = (folder / "eval.sbatch").read_text()
    assert f"DAPT_RUN={tmp_path}/run\n" in evaluation
    assert f"DAPT_TOKENS=({tmp_path}/run/tokens/fin {tmp_path}/run/tokens/gen)" in evaluation
    assert 'dapt eval "$DAPT_RUN/model" "${DAPT_TOKENS[@]}" --max-tokens 20000' in evaluation


def test_rendered_config_is_frozen_and_loads_back_identical(tmp_path):
    config = load_config(write_config(tmp_path), ["train.max_steps=7"])
    render(config, ["train"])
    frozen = load_config(tmp_path / "run" / "slurm" / "config.yaml")
    assert frozen.fingerprint() == config.fingerprint()
    assert frozen.train.max_steps == 7


def test_defaults_activate_this_environment_and_omit_unset_options(tmp_path):
    config = load_config(write_config(tmp_path))
    script = render(config, ["train"])["train"].read_text()
    options = sbatch_lines(script)
    assert not any(
        o.startswith(("--partition", "--account", "--qos", "--mem", "--constraint", "--gpus"))
        for o in options
    )
    assert "--time=24:00:00" in options and "--nodes=1" in options
    assert f"source {Path(sys.executable).parent / 'activate'}" in script
    assert "DAPT_PROCESSES_PER_NODE=1\n" in script


def test_local_curation_gets_its_workers_as_cpus(tmp_path):
    config = load_config(write_config(tmp_path), ["curate.executor.workers=6"])
    assert "#SBATCH --cpus-per-task=6" in render(config, ["curate"])["curate"].read_text()


def test_bad_extra_option_and_stage_are_named(tmp_path):
    config = load_config(write_config(tmp_path, extra_sbatch=["exclusive"]))
    with pytest.raises(DaptError, match=r"slurm.extra_sbatch.0: 'exclusive' is not an sbatch option"):
        render(config, ["train"])
    with pytest.raises(DaptError, match="--stage 'training'"):
        parse_stages("training", config)
    assert parse_stages("eval,curate", config) == ["curate", "eval"]
    assert parse_stages("all", config) == ["curate", "train", "eval"]
    with pytest.raises(DaptError, match="`base` needs model.base_config"):
        parse_stages("base", config)
    result = dapt("slurm", "render", str(write_config(tmp_path)), "slurm.time=soon")
    assert result.returncode == 2 and "slurm.time" in result.stderr


def test_template_fields_are_strict_and_leave_shell_variables_alone():
    template = SbatchTemplate('#SBATCH --nodes={{nodes}}\necho "${SLURM_JOB_ID}" $HOME')
    assert template.substitute(nodes=2) == '#SBATCH --nodes=2\necho "${SLURM_JOB_ID}" $HOME'
    with pytest.raises(KeyError):
        template.substitute()


def test_dry_run_prints_the_chain_and_submits_nothing(tmp_path):
    result = dapt("slurm", "submit", str(write_config(tmp_path)), "--stage", "all", "--dry-run")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "run" / "slurm"
    lines = result.stdout.splitlines()
    assert lines[0] == f"curate: sbatch --parsable {folder}/curate.sbatch"
    assert (
        lines[1] == f"train: sbatch --parsable '--dependency=afterok:<curate job id>' {folder}/train.sbatch"
    )
    assert lines[2] == f"eval: sbatch --parsable '--dependency=afterok:<train job id>' {folder}/eval.sbatch"
    assert "nothing submitted" in lines[3]
    assert not (folder / "jobs.json").exists()


def test_the_demo_chain_pretrains_its_base_model_between_curation_and_training(tmp_path):
    out = tmp_path / "demo"
    result = dapt(
        "slurm", "submit", "configs/demo.yaml", f"run.output_dir={out}", "--stage", "all", "--dry-run"
    )
    assert result.returncode == 0, result.stderr
    order = [line.split(":")[0] for line in result.stdout.splitlines() if line.endswith(".sbatch")]
    assert order == ["curate", "base", "train", "eval"]
    assert (
        "--dependency=afterok:'<curate job id>'" in result.stdout
        or "afterok:<curate job id>" in result.stdout
    )
    base_script = (out / "slurm" / "base.sbatch").read_text()
    assert f"DAPT_CONFIG={out / 'slurm' / 'base-config.yaml'}" in base_script
    base = yaml.safe_load((out / "slurm" / "base-config.yaml").read_text())
    assert base["run"]["output_dir"] == str(out / "base")
    assert base["train"]["tokens_dir"] == str(out / "tokens")
    assert base["train"]["mix"] == {"general": 1.0}


def test_the_ablation_runs_its_variants_as_a_job_array_then_gathers(tmp_path):
    result = dapt("slurm", "submit", str(write_config(tmp_path)), "--stage", "curate,ablate", "--dry-run")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "run" / "slurm"
    order = [line.split(":")[0] for line in result.stdout.splitlines() if line.endswith(".sbatch")]
    assert order == ["curate", "ablate", "ablate-gather"]
    assert "afterok:<ablate job id>" in result.stdout
    script = (folder / "ablate.sbatch").read_text()
    # raw, +quality, +domain, full, and `full` at 0% and 20% general (the config has a general source)
    assert "#SBATCH --array=0-5" in script
    assert "DAPT_VARIANTS=(raw +quality +domain full full-replay0 full-replay20)" in script
    assert 'dapt ablate "$DAPT_CONFIG" --variant "$VARIANT"' in script
    assert "dapt ablate" in (folder / "ablate-gather.sbatch").read_text()
    config = load_config(write_config(tmp_path))
    assert parse_stages("all", config) == ["curate", "train", "eval"]  # the ablation is asked for by name
    assert parse_stages("ablate", config) == ["ablate", "ablate-gather"]

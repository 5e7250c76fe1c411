"""`dapt slurm render` and `submit --dry-run`: the batch scripts hold what the config asks for,
are valid bash, keep per-node variables for the srun tasks, and nothing is submitted in a dry run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.config import ConfigError, load_config
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
        curate={"time": "10:00:00", "mem": "16G"},
        eval={"time": "00:30:00", "mem": 0, "cpus_per_task": 4},
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
        time, mem = {
            "curate": ("10:00:00", "16G"),
            "train": ("2-00:00:00", "64G"),
            "eval": ("00:30:00", "0"),
        }[stage]
        assert f"--time={time}" in options and f"--mem={mem}" in options, (stage, options)
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

    assert "srun --ntasks-per-node=1 --cpus-per-task=8 " in train
    assert "--gpus-per-node=h100:1" in sbatch_lines((folder / "eval.sbatch").read_text())
    assert "--cpus-per-task=4" in sbatch_lines((folder / "eval.sbatch").read_text())
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
    # each stage has its own limit: a short evaluation does not ask for a day
    scripts = render(config, ["curate", "eval"])
    assert "--time=24:00:00" in sbatch_lines(scripts["curate"].read_text())
    assert "--time=02:00:00" in sbatch_lines(scripts["eval"].read_text())
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


def srun_script(train_script: str) -> str:
    """The bash program each srun task runs (inside the single quotes)."""
    return re.search(r"^srun .*?bash -c '(.*?)' &$", train_script, re.S | re.M).group(1)


def launched(train_script: str, tmp_path: Path, processes: int) -> list[str]:
    """What the srun task of a rendered training script executes, run here with a stand-in
    `accelerate` and `python` that print their arguments."""
    script, env = dict(re.findall(r"^(DAPT_\w+)=(.*?)(?:\s+#.*)?$", train_script, re.M)), {}
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    for name in ("accelerate", "python"):
        (bindir / name).write_text(f'#!/bin/sh\necho {name} "$@"\n')
        (bindir / name).chmod(0o755)
    for key, value in script.items():
        env[key] = subprocess.run(["bash", "-c", f"printf %s {value}"], capture_output=True, text=True).stdout
    env |= {"DAPT_NUM_PROCESSES": str(processes), "SLURM_JOB_NUM_NODES": "1", "SLURM_NODEID": "0"}
    env |= {"DAPT_MAIN_ADDR": "n1", "DAPT_MAIN_PORT": "1234", "PATH": f"{bindir}:/usr/bin:/bin"}
    result = subprocess.run(
        ["bash", "-c", srun_script(train_script)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_training_job_launches_with_the_runs_accelerate_config(tmp_path):
    fsdp = REPO / "configs" / "accelerate" / "fsdp.yaml"
    config = load_config(write_config(tmp_path), [f"train.accelerate_config={fsdp}"])
    script = render(config, ["train"])["train"].read_text()
    assert f"DAPT_ACCELERATE_CONFIG={fsdp}" in script
    command = launched(script, tmp_path, processes=8)
    assert (
        command[:4] == ["accelerate", "launch", "--config_file", str(fsdp)] and "--multi_gpu" not in command
    )
    # one process with an FSDP config still goes through the launcher (as `dapt train` does)
    assert launched(script, tmp_path, processes=1)[:4] == ["accelerate", "launch", "--config_file", str(fsdp)]

    plain = render(load_config(write_config(tmp_path)), ["train"])["train"].read_text()
    assert launched(plain, tmp_path, processes=8)[:3] == ["accelerate", "launch", "--multi_gpu"]
    assert launched(plain, tmp_path, processes=1)[:3] == ["python", "-m", "pipeline.train"]


BIG_MODEL = [  # 6.7B parameters: 107 GB of weights, gradients and AdamW states; an 80 GB GPU holds 1/8
    "model.architecture.model_type=llama",
    "model.architecture.hidden_size=4096",
    "model.architecture.intermediate_size=11008",
    "model.architecture.num_hidden_layers=32",
    "model.architecture.num_attention_heads=32",
    "model.architecture.vocab_size=32000",
    "train.micro_batch_size=1",
    "slurm.gpus_per_node=8",
    "slurm.gpu_type=h100",
]


def test_submit_checks_memory_with_the_strategy_the_job_will_run(tmp_path):
    fsdp = REPO / "configs" / "accelerate" / "fsdp.yaml"
    path = write_config(tmp_path)
    sharded = dapt("slurm", "submit", str(path), "--stage", "train", "--dry-run", *BIG_MODEL,
                   f"train.accelerate_config={fsdp}")  # fmt: skip
    assert sharded.returncode == 0, sharded.stderr
    assert '--config_file "$DAPT_ACCELERATE_CONFIG"' in (tmp_path / "run/slurm/train.sbatch").read_text()
    replicated = dapt("slurm", "submit", str(path), "--stage", "train", "--dry-run", *BIG_MODEL)
    assert replicated.returncode == 2 and "does not fit" in replicated.stderr


def test_memory_zero_means_the_whole_node_and_gpu_overrides_reach_the_base_job(tmp_path):
    out = tmp_path / "demo"
    result = dapt("slurm", "render", "configs/demo.yaml", f"run.output_dir={out}", "slurm.gpus_per_node=4",
                  "slurm.mem=0", "slurm.cpus_per_task=6", "--stage", "base,train")  # fmt: skip
    assert result.returncode == 0, result.stderr
    for stage in ("base", "train"):
        options = sbatch_lines((out / "slurm" / f"{stage}.sbatch").read_text())
        assert {"--gpus-per-node=4", "--mem=0", "--cpus-per-task=6"} <= set(options), (stage, options)
    assert "DAPT_PROCESSES_PER_NODE=4" in (out / "slurm" / "base.sbatch").read_text()


@pytest.mark.parametrize(
    "key, value",
    [
        ("partition", "gpu\n#SBATCH --account=someone-else"),
        ("account", "a\rb"),
        ("qos", "q\x00"),
        ("constraint", "ib\n"),
        ("gpu_type", "h100\n"),
        ("extra_sbatch", ["--exclusive", "--comment=x\n#SBATCH --qos=top"]),
    ],
)
def test_sbatch_strings_with_a_newline_are_a_config_error_naming_the_key(tmp_path, key, value):
    with pytest.raises(ConfigError, match=rf"slurm\.{key}: .*newline or another control character"):
        load_config(write_config(tmp_path, **{key: value}))


def test_a_run_name_with_a_newline_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match=r"run\.name"):
        load_config(write_config(tmp_path), ['run.name="a\\nb"'])


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

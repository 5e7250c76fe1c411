"""datatrove's SlurmPipelineExecutor through pipeline.slurm on the local cluster: a job array with the
requeue signal gives the same output as the local executor, and `run_datatrove_on_slurm` blocks
until the array has ended and raises when a task failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from datatrove.executor import LocalPipelineExecutor, SlurmPipelineExecutor
from datatrove.pipeline.filters import RegexFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
from slurm_cluster import slurm_cluster  # noqa: F401

from pipeline.config import load_config
from pipeline.errors import DaptError
from pipeline.slurm import active_jobs, datatrove_executor_options, run_datatrove_on_slurm

pytestmark = pytest.mark.slurm


def make_inputs(folder: Path, files: int = 4, docs: int = 25) -> None:
    folder.mkdir(parents=True)
    for f in range(files):
        lines = [
            json.dumps(
                {"id": f"{f}-{d}", "text": f"document {d} of file {f}" + (" drop" if d % 3 == 0 else "")}
            )
            for d in range(docs)
        ]
        (folder / f"part-{f}.jsonl").write_text("\n".join(lines) + "\n")


def pipeline(inputs: Path, output: Path) -> list:
    return [JsonlReader(str(inputs)), RegexFilter(r"\bdrop\b"), JsonlWriter(str(output), compression=None)]


def read_output(folder: Path) -> list[dict]:
    docs = []
    for path in sorted(folder.glob("*.jsonl")):
        docs += [json.loads(line) for line in path.read_text().splitlines()]
    return sorted(docs, key=lambda d: d["id"])


def config(tmp_path: Path, **slurm):
    path = tmp_path / "run.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "run": {"name": "dt", "output_dir": str(tmp_path / "run")},
                "slurm": {"time": "00:10:00", "signal_before_end_s": 30, **slurm},
            }
        )
    )
    return load_config(path)


def test_executor_options_add_the_requeue_signal(tmp_path):
    """No cluster needed: with a partition configured, sinfo is not asked for the default one."""
    options = datatrove_executor_options(config(tmp_path, partition="gpu"), "filter")
    assert options["partition"] == "gpu"
    assert options["sbatch_args"]["signal"] == "USR1@30"
    assert options["requeue_signals"] == ("SIGUSR1",) and options["requeue"] is True
    assert options["job_name"] == "dapt-dt-filter"


@pytest.mark.usefixtures("slurm_cluster")
def test_slurm_array_gives_the_same_output_as_the_local_executor(tmp_path):
    make_inputs(tmp_path / "in")
    LocalPipelineExecutor(
        pipeline(tmp_path / "in", tmp_path / "local"),
        tasks=4,
        workers=1,
        logging_dir=str(tmp_path / "local-logs"),
    ).run()

    executor = SlurmPipelineExecutor(
        pipeline(tmp_path / "in", tmp_path / "slurm"),
        tasks=4,
        workers=4,
        logging_dir=str(tmp_path / "slurm-logs"),
        **datatrove_executor_options(config(tmp_path), "filter"),
    )
    run_datatrove_on_slurm(executor, poll_s=0.5)

    assert not active_jobs("dapt-dt-filter")  # it returned only after the array (and merge-stats) ended
    launch_script = (tmp_path / "slurm-logs" / "launch_script.slurm").read_text()
    assert "#SBATCH --signal=USR1@30" in launch_script and "#SBATCH --array=0-3%4" in launch_script
    assert len(list((tmp_path / "slurm-logs" / "completions").iterdir())) == 4
    local, slurm = read_output(tmp_path / "local"), read_output(tmp_path / "slurm")
    assert len(local) == 4 * 25 - 4 * 9 and slurm == local
    assert (tmp_path / "slurm-logs" / "stats.json").is_file()  # the merge-stats job ran too

    # a re-run skips the finished tasks and submits nothing
    again = SlurmPipelineExecutor(
        pipeline(tmp_path / "in", tmp_path / "slurm"),
        tasks=4,
        workers=4,
        logging_dir=str(tmp_path / "slurm-logs"),
        **datatrove_executor_options(config(tmp_path), "filter"),
    )
    run_datatrove_on_slurm(again, poll_s=0.5)
    assert again.job_id == -1


@pytest.mark.usefixtures("slurm_cluster")
def test_a_failed_task_raises_naming_its_rank(tmp_path):
    make_inputs(tmp_path / "in", files=2)
    (tmp_path / "in" / "part-1.jsonl.gz").write_bytes(b"not gzip")  # the reader of task 1 raises
    (tmp_path / "in" / "part-1.jsonl").unlink()
    executor = SlurmPipelineExecutor(
        pipeline(tmp_path / "in", tmp_path / "out"),
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
        **datatrove_executor_options(config(tmp_path), "broken"),
    )
    with pytest.raises(
        DaptError, match=r"dapt-dt-broken: 1 of 2 datatrove tasks did not complete \(ranks 1\)"
    ):
        run_datatrove_on_slurm(executor, poll_s=0.5)
    assert not active_jobs("dapt-dt-broken")  # the merge-stats job that could never start is gone too

"""Curation with `curate.executor.kind: slurm` on a real SLURM cluster: every stage runs as a
datatrove job array (with the requeue signal), and the result equals a local run's."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml
from conftest import skip_or_fail
from test_curate import build_corpus, read_docs, write_config

from pipeline.config import load_config
from pipeline.curate import run_curate
from pipeline.rundir import RunDir


def slurm_partition() -> str:
    if shutil.which("sinfo") is None:
        skip_or_fail("no SLURM here (sinfo not found; scripts/slurm-local up starts one)")
    result = subprocess.run(["sinfo", "-h", "-o", "%P %a"], capture_output=True, text=True)
    if result.returncode != 0 or " up" not in result.stdout:
        skip_or_fail(f"the SLURM cluster does not answer: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout.split()[0].rstrip("*")


@pytest.mark.slow
@pytest.mark.slurm
def test_curation_on_slurm_matches_a_local_run(tmp_path):
    partition = slurm_partition()
    corpus = tmp_path / "corpus"
    build_corpus(corpus)
    local = RunDir(tmp_path / "local")
    run_curate(load_config(write_config(corpus, local.root)))

    slurm = RunDir(tmp_path / "slurm")
    path = write_config(corpus, slurm.root)
    config = yaml.safe_load(path.read_text())
    config["curate"]["executor"]["kind"] = "slurm"
    config["slurm"] = {"partition": partition, "time": "00:15:00", "cpus_per_task": 1}
    path.write_text(yaml.safe_dump(config))
    run_curate(load_config(path))

    sbatch = next((slurm.logs / "curate" / "web" / "filter").glob("**/launch_script.slurm")).read_text()
    assert "--signal=USR1@120" in sbatch and "--requeue" in sbatch
    for source in ("web", "general"):
        expected = sorted((d["id"], d["text"]) for d in read_docs(local.curated_source(source)))
        assert sorted((d["id"], d["text"]) for d in read_docs(slurm.curated_source(source))) == expected

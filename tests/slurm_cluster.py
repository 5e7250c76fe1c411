"""The local SLURM cluster for the tests (`scripts/slurm-local up`): a fixture and job helpers.

Test modules import the fixture: `from slurm_cluster import slurm_cluster  # noqa: F401`.
The helpers read job states with `scontrol` directly, not through pipeline.slurm.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import skip_or_fail

FINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE"}


def cluster_problem() -> str | None:
    """Why no cluster is usable here, or None."""
    if shutil.which("sbatch") is None or shutil.which("sinfo") is None:
        return "SLURM is not installed (no sbatch): start a local cluster with `sudo scripts/slurm-local up`"
    try:
        result = subprocess.run(["sinfo", "-h", "-o", "%t"], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "sinfo timed out: is slurmctld running? (`sudo scripts/slurm-local up`)"
    if result.returncode != 0:
        answer = result.stderr.strip()
        return f"no SLURM cluster answers ({answer}): start one with `sudo scripts/slurm-local up`"
    if not any(s.rstrip("*~#$@") in ("idle", "mix", "alloc", "comp") for s in result.stdout.split()):
        return f"the SLURM cluster has no usable node (states: {result.stdout.split()})"
    return None


@pytest.fixture(scope="session")
def slurm_cluster() -> None:
    """A SLURM cluster that accepts jobs; skips (fails under CI) where there is none."""
    problem = cluster_problem()
    if problem:
        skip_or_fail(problem)


def job(job_id: str) -> dict[str, str]:
    """`scontrol show job` of one job as a dict (JobState, Reason, Restarts, ExitCode, ...)."""
    out = subprocess.run(
        ["scontrol", "show", "job", "-o", job_id], capture_output=True, text=True, check=True
    ).stdout
    return dict(re.findall(r"(\w+)=(\S*)", out.splitlines()[0]))


def wait_final(job_id: str, timeout: float = 180) -> dict[str, str]:
    """Wait until a job has ended for good (a requeued job goes back to PENDING first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = job(job_id)
        if info["JobState"] in FINAL:
            return info
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not end within {timeout}s: {job(job_id)}")


def wait_for(predicate, timeout: float, what: str, poll: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def log_of(job_id: str) -> str:
    path = Path(job(job_id)["StdOut"])
    return path.read_text() if path.is_file() else ""

"""The config reference is generated from the schema and must be current."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_config_reference_is_current():
    sys.path.insert(0, str(REPO / "scripts"))
    from config_reference import reference

    assert (REPO / "docs" / "config.md").read_text() == reference(), (
        "docs/config.md is stale: run `python scripts/config_reference.py`"
    )


def test_readme_quickstart_has_the_two_commands_ci_runs():
    readme = (REPO / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    ci = (REPO / ".ci" / "run").read_text()
    assert "make --no-print-directory test" in ci
    assert subprocess.run(["make", "-n", "demo", "test"], cwd=REPO, capture_output=True).returncode == 0

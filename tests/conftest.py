"""Shared test setup: offline everywhere, and services that skip here but fail under CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("WANDB_MODE", "offline")
os.environ.setdefault("WANDB_SILENT", "true")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def skip_or_fail(reason: str) -> None:
    """Skip where a service or data set is missing (a laptop); fail when CI is set."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: this must not be skipped)")
    pytest.skip(reason)


@pytest.fixture
def shared_data() -> Path:
    """../shared/data beside the checkout (real data; never copied into the repository)."""
    if not SHARED_DATA.is_dir():
        skip_or_fail(f"real data folder {SHARED_DATA} is absent")
    return SHARED_DATA

"""Logging setup: a compact console (rich), and the full log in the run directory.

datatrove logs through loguru; both go to the same places.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from rich.logging import RichHandler


def setup_logging(run_dir: str | Path | None, quiet: bool = False) -> None:
    """Console at INFO (WARNING with quiet); `<run_dir>/logs/dapt.log` at DEBUG."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    if sys.stderr.isatty():
        console = RichHandler(show_path=False, show_time=False, markup=False, rich_tracebacks=False)
    else:  # a log file or a SLURM output: one unwrapped line per record
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(logging.Formatter("%(levelname)-7s %(message)s"))
    console.setLevel(logging.WARNING if quiet else logging.INFO)
    root.addHandler(console)
    for noisy in ("urllib3", "filelock", "fsspec", "httpx", "httpcore", "datasets", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    log_file = None
    if run_dir is not None:
        log_file = Path(run_dir) / "logs" / "dapt.log"
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(log_file)
        file_handler.setLevel(logging.DEBUG)
        file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(file_handler)
    _setup_loguru(log_file, quiet)


def _setup_loguru(log_file: Path | None, quiet: bool) -> None:
    from loguru import logger

    logger.remove()
    logger.add(
        sys.stderr, level="WARNING" if quiet else "INFO", format="{level: <8} {message}", colorize=False
    )
    if log_file is not None:
        logger.add(log_file, level="DEBUG")

"""Logging setup: a compact console (rich), and the full log in the run directory.

datatrove logs through loguru; both go to the same places.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from rich.logging import RichHandler

_OURS = "dapt"  # the name of the handlers setup_logging installs, so that a second call replaces them


class _CurrentStderr(logging.StreamHandler):
    """A StreamHandler on whatever sys.stderr is when a record is written (pytest and notebooks
    swap it; a handler bound to the old one writes to a closed file)."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def setup_logging(run_dir: str | Path | None, quiet: bool = False) -> None:
    """Console at INFO (WARNING with quiet); `<run_dir>/logs/dapt.log` at DEBUG. Calling it again
    replaces (and closes) the handlers of the previous call and leaves other handlers alone."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    for handler in [h for h in root.handlers if h.get_name() == _OURS]:
        root.removeHandler(handler)
        handler.close()
    if sys.stderr.isatty():
        console: logging.Handler = RichHandler(
            show_path=False, show_time=False, markup=False, rich_tracebacks=False
        )
    else:  # a log file or a SLURM output: one unwrapped line per record
        console = _CurrentStderr()
        console.setFormatter(logging.Formatter("%(levelname)-7s %(message)s"))
    console.setLevel(logging.WARNING if quiet else logging.INFO)
    handlers = [console]
    for noisy in ("urllib3", "filelock", "fsspec", "httpx", "httpcore", "datasets", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    log_file = None
    if run_dir is not None:
        log_file = Path(run_dir) / "logs" / "dapt.log"
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(log_file)
        file_handler.setLevel(logging.DEBUG)
        file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handlers.append(file_handler)
    for handler in handlers:
        handler.set_name(_OURS)
        root.addHandler(handler)
    _setup_loguru(log_file, quiet)


def _setup_loguru(log_file: Path | None, quiet: bool) -> None:
    from loguru import logger

    logger.remove()
    logger.add(
        lambda message: sys.stderr.write(message),  # the current stderr, as above
        level="WARNING" if quiet else "INFO",
        format="{level: <8} {message}",
        colorize=False,
    )
    if log_file is not None:
        logger.add(log_file, level="DEBUG")

"""Logging setup: a compact console (rich), and the full log in the run directory.

datatrove logs through loguru; both go to the same places. `--quiet` (WARNING on the console)
also silences datatrove's task loggers (see `quiet_datatrove_tasks`) and W&B (WANDB_SILENT).
"""

from __future__ import annotations

import io
import logging
import os
import sys
from pathlib import Path

from rich.logging import RichHandler

_OURS = "dapt"  # the name of the handlers setup_logging installs, so that a second call replaces them
_current: dict = {"log_file": None, "quiet": False}  # what the last setup_logging asked for


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
    _current.update(log_file=log_file, quiet=quiet)
    if quiet:
        os.environ["WANDB_SILENT"] = "true"  # no W&B banners, here and in the processes started
    _setup_loguru(log_file, quiet)


def quiet_datatrove_tasks() -> None:
    """Make datatrove's task logging follow our console level. Its `add_task_logger` prints INFO to
    stderr whatever the caller wants, and `close_task_logger` resets loguru to its DEBUG default
    after each task (in this process when a stage runs one worker). Call before running a stage."""
    import datatrove.executor.base as base
    from loguru import logger

    if getattr(base.add_task_logger, "_dapt", False):
        return
    add, close = base.add_task_logger, base.close_task_logger

    def add_task_logger(logging_dir, rank: int, local_rank: int = 0, node_rank: int = -1):
        if not _current["quiet"]:
            return add(logging_dir, rank, local_rank, node_rank)
        console, sys.stderr = sys.stderr, io.StringIO()  # its INFO console sink (and first line) go
        try:
            logfile = add(logging_dir, rank, local_rank, node_rank)
        finally:
            sys.stderr = console
        logger.remove()  # the task's log file keeps DEBUG; the console gets warnings and errors
        logger.add(logfile, level="DEBUG", format=TASK_FORMAT, colorize=False)
        logger.add(lambda message: sys.stderr.write(message), level="WARNING", format=TASK_FORMAT)
        return logfile

    def close_task_logger(logfile) -> None:
        close(logfile)
        _setup_loguru(_current["log_file"], _current["quiet"])

    add_task_logger._dapt = True
    base.add_task_logger, base.close_task_logger = add_task_logger, close_task_logger


TASK_FORMAT = "{time:YYYY-MM-DD HH:mm:ss.SSS} | {level: <8} | {name}:{function}:{line} - {message}"


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

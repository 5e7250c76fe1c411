"""The run directory: the one place that knows every path of a run and its "stage done" markers.

<output_dir>/
  config.yaml                 the resolved config of the last stage run
  crawl/                      `dapt crawl` output: warc/, log.jsonl, stats.json, frontier.sqlite
  logs/                       dapt.log; datatrove logs under logs/curate/<source>/<stage>/
  work/                       intermediate files (dedup signatures, filtered docs)
  curated/<source>/           kept documents, datatrove JSONL (text, id, metadata)
  rejected/<step>/<source>/   dropped documents, each with metadata.filter_reason
  tokenizer/                  a tokenizer trained on the curated text (from-scratch runs)
  tokens/<source>/            token shards (datatrove .ds + .index + .metadata)
  report/report.json, report/report.html
  report/compare-<other>.html (.json)  `dapt report --compare <other>`
  report/wandb.json           the W&B run id the report logs to (one run per run directory)
  checkpoints/step-NNNNNNN/   training checkpoints (a COMPLETE marker when whole)
  metrics.jsonl               one JSON line per log step and eval
  eval/<label>.json           perplexity per source
  model/                      the final HF model directory with its model card (README.md)
  summary.json                what `dapt demo` printed
  .done/<stage>               written last by each finished stage
  .lock                       flock'ed by the one `dapt crawl|curate|train` working here (its PID inside)
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from pipeline.errors import DaptError

LOCKED_BY_ENV = "DAPT_RUN_LOCKED_BY"  # set for the processes a lock holder launches: they take no lock

_UMASK = os.umask(0)
os.umask(_UMASK)


class RunDir:
    """Paths of one run directory."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    config = property(lambda self: self.root / "config.yaml")
    crawl = property(lambda self: self.root / "crawl")
    logs = property(lambda self: self.root / "logs")
    work = property(lambda self: self.root / "work")
    curated = property(lambda self: self.root / "curated")
    rejected = property(lambda self: self.root / "rejected")
    tokenizer = property(lambda self: self.root / "tokenizer")
    tokens = property(lambda self: self.root / "tokens")
    report = property(lambda self: self.root / "report")
    report_json = property(lambda self: self.root / "report" / "report.json")
    report_html = property(lambda self: self.root / "report" / "report.html")
    checkpoints = property(lambda self: self.root / "checkpoints")
    metrics = property(lambda self: self.root / "metrics.jsonl")
    eval = property(lambda self: self.root / "eval")
    model = property(lambda self: self.root / "model")
    summary = property(lambda self: self.root / "summary.json")

    def comparison(self, other: str | Path, suffix: str = "html") -> Path:
        """report/compare-<other run's folder name>.<suffix>: this run's report compared with another's."""
        name = re.sub(r"[^\w.-]", "-", Path(other).resolve().name)
        return self.report / f"compare-{name}.{suffix}"

    def curated_source(self, source: str) -> Path:
        return self.curated / source

    def rejected_step(self, step: str, source: str) -> Path:
        return self.rejected / step / source

    def tokens_source(self, source: str) -> Path:
        return self.tokens / source

    def curate_logs(self, source: str, stage: str) -> Path:
        return self.logs / "curate" / source / stage

    # ------------------------------------------------------------------ stage markers
    def _marker(self, stage: str) -> Path:
        return self.root / ".done" / stage

    def is_done(self, stage: str) -> bool:
        return self._marker(stage).exists()

    def done_info(self, stage: str) -> dict[str, Any] | None:
        """What the stage's done-marker recorded (e.g. the settings it ran with), None if not done."""
        marker = self._marker(stage)
        return json.loads(marker.read_text()) if marker.is_file() else None

    def mark_done(self, stage: str, info: dict[str, Any] | None = None) -> None:
        """Write the stage's done-marker (last thing a stage does), with what it ran with in `info`."""
        write_json_atomic(self._marker(stage), {"finished_at": time.time(), **(info or {})})

    def clear_done(self, stage: str) -> None:
        self._marker(stage).unlink(missing_ok=True)


@contextmanager
def run_lock(root: str | Path, command: str) -> Iterator[None]:
    """Hold an exclusive `flock` on `<root>/.lock` for one writer per run directory; a second one
    gets a DaptError naming the holder's PID. The kernel releases the lock when the holder dies (a
    SIGKILL or a SLURM requeue leaves nothing stale behind). Processes the holder forks share it."""
    path = Path(root) / ".lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666 & ~_UMASK)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            raise DaptError(
                f"{root} is in use by another dapt process ({holder}): wait for it to end, or use"
                " another run.output_dir"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"PID {os.getpid()}, dapt {command}\n".encode(), 0)
        previous = os.environ.get(LOCKED_BY_ENV)
        os.environ[LOCKED_BY_ENV] = str(os.getpid())
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop(LOCKED_BY_ENV, None)
            else:
                os.environ[LOCKED_BY_ENV] = previous
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def fsync_path(path: str | Path) -> None:
    """Flush a file's or a folder's entry to disk (a folder: so that a rename in it is durable)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def open_atomic(path: str | Path) -> Iterator[TextIO]:
    """A text file written at a temp path beside `path`, fsynced and renamed over it on success;
    removed if the block fails (nothing half-written is left under `path`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write `text` to a temp file beside `path`, fsync, then rename over it."""
    with open_atomic(path) as f:
        f.write(text)


def write_json_atomic(path: str | Path, data: Any) -> None:
    write_text_atomic(path, json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")

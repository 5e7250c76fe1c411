"""Document counts per step, from datatrove's per-task stats (`<stage logs>/stats/<rank>.json`).

Per-task files rather than the merged `stats.json`: a resumed run only merges the tasks it ran.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.curate.stages import DEDUP_REASONS, Stage


def _total(value: Any) -> float:
    return value.get("total", 0) if isinstance(value, dict) else value


def stage_totals(logging_dir: Path) -> list[Counter]:
    """Per pipeline step, the sum over all tasks of each stat."""
    totals: list[Counter] = []
    for path in sorted((logging_dir / "stats").glob("*.json")):
        for index, step in enumerate(json.loads(path.read_text())):
            while len(totals) <= index:
                totals.append(Counter())
            totals[index].update({key: _total(value) for key, value in step["stats"].items()})
    return totals


class CurationCounts:
    """Everything the manifest counts for one source, accumulated stage by stage."""

    def __init__(self) -> None:
        self.steps: dict[str, dict[str, Any]] = {}
        self.read: Counter = Counter()
        self.pii: Counter = Counter()
        self.clean: Counter = Counter()
        self.tokens = 0

    def add_stage(self, stage: Stage, totals: list[Counter]) -> None:
        for index, (role, step) in stage.roles.items():
            stats = totals[index] if index < len(totals) else Counter()
            if role == "read":
                self.read.update(stats)
            elif role == "pii":
                self.pii.update(
                    {k.removeprefix("pii_"): int(v) for k, v in stats.items() if k.startswith("pii_")}
                )
            elif role == "clean":
                self.clean.update({k: int(v) for k, v in stats.items() if k != "total" and v})
            elif role == "tokens":
                self.tokens += int(stats.get("tokens", 0))
            else:
                self._add_step(step, stats, DEDUP_REASONS.get(step) if role == "dedup" else None)

    def _add_step(self, step: str, stats: Counter, fixed_reason: str | None) -> None:
        docs_in, docs_out, dropped = int(stats["total"]), int(stats["forwarded"]), int(stats["dropped"])
        if fixed_reason:
            reasons = {fixed_reason: dropped}
        else:
            reasons = {
                k.removeprefix("dropped_"): int(v) for k, v in stats.items() if k.startswith("dropped_")
            }
            unexplained = dropped - sum(reasons.values())
            if unexplained:
                reasons["unspecified"] = unexplained
        reasons = {reason: n for reason, n in reasons.items() if n}
        if step in self.steps:  # a step split over two stages (domain: score, then threshold)
            earlier = self.steps[step]
            earlier["out"] = docs_out
            earlier["dropped"] = dict(Counter(earlier["dropped"]) + Counter(reasons))
        else:
            self.steps[step] = {"in": docs_in, "out": docs_out, "dropped": reasons}

    def prefixed(self, prefix: str) -> dict[str, int]:
        return {
            k.removeprefix(prefix): int(v) for k, v in sorted(self.read.items()) if k.startswith(prefix) and v
        }

    def skipped_by_file(self) -> dict[str, dict[str, int]]:
        """{input file: {reason: records skipped}} (the reader counts each skip per file too)."""
        from filters.readers import skips_by_file

        return skips_by_file(self.read)

    def docs_kept(self) -> int:
        last = next(reversed(self.steps.values()), None)
        return last["out"] if last else self.docs_read()

    def docs_read(self) -> int:
        first = next(iter(self.steps.values()), None)
        return first["in"] if first else int(self.read.get("documents", 0))


def check_counts(source: str, steps: list[str], counts: dict[str, dict[str, Any]], docs_read: int) -> None:
    """Raise if a step's documents do not add up, or a step did not get what the previous passed on."""
    passed_on = docs_read
    for step in steps:
        if step not in counts:
            continue
        count = counts[step]
        if count["in"] != count["out"] + sum(count["dropped"].values()):
            raise RuntimeError(
                f"{source}/{step}: in {count['in']} != out {count['out']} + dropped {count['dropped']}"
            )
        if count["in"] != passed_on:
            raise RuntimeError(
                f"{source}/{step}: received {count['in']} documents, {passed_on} were passed on"
            )
        passed_on = count["out"]

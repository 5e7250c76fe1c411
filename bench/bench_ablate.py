"""Benchmark: `dapt ablate configs/ablate-finance.yaml` on ../shared/data, timed end to end
(curation included unless the run directory holds it), with the ablation table.

    python bench/bench_ablate.py [--output-dir runs/ablate-finance] [overrides...]

Prints the table (also in <run>/ablate/ablation.json), the wall time per phase, the machine's CPU
count and load average (the figure means little on a busy machine: say so with it). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", default=str(REPO / "configs" / "ablate-finance.yaml"))
    parser.add_argument("--output-dir", default=str(REPO / "runs" / "ablate-finance"))
    parser.add_argument("overrides", nargs="*", help="dotted overrides, e.g. 'ablate.seeds=[0]'")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} not found: the benchmark needs the shared real data")

    from pipeline.ablate import run_ablation
    from pipeline.config import load_config
    from pipeline.curate import run_curate
    from pipeline.logs import setup_logging

    os.chdir(REPO)  # the config's relative paths
    config = load_config(args.config, [f"run.output_dir={Path(args.output_dir).resolve()}", *args.overrides])
    setup_logging(config.run.output_dir)
    load_before = os.getloadavg()
    started = time.time()
    run_curate(config)
    curated = time.time()
    result = run_ablation(config)
    finished = time.time()
    print(
        json.dumps(
            {
                "curation_s": round(curated - started, 1),
                "ablation_s": round(finished - curated, 1),
                "total_s": round(finished - started, 1),
                "variants": len(result["variants"]),
                "seeds": config.ablate.seeds,
                "goal": result["goal"],
                "machine": {
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                    "load_avg_before": [round(x, 1) for x in load_before],
                    "load_avg_after": [round(x, 1) for x in os.getloadavg()],
                },
                "date": time.strftime("%Y-%m-%d"),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

"""`python -m pipeline.train CONFIG [overrides] [--force]`: what every process of
`accelerate launch -m pipeline.train CONFIG` runs (`dapt train --nproc N` launches it so).

Exit codes: 0 done, 2 a user-fixable error, 75 (PREEMPTED_EXIT_CODE) stopped on SIGUSR1/SIGTERM
after saving a checkpoint, 130 the same after SIGINT (Ctrl-C): run the same command again to resume.
DAPT_PREFLIGHT_DONE=1 (set by `dapt train --nproc N`) skips the memory pre-flight check that the
launching process already ran.
"""

from __future__ import annotations

import argparse
import os
import sys

from pipeline.errors import DaptError


def build_parser() -> argparse.ArgumentParser:
    from pipeline.cli import Parser

    parser = Parser(
        prog="python -m pipeline.train",
        description="Train the run's model: one process of `accelerate launch -m pipeline.train CONFIG`.",
    )
    parser.add_argument("config", help="run config (YAML)")
    parser.add_argument("overrides", nargs="*", help="dotted key=value overrides")
    parser.add_argument(
        "--force", action="store_true", help="re-run a finished run; resume despite config changes"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)

    from pipeline.config import load_config
    from pipeline.logs import setup_logging
    from pipeline.train.loop import Preempted, train

    rank = int(os.environ.get("RANK", "0"))
    try:
        config = load_config(args.config, args.overrides, check_inputs=False)
        setup_logging(config.run.output_dir if rank == 0 else None, quiet=rank != 0)
        with _run_lock(config.run.output_dir, rank):
            if not os.environ.get("DAPT_PREFLIGHT_DONE"):
                from pipeline.estimate import preflight

                preflight(config, force=args.force)
            train(config, force=args.force)
    except DaptError as exc:
        print(f"dapt: error: {exc}", file=sys.stderr)
        return 2
    except Preempted as exc:
        print(f"dapt: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
        _destroy_process_group()
    return 0


def _run_lock(run_dir, rank: int):
    """Rank 0 holds the run directory's lock, unless a `dapt train` that holds it launched us
    (then taking it again would fail against our own launcher)."""
    from contextlib import nullcontext

    from pipeline.rundir import LOCKED_BY_ENV, run_lock

    if rank != 0 or os.environ.get(LOCKED_BY_ENV):
        return nullcontext()
    return run_lock(run_dir, "train")


def _destroy_process_group() -> None:
    """Tear gloo/NCCL down before the interpreter exits: left to exit-time destructors, a rank can
    abort ("terminate called without an active exception") after a finished run."""
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()


def _exit(code: int) -> None:
    """Exit without the interpreter's teardown: after a finished 2-process gloo run a rank still
    aborted now and then in C++ exit-time destructors ("terminate called without an active
    exception"), the process group destroyed. All the run's output is written and closed by now."""
    import logging

    logging.shutdown()
    if "loguru" in sys.modules:
        from loguru import logger

        logger.remove()  # closes its file sinks
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit(main())

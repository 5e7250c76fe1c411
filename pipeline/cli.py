"""The `dapt` command: parses arguments, loads the config, calls one stage. No logic of its own.

Exit codes: 0 ok, 2 usage or config error (a `DaptError`, printed without a traceback),
1 anything else (a bug: its traceback is shown).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import DaptError
from pipeline.logs import setup_logging


class Parser(argparse.ArgumentParser):
    """Options and positionals in any order (`dapt train CONFIG --nproc 2 key=value`): argparse's
    intermixed parsing, which it refuses for a parser with sub-commands, applied to each leaf."""

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._subparsers is not None or self._intermixing:
            return super().parse_known_args(args, namespace)
        self._intermixing = True  # parse_known_intermixed_args calls parse_known_args itself
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _command(sub, name: str, help: str, examples: list[str], handler: Callable) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        name,
        help=help,
        description=help,
        epilog=_examples(*examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def _config_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("config", help="run config (YAML)")
    parser.add_argument("overrides", nargs="*", help="dotted key=value overrides, e.g. train.max_steps=10")


def _force_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="re-run even if the stage is done")


def _load(args: argparse.Namespace, check_inputs: bool = True):
    from pipeline.config import load_config

    config = load_config(args.config, args.overrides, check_inputs=check_inputs)
    setup_logging(config.run.output_dir, quiet=args.quiet)
    return config


def _locked(config, command: str):
    """One writer per run directory (see pipeline.rundir.run_lock)."""
    from pipeline.rundir import run_lock

    return run_lock(config.run.output_dir, command)


# ----------------------------------------------------------------------------------- handlers
def _demo(args: argparse.Namespace) -> None:
    from pipeline.demo import run_demo

    run_demo(output_dir=args.output_dir, force=args.force, quiet=args.quiet)


def _crawl(args: argparse.Namespace) -> None:
    config = _load(args)
    from pipeline.crawl import run_crawl

    with _locked(config, "crawl"):
        run_crawl(config, force=args.force)


def _curate(args: argparse.Namespace) -> None:
    config = _load(args)
    from pipeline.curate import run_curate

    with _locked(config, "curate"):
        run_curate(config, force=args.force)


def _report(args: argparse.Namespace) -> None:
    from pipeline.report import build_report

    setup_logging(None, quiet=args.quiet)
    build_report(Path(args.run_dir), compare=args.compare and Path(args.compare), open_browser=args.open)


def _tokenizer_train(args: argparse.Namespace) -> None:
    config = _load(args)
    from pipeline.tokenizer import train_tokenizer

    with _locked(config, "tokenizer train"):
        train_tokenizer(config, force=args.force)


def _classifier_train(args: argparse.Namespace) -> None:
    from pipeline.classifier import train_classifier

    setup_logging(None, quiet=args.quiet)
    train_classifier(
        args.positive,
        args.negative,
        Path(args.out),
        seed=args.seed,
        family=args.family,
        threshold=args.threshold,
        target_precision=args.target_precision,
        max_examples_per_file=args.max_examples_per_file,
    )


def _classifier_score(args: argparse.Namespace) -> None:
    from pipeline.classifier_score import print_scores, score_files

    setup_logging(None, quiet=args.quiet)
    print_scores(score_files(args.model, args.inputs, threshold=args.threshold, out=args.out))


def _train(args: argparse.Namespace) -> None:
    config = _load(args)
    from pipeline.train import launch_training

    with _locked(config, "train"):
        launch_training(config, force=args.force, nproc=args.nproc)


def _eval(args: argparse.Namespace) -> None:
    from pipeline.evaluate import run_eval

    setup_logging(None, quiet=args.quiet)
    if args.lm_eval:
        from pipeline.harness import run_lm_eval

        tasks = [t.strip() for t in args.lm_eval.split(",") if t.strip()]
        include = Path(args.lm_eval_include) if args.lm_eval_include else None
        out = Path(args.out) if args.out and not (args.tokens or args.config) else None
        run_lm_eval(Path(args.model_dir), tasks, include, out, limit=args.lm_eval_limit)
        if not (args.tokens or args.config):
            return
    texts = []
    if args.config:
        from pipeline.config import load_config
        from pipeline.evalsets import load_eval_sets

        texts = load_eval_sets(load_config(args.config, check_inputs=False))
        if not texts:
            raise DaptError(f"{args.config}: no eval.sets to evaluate on")
    if not args.tokens and not texts:
        raise DaptError(
            "nothing to evaluate: give token shard folders, --config with eval.sets, or --lm-eval TASKS"
        )
    run_eval(
        Path(args.model_dir),
        [Path(t) for t in args.tokens],
        max_tokens=args.max_tokens,
        out=args.out,
        seq_len=args.seq_len,
        texts=texts,
    )


def _ablate(args: argparse.Namespace) -> None:
    config = _load(args)
    from pipeline.ablate import run_ablation

    run_ablation(config, variants=args.variant, gather_only=args.gather, force=args.force)


def _estimate(args: argparse.Namespace) -> None:
    from pipeline.estimate import run_estimate_cli

    run_estimate_cli(args)


def _slurm(args: argparse.Namespace) -> None:
    from pipeline import slurm

    slurm.run_cli(args)


def _config_show(args: argparse.Namespace) -> None:
    config = _load(args, check_inputs=False)
    sys.stdout.write(config.to_yaml())


# ----------------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="dapt",
        description="Domain-adaptive pretraining: crawl, curate, tokenize, report, train, evaluate.",
        epilog=textwrap.dedent(
            """\
            a run: dapt curate CONFIG -> dapt report RUN_DIR -> dapt train CONFIG -> dapt eval MODEL_DIR
            see README.md and docs/config.md for the run config reference."""
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors on the console")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = _command(
        sub,
        "demo",
        "Run the whole lifecycle offline on the embedded demo corpus (about 9 min on 2 CPU cores).",
        ["dapt demo", "dapt demo --output-dir /tmp/dapt-demo --force"],
        _demo,
    )
    p.add_argument("--output-dir", default="runs/demo", help="run directory (default: runs/demo)")
    _force_arg(p)

    p = _command(
        sub,
        "crawl",
        "Crawl the configured seeds politely into WARC files; run it again to resume an interrupted crawl.",
        ["dapt crawl configs/crawl-example.yaml", "dapt crawl configs/crawl-example.yaml crawl.max_pages=50"],
        _crawl,
    )
    _config_args(p)
    _force_arg(p)

    p = _command(
        sub,
        "curate",
        "Curate the sources with datatrove: extract, filter, dedup, tokenize, report.",
        [
            "dapt curate configs/demo.yaml",
            "dapt curate configs/demo.yaml run.output_dir=/tmp/x curate.dedup.minhash.n_grams=3",
        ],
        _curate,
    )
    _config_args(p)
    _force_arg(p)

    p = _command(
        sub,
        "report",
        "Build the data-quality report (report.html, report.json) of a curated run.",
        ["dapt report runs/demo", "dapt report runs/demo --compare runs/demo-strict --open"],
        _report,
    )
    p.add_argument("run_dir", help="run directory")
    p.add_argument("--compare", help="another run directory to compare with")
    p.add_argument("--open", action="store_true", help="open report.html in a browser")

    p = _command(
        sub,
        "tokenizer",
        "Train a tokenizer on the curated text (from-scratch runs).",
        ["dapt tokenizer train configs/demo.yaml"],
        None,
    )
    tsub = p.add_subparsers(dest="tokenizer_command", metavar="ACTION", required=True)
    tp = _command(
        tsub,
        "train",
        "Train a BPE or Unigram tokenizer on curated/ (size from config).",
        ["dapt tokenizer train configs/demo.yaml tokenizer.train.vocab_size=4096"],
        _tokenizer_train,
    )
    _config_args(tp)
    _force_arg(tp)

    p = _command(
        sub,
        "classifier",
        "Domain-relevance classifiers (static word embeddings or fastText).",
        ["dapt classifier train --positive fin.txt --negative gen.txt --out fin.json"],
        None,
    )
    csub = p.add_subparsers(dest="classifier_command", metavar="ACTION", required=True)
    cp = _command(
        csub,
        "train",
        "Train a domain classifier from seed files (each file balanced, each left out in turn for the"
        " held-out figures, per file and per genre); writes MODEL and MODEL.metrics.json with the threshold"
        " picked on the held-out folds. Seeds: .txt one document per line; .jsonl(.gz) a `text` field;"
        " .html/.md/.txt.gz (gzipped or not) one document per file; GENRE=PATH tags a file with a genre.",
        [
            "dapt classifier train --positive demo/corpus/seeds/finance.txt"
            " --negative demo/corpus/seeds/general.txt --out /tmp/finance.json",
            "dapt classifier train --family fasttext --positive filings=a.txt.gz news=news.txt"
            " --negative web=pages.jsonl --out /tmp/finance.bin",
        ],
        _classifier_train,
    )
    cp.add_argument("--positive", nargs="+", required=True, help="files of in-domain examples")
    cp.add_argument("--negative", nargs="+", required=True, help="files of out-of-domain examples")
    cp.add_argument("--out", required=True, help="model path (.json for wordllama, .bin for fasttext)")
    cp.add_argument("--seed", type=int, default=0)
    cp.add_argument("--family", choices=["wordllama", "fasttext"], default="wordllama", help="model family")
    cp.add_argument(
        "--target-precision", type=float, default=0.99, help="held-out precision of the threshold"
    )
    cp.add_argument(
        "--threshold", type=float, default=None, help="give the figures at this threshold instead"
    )
    cp.add_argument("--max-examples-per-file", type=int, default=None, help="cap on chunks per seed file")
    cp = _command(
        csub,
        "score",
        "Score files a classifier never saw (any format `train` reads; LABEL=PATH groups files) and print"
        " the fraction of each label's documents kept at the threshold saved with the model: recall on"
        " in-domain text, false positives on the rest. A run's classifier is"
        " <output_dir>/work/domain_classifier.json (.bin for fastText).",
        [
            "dapt classifier score runs/finance-real/work/domain_classifier.json"
            " finance=my-news.jsonl other=my-pages.jsonl --out scores.jsonl",
        ],
        _classifier_score,
    )
    cp.add_argument("model", help="a model written by `dapt classifier train` (or by a run)")
    cp.add_argument("inputs", nargs="+", help="files to score, optionally LABEL=PATH")
    cp.add_argument("--threshold", type=float, default=None, help="instead of the model's saved threshold")
    cp.add_argument("--out", default=None, help="write each document's score here (JSONL)")

    p = _command(
        sub,
        "train",
        "Continue pretraining (or pretrain) a causal LM on the token shards with Accelerate.",
        [
            "dapt train configs/demo.yaml",
            "dapt train configs/demo.yaml --nproc 2 train.max_steps=50",
            "accelerate launch -m pipeline.train configs/demo.yaml",
        ],
        _train,
    )
    _config_args(p)
    _force_arg(p)
    p.add_argument("--nproc", type=int, default=1, help="processes on this machine (accelerate launch)")

    p = _command(
        sub,
        "eval",
        "Evaluate a model on held-out data: perplexity per source's token shards; bits per byte and"
        " perplexity per held-out text of a config's eval.sets.",
        [
            "dapt eval runs/demo/model runs/demo/tokens/finance runs/demo/tokens/general",
            "dapt eval runs/demo/model --config configs/demo.yaml --out runs/demo/eval/after.json",
            "dapt eval runs/demo/model --lm-eval fin-sentiment-local --lm-eval-include tests/data/lm_eval",
        ],
        _eval,
    )
    p.add_argument("model_dir", help="HF model directory")
    p.add_argument("tokens", nargs="*", help="token shard folders (one per source)")
    p.add_argument("--config", help="a run config whose eval.sets (held-out text) to evaluate on")
    p.add_argument(
        "--lm-eval",
        metavar="TASKS",
        help="lm-evaluation-harness tasks, comma-separated (hub tasks need their datasets; offline: local"
        " tasks with --lm-eval-include); results to <run>/eval/lm-eval.json and the model card",
    )
    p.add_argument("--lm-eval-include", metavar="DIR", help="folder of local task YAML files and their data")
    p.add_argument("--lm-eval-limit", type=int, help="examples per task (a quick look)")
    p.add_argument("--max-tokens", type=int, default=50_000, help="tokens evaluated per source")
    p.add_argument(
        "--seq-len", type=int, help="window length (default: the training's, else the model's context)"
    )
    p.add_argument("--out", help="write the results as JSON here")

    p = _command(
        sub,
        "ablate",
        "Train the same small model for the same tokens on variants of the run's data (raw, +quality,"
        " +domain, full, replay shares) and compare their bits per byte on held-out text.",
        [
            "dapt ablate configs/ablate-finance.yaml",
            "dapt ablate configs/ablate-finance.yaml --variant raw --variant full 'ablate.seeds=[0]'",
            "dapt ablate configs/ablate-finance.yaml --gather",
        ],
        _ablate,
    )
    _config_args(p)
    _force_arg(p)
    p.add_argument("--variant", action="append", help="run only this variant (repeatable); no table")
    p.add_argument("--gather", action="store_true", help="only gather finished runs into the table")

    p = _command(
        sub,
        "estimate",
        "Estimate per-GPU memory and compute of a training job before submitting it.",
        [
            "dapt estimate --params 1e9 --precision fp32 --optimizer adamw --json",
            "dapt estimate configs/finance.yaml",
        ],
        _estimate,
    )
    _estimate_arguments(p)

    p = _command(
        sub,
        "slurm",
        "Render, submit and follow SLURM batch jobs for a run.",
        [
            "dapt slurm render configs/demo.yaml --stage all",
            "dapt slurm submit configs/demo.yaml --stage all",
            "dapt slurm status runs/demo",
        ],
        None,
    )
    _slurm_arguments(p)

    p = _command(
        sub, "config", "Inspect run configs.", ["dapt config show configs/demo.yaml train.max_steps=5"], None
    )
    gsub = p.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    gp = _command(
        gsub,
        "show",
        "Print the resolved config (extends and overrides applied).",
        ["dapt config show configs/demo.yaml train.max_steps=5"],
        _config_show,
    )
    _config_args(gp)
    return parser


def _estimate_arguments(parser: argparse.ArgumentParser) -> None:
    from pipeline.estimate import add_estimate_arguments

    add_estimate_arguments(parser)


def _slurm_arguments(parser: argparse.ArgumentParser) -> None:
    from pipeline.slurm import add_slurm_arguments

    add_slurm_arguments(parser)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.handler(args)
    except DaptError as exc:
        print(f"dapt: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dapt: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

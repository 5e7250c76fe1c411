"""`dapt ablate CONFIG`: did curation pay off? The same model, from the same initialisation, trained
for the same number of tokens on variants of the run's data, each evaluated in bits per byte on the
held-out text (`eval.sets`) that no variant and no classifier saw.

Variants come from ONE curation where the recorded reasons allow it: curated/<source>/ holds the
kept documents and rejected/<step>/<source>/ the dropped ones, so a variant is the kept documents
plus the rejections of the steps it names (`ablate.variants[].add_back`); `raw` adds back every step
after language identification. A document dropped by an early step never reached the later ones,
so "+quality" (raw minus the quality rejects) is the kept documents plus the rejections of every
step after quality. A variant with `overrides` (another threshold, a filter off) changes what the
steps decide: it gets its own curation, in ablate/<variant>/curation/ (said in the log and table).
With general sources, `full` is trained again at each `ablate.replay_shares` share of general text.

Every variant is tokenized with the run's tokenizer (datatrove's DocumentTokenizer) and trained by
the one training loop (pipeline/train) once per `ablate.seeds` seed: the seed fixes the model's
initialisation and data order, so variants differ only in their data. A difference between two
variants counts only when it is larger than the seed spread (max - min over seeds) of both.

    <run>/ablate/eval/<set>.jsonl          the held-out text, as evaluated
    <run>/ablate/<variant>/tokens/         the variant's token shards
    <run>/ablate/<variant>/seed-<s>/       a training run (model/, metrics.jsonl, W&B)
    <run>/ablate/ablation.json             the table (the report's "Ablation" section reads it)
"""

from __future__ import annotations

import logging
import shutil
import statistics
from pathlib import Path

from pipeline.config import AblateVariant, RunConfig, apply_override, base_run_config
from pipeline.errors import DaptError
from pipeline.rundir import RunDir, write_json_atomic, write_text_atomic

log = logging.getLogger(__name__)


def ablation_variants(config: RunConfig) -> list[AblateVariant]:
    """The configured variants, then `full` at each replay share when the run has general sources."""
    variants = list(config.ablate.variants)
    if any(s.role == "general" for s in config.sources):
        for share in config.ablate.replay_shares:
            variants.append(AblateVariant(name=f"full-replay{round(share * 100)}", general_share=share))
    names = [v.name for v in variants]
    if len(set(names)) != len(names):
        raise DaptError(f"ablate.variants: names must be unique (replay variants included): {names}")
    return variants


def run_ablation(
    config: RunConfig, variants: list[str] | None = None, gather_only: bool = False, force: bool = False
) -> dict | None:
    """Train and evaluate the variants (all, or those named), then gather the table; a run of some
    variants only (one SLURM array task) leaves the gathering to `gather_only`."""
    run = RunDir(config.run.output_dir)
    chosen = ablation_variants(config)
    if variants:
        unknown = sorted(set(variants) - {v.name for v in chosen})
        if unknown:
            raise DaptError(f"no ablation variant named {unknown}; variants are {[v.name for v in chosen]}")
        chosen = [v for v in chosen if v.name in variants]
    if not gather_only:
        _prepare(config, may_run=not variants)
        eval_sets = _write_eval_sets(config, run)
        for variant in chosen:
            _run_variant(config, run, variant, eval_sets, force)
    if variants and not gather_only:
        return None
    return gather(config)


def _prepare(config: RunConfig, may_run: bool) -> None:
    """Curate the run (skipped when done) and pretrain its base model when the config chains one;
    with `may_run` False (some variants only: parallel SLURM array tasks) require them done instead."""
    from pipeline.curate import run_curate
    from pipeline.train import launch_training

    if not config.eval.sets:
        raise DaptError(
            "dapt ablate needs held-out text: add eval.sets to the config (files, or a share of a"
            " source held back before curation), see docs/config.md"
        )
    base = base_run_config(config)
    starts_from_base = base is not None and derive_config(
        config, ["model.base_config=null", *config.ablate.train]
    ).model.path == str(
        Path(base.run.output_dir) / "model"
    )  # ablate.train may give the variants another model
    base_needed = starts_from_base and not RunDir(base.run.output_dir).is_done("train")
    if not may_run and (base_needed or not RunDir(config.run.output_dir).is_done("curate")):
        raise DaptError(
            "dapt ablate --variant runs the variants of a finished curation (and base model): run"
            " `dapt ablate CONFIG` once, or `dapt curate CONFIG` first (SLURM: --stage curate,[base,]ablate)"
        )
    run_curate(config)
    if base_needed:
        log.info("pretraining the base model that every variant starts from -> %s", base.run.output_dir)
        launch_training(base)


def _write_eval_sets(config: RunConfig, run: RunDir) -> list[dict]:
    from pipeline.evalsets import load_eval_sets, write_eval_sets

    return write_eval_sets(load_eval_sets(config), run.root / "ablate" / "eval")


def _run_variant(
    config: RunConfig, run: RunDir, variant: AblateVariant, eval_sets: list[dict], force: bool
) -> None:
    from pipeline.train import launch_training

    folder = run.root / "ablate" / variant.name
    if force and folder.is_dir():
        shutil.rmtree(folder)
    source_run = _curation_of(config, run, variant)
    tokens = _tokenize(config, source_run, variant, folder)
    mix = variant_mix(config, variant, tokens)
    for seed in config.ablate.seeds:
        train_config = variant_train_config(config, variant, seed, folder / "tokens", mix, eval_sets)
        log.info(
            "ablation %s, seed %d: training on %s -> %s", variant.name, seed, mix, train_config.run.output_dir
        )
        launch_training(train_config)


def _curation_of(config: RunConfig, run: RunDir, variant: AblateVariant) -> RunDir:
    """The run directory whose curated/ and rejected/ the variant reads: the run's own, or for a
    variant with `overrides` its own curation (same sources, tokenizer and held-out documents)."""
    if not variant.overrides:
        return run
    from pipeline.curate import run_curate

    out = run.root / "ablate" / variant.name / "curation"
    own = derive_config(
        config,
        [
            *variant.overrides,
            f"run.output_dir={out}",
            f"tokenizer.path={run.tokenizer}",
            "tokenizer.train=null",
        ],
    )
    log.warning(
        "ablation variant %s changes the curation (%s): it needs its own curation run, in %s",
        variant.name,
        " ".join(variant.overrides),
        out,
    )
    run_curate(own)
    return RunDir(out)


def variant_documents(source_run: RunDir, variant: AblateVariant, source: str) -> list[Path]:
    """The document files of one source in a variant: kept, plus the named steps' rejections."""
    folders = [source_run.curated_source(source)]
    folders += [source_run.rejected_step(step, source) for step in variant.steps_added_back()]
    return [path for folder in folders for path in sorted(folder.glob("*.jsonl.gz"))]


def _tokenize(config: RunConfig, source_run: RunDir, variant: AblateVariant, folder: Path) -> dict[str, int]:
    """Tokenize each source's documents of the variant into <folder>/tokens/<source>/ with the run's
    tokenizer (datatrove's DocumentTokenizer, as curation does); return tokens per source."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.tokens import DocumentTokenizer

    from pipeline.tokenizer import tokenizer_file
    from pipeline.train.data import TokenStream
    from pipeline.train.model import load_tokenizer

    tokenizer_dir = RunDir(config.run.output_dir).tokenizer
    eos = load_tokenizer(str(tokenizer_dir)).eos_token
    marker = RunDir(folder)
    tokens: dict[str, int] = {}
    for source in config.sources:
        out = folder / "tokens" / source.name
        files = variant_documents(source_run, variant, source.name)
        if not files:
            log.warning("ablation %s: source %s has no documents in this variant", variant.name, source.name)
            continue
        if not marker.is_done(f"tokenize-{source.name}"):
            shutil.rmtree(out, ignore_errors=True)
            listing = folder / "inputs" / f"{source.name}.txt"
            write_text_atomic(listing, "".join(f"{p.relative_to(source_run.root)}\n" for p in files))
            pipeline = [
                JsonlReader(str(source_run.root), paths_file=str(listing)),
                DocumentTokenizer(
                    str(out),
                    tokenizer_name_or_path=tokenizer_file(tokenizer_dir),
                    eos_token=eos,
                    max_tokens_per_file=config.curate.tokenize.max_tokens_per_file,
                    seed=config.run.seed,
                ),
            ]
            logs = folder / "logs" / "tokenize" / source.name
            shutil.rmtree(logs, ignore_errors=True)
            LocalPipelineExecutor(pipeline, tasks=1, logging_dir=str(logs), start_method="fork").run()
            marker.mark_done(f"tokenize-{source.name}", {"files": len(files)})
        tokens[source.name] = len(TokenStream(out))
    return tokens


def variant_mix(config: RunConfig, variant: AblateVariant, tokens: dict[str, int]) -> dict[str, float]:
    """The variant's training mix: train.mix (or every source by size) over the sources it has,
    with the general sources rescaled to `general_share` when the variant sets one."""
    base = {k: v for k, v in (config.train.mix or tokens).items() if tokens.get(k)}
    if variant.general_share is None:
        return base
    general = {s.name for s in config.sources if s.role == "general"}
    domain = {k: v for k, v in base.items() if k not in general}
    replay = {k: v for k, v in base.items() if k in general}
    if not domain or (variant.general_share > 0 and not replay):
        raise DaptError(
            f"ablation variant {variant.name}: general_share={variant.general_share} needs domain and"
            f" general sources with tokens in the mix; it has {sorted(base)}"
        )
    share = variant.general_share
    mix = {k: (1 - share) * v / sum(domain.values()) for k, v in domain.items()}
    if share > 0:
        mix |= {k: share * v / sum(replay.values()) for k, v in replay.items()}
    return mix


def derive_config(config: RunConfig, overrides: list[str], **sections) -> RunConfig:
    """`config` with whole `sections` replaced and dotted overrides applied, validated again."""
    data = config.model_dump(mode="json") | sections
    for override in overrides:
        apply_override(data, override)
    return RunConfig.model_validate(data)


def variant_train_config(
    config: RunConfig,
    variant: AblateVariant,
    seed: int,
    tokens_dir: Path,
    mix: dict[str, float],
    eval_sets: list[dict],
) -> RunConfig:
    """One training run of a variant: the run's model and tokenizer, the variant's tokens and mix,
    evaluated on the written eval sets only (no token-stream holdout, which would differ by variant)."""
    run = RunDir(config.run.output_dir)
    data = config.model_dump(mode="json")
    overrides = [
        f"run.output_dir={tokens_dir.parent / f'seed-{seed}'}",
        f"run.seed={seed}",
        f"run.name={config.run.name}-ablate",  # the W&B group of every variant's runs
        f"tracking.wandb.name={variant.name}-seed{seed}",
        f"train.tokens_dir={tokens_dir}",
        "train.eval_tokens=0",
        f"tokenizer.path={run.tokenizer}",
        "tokenizer.train=null",
        "model.base_config=null",
        *config.ablate.train,
    ]
    return derive_config(config, overrides, train=data["train"] | {"mix": mix}, eval={"sets": eval_sets})


# ----------------------------------------------------------------------------------- the table
def gather(config: RunConfig) -> dict:
    """Read every variant's training runs into ablate/ablation.json; print the table."""
    run = RunDir(config.run.output_dir)
    folder = run.root / "ablate"
    rows, missing = [], []
    for variant in ablation_variants(config):
        seeds = {}
        for seed in config.ablate.seeds:
            record_file = folder / variant.name / f"seed-{seed}" / "model" / "dapt_training.json"
            if record_file.is_file():
                seeds[seed] = _read_record(record_file, config)
            else:
                missing.append(f"{variant.name}/seed-{seed}")
        if seeds:
            rows.append(_row(variant, seeds, folder / variant.name))
    if not rows:
        raise DaptError(f"no finished ablation run in {folder}: run `dapt ablate` first")
    reference = next((r for r in rows if r["variant"] == "raw"), rows[0])
    for row in rows:
        for role in ("domain", "general"):
            row[role]["vs_reference"] = _compare(row[role], reference[role])
        for name, stats in row["eval_sets"].items():  # a pooled role can hide one set's steady change
            stats["vs_reference"] = _compare(stats, reference["eval_sets"].get(name) or _stats([]))
    result = {
        "run": str(run.root),
        "reference": reference["variant"],
        "seeds": config.ablate.seeds,
        "eval_sets": rows[0]["eval_sets"],
        "variants": rows,
        "missing": missing,
        "goal": _goal(rows),
    }
    write_json_atomic(folder / "ablation.json", result)
    if not missing:
        run.mark_done("ablate", {"variants": [r["variant"] for r in rows]})
    print_table(result)
    return result


def _read_record(path: Path, config: RunConfig) -> dict:
    import json

    record = json.loads(path.read_text())
    bpb, sizes = record.get("final_bits_per_byte") or {}, record.get("eval_sets") or {}
    roles = {s.name: s.role for s in config.eval.sets}
    out = {"tokens": record["tokens_seen"], "bits_per_byte": bpb}
    for role in ("domain", "general"):
        names = [n for n in bpb if roles.get(n) == role]
        total = sum(sizes[n]["bytes"] for n in names)
        out[role] = sum(bpb[n] * sizes[n]["bytes"] for n in names) / total if total else None
    return out


def _stats(values: list[float | None]) -> dict:
    values = [v for v in values if v is not None]
    if not values:
        return {"mean": None, "spread": None, "seeds": []}
    return {"mean": statistics.fmean(values), "spread": max(values) - min(values), "seeds": values}


def _row(variant: AblateVariant, seeds: dict[int, dict], folder: Path) -> dict:
    from pipeline.train.data import TokenStream

    data_tokens = {
        p.name: len(TokenStream(p)) for p in sorted((folder / "tokens").iterdir()) if any(p.glob("*.ds"))
    }
    per_seed = list(seeds.values())
    return {
        "variant": variant.name,
        "add_back": variant.steps_added_back(),
        "general_share": variant.general_share,
        "own_curation": bool(variant.overrides),
        "overrides": variant.overrides,
        "seeds_run": sorted(seeds),
        "train_tokens": sorted({r["tokens"] for r in per_seed}),
        "data_tokens": data_tokens,
        "domain": _stats([r["domain"] for r in per_seed]),
        "general": _stats([r["general"] for r in per_seed]),
        "eval_sets": {
            name: _stats([r["bits_per_byte"].get(name) for r in per_seed])
            for name in per_seed[0]["bits_per_byte"]
        },
    }


def _compare(this: dict, reference: dict) -> dict | None:
    """Relative change against the reference; significant only when larger than both seed spreads
    (never with one seed: there is no spread to compare with)."""
    if this["mean"] is None or reference["mean"] is None:
        return None
    difference = this["mean"] - reference["mean"]
    enough_seeds = len(this["seeds"]) >= 2 and len(reference["seeds"]) >= 2
    return {
        "change": difference / reference["mean"],
        "significant": enough_seeds and abs(difference) > max(this["spread"], reference["spread"]),
    }


def _goal(rows: list[dict]) -> dict | None:
    """The curation goal: domain bits per byte >= 10% lower for `full` than `raw`, general <= 5% worse."""
    by_name = {r["variant"]: r for r in rows}
    if "full" not in by_name or "raw" not in by_name:
        return None
    full, raw = by_name["full"], by_name["raw"]
    domain = full["domain"]["vs_reference"]
    general = full["general"]["vs_reference"]
    return {
        "domain_change": domain and domain["change"],
        "general_change": general and general["change"],
        "met": bool(domain and domain["change"] <= -0.10 and (general is None or general["change"] <= 0.05)),
        "equal_tokens": full["train_tokens"] == raw["train_tokens"],
    }


def print_table(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"Ablation: bits per byte on held-out text (mean ± half the range over seeds {result['seeds']};"
        f" * = change vs {result['reference']} larger than the seed spread)"
    )
    for column in ("variant", "data", "train tokens", "domain bpb", "vs ref", "general bpb", "vs ref"):
        table.add_column(column, justify="left" if column in ("variant", "data") else "right")
    for row in result["variants"]:
        data = "+" + ",".join(row["add_back"]) if row["add_back"] else "curated"
        if row["general_share"] is not None:
            data += f", {row['general_share']:.0%} general"
        if row["own_curation"]:
            data += f" (own curation: {' '.join(row['overrides'])})"
        table.add_row(
            row["variant"],
            data,
            ",".join(f"{t:,}" for t in row["train_tokens"]),
            _mean_spread(row["domain"]),
            _change(row["domain"]["vs_reference"]),
            _mean_spread(row["general"]),
            _change(row["general"]["vs_reference"]),
        )
    console = Console()
    console.print(table)
    goal = result.get("goal")
    if goal and goal["domain_change"] is not None:
        general = "-" if goal["general_change"] is None else f"{goal['general_change']:+.1%}"
        console.print(
            f"full vs raw at equal tokens: domain {goal['domain_change']:+.1%}, general {general} "
            f"(goal: domain <= -10%, general <= +5%: {'met' if goal['met'] else 'not met'})"
        )
    names = list(result["eval_sets"])
    per_set = Table(title=f"change vs {result['reference']} per held-out set (* larger than the seed spread)")
    for column in ("variant", *names):
        per_set.add_column(column, justify="left" if column == "variant" else "right")
    for row in result["variants"]:
        if row["variant"] != result["reference"]:
            changes = [row["eval_sets"].get(name, {}).get("vs_reference") for name in names]
            per_set.add_row(row["variant"], *(_change(change) for change in changes))
    console.print(per_set)
    if len(result["seeds"]) == 2:
        console.print(
            "two seeds: their range can understate the seed noise several times over;"
            " give three to five (ablate.seeds) before trusting a *"
        )
    if result["missing"]:
        console.print(f"not finished (left out): {', '.join(result['missing'])}")


def _mean_spread(stats: dict) -> str:
    if stats["mean"] is None:
        return "-"
    if len(stats["seeds"]) < 2:
        return f"{stats['mean']:.4f}"
    return f"{stats['mean']:.4f} ± {stats['spread'] / 2:.4f}"


def _change(comparison: dict | None) -> str:
    if comparison is None:
        return "-"
    return f"{comparison['change']:+.1%}{'*' if comparison['significant'] else ''}"

"""The domain classifier of configs/finance-real.yaml on the development set, for both model families.

Development set (never trained on): the 257 hand-labelled English pages of
../shared/data/web/real-pages/topic-labels.jsonl (finance news, business, other) and the 54 SEC
filings of the same WARC (manifest `domain_hint: finance`), text extracted as `dapt curate` does.
Each classifier is trained on the config's seed files and used at its default threshold (picked
on its held-out folds, as a run does). Printed per family: SEC recall, finance-news recall,
business pages kept, false positives on `other`; the same for three training seeds, and for three
draws that each train without a random fifth of each class's seed files (which seed files a user
happens to have); SEC recall of models trained with one seed filing left out; scoring speed; and,
for seed 0, the figures at the thresholds picked for each held-out precision target tried.

    nice -n 10 .venv/bin/python bench/bench_domain.py [--families fasttext wordllama] [--json out.json]
        [--leave-out sgml__0001193125-24-100942.txt.gz ...] [--resamples 3] [--seeds 0 1 2]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from filters.extract import resiliparse_extract  # noqa: E402
from pipeline.classifier import (  # noqa: E402
    load_model,
    pick_threshold,
    positive_probability,
    seed_file,
    train_classifier,
)
from pipeline.config import load_config  # noqa: E402

GROUPS = ("sec", "finance", "business", "other")
TARGETS_TRIED = (0.95, 0.98, 0.99)
TARGETS = "SEC recall >= 0.95, finance-news recall >= 0.75, other FP <= 2%, leave-one-filing-out SEC >= 0.85"


def development_set(data: Path) -> list[tuple[str, str]]:
    """(group, extracted text) of the 311 development pages."""
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from warcio.archiveiterator import ArchiveIterator

    pages = data / "web" / "real-pages"
    labels = {}
    for line in (pages / "topic-labels.jsonl").read_text().splitlines():
        record = json.loads(line)
        labels[record["warc_record_id"]] = record["label"]
    for line in (pages / "manifest.jsonl").read_text().splitlines():
        record = json.loads(line)
        if record.get("domain_hint") == "finance":
            labels[record["warc_record_id"]] = "sec"
    dev = []
    with open(pages / "real_pages_constructed.warc.gz", "rb") as f:
        for record in ArchiveIterator(f):
            group = labels.get(record.rec_headers.get_header("WARC-Record-ID"))
            if record.rec_type == "response" and group:
                html = record.content_stream().read()
                dev.append((group, resiliparse_extract(bytes_to_str(html, detect_encoding(html)))))
    return dev


def dev_scores(model_path: Path, dev: list[tuple[str, str]]) -> list[tuple[str, float]]:
    model = load_model(model_path)
    return [(group, positive_probability(model, text)) for group, text in dev]


def kept_by_group(model_path: Path, threshold: float, dev: list[tuple[str, str]]) -> dict[str, float]:
    return kept_at(dev_scores(model_path, dev), threshold)


def kept_at(scores: list[tuple[str, float]], threshold: float) -> dict[str, float]:
    return {
        group: round(
            sum(s >= threshold for g, s in scores if g == group) / sum(g == group for g, _ in scores), 4
        )
        for group in GROUPS
    }


def bench_family(
    family: str,
    positive: list,
    negative: list,
    dev: list,
    tmp: Path,
    leave_out: list[str],
    resamples: int,
    seeds: list[int],
) -> dict:
    results: dict = {"seeds": {}, "resampled": {}, "leave_one_filing_out": {}}
    for seed in seeds:
        started = time.perf_counter()
        out = tmp / f"{family}-{seed}.model"
        metrics = train_classifier(positive, negative, out, seed=seed, show_table=False, family=family)
        train_s = time.perf_counter() - started
        kept = kept_by_group(out, metrics["threshold"], dev)
        results["seeds"][seed] = {"threshold": metrics["threshold"], "train_s": round(train_s, 1), **kept}
        print(
            f"{family:<9} seed {seed}  threshold {metrics['threshold']:.4f}  SEC {kept['sec']:.3f}"
            f"  finance news {kept['finance']:.3f}  business {kept['business']:.3f}"
            f"  other FP {kept['other']:.3f}   (trained in {train_s:.0f} s; held-out F1 {metrics['f1']:.3f})",
            flush=True,
        )
        if seed == 0:
            # the other precision targets tried, from the same held-out scores
            truth = [bool(p) for p in metrics["heldout"]["positive"]]
            scores = dev_scores(out, dev)
            results["targets"] = {}
            for target in TARGETS_TRIED:
                threshold, _ = pick_threshold(
                    truth, metrics["heldout"]["scores"], target, metrics["heldout"]["file"]
                )
                results["targets"][target] = {"threshold": threshold, **kept_at(scores, threshold)}
                print(
                    f"{family:<9} target precision {target}: threshold {threshold:.4f}",
                    results["targets"][target],
                )
            model = load_model(out)
            texts = [text for _, text in dev]
            started = time.perf_counter()
            for text in texts:
                positive_probability(model, text)
            elapsed = time.perf_counter() - started
            megabytes = sum(len(t.encode()) for t in texts) / 1e6
            results["scoring"] = {
                "pages_per_s": round(len(texts) / elapsed, 1),
                "mb_per_s": round(megabytes / elapsed, 2),
            }
            print(
                f"{family:<9} scoring: {len(texts) / elapsed:.0f} pages/s, {megabytes / elapsed:.2f} MB/s",
                flush=True,
            )
    for group in GROUPS:
        values = [r[group] for r in results["seeds"].values()]
        if values:
            results[f"{group}_spread"] = round(max(values) - min(values), 4)
    # which seed files a user happens to have: each draw trains without a random fifth of each class's
    # files (the training seed alone changes nothing for the embedding family: every chunk is used)
    for draw in range(resamples):
        rng = random.Random(draw)
        without = [rng.sample(files, max(1, len(files) // 5)) for files in (positive, negative)]
        kept_files = [
            [s for s in files if s not in gone]
            for files, gone in zip((positive, negative), without, strict=True)
        ]
        out = tmp / f"{family}-resampled.model"
        metrics = train_classifier(*kept_files, out, seed=0, show_table=False, family=family)
        kept = kept_by_group(out, metrics["threshold"], dev)
        dropped = sorted(s.path.name for s in without[0] + without[1])
        results["resampled"][draw] = {"threshold": metrics["threshold"], "without": dropped, **kept}
        print(
            f"{family:<9} draw {draw} (without {len(dropped)} files) threshold {metrics['threshold']:.4f}"
            f"  SEC {kept['sec']:.3f}  finance news {kept['finance']:.3f}  business {kept['business']:.3f}"
            f"  other FP {kept['other']:.3f}",
            flush=True,
        )
    for group in GROUPS:
        values = [r[group] for r in results["resampled"].values()]
        if values:
            results[f"{group}_resampled_range"] = [min(values), max(values)]
    filings = [s for s in positive if s.genre == "filings" and (not leave_out or s.path.name in leave_out)]
    for left_out in filings:
        rest = [s for s in positive if s != left_out]
        out = tmp / f"{family}-without.model"
        metrics = train_classifier(rest, negative, out, seed=0, show_table=False, family=family)
        kept = kept_by_group(out, metrics["threshold"], dev)
        results["leave_one_filing_out"][left_out.path.name] = kept["sec"]
        print(f"{family:<9} without {left_out.path.name:<45} SEC recall {kept['sec']:.3f}", flush=True)
    return results


def _range(values: list[float] | None) -> str:
    return "-" if not values else f"{values[0]:.3f}-{values[1]:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--config", default=str(ROOT / "configs" / "finance-real.yaml"))
    parser.add_argument("--families", nargs="+", default=["fasttext", "wordllama"])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--leave-out",
        nargs="*",
        default=[],
        help="seed filings (file names) to leave out in turn; default: all",
    )
    parser.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2], help="training seeds (0 first)")
    parser.add_argument(
        "--resamples", type=int, default=3, help="draws without a random fifth of each class's seed files"
    )
    args = parser.parse_args()
    config = load_config(args.config, check_inputs=False)
    positive = [seed_file(s) for s in config.curate.domain.positive]
    negative = [seed_file(s) for s in config.curate.domain.negative]
    started = time.perf_counter()
    dev = development_set(args.data)
    counts = {g: sum(x == g for x, _ in dev) for g in GROUPS}
    print(
        f"development set: {counts} (extracted in {time.perf_counter() - started:.0f} s); targets: {TARGETS}"
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for family in args.families:
            results[family] = bench_family(
                family, positive, negative, dev, Path(tmp), args.leave_out, args.resamples, args.seeds
            )
    print(
        "\n| family | SEC recall | finance-news recall | business kept | other FP"
        " | seed spread (SEC/news/other) | without a fifth of the seed files: SEC / news / other"
        " | worst leave-one-filing-out SEC | scoring |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for family, r in results.items():
        if 0 not in r["seeds"]:
            continue
        seed0 = r["seeds"][0]
        worst = min(r["leave_one_filing_out"].values()) if r["leave_one_filing_out"] else None
        print(
            f"| {family} (seed 0, threshold {seed0['threshold']:.3f}) | {seed0['sec']:.3f}"
            f" | {seed0['finance']:.3f}"
            f" | {seed0['business']:.3f} | {seed0['other']:.3f}"
            f" | {r['sec_spread']:.3f}/{r['finance_spread']:.3f}/{r['other_spread']:.3f}"
            f" | {' / '.join(_range(r.get(f'{g}_resampled_range')) for g in ('sec', 'finance', 'other'))}"
            f" | {'-' if worst is None else f'{worst:.3f}'} | {r['scoring']['pages_per_s']:.0f} pages/s |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()

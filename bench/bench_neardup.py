"""Precision and recall of dapt's near-duplicate removal (MinHash through datatrove, as `dapt curate`
runs it), against a brute-force exact Jaccard baseline on the same shingles, in the same run.

    nice .venv/bin/python bench/bench_neardup.py [--data ../shared/data] [--pages 100] [--distinct 47]
                                                 [--threshold 0.7] [--out results.json]
                                                 [--n-grams 5 --buckets 14 --hashes 8]

One `run_curate` call on a run config where only MinHash decides (url, language, quality, domain,
toxicity, PII, exact and URL dedup off; MinHash as given, by default dapt's n_grams 5, 14 buckets x 8
hashes), with sources:
  sec        the six SEC filings of neardup/provenance_pairs_sec_filings.jsonl, read and extracted
             by the pipeline (html source): which of the five labelled pairs are merged
  edit<NN>   the English gold article bodies of web/real-pages/manifest.jsonl with >= 150 words:
             `--pages` of them with an edited copy (NN% of words substituted, inserted or deleted,
             seeded), the other `--distinct` alone. One source per edit rate, so that each rate is
             deduplicated on its own.
Recall: planted pairs of which exactly one document is removed. Precision: removed documents whose
planted twin is kept. The baseline removes, per connected component of pairs with exact 5-gram
Jaccard >= --threshold (on MinHash's own n-gram shingles), all documents but the first: what an ideal
detector at that threshold does. MinHash's S-curve 1 - (1 - J^hashes)^buckets is printed beside it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PAIRS = "neardup/provenance_pairs_sec_filings.jsonl"
MANIFEST = "web/real-pages/manifest.jsonl"
EDIT_RATES = (0.01, 0.02, 0.05, 0.10, 0.15, 0.20)
OFF = {"enabled": False}


# ----------------------------------------------------------------------------------- inputs
def gold_pages(data: Path, min_words: int = 150) -> list[str]:
    texts = []
    for line in (data / MANIFEST).open():
        record = json.loads(line)
        gold = record.get("gold_article_body")
        if gold and record.get("lang") == "en" and len(gold.split()) >= min_words:
            texts.append(gold)
    return texts


def edited(text: str, rate: float, rng: random.Random, vocabulary: list[str]) -> str:
    """`text` with round(rate x words) single-word edits: a substitution, insertion or deletion each."""
    words = text.split()
    for _ in range(round(rate * len(words))):
        at = rng.randrange(len(words))
        op = rng.choice(("sub", "ins", "del"))
        if op == "sub":
            words[at] = rng.choice(vocabulary)
        elif op == "ins":
            words.insert(at, rng.choice(vocabulary))
        elif len(words) > 1:
            del words[at]
    return " ".join(words)


def write_jsonl(path: Path, docs: dict[str, str]) -> None:
    with path.open("w") as f:
        for doc_id, text in docs.items():
            f.write(json.dumps({"id": doc_id, "text": text}) + "\n")


def read_docs(folder: Path) -> dict[str, str]:
    docs = {}
    for file in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(file, "rt") as f:
            for line in f:
                record = json.loads(line)
                docs[record["id"]] = record["text"]
    return docs


# ----------------------------------------------------------------------------------- the run
def run_config(root: Path, sec_files: list[str], sources: dict[str, Path], minhash: dict):
    from pipeline.config import RunConfig

    return RunConfig.model_validate(
        {
            "run": {"name": "bench-neardup", "output_dir": str(root / "run")},
            "sources": [
                {"name": "sec", "format": "html", "paths": sec_files},
                *({"name": name, "format": "jsonl", "paths": [str(path)]} for name, path in sources.items()),
            ],
            "curate": {
                "url": OFF,
                "language": OFF,
                "quality": {
                    "gopher_repetition": False,
                    "gopher_quality": False,
                    "c4": False,
                    "fineweb": False,
                },
                "domain": OFF,
                "toxicity": OFF,
                "pii": OFF,
                "dedup": {"exact": False, "url": False, "minhash": minhash},
            },
            "tokenizer": {"train": {"algorithm": "bpe", "vocab_size": 256}},
            "tracking": {"wandb": {"mode": "disabled"}},
        }
    )


def kept_and_removed(config, source: str) -> tuple[dict[str, str], dict[str, str]]:
    from pipeline.rundir import RunDir

    rundir = RunDir(config.run.output_dir)
    return read_docs(rundir.curated_source(source)), read_docs(rundir.rejected_step("minhash_dedup", source))


# ----------------------------------------------------------------------------------- measures
class Shingler:
    """MinHash's own shingles and bucket signatures (datatrove's MinhashDedupSignature, same config)."""

    def __init__(self, config, folder: Path):
        from datatrove.pipeline.dedup.minhash import MinhashDedupSignature

        from pipeline.curate.stages import _minhash_config
        from pipeline.curate.steps import word_tokenizer

        self.config = _minhash_config(config)
        self.step = MinhashDedupSignature(str(folder), config=self.config, language=word_tokenizer(config))

    def shingles(self, text: str) -> set[int]:
        return set(self.step.get_shingles(text).ravel().tolist())

    def share_bucket(self, a: str, b: str) -> bool:
        sig_a = self.step.get_signature(self.step.get_shingles(a))
        sig_b = self.step.get_signature(self.step.get_shingles(b))
        return any(x == y for x, y in zip(sig_a, sig_b, strict=True))

    def s_curve(self, jaccard: float) -> float:
        return 1 - (1 - jaccard**self.config.hashes_per_bucket) ** self.config.num_buckets


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def baseline_removed(ids: list[str], shingles: dict[str, set[int]], threshold: float) -> set[str]:
    """Exact all-pairs Jaccard >= threshold, connected components, keep the first of each."""
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in combinations(ids, 2):
        if jaccard(shingles[a], shingles[b]) >= threshold:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb, key=ids.index)] = min(ra, rb, key=ids.index)
    return {i for i in ids if find(i) != i}


def scores(removed: set[str], pairs: dict[str, str], distinct: list[str]) -> dict[str, float]:
    """pairs: copy id -> original id."""
    twin = {**pairs, **{o: c for c, o in pairs.items()}}
    hits = sum((c in removed) != (o in removed) for c, o in pairs.items())
    true = sum(1 for r in removed if r in twin and twin[r] not in removed)
    return {
        "recall": hits / len(pairs),
        "precision": true / len(removed) if removed else None,
        "removed": len(removed),
        "false_removals_distinct": sum(d in removed for d in distinct),
    }


# ----------------------------------------------------------------------------------- main
def fmt(value: float | None) -> str:
    """A ratio for the table; "-" where it is undefined (nothing removed, nothing found)."""
    return "    -" if value is None else f"{value:5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--pages", type=int, default=100, help="pages given an edited copy")
    parser.add_argument("--distinct", type=int, default=47, help="pages left alone (negatives)")
    parser.add_argument("--threshold", type=float, default=0.7, help="baseline Jaccard threshold")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--n-grams", type=int, default=5, help="MinHash shingle length in words")
    parser.add_argument("--buckets", type=int, default=14, help="MinHash bands")
    parser.add_argument("--hashes", type=int, default=8, help="MinHash rows per band")
    args = parser.parse_args()
    minhash = {"n_grams": args.n_grams, "num_buckets": args.buckets, "hashes_per_bucket": args.hashes}
    from loguru import logger

    logger.remove()
    logger.add(sys.stderr, level="WARNING")

    from pipeline.curate import run_curate

    pairs_spec = [json.loads(line) for line in (args.data / PAIRS).open()]
    sec_files = sorted({str(args.data / p[k]) for p in pairs_spec for k in ("a", "b")})
    texts = gold_pages(args.data)[: args.pages + args.distinct]
    rng = random.Random(args.seed)
    rng.shuffle(texts)
    vocabulary = [w for t in texts for w in t.split()]
    originals = {f"page{i:03d}": t for i, t in enumerate(texts)}
    paired = list(originals)[: args.pages]
    distinct = list(originals)[args.pages :]

    results: dict = {
        "pages": len(paired),
        "distinct": len(distinct),
        "threshold": args.threshold,
        "minhash": minhash,
    }
    with tempfile.TemporaryDirectory(prefix="bench-neardup-") as tmp:
        root = Path(tmp)
        sources, planted = {}, {}
        for rate in EDIT_RATES:
            name = f"edit{round(rate * 100):02d}"
            copies = {f"{o}-copy": edited(originals[o], rate, rng, vocabulary) for o in paired}
            planted[name] = (rate, copies)
            write_jsonl(root / f"{name}.jsonl", {**originals, **copies})
            sources[name] = root / f"{name}.jsonl"
        config = run_config(root, sec_files, sources, minhash)
        started = time.perf_counter()
        run_curate(config)
        results["curate_wall_s"] = round(time.perf_counter() - started, 1)
        shingler = Shingler(config, root / "signatures")

        # SEC pairs: which are merged (share a MinHash bucket) and what the run removed
        kept, removed = kept_and_removed(config, "sec")
        sec_docs = {**kept, **removed}
        print(f"\nSEC filing pairs ({len(sec_docs)} documents; removed: {sorted(removed) or 'none'})")
        n = args.n_grams
        print(f"{'relation':38} {'label':28} {f'J{n} ours':>7} {'J5 traf':>7} {'P(merge)':>8}  merged")
        results["sec"] = []
        for p in pairs_spec:
            a, b = (sec_docs[Path(p[k]).name] for k in ("a", "b"))
            j = jaccard(shingler.shingles(a), shingler.shingles(b))
            merged = shingler.share_bucket(a, b)
            print(
                f"{p['relation']:38} {p['label']:28} {j:7.3f} {p['jaccard_w5_trafilatura']:7.3f}"
                f" {shingler.s_curve(j):8.3f}  {'YES' if merged else 'no'}"
            )
            results["sec"].append(
                {"relation": p["relation"], "label": p["label"], "jaccard": j, "merged": merged}
            )

        # planted near-duplicates
        print(
            f"\nPlanted near-duplicates: {len(paired)} pages + an edited copy, {len(distinct)} distinct pages"
            f" (gold article bodies, >= 150 words); baseline = exact Jaccard >= {args.threshold}"
        )
        header = f"{'edit':>5} {f'J{n} mean':>7} {f'J{n} min-max':>11} {'E[recall]':>9} | {'MinHash R':>9}"
        print(
            header + f" {'P':>5} {'rm':>4} {'FP dist':>7} | {'exact R':>7} {'P':>5} {'rm':>4} {'FP dist':>7}"
        )
        results["planted"] = []
        for name, (rate, copies) in planted.items():
            kept, removed = kept_and_removed(config, name)
            assert len(kept) + len(removed) == len(originals) + len(copies), name
            pairs = {c: c.removesuffix("-copy") for c in copies}
            ids = list(originals) + list(copies)
            shingles = {i: shingler.shingles({**originals, **copies}[i]) for i in ids}
            pair_j = [jaccard(shingles[c], shingles[o]) for c, o in pairs.items()]
            expected = sum(map(shingler.s_curve, pair_j)) / len(pair_j)
            ours = scores(set(removed), pairs, distinct)
            exact = scores(baseline_removed(ids, shingles, args.threshold), pairs, distinct)
            print(
                f"{rate:5.0%} {sum(pair_j) / len(pair_j):7.3f} {min(pair_j):5.3f}-{max(pair_j):5.3f}"
                f" {expected:9.3f} | {ours['recall']:9.3f} {fmt(ours['precision'])} {ours['removed']:4d}"
                f" {ours['false_removals_distinct']:7d} | {exact['recall']:7.3f} {fmt(exact['precision'])}"
                f" {exact['removed']:4d} {exact['false_removals_distinct']:7d}"
            )
            ratio = ours["recall"] / exact["recall"] if exact["recall"] else None
            results["planted"].append(
                {
                    "edit_rate": rate,
                    "jaccard_mean": sum(pair_j) / len(pair_j),
                    "expected_recall_s_curve": expected,
                    "minhash": ours,
                    "exact": exact,
                    "recall_ratio": ratio,
                }
            )
        print(
            "recall ratio MinHash / exact: "
            + ", ".join(f"{r['edit_rate']:.0%} {fmt(r['recall_ratio'])}" for r in results["planted"])
        )
        print(f"curate wall time ({len(sources) + 1} sources, one run): {results['curate_wall_s']} s")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

"""Benchmark our curation against the stock FineWeb datatrove recipe, on the real-pages WARC.

    nice .venv/bin/python bench/bench_curate.py [--data ../shared/data] [--out results.json]
                                                [--sections extraction,filters,throughput,scaling,rss]

Sections (each prints its figures; --out saves them all as JSON). Times are CPU seconds of this
process and its workers (a shared machine inflates wall time; it is printed too):
  extraction  resiliparse (ours) vs trafilatura (datatrove's): CPU time, token F1 against the 181
              gold article bodies, must-contain / must-not-contain snippets on 405 pages, language-ID
              accuracy (lid.176 on the extracted text) against the manifest
  filters     Gopher quality + repetition, C4, FineWeb on the same texts with our regex word
              tokenizer vs spaCy's (datatrove's default): keep/drop agreement, CPU time
  throughput  the whole curation, one core: ours (url, resiliparse, language, the 4 quality
              filters, MinHash) vs the stock recipe (WarcReader, URLFilter, Trafilatura,
              LanguageFilter, the 4 spaCy-based filters, MinHash on spaCy words), and the stock
              recipe fed by our reader (datatrove's WarcReader skips 181 of the 640 pages)
  scaling     our filter stage with 2 tasks on 2 workers vs 1 on 1 (wall time: needs idle cores)
  rss         peak RSS of our filter stage on the WARC and on 10 copies of it

Needs spaCy for the stock side (`pip install spacy`; not a dependency of dapt). The machine is
whatever runs it: compare ratios, and say which machine gave the absolute figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WARC = "web/real-pages/real_pages_constructed.warc.gz"
MANIFEST = "web/real-pages/manifest.jsonl"


# ----------------------------------------------------------------------------------- helpers
def pages(data: Path) -> list:
    from filters.readers import WebArchiveReader

    reader = WebArchiveReader(str(data / WARC).rsplit("/", 1)[0], glob_pattern=Path(WARC).name)
    return list(reader.run())


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def token_f1(predicted: str, gold: str) -> float:
    p, g = Counter(words(predicted)), Counter(words(gold))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def squash(text: str) -> str:
    return " ".join(text.split())


def timed(fn, *args, **kwargs):
    """(result, seconds of wall time)."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def cpu_timed(fn, *args, **kwargs):
    """(result, seconds of this process's CPU time)."""
    started = time.process_time()
    result = fn(*args, **kwargs)
    return result, time.process_time() - started


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (workers, extraction sandboxes): on a
    shared machine it measures the work, where wall time also measures the neighbours."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measured(fn, *args) -> tuple:
    cpu, wall = cpu_seconds(), time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - wall, cpu_seconds() - cpu


# ----------------------------------------------------------------------------------- extraction
def extraction(data: Path) -> dict:
    from datatrove.data import Document
    from datatrove.pipeline.extractors import Trafilatura

    from filters.extract import resiliparse_extract, tidy_lines
    from filters.language import LocalFT176LID, default_model_path

    manifest = {json.loads(line)["warc_record_id"]: json.loads(line) for line in (data / MANIFEST).open()}
    docs = pages(data)
    trafilatura = Trafilatura(favour_precision=True)
    extractors = {
        "resiliparse": lambda html: resiliparse_extract(html),
        "trafilatura": lambda html: tidy_lines(trafilatura.extract(html) or ""),
    }
    lid = LocalFT176LID(default_model_path())
    results = {}
    for name, extract in extractors.items():
        started = time.process_time()  # CPU time: this machine is shared
        texts = {doc.id: extract(doc.text) for doc in docs}
        seconds = time.process_time() - started
        f1s, with_hits, with_total, without_hits, without_total, lang_ok, lang_total = [], 0, 0, 0, 0, 0, 0
        for record_id, text in texts.items():
            gold = manifest[record_id]
            if gold.get("gold_article_body"):
                f1s.append(token_f1(text, gold["gold_article_body"]))
            flat = squash(text)
            for snippet in gold.get("gold_with") or []:
                with_total += 1
                with_hits += squash(snippet) in flat
            for snippet in gold.get("gold_without") or []:
                without_total += 1
                without_hits += squash(snippet) not in flat
            if text and gold.get("lang"):
                (label, _), _ = lid.predict(Document(text=text, id=record_id))
                lang_total += 1
                lang_ok += label == gold["lang"]
        results[name] = {
            "pages": len(docs),
            "cpu_s": round(seconds, 2),
            "pages_per_cpu_s": round(len(docs) / seconds, 1),
            "token_f1_mean": round(sum(f1s) / len(f1s), 4),
            "gold_bodies": len(f1s),
            "must_contain_found": round(with_hits / max(with_total, 1), 4),
            "must_not_contain_kept_out": round(without_hits / max(without_total, 1), 4),
            "empty": sum(1 for t in texts.values() if not t),
            "language_id_accuracy": round(lang_ok / max(lang_total, 1), 4),
        }
        print(f"extraction {name}: {results[name]}", flush=True)
    results["speedup"] = round(results["trafilatura"]["cpu_s"] / results["resiliparse"]["cpu_s"], 1)
    return results


# ----------------------------------------------------------------------------------- filters
def quality_filters(language):
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    return [
        ("gopher_repetition", GopherRepetitionFilter(language=language)),
        ("gopher_quality", GopherQualityFilter(language=language)),
        ("c4", C4QualityFilter(filter_no_terminal_punct=False, language=language)),
        ("fineweb", FineWebQualityFilter(language=language)),
    ]


def filters(data: Path) -> dict:
    from datatrove.data import Document
    from datatrove.utils.word_tokenizers import load_word_tokenizer

    from filters.extract import resiliparse_extract
    from filters.words import RegexWordTokenizer

    texts = [t for t in (resiliparse_extract(doc.text) for doc in pages(data)) if t]
    decisions, seconds, tokenize_s = {}, {}, {}
    for name, language in (("regex", RegexWordTokenizer()), ("spacy", "en")):
        tokenizer = load_word_tokenizer(language)
        _, tokenize_s[name] = cpu_timed(
            lambda tokenizer=tokenizer: [tokenizer.word_tokenize(t) for t in texts]
        )
        steps = quality_filters(language)
        started = time.process_time()
        rows = []
        for text in texts:
            row = []
            for _, step in steps:
                result = step.filter(Document(text=text, id="x"))
                row.append(result is True)
            rows.append(row)
        seconds[name] = time.process_time() - started
        decisions[name] = rows
    names = [name for name, _ in quality_filters("en")]
    pairs = list(zip(decisions["regex"], decisions["spacy"], strict=True))
    per_filter = {
        name: round(sum(a[i] == b[i] for a, b in pairs) / len(texts), 4) for i, name in enumerate(names)
    }
    chain = round(sum(all(a) == all(b) for a, b in pairs) / len(texts), 4)
    result = {
        "documents": len(texts),
        "agreement_per_filter": per_filter,
        "agreement_keep_drop_all_four": chain,
        "filters_cpu_s": {k: round(v, 2) for k, v in seconds.items()},
        "filters_speedup": round(seconds["spacy"] / seconds["regex"], 1),
        "word_tokenize_cpu_s": {k: round(v, 2) for k, v in tokenize_s.items()},
        "word_tokenize_speedup": round(tokenize_s["spacy"] / tokenize_s["regex"], 1),
    }
    print(f"filters: {result}", flush=True)
    return result


# ----------------------------------------------------------------------------------- throughput
def our_config(warc_paths: list[str], output: Path, tasks: int = 1, **curate):
    from pipeline.config import RunConfig

    return RunConfig.model_validate(
        {
            "run": {"name": "bench", "output_dir": str(output)},
            "sources": [{"name": "web", "format": "warc", "paths": warc_paths, "role": "general"}],
            "curate": {
                "executor": {"kind": "local", "tasks": tasks, "workers": tasks},
                "toxicity": {"enabled": False},
                "pii": {"enabled": False},
                "dedup": {"exact": False, "url": False},
                **curate,
            },
            "model": {"architecture": {"model_type": "llama"}},
        }
    )


def run_ours(config, stages: str = "all") -> int:
    """Our stages for the one source; returns the documents kept."""
    from pipeline.curate.executors import run_stage
    from pipeline.curate.stages import filter_stage, later_stages
    from pipeline.rundir import RunDir

    rundir = RunDir(config.run.output_dir)
    source = config.sources[0]
    plan = [filter_stage(config, rundir, source, None)]
    if stages == "all":
        plan += later_stages(config, rundir, source, None)
    for stage in plan:
        run_stage(config, rundir, stage)
    folder = (
        rundir.curated_source("web")
        if stages == "all"
        else rundir.work / "curate" / "web" / "filter" / "docs"
    )
    return sum(1 for path in folder.glob("*.jsonl.gz") for _ in gzip.open(path, "rt"))


def run_stock(warc: Path, work: Path, own_reader: bool = True) -> int:
    """The FineWeb recipe with datatrove's own steps (lid.176 and tldextract offline); with
    `own_reader=False`, fed by our reader (datatrove's WarcReader skips 181 of the 640 pages)."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter
    from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.filters import LanguageFilter, URLFilter
    from datatrove.pipeline.readers import JsonlReader, WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from tldextract import TLDExtract

    from filters.language import LocalFT176LID, default_model_path
    from filters.readers import WebArchiveReader

    url = URLFilter()
    url.tldextractor = TLDExtract(suffix_list_urls=())
    language = LanguageFilter(languages=["en"])
    language.model = LocalFT176LID(default_model_path(), ["en"])
    minhash = MinhashConfig()
    stages = [
        [
            WarcReader(str(warc.parent), glob_pattern=warc.name)
            if own_reader
            else WebArchiveReader(str(warc.parent), glob_pattern=warc.name),
            url,
            Trafilatura(favour_precision=True),
            language,
            *[step for _, step in quality_filters("en")],
            JsonlWriter(str(work / "filtered")),
        ],
        [JsonlReader(str(work / "filtered")), MinhashDedupSignature(str(work / "sigs"), config=minhash)],
        [MinhashDedupBuckets(str(work / "sigs"), str(work / "buckets"), config=minhash)],
        [MinhashDedupCluster(str(work / "buckets"), str(work / "remove"), config=minhash)],
        [
            JsonlReader(str(work / "filtered")),
            MinhashDedupFilter(str(work / "remove")),
            JsonlWriter(str(work / "out")),
        ],
    ]
    for index, pipeline in enumerate(stages):
        tasks = minhash.num_buckets if index == 2 else 1
        LocalPipelineExecutor(pipeline, tasks=tasks, workers=1, logging_dir=str(work / f"logs{index}")).run()
    return sum(1 for path in (work / "out").glob("*.jsonl.gz") for _ in gzip.open(path, "rt"))


def extraction_timeouts(work: Path) -> int:
    """Pages the stock recipe's Trafilatura gave up on (its 1 s per-page timeout)."""
    for step in json.loads((work / "logs0" / "stats.json").read_text()):
        if "Trafilatura" in step["name"]:
            value = step["stats"].get("timeout", 0)
            return value.get("total", 0) if isinstance(value, dict) else value
    return 0


def throughput(data: Path) -> dict:
    """Per CPU second, on the pages each one reads: datatrove's WarcReader skips 181 of the 640
    pages (112 of the 185 MB), so the stock recipe also runs on the 640 pages our reader yields."""
    from datatrove.pipeline.readers import WarcReader

    warc = data / WARC
    with tempfile.TemporaryDirectory() as tmp:
        ours = measured(run_ours, our_config([str(warc)], Path(tmp) / "ours"))
        stock = measured(run_stock, warc, Path(tmp) / "stock")
        timeouts = extraction_timeouts(Path(tmp) / "stock")
        stock_all = measured(run_stock, warc, Path(tmp) / "stock_all", False)
    stock_pages = sum(1 for _ in WarcReader(str(warc.parent), glob_pattern=warc.name).run())

    def figures(run: tuple, pages: int) -> dict:
        kept, wall, cpu = run
        return {
            "pages_read": pages,
            "wall_s": round(wall, 1),
            "cpu_s": round(cpu, 1),
            "pages_per_cpu_s": round(pages / cpu, 2),
            "kept": kept,
        }

    result = {
        "ours": figures(ours, 640),
        "stock": {**figures(stock, stock_pages), "extraction_timeouts": timeouts},
        "stock_on_our_reader": figures(stock_all, 640),
    }
    result["speedup_per_page"] = round(
        result["ours"]["pages_per_cpu_s"] / result["stock"]["pages_per_cpu_s"], 1
    )
    result["speedup_same_pages"] = round(stock_all[2] / ours[2], 1)
    print(f"throughput: {result}", flush=True)
    return result


# ----------------------------------------------------------------------------------- scaling, RSS
def scaling(data: Path) -> dict:
    warc = str(data / WARC)
    times = {}
    for tasks in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            _, times[tasks] = timed(run_ours, our_config([warc], Path(tmp) / "run", tasks), "filter")
    result = {"one_worker_s": round(times[1], 1), "two_workers_s": round(times[2], 1)}
    result["speedup"] = round(times[1] / times[2], 2)
    print(f"scaling: {result}", flush=True)
    return result


def rss(data: Path) -> dict:
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (1, 10):
            folder = Path(tmp) / f"x{copies}"
            folder.mkdir()
            for i in range(copies):
                (folder / f"copy{i}.warc.gz").symlink_to(data / WARC)
            command = [sys.executable, __file__, "--data", str(data), "--rss-child", str(folder)]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            result[f"x{copies}_peak_rss_mb"] = json.loads(output.strip().splitlines()[-1])["peak_rss_mb"]
    result["growth"] = round(result["x10_peak_rss_mb"] / result["x1_peak_rss_mb"], 3)
    print(f"rss: {result}", flush=True)
    return result


def rss_child(folder: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run_ours(our_config([str(folder / "*.warc.gz")], Path(tmp) / "run"), "filter")
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the (big) parent
    status = Path("/proc/self/status").read_text()
    peak_kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))
    print(json.dumps({"peak_rss_mb": round(peak_kb / 1024, 1)}))


# ----------------------------------------------------------------------------------- main
SECTIONS = {
    "extraction": extraction,
    "filters": filters,
    "throughput": throughput,
    "scaling": scaling,
    "rss": rss,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    parser.add_argument("--sections", default=",".join(SECTIONS))
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--rss-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from pipeline.logs import setup_logging

    setup_logging(None, quiet=True)
    data = Path(args.data)
    if args.rss_child:
        rss_child(Path(args.rss_child))
        return
    if not (data / WARC).is_file():
        sys.exit(f"{data / WARC} not found (--data)")
    figures = {
        "machine": f"{platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
        "command": " ".join(sys.argv),
    }
    for name in args.sections.split(","):
        figures[name] = SECTIONS[name](data)
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

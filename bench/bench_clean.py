"""What cleaning (filters/clean.py) changes on the real-pages WARC, and what it costs.

    nice .venv/bin/python bench/bench_clean.py [--data ../shared/data] [--out results.json]

Extracts the 640 pages with resiliparse (the default extractor), cleans them with the default
TextCleaner and prints, for the 54 SEC filings and for the other pages: "Table of Contents" lines,
tab runs, control characters and mojibake sequences before and after; lines removed per kind;
CPU time per page of extraction and of cleaning; and extraction quality with and without cleaning
(token F1 against the 181 gold article bodies, must-contain / must-not-contain snippets, as
bench/bench_curate.py --sections extraction measures it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_curate import MANIFEST, WARC, pages, squash, token_f1  # noqa: E402

TABLE_OF_CONTENTS = re.compile(r"(?im)^\s*table of contents\s*$")
TAB_RUN = re.compile(r"[\t\xa0]*\t[\t\xa0]*")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")  # as filters/clean.py
MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€")


def residue(texts: list[str]) -> dict[str, int]:
    return {
        "table_of_contents_lines": sum(len(TABLE_OF_CONTENTS.findall(t)) for t in texts),
        "documents_with_table_of_contents": sum(1 for t in texts if TABLE_OF_CONTENTS.search(t)),
        "tab_runs": sum(len(TAB_RUN.findall(t)) for t in texts),
        "control_chars": sum(len(CONTROL.findall(t)) for t in texts),
        "mojibake_sequences": sum(len(MOJIBAKE.findall(t)) for t in texts),
        "lines": sum(t.count("\n") + 1 for t in texts if t),
    }


def quality(texts: dict[str, str], manifest: dict[str, dict]) -> dict[str, float]:
    f1s, with_hits, with_total, without_hits, without_total = [], 0, 0, 0, 0
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
    return {
        "token_f1_mean": round(sum(f1s) / len(f1s), 4),
        "gold_bodies": len(f1s),
        "must_contain_found": round(with_hits / max(with_total, 1), 4),
        "must_not_contain_kept_out": round(without_hits / max(without_total, 1), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from filters.clean import TextCleaner
    from filters.extract import resiliparse_extract
    from pipeline.logs import setup_logging

    setup_logging(None, quiet=True)
    data = Path(args.data)
    if not (data / WARC).is_file():
        sys.exit(f"{data / WARC} not found (--data)")
    manifest = {json.loads(line)["warc_record_id"]: json.loads(line) for line in (data / MANIFEST).open()}
    docs = pages(data)
    started = time.process_time()  # CPU time: this machine is shared
    extracted = {doc.id: resiliparse_extract(doc.text) for doc in docs}
    extract_s = time.process_time() - started
    cleaner = TextCleaner()
    done: Counter = Counter()
    cleaned = {}
    started = time.process_time()
    for record_id, text in extracted.items():
        cleaned[record_id], changes = cleaner.clean(text)
        done.update(changes)
    clean_s = time.process_time() - started
    sec = {r for r in extracted if manifest[r].get("domain_hint") == "finance"}
    figures = {
        "machine": f"{platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
        "command": " ".join(sys.argv),
        "pages": len(extracted),
        "sec_filings": len(sec),
        "extract_ms_per_page": round(1000 * extract_s / len(extracted), 2),
        "clean_ms_per_page": round(1000 * clean_s / len(extracted), 2),
        "documents_changed": sum(cleaned[r] != extracted[r] for r in extracted),
        "cleaning": dict(sorted(done.items())),
    }
    for group, ids in (("sec", sec), ("other", set(extracted) - sec)):
        figures[f"{group}_before"] = residue([extracted[r] for r in sorted(ids)])
        figures[f"{group}_after"] = residue([cleaned[r] for r in sorted(ids)])
    figures["extraction_quality_before"] = quality(extracted, manifest)
    figures["extraction_quality_after"] = quality(cleaned, manifest)
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

"""Quality of the curation's leaf steps on the real data in ../shared/data (not a test).

finance    the domain classifier on the real-pages WARC: SEC pages (`domain_hint: finance`)
           against the other 586 pages, trained on SEC filings vs general text that is not from
           the evaluation pages; (a) on the 12 filings that are not evaluation pages, (b) 5-fold
           by company: each SEC page is scored by a model that saw no filing of its company
toxicity   the word-list default and a fastText model trained on 80% of Davidson, on the other
           20% and on the Jigsaw sample; the word-list threshold is tuned on the 80% only
rules      the quality filters (Gopher, C4, FineWeb) at their defaults on the 181 gold article bodies
           (as JSONL, role general, domain filter off: the pipeline's language + quality steps) and
           on the 54 SEC filings of the real-pages WARC (read and extracted by the pipeline's
           steps): drops per rule, datatrove's stock filters against filters/quality.py
pii        detections per type on real text (SEC filings, real pages), recall on PII planted
           into real SEC paragraphs, and speed against datatrove's PIIFormatter

  .venv/bin/python bench/bench_quality.py [--data ../shared/data] [--only rules,finance,toxicity,pii]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from pipeline.classifier import (
    binary_metrics,
    load_model,
    positive_probability,
    read_documents,
    train_classifier,
)

REPO = Path(__file__).resolve().parent.parent
JIGSAW_LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--only", default="rules,finance,toxicity,pii")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"real data folder {args.data} is absent")
    print(
        f"# {platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    results = {}
    with tempfile.TemporaryDirectory(prefix="dapt-bench-quality-") as tmp:
        for section in args.only.split(","):
            started = time.perf_counter()
            results[section] = {
                "rules": bench_rules,
                "finance": bench_finance,
                "toxicity": bench_toxicity,
                "pii": bench_pii,
            }[section](args.data, Path(tmp))
            print(f"({section}: {time.perf_counter() - started:.0f} s)\n")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def _row(name: str, m: dict) -> str:
    c = m["confusion"]
    return (
        f"  {name:<44} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
        f"  (tp {c['tp']} fp {c['fp']} fn {c['fn']} tn {c['tn']})"
    )


def _sweep(name: str, truth: list[bool], scores: list[float]) -> dict:
    """Metrics at a few thresholds (the filter's threshold is a config value)."""
    results = {}
    for threshold in (0.5, 0.8, 0.9, 0.95):
        results[str(threshold)] = binary_metrics(truth, [s >= threshold for s in scores])
        print(_row(f"{name}, threshold {threshold}", results[str(threshold)]))
    return results


def _extract(html: bytes) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    return extract_plain_text(bytes_to_str(html, detect_encoding(html)), main_content=True)


def _warc_pages(path: Path) -> list[tuple[str, str]]:
    """(WARC-Record-ID, extracted text) of the HTML responses of a WARC."""
    from warcio.archiveiterator import ArchiveIterator

    pages = []
    with open(path, "rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type in ("response", "resource"):
                pages.append(
                    (
                        record.rec_headers.get_header("WARC-Record-ID"),
                        _extract(record.content_stream().read()),
                    )
                )
    return pages


# ----------------------------------------------------------------------------------- rules
def _pipeline_steps(
    source: dict, tmp: Path, quality_classes: dict | None = None, domain: dict | None = None
) -> list:
    """The pipeline's per-document steps of one source, up to the quality filters (domain filter
    off; `domain`: its seeds, for a source that calibrates its quality thresholds on them)."""
    from pipeline.config import RunConfig
    from pipeline.curate import stages, steps
    from pipeline.curate.calibrate import calibrate_sources
    from pipeline.rundir import RunDir

    config = RunConfig.model_validate(
        {
            "run": {"output_dir": str(tmp / "run")},
            "sources": [source],
            "curate": {"domain": {**(domain or {}), "enabled": False}},
        }
    )
    saved = dict(steps.QUALITY_FILTERS)
    if quality_classes:
        steps.QUALITY_FILTERS.update(quality_classes)
    try:
        rundir = RunDir(tmp / "run")
        calibration = calibrate_sources(config, rundir).get(source["name"])
        stage = stages.filter_stage(config, rundir, config.sources[0], None, calibration)
    finally:
        steps.QUALITY_FILTERS.update(saved)
    return [s for i, s in enumerate(stage.pipeline) if i in stage.roles or type(s).__name__ == "GenreLabeler"]


def _drops(
    source: dict, tmp: Path, quality_classes: dict | None = None, domain: dict | None = None
) -> tuple[int, Counter]:
    """(documents reaching the quality filters, drops per step:rule) of one source."""
    from datatrove.pipeline.filters.base_filter import BaseFilter

    pipeline = _pipeline_steps(source, tmp, quality_classes, domain)
    reached, drops = 0, Counter()
    data = None
    for step in pipeline:
        if isinstance(step, BaseFilter):
            step.exclusion_writer = None
        data = step.run(data, 0, 1)
    for _ in data:
        pass
    for step in pipeline:
        stats = step.stats.stats
        if step.name in QUALITY_NAMES:
            reached = reached or int(stats["total"].total) if "total" in stats else reached
            for key, value in stats.items():
                if key.startswith("dropped_"):
                    drops[f"{QUALITY_NAMES[step.name]}:{key[8:]}"] += int(value.total)
    return reached, drops


QUALITY_NAMES = {
    "🥇 Gopher Quality": "gopher_quality",
    "👯 Gopher Repetition": "gopher_repetition",
    "⛰ C4 Quality": "c4",
    "🍷 FineWeb Quality": "fineweb",
}


def bench_rules(data: Path, tmp: Path) -> dict:
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    from filters.extract import TextExtractor
    from filters.readers import WebArchiveReader

    print("## quality filters at their defaults: datatrove's stock filters vs filters/quality.py")
    real = data / "web" / "real-pages"
    with open(real / "manifest.jsonl", encoding="utf-8") as f:
        manifest = [json.loads(line) for line in f]
    gold = tmp / "gold.jsonl"
    with open(gold, "w", encoding="utf-8") as f:
        for record in manifest:
            if record.get("gold_article_body"):
                f.write(
                    json.dumps({"id": record["warc_record_id"], "text": record["gold_article_body"]}) + "\n"
                )
    finance_ids = {r["warc_record_id"] for r in manifest if r.get("domain_hint") == "finance"}
    filings = tmp / "filings.jsonl"
    with open(filings, "w", encoding="utf-8") as f:
        pages = TextExtractor().run(WebArchiveReader(str(real), glob_pattern="*.warc.gz").run())
        for doc in pages:
            if doc.id in finance_ids:
                f.write(json.dumps({"id": doc.id, "text": doc.text, "url": doc.metadata.get("url")}) + "\n")
    stock = {  # the FineWeb recipe's filters and settings
        "gopher_quality": (GopherQualityFilter, {}),
        "gopher_repetition": (GopherRepetitionFilter, {}),
        "c4": (C4QualityFilter, {"filter_no_terminal_punct": False}),
        "fineweb": (FineWebQualityFilter, {}),
    }
    # the finance recipe's domain source: its filings (by URL) calibrated on the seed filings
    recipe = yaml.safe_load((REPO / "configs" / "finance-real.yaml").read_text())
    web = next(s for s in recipe["sources"] if s["name"] == "web")
    positive = [
        {**seed, "path": str((REPO / seed["path"]).resolve())}
        for seed in recipe["curate"]["domain"]["positive"]
    ]
    results = {}
    for name, path, total in (("gold_bodies", gold, 181), ("sec_filings", filings, len(finance_ids))):
        source = {"name": name, "format": "jsonl", "role": "general", "paths": [str(path)]}
        variants = [("datatrove", source, stock, None), ("dapt", source, None, None)]
        if name == "sec_filings":
            calibrated = {**source, "role": "domain", "genre": web["genre"], "quality": web["quality"]}
            variants.append(("dapt+genre", calibrated, None, {"positive": positive}))
        for label, source, classes, domain in variants:
            reached, drops = _drops(source, tmp / label, classes, domain)
            dropped = sum(drops.values())
            results[f"{name}_{label}"] = {
                "documents": total,
                "reach_quality": reached,
                "dropped": dropped,
                "by_rule": dict(drops),
            }
            print(
                f"  {name:<12} {label:<9} {total} docs, {reached} pass language, quality drops {dropped}"
                f" ({dropped / max(1, reached):.1%}): {dict(drops.most_common())}"
            )
    return results


# ----------------------------------------------------------------------------------- finance
def _company(filing: str) -> str:
    """Group key of a sec-filings file name: the company (ticker where the name has one)."""
    aliases = {"apple": "aapl", "nvidia": "nvda", "oracle": "orcl", "buckleinc": "bke"}
    name = filing.lower()
    if m := re.match(r"html__([a-z]+)__", name):
        return m.group(1)
    if m := re.match(r"html__([a-z]+)\.", name):
        return aliases.get(m.group(1), m.group(1))
    if m := re.match(r"form\w+\.([a-z]+)", name):
        return m.group(1)
    return name.split(".")[0]


def _general_negatives(data: Path, out: Path) -> Path:
    """General text that is not from the evaluation pages, as JSONL: Gutenberg paragraphs, Common
    Crawl documents and crawled pages (English, Chinese, Russian...), sentences in 14 languages."""
    docs = []
    for book in sorted((data / "general" / "gutenberg").glob("*.txt")):
        docs += [
            p for p in re.split(r"\n\s*\n", book.read_text(encoding="utf-8-sig")) if len(p.split()) >= 20
        ]
    for jsonl in sorted((data / "web" / "crawl-wget").glob("*.json*.gz")):
        docs += list(read_documents(jsonl))
    for warc in (
        "crawl-wget/sample-0000.warc.gz",
        "crawl-wget/sample-0001.warc.gz",
        "cc-2020-subset/warcfile.warc.gz",
        "cc-2020-subset/clueweb-quirk.warc.gz",
    ):
        docs += [text for _, text in _warc_pages(data / "web" / warc)]
    for language in sorted((data / "langid" / "sentences").glob("*.txt")):
        sentences = language.read_text(encoding="utf-8").splitlines()
        docs += [" ".join(sentences[i : i + 10]) for i in range(0, len(sentences), 10)]
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"text": d}) + "\n" for d in docs if d.strip())
    print(
        f"  negatives: {len(docs)} general documents (Gutenberg, Common Crawl, crawled pages, 14 languages)"
    )
    return out


def bench_finance(data: Path, tmp: Path) -> dict:
    print("## finance classifier on real-pages WARC (SEC pages vs the rest)")
    with open(data / "web" / "real-pages" / "manifest.jsonl", encoding="utf-8") as f:
        manifest = {record["warc_record_id"]: record for record in map(json.loads, f)}
    pages = _warc_pages(data / "web" / "real-pages" / "real_pages_constructed.warc.gz")
    is_finance = [manifest[rid].get("domain_hint") == "finance" for rid, _ in pages]
    page_filing = [Path(manifest[rid]["url"]).name for rid, _ in pages]
    print(f"  evaluation: {len(pages)} pages, {sum(is_finance)} SEC filings")
    negatives = _general_negatives(data, tmp / "general.jsonl")
    filings = sorted(p for p in (data / "finance" / "sec-filings").glob("*.gz"))
    evaluated = {name for name, fin in zip(page_filing, is_finance, strict=True) if fin}
    evaluated_companies = {_company(name) for name in evaluated}
    results = {}

    # (a) only filings whose company has no evaluation page (the SGML submissions)
    disjoint = [
        p for p in filings if p.name[:-3] not in evaluated and _company(p.name) not in evaluated_companies
    ]
    model_path = tmp / "finance-disjoint.bin"
    trained = train_classifier(disjoint, [negatives], model_path, show_table=False, family="fasttext")
    model = load_model(model_path)
    scores = [positive_probability(model, text) for _, text in pages]
    results["disjoint_filings"] = _sweep(
        f"(a) {len(disjoint)} filings of other companies", is_finance, scores
    )
    results["disjoint_filings"]["heldout_f1"] = trained["f1"]

    # (b) 5-fold by company: a page's score comes from a model that saw no filing of its company
    companies = sorted(evaluated_companies)
    random.Random(0).shuffle(companies)
    folds = 5
    fold_of_company = {company: i % folds for i, company in enumerate(companies)}
    fold_of_page = [
        fold_of_company[_company(name)] if fin else i % folds
        for i, (name, fin) in enumerate(zip(page_filing, is_finance, strict=True))
    ]
    scores = [0.0] * len(pages)
    for fold in range(folds):
        positives = [p for p in filings if fold_of_company.get(_company(p.name)) != fold]
        model_path = tmp / f"finance-fold{fold}.bin"
        train_classifier(positives, [negatives], model_path, seed=fold, show_table=False, family="fasttext")
        model = load_model(model_path)
        for i, (_, text) in enumerate(pages):
            if fold_of_page[i] == fold:
                scores[i] = positive_probability(model, text)
    results["company_5fold"] = _sweep("(b) 5-fold by company", is_finance, scores)
    wrong = sorted(
        ((s, page_filing[i]) for i, s in enumerate(scores) if not is_finance[i] and s >= 0.5), reverse=True
    )
    print(f"  (b) highest-scored other pages: {[(name, round(s, 3)) for s, name in wrong[:12]]}")
    prevalence = sum(is_finance) / len(pages)
    print(f"  baseline, every page finance: P {prevalence:.3f} R 1.000")
    return results


# ----------------------------------------------------------------------------------- toxicity
def _davidson(data: Path) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Stratified 80/20 split (seed 0); toxic = class 0 (hate) or 1 (offensive)."""
    with open(data / "toxicity" / "davidson" / "labeled_data.csv", encoding="utf-8") as f:
        rows = [(r["tweet"], r["class"] != "2") for r in csv.DictReader(f)]
    rng = random.Random(0)
    train, test = [], []
    for label in (True, False):
        group = [r for r in rows if r[1] == label]
        rng.shuffle(group)
        cut = len(group) // 5
        test += group[:cut]
        train += group[cut:]
    return train, test


def _jigsaw(data: Path) -> list[tuple[str, bool]]:
    with open(data / "toxicity" / "jigsaw-sample" / "test_examples.csv", encoding="utf-8") as f:
        return [(r["comment_text"], any(r[k] == "1" for k in JIGSAW_LABELS)) for r in csv.DictReader(f)]


def bench_toxicity(data: Path, tmp: Path) -> dict:
    from filters.toxicity import toxic_word_fraction

    print("## toxicity: Davidson (80% train / 20% held out, stratified) and Jigsaw sample")
    train, test = _davidson(data)
    jigsaw = _jigsaw(data)
    print(
        f"  Davidson train {len(train)} ({sum(t for _, t in train)} toxic), held out {len(test)} "
        f"({sum(t for _, t in test)} toxic); Jigsaw {len(jigsaw)} ({sum(t for _, t in jigsaw)} toxic)"
    )
    results: dict = {}

    fraction = {id(r): toxic_word_fraction(r[0]) for r in train + test + jigsaw}
    grid = (0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2)
    tuned = {
        t: binary_metrics([y for _, y in train], [fraction[id(r)] >= t for r in train])["f1"] for t in grid
    }
    best = max(grid, key=lambda t: (tuned[t], t))  # ties: the larger, gentler on long documents
    print(f"  word-list threshold tuned on train (F1): {tuned} -> {best}")
    results["wordlist_threshold"] = best
    for name, rows in (("davidson_heldout", test), ("jigsaw", jigsaw)):
        m = binary_metrics([y for _, y in rows], [fraction[id(r)] >= best for r in rows])
        results[f"wordlist_{name}"] = m
        print(_row(f"word list >= {best}: {name}", m))

    toxic_file, clean_file = tmp / "toxic.txt", tmp / "clean.txt"
    toxic_file.write_text("".join(" ".join(t.split()) + "\n" for t, y in train if y), encoding="utf-8")
    clean_file.write_text("".join(" ".join(t.split()) + "\n" for t, y in train if not y), encoding="utf-8")
    model_path = tmp / "toxicity.bin"
    train_classifier([toxic_file], [clean_file], model_path, show_table=False, family="fasttext")
    model = load_model(model_path)
    for name, rows in (("davidson_heldout", test), ("jigsaw", jigsaw)):
        scores = [positive_probability(model, text) for text, _ in rows]
        m = binary_metrics([y for _, y in rows], [s >= 0.5 for s in scores])
        results[f"fasttext_{name}"] = m
        print(_row(f"fastText >= 0.5: {name}", m))
        either = [s >= 0.5 or fraction[id(r)] >= best for s, r in zip(scores, rows, strict=True)]
        m = binary_metrics([y for _, y in rows], either)
        results[f"either_{name}"] = m
        print(_row(f"word list or fastText: {name}", m))
    prevalence = sum(y for _, y in test) / len(test)
    print(f"  baseline, every tweet toxic: P {prevalence:.3f} R 1.000 on Davidson held out")

    # clean text wrongly dropped by the default (whole documents, as the filter sees them)
    filings = [next(read_documents(p)) for p in sorted((data / "finance" / "sec-filings").glob("*.gz"))]
    pages = [text for _, text in _warc_pages(data / "web" / "real-pages" / "real_pages_constructed.warc.gz")]
    for name, docs in (("sec_filings", filings), ("real_pages", pages)):
        dropped = sum(toxic_word_fraction(d) >= 0.01 for d in docs)
        results[f"default_dropped_{name}"] = [dropped, len(docs)]
        print(f"  default word list (0.01) drops {dropped} of {len(docs)} {name}")
    return results


# ----------------------------------------------------------------------------------- PII
def _plant_values(rng: random.Random) -> dict[str, str]:
    """One synthetic, valid value per PII type, in a random one of its usual formats."""

    def digits(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    def luhn_complete(prefix: str, length: int) -> str:
        body = prefix + digits(length - len(prefix) - 1)
        for check in "0123456789":
            from filters.pii import luhn_valid

            if luhn_valid(body + check):
                return body + check
        raise AssertionError

    # assigned area codes and London's 020 7/8 ranges: libphonenumber checks the numbering plans
    area = rng.choice(["212", "312", "404", "415", "503", "617", "650", "703", "713", "917"])
    exchange, line = f"{rng.randint(2, 9)}{rng.randint(1, 9)}{rng.randint(2, 9)}", digits(4)
    phone = rng.choice(
        [
            f"({area}) {exchange}-{line}",
            f"{area}-{exchange}-{line}",
            f"{area}.{exchange}.{line}",
            f"+1 {area} {exchange} {line}",
            f"1-{area}-{exchange}-{line}",
            f"+44 20 {rng.choice('78')}{digits(3)} {digits(4)}",
            f"+49 30 {digits(7)}",
            f"+33 1 {digits(2)} {digits(2)} {digits(2)} {digits(2)}",
        ]
    )
    card = luhn_complete(rng.choice(["4", "51", "55", "6011"]), 16)
    card = rng.choice(
        [
            card,
            " ".join(card[i : i + 4] for i in range(0, 16, 4)),
            "-".join(card[i : i + 4] for i in range(0, 16, 4)),
        ]
    )
    bban = digits(18)
    check = 98 - int("".join(str(int(c, 36)) for c in bban + "DE00")) % 97
    iban = f"DE{check:02d}{bban}"
    iban = rng.choice([iban, " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))])
    ip = rng.choice(
        [
            f"{rng.randint(11, 99)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            f"2a00:{rng.randint(4096, 65535):x}:{rng.randint(1, 65535):x}::{rng.randint(1, 65535):x}",
        ]
    )
    ssn = f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
    user = "".join(rng.choice("abcdefghij") for _ in range(6))
    return {
        "email": f"{user}.{digits(2)}@example-{digits(3)}.com",
        "phone": phone,
        "ip": ip,
        "credit_card": card,
        "ssn": ssn,
        "iban": iban,
    }


def bench_pii(data: Path, tmp: Path) -> dict:
    from datatrove.pipeline.formatters import PIIFormatter

    from filters.pii import PLACEHOLDERS, PiiScrubber

    print("## PII on real text")
    scrubber = PiiScrubber()
    filings = [next(read_documents(p)) for p in sorted((data / "finance" / "sec-filings").glob("*.gz"))]
    pages = [text for _, text in _warc_pages(data / "web" / "real-pages" / "real_pages_constructed.warc.gz")]
    results: dict = {}
    for name, docs in (("sec_filings", filings), ("real_pages", pages)):
        counts: Counter = Counter()
        for doc in docs:
            counts.update(scrubber.scrub(doc)[1])
        words = sum(len(d.split()) for d in docs)
        results[f"detections_{name}"] = dict(counts)
        print(f"  {name}: {len(docs)} docs, {words / 1e6:.2f} M words: {dict(counts)}")

    # plant one value of each type into real paragraphs; it must come out as its placeholder
    rng = random.Random(0)
    paragraphs = [p for d in filings for p in d.split("\n") if len(p.split()) >= 30]
    rng.shuffle(paragraphs)
    found: Counter = Counter()
    trials = 300
    for paragraph in paragraphs[:trials]:
        words = paragraph.split(" ")
        values = _plant_values(rng)
        for value in values.values():
            words.insert(rng.randint(0, len(words)), value)
        before = scrubber.scrub(paragraph)[1]
        text, after = scrubber.scrub(" ".join(words))
        for pii_type, value in values.items():
            if (
                value not in text
                and after[pii_type] == before[pii_type] + 1
                and PLACEHOLDERS[pii_type] in text
            ):
                found[pii_type] += 1
    results["planted_recall"] = {t: round(found[t] / trials, 3) for t in PLACEHOLDERS}
    print(f"  planted into {trials} SEC paragraphs, recall: {results['planted_recall']}")

    docs = filings + pages  # one document at a time, as in the pipeline
    started = time.perf_counter()
    for doc in docs:
        scrubber.scrub(doc)
    ours = time.perf_counter() - started
    stock_formatter = PIIFormatter()
    started = time.perf_counter()
    for doc in docs:
        stock_formatter.format(doc)
    stock = time.perf_counter() - started
    mb = sum(len(doc.encode()) for doc in docs) / 1e6
    results["speed_mb_s"] = {"ours_6_types": mb / ours, "datatrove_email_ip": mb / stock}
    print(
        f"  speed on {len(docs)} docs, {mb:.0f} MB: ours (6 types) {mb / ours:.1f} MB/s, datatrove "
        f"PIIFormatter (email, IPv4) {mb / stock:.1f} MB/s: ours takes {ours / stock:.2f}x its time"
    )
    return results


if __name__ == "__main__":
    main()

"""Realistic curated run directories for the report tests and benchmark, written with datatrove's
own JsonlWriter (real files, as `dapt curate` writes them) from a small simulated pipeline.

Each document's attributes (language, scores, text, URL) depend only on (seed, source, index), and
its fate is decided by thresholds: two runs with different `domain_threshold` share documents and
differ exactly where the threshold moves them, as real runs would.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from datatrove.data import Document
from datatrove.pipeline.writers import JsonlWriter

from pipeline.config import RunConfig
from pipeline.rundir import RunDir

STEPS = [
    "url", "extract", "language", "gopher_repetition", "gopher_quality", "c4", "fineweb",
    "domain", "toxicity", "exact_dedup", "url_dedup", "minhash_dedup",
]  # fmt: skip
SOURCES = [("finance", "domain"), ("general", "general")]
HOSTS = {
    "finance": [
        "sec.gov",
        "reuters.com",
        "ft.com",
        "investopedia.com",
        "wsj.com",
        "bloomberg.com",
        "casino-bonus.biz",
    ],
    "general": ["en.wikipedia.org", "bbc.co.uk", "nytimes.com", "stackexchange.com", "cooking.example.org"],
}
WORDS = {
    "finance": (  # noqa: SIM905
        "revenue earnings quarter fiscal dividend shareholders equity liabilities assets margin guidance "
        "operating income net cash flow bond yield interest rate inflation securities filing report "
        "company growth market capital debt ratio analysts expect billion million percent outlook"
    ).split(),
    "general": (  # noqa: SIM905
        "the river city garden history music recipe travel weather school children music film story "
        "mountain village people summer winter language museum library festival team season game"
    ).split(),
}
LANGUAGES = [("en", 0.86), ("de", 0.05), ("fr", 0.04), ("es", 0.03), ("zh", 0.02)]
INHERITED = (  # what a copy or near-copy of a document shares with it
    "pii", "language", "language_score", "domain_score", "toxicity_score", "toxic_word_fraction",
    "extract_fails", "repetitive", "low_punctuation",
)  # fmt: skip
PII = [("email", "<EMAIL>"), ("phone", "<PHONE>"), ("ip", "<IP_ADDRESS>"), ("credit_card", "<CREDIT_CARD>")]


def _sentence(rng: random.Random, words: list[str]) -> str:
    body = " ".join(rng.choice(words) for _ in range(rng.randint(6, 18)))
    return body[0].upper() + body[1:] + rng.choice([".", ".", ".", "!", "?"])


def _text(rng: random.Random, source: str, n_sentences: int, pii: Counter) -> str:
    words = WORDS[source]
    lines = []
    for _ in range(max(1, n_sentences // 3)):
        line = " ".join(_sentence(rng, words) for _ in range(3))
        if rng.random() < 0.08:
            kind, placeholder = rng.choice(PII)
            line += f" Contact {placeholder} for details."
            pii[kind] += 1
        lines.append(line)
    if rng.random() < 0.15:
        lines.append("Home | About | Contact")
    return "\n".join(lines)


def _document(seed: int, source: str, index: int) -> dict[str, Any]:
    """One document's attributes, independent of any threshold."""
    rng = random.Random(f"{seed}/{source}/{index}")
    pii: Counter = Counter()
    n_sentences = int(min(400, max(2, rng.lognormvariate(3.0, 0.9))))
    roll = rng.random()
    language = next(lang for lang, p in _cumulative(LANGUAGES) if roll < p)
    finance_like = source == "finance" and rng.random() < 0.75
    return {
        "id": f"<urn:uuid:{source}-{seed}-{index:07d}>",
        "host": rng.choice(HOSTS[source]),
        "path": f"/{rng.choice(WORDS[source])}/{index}",
        "text": _text(rng, source, n_sentences, pii),
        "pii": dict(pii),
        "language": language,
        "language_score": round(max(0.3, rng.betavariate(9, 1.3)), 4),
        "domain_score": round(min(1.0, max(0.0, rng.gauss(0.78 if finance_like else 0.25, 0.17))), 4),
        "toxicity_score": round(min(1.0, rng.expovariate(12)), 4),
        "toxic_word_fraction": round(min(0.2, rng.expovariate(300)), 5),
        "extract_fails": rng.random() < 0.03,
        "repetitive": rng.random() < 0.04,
        "low_punctuation": rng.random() < 0.05,
        "copy_of": rng.randrange(index) if index > 10 and rng.random() < 0.05 else None,
        "url_of": rng.randrange(index) if index > 10 and rng.random() < 0.03 else None,
        "near_dup_of": rng.randrange(index) if index > 10 and rng.random() < 0.06 else None,
    }


def _cumulative(pairs):
    total = 0.0
    for value, p in pairs:
        total += p
        yield value, total


def _edit(text: str, rng: random.Random) -> str:
    """A near-duplicate: a few words replaced."""
    words = text.split(" ")
    for _ in range(max(1, len(words) // 25)):
        words[rng.randrange(len(words))] = rng.choice(["revised", "updated", "amended", "new"])
    return " ".join(words)


def make_run(
    root: Path,
    docs_per_source: int = 150,
    domain_threshold: float = 0.5,
    seed: int = 0,
    tokenizer: bool = False,
    wandb_mode: str = "disabled",
    skipped: bool = True,
    run_name: str | None = None,
    cluster_ids: bool = False,
) -> Path:
    """Write a curated run directory like `dapt curate` does; return its path."""
    started = time.time()
    rundir = RunDir(root)
    config = RunConfig.model_validate(
        {
            "run": {"name": run_name or Path(root).name, "output_dir": str(root), "seed": seed},
            "sources": [
                {"name": s, "format": "warc", "paths": [f"/data/{s}.warc.gz"], "role": r} for s, r in SOURCES
            ],
            "curate": {"domain": {"threshold": domain_threshold}, "samples_per_step": 12},
            "tracking": {"wandb": {"mode": wandb_mode, "project": "dapt-report-test"}},
        }
    )
    counts: dict[str, dict[str, Any]] = {}
    docs_read: dict[str, int] = {}
    pii_counts: dict[str, Counter] = {}
    texts_for_tokenizer: list[str] = []
    for source, role in SOURCES:
        writers = {step: JsonlWriter(str(rundir.rejected_step(step, source))) for step in STEPS}
        kept_writer = JsonlWriter(str(rundir.curated_source(source)))
        step_counts = {step: {"in": 0, "out": 0, "dropped": Counter()} for step in STEPS}
        if role == "general":
            del step_counts["domain"]  # the general replay data is not domain-filtered
        seen_texts: set[str] = set()
        seen_urls: set[str] = set()
        clusters: dict[int, int] = {}
        cluster_sizes: Counter = Counter()
        fates = []
        attrs = [_document(seed, source, i) for i in range(docs_per_source)]
        # documents derived from earlier ones: exact copies, same URL, near-duplicates
        for i, doc in enumerate(attrs):
            if doc["copy_of"] is not None:
                doc.update({k: attrs[doc["copy_of"]][k] for k in ("text", *INHERITED)})
            if doc["url_of"] is not None:
                doc.update(host=attrs[doc["url_of"]]["host"], path=attrs[doc["url_of"]]["path"])
            if doc["near_dup_of"] is not None and doc["copy_of"] is None:
                original = attrs[doc["near_dup_of"]]
                doc.update({k: original[k] for k in INHERITED})
                doc["text"] = _edit(original["text"], random.Random(f"edit/{seed}/{source}/{i}"))
                doc["cluster_root"] = original.get("cluster_root", doc["near_dup_of"])
        for doc in attrs:
            fate, reason, meta = _run_steps(doc, role, domain_threshold, step_counts, seen_texts, seen_urls)
            if fate in (None, "minhash_dedup") and "cluster_root" in doc:
                root_fate = fates[doc["cluster_root"]]
                if root_fate is None:  # the original is kept: this one joins its cluster and goes
                    cluster = clusters.setdefault(doc["cluster_root"], len(clusters))
                    cluster_sizes[cluster] += 1
                    meta["minhash_cluster_id"] = cluster
                    meta["fixture_duplicate_of"] = attrs[doc["cluster_root"]]["id"]  # the truth, for tests
                    fate, reason = "minhash_dedup", "near_duplicate"
            if fate == "minhash_dedup" and reason == "near_duplicate":
                step_counts["minhash_dedup"]["out"] -= 1
                step_counts["minhash_dedup"]["dropped"][reason] += 1
            fates.append(fate)
            doc["meta"], doc["reason"] = meta, reason
        for root_index, cluster in clusters.items():
            attrs[root_index]["meta"]["minhash_cluster_id"] = cluster
            cluster_sizes[cluster] += 1
        for i, (doc, fate) in enumerate(zip(attrs, fates, strict=True)):
            meta = doc["meta"]
            if "minhash_cluster_id" in meta:
                meta["minhash_cluster_size"] = cluster_sizes[meta["minhash_cluster_id"]]
                if not cluster_ids:  # as curation runs datatrove: sizes only
                    del meta["minhash_cluster_id"]
            elif fate is None or fate == "minhash_dedup":
                meta["minhash_cluster_size"] = 1
                if cluster_ids:
                    meta["minhash_cluster_id"] = -1
            text = doc["text"]
            if fate in ("url", "extract"):  # dropped before extraction: the text is still the HTML
                body = "<script>track()</script>" if doc["extract_fails"] else f"<p>{text}</p>"
                text = f"<html><head><title>{doc['path']}</title></head><body>{body}</body></html>"
            if fate is not None:
                meta["filter_reason"] = doc["reason"]
            document = Document(text=text, id=doc["id"], metadata=meta)
            (writers[fate] if fate else kept_writer).write(document, rank=i % 2)
            if fate is None:
                texts_for_tokenizer.append(text)
        for writer in (*writers.values(), kept_writer):
            writer.close()
        docs_read[source] = docs_per_source
        pii_counts[source] = Counter()
        for doc in attrs:
            pii_counts[source].update(doc["meta"].get("pii", {}))
        counts[source] = {
            step: {"in": c["in"], "out": c["out"], "dropped": dict(c["dropped"])}
            for step, c in step_counts.items()
        }
    tokenizer_path = None
    if tokenizer:
        tokenizer_path = _train_tokenizer(texts_for_tokenizer, rundir.tokenizer)
    rundir.root.mkdir(parents=True, exist_ok=True)
    rundir.config.write_text(config.to_yaml())
    stats = {
        "sources": [
            {"name": s.name, "role": s.role, "format": s.format, "inputs": s.paths} for s in config.sources
        ],
        "steps": STEPS,
        "counts": counts,
        "skipped_records": (
            {"finance": {"bad_gzip_member": 2, "non_html_payload": 5}, "general": {"undecodable_bytes": 1}}
            if skipped
            else {}
        ),
        "docs_read": docs_read,
        "pii": {source: dict(c) for source, c in pii_counts.items()},
        "tokens": {source: 0 for source, _ in SOURCES},
        "tokenizer": str(tokenizer_path) if tokenizer_path else None,
        "wall_time_s": round(time.time() - started, 2),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "versions": {"dapt": "0.1.0", "datatrove": "0.10.1"},
        "config": config.model_dump(mode="json"),
    }
    (rundir.logs / "curate").mkdir(parents=True, exist_ok=True)
    (rundir.logs / "curate" / "pipeline.json").write_text(json.dumps(stats, indent=2))
    return rundir.root


def _run_steps(doc, role, domain_threshold, step_counts, seen_texts, seen_urls):
    """The simulated pipeline: (step that dropped it or None, reason, metadata it carries)."""
    url = f"https://www.{doc['host']}{doc['path']}"
    meta: dict[str, Any] = {"url": url}
    words = len(doc["text"].split())
    checks = [
        ("url", lambda: "blocked_domain" if doc["host"].startswith("casino") else None),
        ("extract", lambda: "empty_extraction" if doc["extract_fails"] else None),
        ("language", lambda: _language(doc, meta)),
        ("gopher_repetition", lambda: "dup_line_frac" if doc["repetitive"] else None),
        ("gopher_quality", lambda: "gopher_short_doc" if words < 50 else None),
        ("c4", lambda: "too_few_sentences" if words < 60 and doc["low_punctuation"] else None),
        ("fineweb", lambda: "line_punct_ratio" if doc["low_punctuation"] else None),
        ("domain", lambda: _domain(doc, meta, role, domain_threshold)),
        ("toxicity", lambda: _toxicity(doc, meta)),
        ("exact_dedup", lambda: None if _first_seen(seen_texts, doc["text"]) else "exact_duplicate"),
        ("url_dedup", lambda: None if _first_seen(seen_urls, url) else "url_duplicate"),
        ("minhash_dedup", lambda: None),
    ]
    for step, check in checks:
        if step not in step_counts:
            continue
        step_counts[step]["in"] += 1
        if step == "exact_dedup" and "pii" not in meta:
            meta["pii"] = doc["pii"]
        reason = check()
        if reason:
            step_counts[step]["dropped"][reason] += 1
            return step, reason, meta
        step_counts[step]["out"] += 1
    return None, None, meta


def _first_seen(seen: set, key: str) -> bool:
    if key in seen:
        return False
    seen.add(key)
    return True


def _language(doc, meta):
    meta["language"], meta["language_score"] = doc["language"], doc["language_score"]
    if doc["language"] != "en":
        return f"language_{doc['language']}"
    return "language_score_below_0.65" if doc["language_score"] < 0.65 else None


def _domain(doc, meta, role, threshold):
    meta["domain_score"] = doc["domain_score"]
    return "domain_score_below_threshold" if doc["domain_score"] < threshold else None


def _toxicity(doc, meta):
    meta["toxicity_score"], meta["toxic_word_fraction"] = doc["toxicity_score"], doc["toxic_word_fraction"]
    if doc["toxicity_score"] > 0.5:
        return "toxicity_score"
    return "toxic_words" if doc["toxic_word_fraction"] > 0.01 else None


def _train_tokenizer(texts: list[str], folder: Path) -> Path:
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.train_from_iterator(
        texts,
        trainers.BpeTrainer(vocab_size=400, special_tokens=["<unk>", "<|endoftext|>"], show_progress=False),
    )
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    return folder


def read_json(path: Path) -> Any:
    return json.loads(Path(path).read_text())


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(Path(path).read_text())


# ----------------------------------------------------------------------------------- scale
LARGE_DROP_RATES = {  # realistic per-step drop rates for a web crawl
    "url": 0.02, "extract": 0.03, "language": 0.15, "gopher_repetition": 0.05, "gopher_quality": 0.12,
    "c4": 0.03, "fineweb": 0.04, "domain": 0.3, "toxicity": 0.01, "exact_dedup": 0.04,
    "url_dedup": 0.01, "minhash_dedup": 0.06,
}  # fmt: skip


def make_large_run(root: Path, n_docs: int, seed: int = 0, long_docs: bool = False) -> Path:
    """A big curated run, fast: `n_docs` documents over two sources with realistic drop rates,
    lengths and metadata, written with datatrove's JsonlWriter (no tokenizer: words are counted).
    `long_docs` makes every document longer than the report's sample text (the worst case)."""
    rng = random.Random(seed)
    rundir = RunDir(root)
    paragraphs = [
        "\n".join(" ".join(_sentence(rng, WORDS[s]) for _ in range(3)) for _ in range(2))
        for s in WORDS
        for _ in range(300)
    ]
    config = RunConfig.model_validate(
        {
            "run": {"name": Path(root).name, "output_dir": str(root), "seed": seed},
            "sources": [
                {"name": s, "format": "warc", "paths": [f"/data/{s}.warc.gz"], "role": r} for s, r in SOURCES
            ],
            "tracking": {"wandb": {"mode": "disabled"}},
        }
    )
    counts = {}
    for source, role in SOURCES:
        steps = [step for step in STEPS if role == "domain" or step != "domain"]
        writers = {step: JsonlWriter(str(rundir.rejected_step(step, source))) for step in steps}
        kept_writer = JsonlWriter(str(rundir.curated_source(source)))
        step_counts = {step: {"in": 0, "out": 0, "dropped": Counter()} for step in steps}
        for i in range(n_docs // len(SOURCES)):
            k = 12 if long_docs else min(40, max(1, int(rng.lognormvariate(1.2, 0.8))))
            text = "\n".join(rng.choice(paragraphs) for _ in range(k))
            host = rng.choice(HOSTS[source])
            meta: dict[str, Any] = {"url": f"https://www.{host}/p/{i}"}
            fate = None
            for step in steps:
                step_counts[step]["in"] += 1
                if step == "language":
                    meta["language"], meta["language_score"] = "en", round(rng.betavariate(9, 1.3), 4)
                elif step == "domain":
                    meta["domain_score"] = round(rng.random(), 4)
                elif step == "toxicity":
                    meta["toxicity_score"] = round(min(1.0, rng.expovariate(12)), 4)
                elif step == "exact_dedup":
                    meta["pii"] = {"email": 1} if rng.random() < 0.05 else {}
                elif step == "minhash_dedup":
                    meta["minhash_cluster_size"] = 2 if rng.random() < 0.1 else 1
                if rng.random() < LARGE_DROP_RATES[step]:
                    fate = step
                    reason = f"{step}_{rng.choice('ab')}"
                    step_counts[step]["dropped"][reason] += 1
                    meta["filter_reason"] = reason
                    break
                step_counts[step]["out"] += 1
            document = Document(text=text, id=f"{source}-{i}", metadata=meta)
            (writers[fate] if fate else kept_writer).write(document, rank=i % 4)
        for writer in (*writers.values(), kept_writer):
            writer.close()
        counts[source] = {s: {**c, "dropped": dict(c["dropped"])} for s, c in step_counts.items()}
    rundir.config.write_text(config.to_yaml())
    stats = {
        "sources": [
            {"name": s.name, "role": s.role, "format": s.format, "inputs": s.paths} for s in config.sources
        ],
        "steps": STEPS,
        "counts": counts,
        "skipped_records": {"finance": {"bad_gzip_member": 3}},
        "docs_read": {source: n_docs // len(SOURCES) for source, _ in SOURCES},
        "config": config.model_dump(mode="json"),
    }
    (rundir.logs / "curate").mkdir(parents=True, exist_ok=True)
    (rundir.logs / "curate" / "pipeline.json").write_text(json.dumps(stats))
    return rundir.root

"""Curation end to end on a generated corpus: kept, dropped and skipped documents, counts that add
up, shards the trainer reads, a resume after SIGKILL, and the near-duplicate SEC filings."""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.config import load_config
from pipeline.curate import run_curate
from pipeline.curate.counts import check_counts
from pipeline.curate.domain import pick_threshold
from pipeline.rundir import RunDir

REPO = Path(__file__).resolve().parent.parent

STOP = """the of and to in that it with as for was on are by this be from at or have an they which one
you were all when there can more if no out so said what up its about into than them only other new some
could time these two may then first any my now such like our over even most made after also did many before
must through back years where much your way well down should because each just those people how too little
state good very make""".split()  # noqa: SIM905
TOPICS = {
    "finance": """revenue earnings dividend shareholders bond yields inflation interest rates lender credit
    equity portfolio liquidity quarterly margin capital debt investors securities treasury fiscal market
    prices banking loan deposits valuation hedge fund stock exchange audit balance sheet cash flow""".split(),  # noqa: SIM905
    "cooking": """recipe garlic onion butter flour oven simmer boil pepper salt sauce pasta vegetables roast
    chicken dough bake crust tomato basil olive kitchen spoon bowl whisk cream cheese lemon soup broth skillet
    grill herbs""".split(),  # noqa: SIM905
}
GERMAN = (
    "Die Zentralbank hat den Leitzins am Mittwoch unverändert gelassen. Die Inflation ist zuletzt deutlich "
    "gesunken, und der Arbeitsmarkt bleibt robust. Viele Anleger hatten mit dieser Entscheidung gerechnet. "
) * 4


def article(seed: int, topic: str, lines: int = 8) -> str:
    """English-looking text that passes the quality filters: topic words among common words."""
    rng = random.Random(f"{topic}{seed}")

    def sentence() -> str:
        words = [
            rng.choice(TOPICS[topic]) if rng.random() < 0.35 else rng.choice(STOP)
            for _ in range(rng.randint(9, 16))
        ]
        return " ".join(words).capitalize() + "."

    return "\n".join(" ".join(sentence() for _ in range(rng.randint(2, 3))) for _ in range(lines))


def html(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    head = "<html><head><title>t</title></head><body><nav>Home | About</nav>"
    return f"{head}<article>{paragraphs}</article></body></html>"


def near_duplicate(text: str) -> str:
    words = text.split(" ")
    words[5] = words[5] + "s"
    return " ".join(words)


def build_corpus(folder: Path) -> dict:
    """A WARC (domain source), a JSONL file (general source) and seed files; returns what each is."""
    folder.mkdir(parents=True, exist_ok=True)
    finance = [article(i, "finance") for i in range(14)]
    finance[3] = finance[3].replace("the", "write to jane.doe@example.com about the", 1)
    pages = [(f"https://fin.example.com/{i}", text) for i, text in enumerate(finance)]
    pages += [(f"https://food.example.com/{i}", article(i, "cooking")) for i in range(6)]
    pages += [
        ("https://mirror.example.net/copy", finance[0]),  # exact duplicate
        ("https://fin.example.com/1-print", near_duplicate(finance[1])),  # near duplicate
        ("https://fin.example.com/2", finance[2] + "\n" + article(99, "finance", 2)),  # same URL, longer
        ("https://de.example.com/zins", GERMAN),
        ("https://spam.example.com/buy", "\n".join(["the best price to buy bonds and stocks with us"] * 40)),
    ]
    ids = {}
    with open(folder / "web.warc.gz", "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, text in pages:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html(text).encode()), http_headers=http
            )
            writer.write_record(record)
            ids.setdefault(url, []).append(record.rec_headers.get_header("WARC-Record-ID"))
        for url, body, status, kind in (
            ("https://fin.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "200 OK", "image/png"),
            ("https://fin.example.com/gone", b"<html>gone</html>", "404 Not Found", "text/html"),
        ):
            http = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            )
    with gzip.open(folder / "general.jsonl.gz", "wt") as f:
        for i in range(8):
            f.write(
                json.dumps(
                    {
                        "id": f"gen-{i}",
                        "text": article(100 + i, "cooking"),
                        "url": f"https://g.org/{i}",
                        "title": f"Recipe {i}",  # a field of this source only
                    }
                )
                + "\n"
            )
    (folder / "finance-seeds.txt").write_text(
        "\n".join(article(200 + i, "finance", 2).replace("\n", " ") for i in range(60))
    )
    (folder / "general-seeds.txt").write_text(
        "\n".join(article(300 + i, "cooking", 2).replace("\n", " ") for i in range(60))
    )
    return {"pages": pages, "ids": ids, "finance": finance}


def write_config(folder: Path, output: Path, **curate) -> Path:
    config = {
        "run": {"name": "test", "output_dir": str(output), "seed": 7},
        "sources": [
            {
                "name": "web",
                "format": "warc",
                "paths": [str(folder / "web.warc.gz")],
                "role": "domain",
                "genre": {"https://fin.*": "finance", "*": "other"},
            },
            {
                "name": "general",
                "format": "jsonl",
                "paths": [str(folder / "general.jsonl.gz")],
                "role": "general",
            },
        ],
        "curate": {
            "executor": {"kind": "local", "tasks": 2, "workers": 2},
            "url": {"datatrove_blocklist": False},
            "domain": {
                "positive": [str(folder / "finance-seeds.txt")],
                "negative": [str(folder / "general-seeds.txt")],
                "threshold": 0.5,
            },
            "dedup": {"minhash": {"n_grams": 5, "num_buckets": 14, "hashes_per_bucket": 8}},
            **curate,
        },
        "tokenizer": {"train": {"algorithm": "bpe", "vocab_size": 512}},
        "model": {"architecture": {"model_type": "llama"}},
        "tracking": {"wandb": {"mode": "disabled"}},
    }
    path = folder / f"{output.name}.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))  # genre globs: the first match wins
    return path


def read_docs(folder: Path) -> list[dict]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl.gz")) for line in gzip.open(path, "rt")]


def token_shards(folder: Path) -> tuple[int, list[np.ndarray]]:
    """(tokens written, documents as token arrays) of a tokens/<source>/ folder."""
    total, documents = 0, []
    for data in sorted(folder.glob("*.ds")):
        tokens = np.fromfile(data, dtype=np.uint16)
        if not len(tokens):  # a task that kept no document
            continue
        ends = np.fromfile(f"{data}.index", dtype=np.uint64)
        total += len(tokens)
        documents += np.split(tokens, ends[:-1].astype(np.int64))
    return total, documents


@pytest.fixture(scope="module")
def curated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    corpus = build_corpus(folder)
    output = folder / "run"
    run_curate(load_config(write_config(folder, output)))
    return corpus, RunDir(output), folder


@pytest.mark.slow
def test_curation_end_to_end(curated):
    corpus, run, _ = curated
    manifest = json.loads((run.logs / "curate" / "pipeline.json").read_text())
    assert manifest["steps"] == [
        "url", "extract", "language", "gopher_quality", "gopher_repetition", "c4", "fineweb",
        "domain", "toxicity", "exact_dedup", "url_dedup", "minhash_dedup",
    ]  # fmt: skip
    for source in ("web", "general"):
        check_counts(source, manifest["steps"], manifest["counts"][source], manifest["docs_read"][source])
    assert manifest["docs_read"] == {"web": 25, "general": 8}
    assert manifest["skipped_records"]["web"] == {"http_error_status": 1, "non_html": 1}
    assert "domain" not in manifest["counts"]["general"]  # general text is not domain-filtered
    classifier = manifest["domain_classifier"]  # its held-out figures, at the run's threshold
    assert manifest["domain_threshold"] == classifier["threshold"] == 0.5
    assert classifier["family"] == "wordllama" and classifier["f1"] > 0.5

    kept = {doc["metadata"]["url"]: doc for doc in read_docs(run.curated_source("web"))}
    dropped = {
        step: {
            doc["metadata"]["url"]: doc["metadata"]["filter_reason"]
            for doc in read_docs(run.rejected_step(step, "web"))
        }
        for step in manifest["steps"]
    }
    assert dropped["language"] == {"https://de.example.com/zins": "language_de"}
    assert dropped["gopher_repetition"]["https://spam.example.com/buy"]
    assert set(dropped["domain"]) == {f"https://food.example.com/{i}" for i in range(6)}
    assert set(dropped["domain"].values()) == {"below_domain_threshold"}
    assert len(dropped["exact_dedup"]) == 1 and set(dropped["exact_dedup"].values()) == {"exact_duplicate"}
    assert dropped["url_dedup"] == {"https://fin.example.com/2": "url_duplicate"}
    assert len(dropped["minhash_dedup"]) == 1 and {
        "https://fin.example.com/1",
        "https://fin.example.com/1-print",
    } & set(dropped["minhash_dedup"])
    assert len(kept) == manifest["counts"]["web"]["minhash_dedup"]["out"] == 14  # one per finance URL
    for url, doc in kept.items():
        assert doc["id"] in corpus["ids"][url]  # the WARC-Record-ID
        assert doc["metadata"]["language"] == "en" and doc["metadata"]["language_score"] > 0.65
        assert doc["metadata"]["domain_score"] >= 0.5
    assert kept["https://fin.example.com/2"]["text"].count("\n") > corpus["finance"][2].count(
        "\n"
    )  # longest kept
    assert "<EMAIL>" in kept["https://fin.example.com/3"]["text"]
    assert manifest["pii"]["web"]["email"] == 1


@pytest.mark.slow
def test_curated_documents_load_with_datasets(curated):
    """One call reads a whole run: a WARC and a JSONL source write the same metadata keys (nulls
    where absent, the JSONL's own fields in `extra`), typed by the run's dataset card."""
    import datasets

    _, run, _ = curated
    records = read_docs(run.curated_source("web")) + read_docs(run.curated_source("general"))
    assert len({tuple(r["metadata"]) for r in records}) == 1
    dataset = datasets.load_dataset(str(run.curated), split="train", cache_dir=str(run.root / "hf-cache"))
    assert len(dataset) == len(records)
    by_source = {row["metadata"]["source"]: row["metadata"] for row in dataset}
    web = [row["metadata"] for row in dataset if row["metadata"]["source"] == "web"]
    assert {m["genre"] for m in web} <= {"finance", "other"} and "finance" in {m["genre"] for m in web}
    assert by_source["web"]["domain_score"] >= 0.5
    assert by_source["general"]["domain_score"] is None and by_source["general"]["genre"] is None
    assert json.loads(by_source["general"]["extra"])["title"].startswith("Recipe")
    assert by_source["web"]["extra"] is None and by_source["general"]["language"] == "en"


@pytest.mark.slow
def test_the_report_counts_documents_per_genre(curated):
    """`sources[].genre` labels add up to each source's funnel in report.json and the HTML."""
    _, run, _ = curated
    report = json.loads(run.report_json.read_text())
    genres = {(g["source"], g["genre"]): g for g in report["genres"]}
    assert set(genres) == {("web", "finance"), ("web", "other")}
    web = next(s for s in report["sources"] if s["name"] == "web")
    assert sum(g["docs_read"] for g in genres.values()) == web["docs_read"]
    assert sum(g["docs_kept"] for g in genres.values()) == web["docs_kept"]
    assert sum(g["tokens_kept"] for g in genres.values()) == web["tokens_kept"]
    finance, other = genres["web", "finance"], genres["web", "other"]
    assert finance["docs_kept"] > 0 and other["dropped"].get("domain", 0) > 0
    for g in genres.values():
        assert g["docs_read"] == g["docs_kept"] + sum(g["dropped"].values())
    # the sample viewer shows what a quality rule measured against its threshold
    measured = [
        s
        for step in ("gopher_quality", "gopher_repetition", "fineweb")
        for s in report["samples"][step]["dropped"]
    ]
    assert measured and all(s["value"] is not None and s["threshold"] is not None for s in measured)
    html = run.report_html.read_text()
    assert 'id="genre-table"' in html and f'data-key="docs_kept" data-value="{finance["docs_kept"]}"' in html


@pytest.mark.slow
def test_token_shards_hold_every_kept_document_with_eos(curated):
    from tokenizers import Tokenizer

    _, run, _ = curated
    manifest = json.loads((run.logs / "curate" / "pipeline.json").read_text())
    eos = Tokenizer.from_file(str(run.tokenizer / "tokenizer.json")).token_to_id("<|endoftext|>")
    for source in ("web", "general"):
        total, documents = token_shards(run.tokens_source(source))
        assert total == manifest["tokens"][source] > 0
        assert len(documents) == len(read_docs(run.curated_source(source)))
        assert all(doc[-1] == eos and eos not in doc[:-1] for doc in documents)


@pytest.mark.slow
def test_finished_curation_is_not_redone(curated):
    _, run, folder = curated
    marker = (run.root / ".done" / "curate").stat().st_mtime
    started = time.monotonic()
    run_curate(load_config(write_config(folder, run.root)))
    assert time.monotonic() - started < 5 and (run.root / ".done" / "curate").stat().st_mtime == marker
    assert (run.report_json).is_file()


@pytest.mark.slow
def test_sigkill_then_rerun_ends_like_an_uninterrupted_run(curated, tmp_path):
    _, reference, folder = curated
    output = tmp_path / "killed"
    config = write_config(folder, output)
    command = [sys.executable, "-m", "pipeline.cli", "-q", "curate", str(config)]
    process = subprocess.Popen(command, cwd=REPO, start_new_session=True, stderr=subprocess.DEVNULL)
    select = output / "logs" / "curate" / "web" / "select" / "completions"
    deadline = time.monotonic() + 120
    while (
        not (select.is_dir() and any(select.iterdir()))
        and process.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the driver and its forked workers
    process.wait()
    assert not (output / ".done" / "curate").exists()

    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    killed = RunDir(output)
    for source in ("web", "general"):
        expected = sorted((d["id"], d["text"]) for d in read_docs(reference.curated_source(source)))
        assert sorted((d["id"], d["text"]) for d in read_docs(killed.curated_source(source))) == expected
        assert (
            token_shards(killed.tokens_source(source))[0] == token_shards(reference.tokens_source(source))[0]
        )


def test_pick_threshold_for_a_fraction_or_a_token_budget():
    scored = [(0.9, 100), (0.8, 100), (0.7, 100), (0.6, 100), (0.2, 100)]
    assert pick_threshold(scored, 0.5, None, None) == 0.5
    assert sum(s >= pick_threshold(scored, 0.0, 0.4, None) for s, _ in scored) == 2
    assert sum(s >= pick_threshold(scored, 0.0, None, 250) for s, _ in scored) == 2
    assert pick_threshold(scored, 0.75, 0.8, None) == 0.75  # a budget never loosens the threshold
    assert pick_threshold(scored, 0.0, None, 10_000) == 0.0


def test_a_source_overrides_the_quality_filters_it_names(tmp_path):
    from pipeline.config import ConfigError
    from pipeline.curate.steps import quality_filters

    build_corpus(tmp_path)
    path = write_config(tmp_path, tmp_path / "run", quality={"c4": False, "fineweb": {"line_punct_thr": 0.2}})
    raw = yaml.safe_load(path.read_text())
    raw["sources"][0]["quality"] = {"fineweb": False, "gopher_quality": {"min_doc_words": 5000}}
    path.write_text(yaml.safe_dump(raw))
    config = load_config(path)
    rundir = RunDir(tmp_path / "run")
    web, general = (dict(quality_filters(config, rundir, source)) for source in config.sources)

    assert list(web) == ["gopher_quality", "gopher_repetition"]  # c4 off run-wide, fineweb here
    assert web["gopher_quality"].min_doc_words == 5000
    assert list(general) == ["gopher_quality", "gopher_repetition", "fineweb"]
    assert general["gopher_quality"].min_doc_words == 50 and general["fineweb"].line_punct_thr == 0.2

    raw["sources"][0]["quality"] = {"gopher_quality": {"min_words": 5}}
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match=r"sources\[web\]\.quality\.gopher_quality: unknown argument"):
        quality_filters(load_config(path), rundir, load_config(path).sources[0])


def test_check_counts_catches_lost_documents():
    good = {
        "url": {"in": 10, "out": 8, "dropped": {"domain": 2}},
        "language": {"in": 8, "out": 8, "dropped": {}},
    }
    check_counts("s", ["url", "language"], good, 10)
    with pytest.raises(RuntimeError, match="language"):
        check_counts("s", ["url", "language"], {**good, "language": {"in": 7, "out": 7, "dropped": {}}}, 10)


@pytest.mark.slow
@pytest.mark.parametrize("exact", [True, False])
def test_near_duplicate_sec_filings(shared_data, tmp_path, exact):
    """The Apple FY2024 10-K saved twice (5-gram Jaccard ~0.92) is caught (its extracted texts
    even normalize to the same: exact dedup takes it first; without it, MinHash does); the hard
    negatives (same company, other year or form: ~0.41) are all kept."""
    pairs = [
        json.loads(line) for line in (shared_data / "neardup" / "provenance_pairs_sec_filings.jsonl").open()
    ]
    files = sorted({pair[key] for pair in pairs for key in ("a", "b")})
    config = {
        "run": {"name": "neardup", "output_dir": str(tmp_path / "run")},
        "sources": [
            {
                "name": "sec",
                "format": "html",
                "paths": [str(shared_data / f) for f in files],
                "role": "general",
            }
        ],
        "curate": {
            "executor": {"tasks": 1, "workers": 1},
            "url": {"enabled": False},
            "quality": {"gopher_repetition": False, "gopher_quality": False, "c4": False, "fineweb": False},
            "toxicity": {"enabled": False},
            "pii": {"enabled": False},
            "dedup": {"exact": exact},
        },
        "tokenizer": {"train": {"vocab_size": 512}},
        "model": {"architecture": {"model_type": "llama"}},
        "tracking": {"wandb": {"mode": "disabled"}},
    }
    path = tmp_path / "neardup.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))  # genre globs: the first match wins
    run_curate(load_config(path))
    run = RunDir(tmp_path / "run")
    step = "exact_dedup" if exact else "minhash_dedup"
    dropped = {Path(doc["id"]).name for doc in read_docs(run.rejected_step(step, "sec"))}
    kept = {Path(doc["id"]).name for doc in read_docs(run.curated_source("sec"))}
    (duplicate,) = [pair for pair in pairs if pair["label"] == "duplicate"]
    assert len(dropped) == 1 and dropped <= {Path(duplicate["a"]).name, Path(duplicate["b"]).name}
    assert kept | dropped == {Path(f).name for f in files}


@pytest.mark.slow
def test_keep_fraction_tightens_the_domain_threshold(curated, tmp_path):
    """keep_fraction: score every domain document first, then keep the best-scored half."""
    _, reference, folder = curated
    output = tmp_path / "half"
    run_curate(load_config(write_config(folder, output), ["curate.domain.keep_fraction=0.5"]))
    run = RunDir(output)
    selection = json.loads((run.work / "curate" / "domain_selection.json").read_text())
    domain = json.loads((run.logs / "curate" / "pipeline.json").read_text())["counts"]["web"]["domain"]
    assert selection["docs_scored"] == domain["in"] and selection["threshold"] >= 0.5
    assert domain["out"] == selection["docs_kept"] <= domain["in"] // 2
    scores = [d["metadata"]["domain_score"] for d in read_docs(run.rejected_step("domain", "web"))]
    assert scores and max(scores) < selection["threshold"] <= min(
        d["metadata"]["domain_score"] for d in read_docs(run.curated_source("web"))
    )


@pytest.mark.slow
def test_a_changed_setting_redoes_what_it_affects(curated, tmp_path, caplog):
    """A finished run re-run with another setting redoes only what depends on it, and says so."""
    _, reference, folder = curated
    output = tmp_path / "changed"
    shutil.copytree(reference.root, output)
    run = RunDir(output)
    caplog.set_level(logging.INFO)

    def curate(*overrides: str) -> None:
        caplog.clear()
        run_curate(load_config(write_config(folder, output), list(overrides)))

    def filter_stage_ran() -> dict[str, int]:
        return {
            p.name: p.stat().st_mtime_ns for p in (run.curate_logs("web", "filter") / "completions").iterdir()
        }

    filtered = filter_stage_ran()
    curate("curate.samples_per_step=2")
    assert "curate.samples_per_step: 50 -> 2" in caplog.text and "redoing the report" in caplog.text
    report = json.loads(run.report_json.read_text())
    assert report["samples_per_step"] == 2 and run.is_done("curate")

    curate("curate.samples_per_step=2", "curate.dedup.url=false")
    assert "curate.dedup.url: True -> False" in caplog.text and "after the filter stage" in caplog.text
    assert filter_stage_ran() == filtered  # not redone
    manifest = json.loads((run.logs / "curate" / "pipeline.json").read_text())
    assert "url_dedup" not in manifest["steps"] and not run.rejected_step("url_dedup", "web").exists()
    before = json.loads((reference.logs / "curate" / "pipeline.json").read_text())["counts"]["web"]
    # the second capture of fin.example.com/2 goes on to MinHash now
    assert manifest["counts"]["web"]["minhash_dedup"]["in"] == before["minhash_dedup"]["in"] + 1
    for source in ("web", "general"):
        assert token_shards(run.tokens_source(source))[0] == manifest["tokens"][source]
    assert run.is_done("curate")

    curate("curate.samples_per_step=2", "curate.dedup.url=false")
    assert "is done" in caplog.text and "redoing" not in caplog.text

    # just above the lowest score kept before: at least one document must now go
    stricter = min(d["metadata"]["domain_score"] for d in read_docs(reference.curated_source("web"))) + 1e-6
    curate("curate.samples_per_step=2", "curate.dedup.url=false", f"curate.domain.threshold={stricter}")
    assert (
        f"curate.domain.threshold: 0.5 -> {stricter}" in caplog.text
        and "redoing the whole curation" in caplog.text
    )
    assert filter_stage_ran().keys() == filtered.keys() and filter_stage_ran() != filtered
    scores = [doc["metadata"]["domain_score"] for doc in read_docs(run.curated_source("web"))]
    assert all(score >= stricter for score in scores) and run.is_done("curate")
    domain = json.loads((run.logs / "curate" / "pipeline.json").read_text())["counts"]["web"]["domain"]
    assert domain["in"] == before["domain"]["in"] and domain["out"] < before["domain"]["out"]

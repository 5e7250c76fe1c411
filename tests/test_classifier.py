"""`dapt classifier train`: fastText on seed files, held-out metrics, input formats, errors."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from conftest import skip_or_fail

from pipeline.classifier import (
    CHUNK_TOKENS,
    load_model,
    normalize_text,
    positive_probability,
    read_documents,
    split_into_chunks,
    train_classifier,
)
from pipeline.cli import main
from pipeline.errors import DaptError

TOPICS = {
    "finance": "revenue earnings dividend shareholders fiscal quarter margin securities assets bond",
    "general": "garden river recipe football music children forest dinner holiday painting mountain puppy",
}
COMMON = "the a of and in to was with for on this that"


def write_seeds(folder: Path, n: int = 150, seed: int = 0) -> tuple[Path, Path]:
    """Two seed files, one document per line: topic words mixed with common words."""
    rng = random.Random(seed)
    paths = []
    for name, words in TOPICS.items():
        vocabulary = (words + " " + COMMON).split()
        lines = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(15, 40))) for _ in range(n)]
        path = folder / f"{name}.txt"
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    return paths[0], paths[1]


def test_train_writes_model_and_metrics(tmp_path):
    finance, general = write_seeds(tmp_path)
    out = tmp_path / "models" / "finance.bin"
    metrics = train_classifier([finance], [general], out, show_table=False)

    assert out.is_file()
    saved = json.loads(Path(f"{out}.metrics.json").read_text())
    assert saved == metrics
    assert metrics["f1"] >= 0.95 and metrics["precision"] >= 0.9 and metrics["recall"] >= 0.9
    heldout, train = metrics["examples"]["heldout"], metrics["examples"]["train"]
    for label in ("positive", "negative"):
        assert 0.1 <= heldout[label] / (heldout[label] + train[label]) <= 0.2
    assert metrics["heldout_split"] == {"positive": "by_document", "negative": "by_document"}
    assert metrics["fasttext"]["wordNgrams"] == 2
    confusion = metrics["confusion"]
    assert sum(confusion.values()) == heldout["positive"] + heldout["negative"]
    assert not list(out.parent.glob(".*")), "temporary files left behind"

    model = load_model(out)
    assert positive_probability(model, "Quarterly revenue and dividend for shareholders") > 0.5
    assert positive_probability(model, "A puppy in the garden by the river") < 0.5


def test_same_seed_same_model(tmp_path):
    finance, general = write_seeds(tmp_path)
    first = train_classifier([finance], [general], tmp_path / "a.bin", seed=3, show_table=False)
    second = train_classifier([finance], [general], tmp_path / "b.bin", seed=3, show_table=False)
    assert first["confusion"] == second["confusion"]
    assert (tmp_path / "a.bin").read_bytes() == (tmp_path / "b.bin").read_bytes()


def test_html_and_jsonl_inputs(tmp_path):
    """An HTML filing is one document (markup extracted, cut into chunks); JSONL gives `text`."""
    paragraph = "The company reported revenue and earnings for the fiscal quarter, and a dividend. "
    body = "".join(f"<p>{paragraph * 5}</p>" for _ in range(40))
    filing = tmp_path / "filing.html.gz"
    filing.write_bytes(
        gzip.compress(f"<html><head><style>p {{}}</style></head><body>{body}</body></html>".encode())
    )
    docs = list(read_documents(filing))
    assert len(docs) == 1 and "<p>" not in docs[0] and "revenue" in docs[0]
    assert len(split_into_chunks(docs[0])) > 5

    general = tmp_path / "general.jsonl"
    rng = random.Random(1)
    general.write_text(
        "".join(
            json.dumps({"text": " ".join(rng.choice(TOPICS["general"].split()) for _ in range(30))}) + "\n"
            for _ in range(60)
        )
    )
    metrics = train_classifier([filing], [general], tmp_path / "m.bin", show_table=False)
    assert metrics["examples"]["train"]["positive"] + metrics["examples"]["heldout"]["positive"] > 5
    assert metrics["heldout_split"]["positive"] == "by_chunk"  # one document cannot be split by document


def test_chunks_keep_lines_whole_and_stay_short():
    text = "\n".join(" ".join(["word"] * 120) for _ in range(5)) + "\n" + " ".join(["long"] * 700)
    chunks = split_into_chunks(text)
    assert all(len(c.split()) <= CHUNK_TOKENS for c in chunks)
    assert [len(c.split()) for c in chunks[:3]] == [240, 240, 120 + 180]
    assert sum(len(c.split()) for c in chunks) == 5 * 120 + 700


def test_normalize_text():
    assert (
        normalize_text("Revenue rose 12.5% in FY2024,\nto $3.1B!")
        == "revenue rose 00 . 0 % in fy0000 , to $ 0 . 0b !"
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bad.jsonl", '{"text": "fine"}\nnot json\n', "bad.jsonl:2: invalid JSON"),
        ("notext.jsonl", '{"body": "x"}\n', "notext.jsonl:1: no string field `text`"),
        ("bad.html.gz", "not gzip at all", "bad.html.gz: cannot read"),
        ("data.csv", "a,b\n", "data.csv: unknown input format"),
    ],
)
def test_bad_input_names_the_file(tmp_path, name, content, message):
    finance, _ = write_seeds(tmp_path)
    bad = tmp_path / name
    bad.write_text(content)
    with pytest.raises(DaptError, match=message.replace("(", r"\(")):
        train_classifier([finance], [bad], tmp_path / "m.bin", show_table=False)
    assert not (tmp_path / "m.bin").exists()


def test_missing_file_directory_and_too_few_examples(tmp_path):
    finance, general = write_seeds(tmp_path)
    with pytest.raises(DaptError, match="nope.txt: file not found"):
        train_classifier([finance], [tmp_path / "nope.txt"], tmp_path / "m.bin", show_table=False)
    with pytest.raises(DaptError, match="is a directory"):
        train_classifier([tmp_path], [general], tmp_path / "m.bin", show_table=False)
    one = tmp_path / "one.txt"
    one.write_text("a single line of general text\n")
    with pytest.raises(DaptError, match="only 1 negative examples"):
        train_classifier([finance], [one], tmp_path / "m.bin", show_table=False)


def test_load_model_errors(tmp_path):
    with pytest.raises(DaptError, match="not found"):
        load_model(tmp_path / "missing.bin")
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00" * 64)
    with pytest.raises(DaptError, match="garbage.bin: not a fastText model"):
        load_model(garbage)


def test_cli_prints_metrics_table(tmp_path, capsys):
    finance, general = write_seeds(tmp_path)
    out = tmp_path / "cli.bin"
    code = main(
        [
            "-q",
            "classifier",
            "train",
            "--positive",
            str(finance),
            "--negative",
            str(general),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert out.is_file() and Path(f"{out}.metrics.json").is_file()
    printed = capsys.readouterr().out
    assert "precision" in printed and "recall" in printed and "F1" in printed


def test_cli_bad_input_exits_2(tmp_path, capsys):
    finance, _ = write_seeds(tmp_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    code = main(
        [
            "-q",
            "classifier",
            "train",
            "--positive",
            str(finance),
            "--negative",
            str(bad),
            "--out",
            str(tmp_path / "m.bin"),
        ]
    )
    assert code == 2
    assert "bad.jsonl:1: invalid JSON" in capsys.readouterr().err


DEMO_SEEDS = Path(__file__).resolve().parent.parent / "demo" / "corpus" / "seeds"


def test_demo_seeds_separate_well(tmp_path):
    finance, general = DEMO_SEEDS / "finance.txt", DEMO_SEEDS / "general.txt"
    if not finance.is_file():
        skip_or_fail("demo/corpus/seeds not built (python demo/build_corpus.py)")
    metrics = train_classifier([finance], [general], tmp_path / "demo.bin", show_table=False)
    assert metrics["f1"] >= 0.95


def test_sec_filings_as_positives(shared_data, tmp_path):
    """Real SEC filings (HTML and SGML, gzipped) against Gutenberg lines."""
    filings = sorted((shared_data / "finance" / "sec-filings").glob("sgml__*.txt.gz"))[:6]
    filings += [shared_data / "finance" / "sec-filings" / "form8k.Nordstrom.html.gz"]
    book = shared_data / "general" / "gutenberg" / "pg52521_grimms_fairy_tales_olcott.txt"
    metrics = train_classifier(filings, [book], tmp_path / "sec.bin", show_table=False)
    assert metrics["f1"] >= 0.9
    model = load_model(tmp_path / "sec.bin")
    filing_text = next(read_documents(shared_data / "finance" / "sec-filings" / "html__Apple.8-K.md.gz"))
    assert positive_probability(model, filing_text) > 0.5


def test_a_fasttext_failure_names_the_file_and_fasttexts_reason(tmp_path):
    """fastText trains in its own interpreter: its error comes back as a DaptError, not a crash."""
    from pipeline.classifier import _train_fasttext

    empty = tmp_path / "train.txt"
    empty.write_text("")
    with pytest.raises(DaptError, match=r"train\.txt: ValueError: Empty vocabulary"):
        _train_fasttext(empty, tmp_path / "model.bin", examples=1, seed=0)
    assert not (tmp_path / "model.bin").exists()

"""`dapt classifier train`: fastText on seed files, held-out metrics, input formats, errors."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from conftest import skip_or_fail
from datatrove.data import Document

from filters.domain import DomainClassifierFilter
from pipeline.classifier import (
    CHUNK_TOKENS,
    MAX_FILE_SHARE,
    SeedFile,
    file_cap,
    load_model,
    metrics_at,
    normalize_text,
    pick_threshold,
    positive_probability,
    read_documents,
    seed_file,
    split_into_chunks,
    train_classifier,
)
from pipeline.classifier_score import score_files
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
    metrics = train_classifier([finance], [general], out, family="fasttext", show_table=False)

    assert out.is_file()
    saved = json.loads(Path(f"{out}.metrics.json").read_text())
    assert saved == metrics
    assert metrics["f1"] >= 0.95 and metrics["precision"] >= 0.9 and metrics["recall"] >= 0.9
    assert metrics["held_out_by"] == {"positive": "document", "negative": "document"}
    assert (
        len(metrics["heldout"]["scores"]) == metrics["examples"]["positive"] + metrics["examples"]["negative"]
    )
    assert metrics["params"]["fasttext"]["wordNgrams"] == 2
    confusion = metrics["confusion"]
    assert sum(confusion.values()) == len(metrics["heldout"]["scores"])
    assert "lowest with precision >= 0.99" in metrics["threshold_source"]
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
    assert metrics["examples"]["positive"] > 5


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
    from pipeline.classifier_models import fasttext_params, run_fasttext_jobs

    empty = tmp_path / "train.txt"
    empty.write_text("")
    job = {"train": str(empty), "params": fasttext_params(1, 0), "save": str(tmp_path / "model.bin")}
    with pytest.raises(DaptError, match=r"train\.txt: ValueError: Empty vocabulary"):
        run_fasttext_jobs([job])
    assert not (tmp_path / "model.bin").exists()


# ----------------------------------------------------------------------------------- seeds, balance, folds
def test_seed_file_specs_and_txt_header(tmp_path):
    seed = tmp_path / "news.txt"
    seed.write_text("# a header line\n# another\nfirst document\n# not a header any more\n")
    assert list(read_documents(seed)) == ["first document\n", "# not a header any more\n"]
    assert seed_file(f"news={seed}") == SeedFile(seed, "news")
    assert seed_file(str(seed)) == SeedFile(seed)
    assert seed_file({"path": str(seed), "genre": "g"}) == SeedFile(seed, "g")


def test_file_cap_keeps_every_file_under_the_share():
    counts = [500, 40, 30, 20, 10, 10, 5]
    cap = file_cap(counts)
    used = [min(c, cap) for c in counts]
    assert max(used) / sum(used) <= MAX_FILE_SHARE < (cap + 1) / sum(min(c, cap + 1) for c in counts)
    assert file_cap([100, 10]) == 10  # too few files for the share: none above the others
    assert file_cap(counts, limit=12) == 12


def test_one_dominant_file_is_capped_and_warned(tmp_path, caplog):
    """fastText (no weights): a seed file with most of the chunks is sampled down, and the per-file
    counts say so; with too few files to keep each under 30%, training warns."""
    finance, general = write_seeds(tmp_path, n=300)
    small = tmp_path / "small.txt"
    small.write_text("".join(line + "\n" for line in finance.read_text().splitlines()[:20]))
    metrics = train_classifier(
        [finance, small], [general], tmp_path / "m.bin", family="fasttext", show_table=False
    )
    files = {Path(f["path"]).name: f for f in metrics["files"]}
    assert files["finance.txt"]["chunks"] == 300 and files["finance.txt"]["used"] == 20
    assert files["small.txt"]["used"] == 20 and metrics["examples"]["cap_per_file"]["positive"] == 20
    assert any("finance.txt carries 50% of the positive examples" in w for w in metrics["warnings"])
    assert "finance.txt carries 50%" in caplog.text
    assert metrics["held_out_by"] == {"positive": "file", "negative": "document"}


def test_the_embedding_family_weighs_files_instead_of_sampling(tmp_path):
    """The embedding family trains on every chunk with each file weighing the same: a file of 300
    chunks and one of 20 each carry half the positive weight (warned: two files), and the training
    seed changes nothing but single-file folds, so two seeds give the same model."""
    finance, general = write_seeds(tmp_path, n=300)
    small = tmp_path / "small.txt"
    small.write_text("".join(line + "\n" for line in finance.read_text().splitlines()[-20:]))
    other = tmp_path / "other.txt"
    other.write_text("".join(line + "\n" for line in general.read_text().splitlines()[:40]))
    runs = [
        train_classifier(
            [finance, small], [general, other], tmp_path / f"m{seed}.json", seed=seed, show_table=False
        )
        for seed in (0, 1)
    ]
    files = {Path(f["path"]).name: f for f in runs[0]["files"]}
    assert files["finance.txt"]["used"] == 300 and files["small.txt"]["used"] == 20
    assert files["finance.txt"]["share"] == files["small.txt"]["share"] == 0.5
    assert runs[0]["examples"]["cap_per_file"] == {"positive": None, "negative": None}
    assert any("finance.txt carries 50% of the positive weight" in w for w in runs[0]["warnings"])
    assert runs[0]["heldout"] == runs[1]["heldout"] and runs[0]["threshold"] == runs[1]["threshold"]
    assert (tmp_path / "m0.json").read_text() == (tmp_path / "m1.json").read_text()


def test_the_threshold_weighs_each_seed_file_the_same():
    """A negative file of a thousand easy examples must not hide a small negative file whose
    examples score high: rates are per file, as in training."""
    positives = [0.9] * 5 + [0.99] * 5
    big, small = [0.1] * 1000, [0.95, 0.95, 0.1, 0.1]
    truth = [True] * 10 + [False] * 1004
    scores = positives + big + small
    files = [0] * 10 + [1] * 1000 + [2] * 4
    assert pick_threshold(truth, scores, 0.99) == (0.9, True)  # by examples: 2 FPs of 1,004
    assert pick_threshold(truth, scores, 0.99, files) == (0.99, True)  # by file: half of file 2
    assert pick_threshold(truth, scores, 1.01, files) == (0.99, False)


def test_leave_one_file_out_figures_per_file_and_genre(tmp_path):
    """Each positive file is scored by a model trained without it: a file unlike the others has a
    collapsed recall, and training says so."""
    finance, general = write_seeds(tmp_path)
    rng = random.Random(1)
    odd = tmp_path / "odd.txt"  # in-domain by label, but written like the negatives
    words = (TOPICS["general"] + " " + COMMON).split()
    odd.write_text("".join(" ".join(rng.choice(words) for _ in range(20)) + "\n" for _ in range(40)))
    metrics = train_classifier(
        [f"filings={finance}", f"odd={odd}"],
        [f"web={general}"],
        tmp_path / "m.json",
        family="wordllama",
        show_table=False,
    )
    assert set(metrics["genres"]) == {"filings", "odd", "web"}
    odd_row = next(f for f in metrics["files"] if f["genre"] == "odd")
    assert odd_row["kept_fraction"] < 0.5
    assert any("odd.txt: left out of training" in w for w in metrics["warnings"])


# ----------------------------------------------------------------------------------- the embedding family
def test_embedding_model_trains_scores_saves_and_loads(tmp_path):
    finance, general = write_seeds(tmp_path)
    out = tmp_path / "finance.json"
    metrics = train_classifier([finance], [general], out, family="wordllama", show_table=False)
    assert metrics["family"] == "wordllama" and metrics["f1"] >= 0.95
    assert out.stat().st_size < 20_000, "the model file is the head alone"
    model = load_model(out)
    assert positive_probability(model, "Quarterly revenue and dividend for shareholders") > 0.5
    assert positive_probability(model, "A puppy in the garden by the river") < 0.5
    assert positive_probability(model, "  \n ") == 0.0
    again = train_classifier(
        [finance], [general], tmp_path / "again.json", family="wordllama", show_table=False
    )
    assert again["heldout"] == metrics["heldout"]


def test_embedding_model_file_errors(tmp_path):
    truncated = tmp_path / "cut.json"
    truncated.write_text('{"format": "dapt-static-embedding-classifier", "weights": [0.1, ')
    with pytest.raises(DaptError, match="cut.json: not a dapt classifier"):
        load_model(truncated)
    short = tmp_path / "short.json"
    short.write_text(
        json.dumps(
            {
                "format": "dapt-static-embedding-classifier",
                "embeddings": "wordllama/l2_supercat_256",
                "weights": [0.1],
                "bias": 0.0,
            }
        )
    )
    with pytest.raises(DaptError, match="short.json: the head needs 256 weights"):
        load_model(short)


# ----------------------------------------------------------------------------------- refusals
def test_a_degenerate_classifier_is_refused(tmp_path):
    """Positive and negative seeds drawn from one vocabulary: held-out AUC ~0.5, a DaptError and no
    model written. A strict threshold given by the run is a choice, not a degenerate classifier."""
    (a := tmp_path / "a").mkdir(), (b := tmp_path / "b").mkdir()
    finance, _ = write_seeds(a, seed=1)
    alike, _ = write_seeds(b, seed=2)
    with pytest.raises(
        DaptError,
        match=r"held-out ROC AUC 0\.[0-5]\d at best over the positive seed files: the classifier separates",
    ):
        train_classifier([finance], [alike], tmp_path / "m.json", family="wordllama", show_table=False)
    assert not list(tmp_path.glob("m.json*"))

    finance, general = write_seeds(tmp_path)
    metrics = train_classifier(
        [finance], [general], tmp_path / "s.json", family="wordllama", threshold=1.0, show_table=False
    )
    assert metrics["recall"] == 0.0 and (tmp_path / "s.json").is_file()


_FULL_DISK = """
import resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail (EFBIG) as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))
from pipeline.classifier import train_classifier
from pipeline.errors import DaptError
try:
    train_classifier([sys.argv[1]], [sys.argv[2]], Path(sys.argv[3]), family="fasttext", show_table=False)
except DaptError as exc:
    print("DaptError:", exc)
"""


def test_a_model_cut_short_by_a_full_disk_is_not_kept(tmp_path):
    """fastText writes what it can of its ~52 MB model without raising; the truncated file must
    not be renamed into place (a re-run would reuse it)."""
    import subprocess
    import sys

    finance, general = write_seeds(tmp_path)
    out = tmp_path / "model.bin"
    result = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(finance), str(general), str(out)],
        capture_output=True,
        text=True,
    )
    assert "DaptError: " + str(out) in result.stdout, result.stdout + result.stderr
    assert "does not load back" in result.stdout or "truncated" in result.stdout
    assert not out.exists() and not list(tmp_path.glob(".model.bin*"))


# ----------------------------------------------------------------------------------- the run's threshold
def test_metrics_are_given_at_the_runs_threshold(tmp_path):
    from pipeline.config import load_config
    from pipeline.curate.domain import classifier_summary, domain_threshold

    finance, general = write_seeds(tmp_path)
    out = tmp_path / "m.json"
    metrics = train_classifier([finance], [general], out, family="wordllama", show_table=False)
    at_half, at_high = metrics_at(metrics, 0.5), metrics_at(metrics, 0.999)
    assert at_half["threshold"] == 0.5 and at_high["recall"] < at_half["recall"]
    summary = classifier_summary(out, 0.999)
    assert summary["threshold"] == 0.999 and summary["recall"] == at_high["recall"]
    assert summary["trained_threshold"] == metrics["threshold"]

    config_file = tmp_path / "run.yaml"
    config_file.write_text(
        f"run: {{name: t, output_dir: {tmp_path / 'run'}}}\n"
        f"sources: [{{name: d, format: jsonl, paths: [{general}], role: domain}}]\n"
        f"curate: {{domain: {{model_path: {out}}}}}\n"
    )
    assert domain_threshold(load_config(config_file), out) == metrics["threshold"]
    assert domain_threshold(load_config(config_file, ["curate.domain.threshold=0.7"]), out) == 0.7


def test_score_gives_unseen_files_the_curate_steps_scores_and_kept_fractions(tmp_path, capsys):
    finance, general = write_seeds(tmp_path)
    model = tmp_path / "finance.json"
    train_classifier([finance], [general], model, show_table=False)
    threshold = json.loads(Path(f"{model}.metrics.json").read_text())["threshold"]
    (tmp_path / "unseen").mkdir()
    unseen_finance, unseen_general = write_seeds(tmp_path / "unseen", n=40, seed=1)
    for path in (unseen_finance, unseen_general):  # raw text, which the step normalizes before scoring
        path.write_text("".join(f"{line.title().rstrip()}!\n" for line in path.read_text().splitlines()))
    out = tmp_path / "scores.jsonl"
    inputs = [f"finance={unseen_finance}", f"other={unseen_general}"]
    assert main(["-q", "classifier", "score", str(model), *inputs, "--out", str(out)]) == 0

    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["label"] for row in rows] == ["finance"] * 40 + ["other"] * 40
    step = DomainClassifierFilter(model, threshold)
    for row, text in zip(rows[:40], read_documents(unseen_finance), strict=True):
        document = Document(text=text, id=str(row["document"]))
        step.filter(document)
        assert row["score"] == round(document.metadata["domain_score"], 4)
        assert row["kept"] == (row["score"] >= threshold)
    groups = {group["label"]: group for group in score_files(model, inputs)["groups"]}
    for label, group in groups.items():
        assert group["kept"] == sum(row["kept"] for row in rows if row["label"] == label)
    assert groups["finance"]["kept_fraction"] >= 0.9 and groups["other"]["kept_fraction"] <= 0.1
    printed = capsys.readouterr().out
    assert "kept at threshold" in printed and "finance" in printed and "other" in printed


def test_score_errors_name_the_file_and_leave_no_output(tmp_path, capsys):
    finance, general = write_seeds(tmp_path)
    model = tmp_path / "finance.json"
    train_classifier([finance], [general], model, show_table=False)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "revenue and earnings"}\n{"body": "no text field"}\n')
    out = tmp_path / "scores.jsonl"
    assert main(["-q", "classifier", "score", str(model), str(finance), str(bad), "--out", str(out)]) == 2
    assert "bad.jsonl:2: no string field `text`" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if "scores" in p.name) == []

    alone = tmp_path / "elsewhere" / "finance.json"
    alone.parent.mkdir()
    alone.write_bytes(model.read_bytes())  # without the metrics file that holds its threshold
    assert main(["-q", "classifier", "score", str(alone), str(finance)]) == 2
    assert "pass --threshold" in capsys.readouterr().err
    assert main(["-q", "classifier", "score", str(alone), str(finance), "--threshold", "0.5"]) == 0

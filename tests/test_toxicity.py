"""ToxicityFilter: the offline word-list score, the optional fastText score, their quality on real data."""

from __future__ import annotations

import csv
import pickle
import random

import pytest
from datatrove.data import Document

from filters.toxicity import ToxicityFilter, toxic_word_fraction
from pipeline.classifier import binary_metrics, read_documents, train_classifier

CLEAN = "The committee approved the budget for the new library after a short discussion."
TOXIC = "Shut up you fucking idiot, nobody wants your bullshit here."


def test_keeps_clean_text_and_drops_toxic_text_with_reason():
    step = ToxicityFilter()
    clean, toxic = Document(text=CLEAN, id="clean"), Document(text=TOXIC, id="toxic")
    kept = list(step.run(iter([clean, toxic])))
    assert [d.id for d in kept] == ["clean"]
    assert clean.metadata["toxic_word_fraction"] == 0.0
    assert toxic.metadata["toxic_word_fraction"] == pytest.approx(3 / 10)
    assert step.stats["dropped_toxic_words"].total == 1
    assert step.filter(Document(text=TOXIC, id="again")) == (False, "toxic_words")


def test_one_listed_word_in_a_long_page_is_kept():
    page = " ".join([CLEAN] * 20) + " What a load of crap, said one reader."
    step = ToxicityFilter()
    doc = Document(text=page, id="p")
    assert step.filter(doc) is True
    assert 0 < doc.metadata["toxic_word_fraction"] < 0.01


@pytest.mark.parametrize(
    "text",
    [
        "Dick's Sporting Goods reported higher sales.",
        "At dawn the cock crowed and the ass carried the load.",
        "Scunthorpe United won; she graduated summa cum laude.",
        "Total assets and the assessment of classic bass guitars.",
        "He bought new shoes, a shoehorn and a Hoegaarden.",
        "Cocktail hour at Hancock Park, then the Sussex regatta.",
    ],
)
def test_innocent_words_are_not_toxic(text):
    assert toxic_word_fraction(text) == 0.0


@pytest.mark.parametrize("text", ["f*ck this", "what a b!tch", "sh!t happens", "kiss my a$$", "FUUUCK"])
def test_common_obfuscations_are_caught(text):
    assert toxic_word_fraction(text) > 0


@pytest.fixture(scope="module")
def toxicity_model(tmp_path_factory):
    """A fastText model on insults that are not on the word list (what the list cannot see)."""
    folder = tmp_path_factory.mktemp("toxicity-model")
    rng = random.Random(0)
    topics = {
        "toxic": "worthless disgusting pathetic vermin hate you your kind filthy go away",
        "clean": "thanks great article helpful library budget meeting weather garden please",
    }
    for name, words in topics.items():
        vocabulary = (words + " the a and is").split()
        lines = (" ".join(rng.choice(vocabulary) for _ in range(15)) for _ in range(150))
        (folder / f"{name}.txt").write_text("\n".join(lines) + "\n")
    out = folder / "toxicity.bin"
    train_classifier([folder / "toxic.txt"], [folder / "clean.txt"], out, show_table=False)
    return out


def test_classifier_score_drops_what_the_word_list_misses(toxicity_model):
    step = ToxicityFilter(model_path=toxicity_model, threshold=0.5)
    insult = Document(text="You are worthless and disgusting, your kind is vermin.", id="insult")
    polite = Document(text="Thanks, a great and helpful article about the library budget.", id="polite")
    assert step.filter(insult) == (False, "toxic_classifier")
    assert insult.metadata["toxic_word_fraction"] == 0.0
    assert insult.metadata["toxicity_score"] >= 0.5
    assert step.filter(polite) is True
    assert polite.metadata["toxicity_score"] < 0.5


def test_pickles_without_the_model(toxicity_model):
    step = ToxicityFilter(model_path=toxicity_model)
    step.filter(Document(text=CLEAN, id="a"))
    copy = pickle.loads(pickle.dumps(step))
    assert copy._model is None
    assert copy.filter(Document(text=CLEAN, id="b")) is True


def _davidson(data):
    with open(data / "toxicity" / "davidson" / "labeled_data.csv", encoding="utf-8") as f:
        return [(row["tweet"], row["class"] != "2") for row in csv.DictReader(f)]


def test_word_list_quality_on_davidson_and_jigsaw(shared_data):
    """Measured by bench/bench_quality.py: Davidson P 0.99 R 0.93, Jigsaw P 0.80 R 0.62."""
    tweets = _davidson(shared_data)
    m = binary_metrics([y for _, y in tweets], [toxic_word_fraction(t) >= 0.01 for t, _ in tweets])
    assert m["precision"] >= 0.97 and m["recall"] >= 0.9, m

    labels = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
    with open(shared_data / "toxicity" / "jigsaw-sample" / "test_examples.csv", encoding="utf-8") as f:
        comments = [(r["comment_text"], any(r[k] == "1" for k in labels)) for r in csv.DictReader(f)]
    m = binary_metrics([y for _, y in comments], [toxic_word_fraction(t) >= 0.01 for t, _ in comments])
    assert m["precision"] >= 0.7 and m["recall"] >= 0.5, m


def test_word_list_keeps_sec_filings(shared_data):
    """Every third filing (all 69 in bench/bench_quality.py): none is dropped."""
    step = ToxicityFilter()
    for path in sorted((shared_data / "finance" / "sec-filings").glob("*.gz"))[::3]:
        doc = Document(text=next(read_documents(path)), id=path.name)
        assert step.filter(doc) is True, (path.name, doc.metadata)

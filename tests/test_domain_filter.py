"""DomainClassifierFilter: scores with a model from `train_classifier`, keeps or drops by threshold."""

from __future__ import annotations

import gzip
import json
import pickle
import random

import pytest
from datatrove.data import Document
from datatrove.pipeline.writers import JsonlWriter

from filters.domain import DomainClassifierFilter
from pipeline.classifier import train_classifier
from pipeline.errors import DaptError

FINANCE_DOC = "The board declared a quarterly dividend after revenue and earnings rose in the fiscal year."
GENERAL_DOC = "We walked the puppy along the river to the forest, then cooked dinner from a new recipe."


@pytest.fixture(scope="module", params=["wordllama", "fasttext"])
def model_path(tmp_path_factory, request):
    folder = tmp_path_factory.mktemp("domain-model")
    rng = random.Random(0)
    vocabularies = {
        "finance": "revenue earnings dividend shareholders fiscal quarter board declared year rose",
        "general": "puppy river forest dinner recipe walked cooked garden music holiday",
    }
    for name, words in vocabularies.items():
        vocabulary = (words + " the a and in").split()
        lines = (" ".join(rng.choice(vocabulary) for _ in range(20)) for _ in range(150))
        (folder / f"{name}.txt").write_text("\n".join(lines) + "\n")
    out = folder / "finance.bin"
    train_classifier(
        [folder / "finance.txt"], [folder / "general.txt"], out, family=request.param, show_table=False
    )
    return out


def test_keeps_in_domain_and_drops_the_rest_with_reason(model_path, tmp_path):
    step = DomainClassifierFilter(
        model_path, threshold=0.5, exclusion_writer=JsonlWriter(str(tmp_path / "rejected"))
    )
    docs = [Document(text=FINANCE_DOC, id="fin"), Document(text=GENERAL_DOC, id="gen")]
    kept = list(step.run(iter(docs)))

    assert [d.id for d in kept] == ["fin"]
    assert kept[0].metadata["domain_score"] >= 0.5
    assert step.stats["dropped_below_domain_threshold"].total == 1
    (rejected_file,) = (tmp_path / "rejected").glob("*.jsonl*")
    with gzip.open(rejected_file, "rt") as f:
        (rejected,) = [json.loads(line) for line in f]
    assert rejected["id"] == "gen"
    assert rejected["metadata"]["filter_reason"] == "below_domain_threshold"
    assert rejected["metadata"]["domain_score"] < 0.5


def test_filter_returns_reason(model_path):
    step = DomainClassifierFilter(model_path)
    assert step.filter(Document(text=FINANCE_DOC, id="a")) is True
    assert step.filter(Document(text=GENERAL_DOC, id="b")) == (False, "below_domain_threshold")


def test_a_document_without_words_scores_zero(model_path):
    doc = Document(text=" \n\n ", id="empty")
    assert DomainClassifierFilter(model_path).filter(doc) == (False, "below_domain_threshold")
    assert doc.metadata["domain_score"] == 0.0


def test_threshold_zero_scores_and_keeps_everything(model_path):
    step = DomainClassifierFilter(model_path, threshold=0.0)
    docs = [Document(text=FINANCE_DOC, id="fin"), Document(text=GENERAL_DOC, id="gen")]
    kept = list(step.run(iter(docs)))
    assert len(kept) == 2
    scores = {d.id: d.metadata["domain_score"] for d in kept}
    assert 0.0 <= scores["gen"] < scores["fin"] <= 1.0


def test_newlines_do_not_change_the_score(model_path):
    step = DomainClassifierFilter(model_path)
    one, two = Document(text=FINANCE_DOC, id="1"), Document(text=FINANCE_DOC.replace(" ", "\n", 3), id="2")
    step.filter(one), step.filter(two)
    assert one.metadata["domain_score"] == pytest.approx(two.metadata["domain_score"])


def test_pickles_without_the_model(model_path):
    step = DomainClassifierFilter(model_path)
    step.filter(Document(text=FINANCE_DOC, id="a"))  # loads the model
    copy = pickle.loads(pickle.dumps(step))
    assert copy._model is None
    assert copy.filter(Document(text=FINANCE_DOC, id="b")) is True


def test_missing_model_is_a_clear_error(tmp_path):
    step = DomainClassifierFilter(tmp_path / "missing.bin")  # constructing is fine (trained later)
    with pytest.raises(DaptError, match="missing.bin: classifier model not found"):
        step.filter(Document(text=FINANCE_DOC, id="a"))

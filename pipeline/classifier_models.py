"""The two model families of `dapt classifier train`, behind one interface (`probabilities`).

fasttext   DCLM's recipe: a supervised fastText model on word bigrams (a ~52 MB `.bin` file).
wordllama  static word embeddings: wordllama's 256-dim vectors (shipped inside its wheel, so they
           load offline), mean-pooled over a text and unit-normalized, with a logistic-regression
           head; the model file is the head alone (JSON, ~6 KB).
Both read text normalized by `normalize_text` (lowercased, punctuation split, digits as 0).
`save_verified` writes either one to a temporary path, loads it back and checks its size before
renaming it into place: a full disk leaves no half-written model behind.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from pipeline.errors import DaptError

FAMILIES = ("fasttext", "wordllama")
POSITIVE_LABEL = "__label__domain"
NEGATIVE_LABEL = "__label__other"
# DCLM trains with wordNgrams=2, lr=0.1, 5 epochs; dim and bucket are smaller than fastText's
# defaults (100, 2M) so that a model is ~52 MB instead of ~800 MB.
FASTTEXT_PARAMS = {"lr": 0.1, "epoch": 5, "wordNgrams": 2, "dim": 64, "bucket": 200_000, "minCount": 1}
# DCLM's 5 epochs assume millions of examples; a seed set of a few hundred lines needs more passes
# (F1 0.89 -> 1.0 on the demo seeds): at least MIN_UPDATES example updates, at most MAX_EPOCHS.
MIN_UPDATES = 25_000
MAX_EPOCHS = 50
EMBEDDINGS = "wordllama/l2_supercat_256"
EMBEDDING_FORMAT = "dapt-static-embedding-classifier"
L2_PENALTY = 1e-3  # of the logistic head, against a loss averaged over (class-weighted) examples
NEWTON_STEPS = 25
_TOKEN = re.compile(r"\w+|[^\w\s]")


def normalize_text(text: str) -> str:
    """One line of lowercased tokens (words and punctuation split apart, digits as 0): what the
    models see in training and in the filters."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\d", "0", " ".join(_TOKEN.findall(text)))


class Classifier(Protocol):
    family: str

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        """Probability of the positive class of each normalized text."""
        ...


# ----------------------------------------------------------------------------------- fastText
class FastTextClassifier:
    family = "fasttext"

    def __init__(self, model: Any):
        self.model = model

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        labels, probs = self.model.predict(list(texts), k=-1)
        return [
            min(1.0, float(dict(zip(ls, ps, strict=True)).get(POSITIVE_LABEL, 0.0)))
            for ls, ps in zip(labels, probs, strict=True)
        ]


def fasttext_params(examples: int, seed: int) -> dict[str, Any]:
    epoch = min(MAX_EPOCHS, max(FASTTEXT_PARAMS["epoch"], math.ceil(MIN_UPDATES / max(1, examples))))
    # one thread: the same seed gives the same model
    return {**FASTTEXT_PARAMS, "epoch": epoch, "seed": seed, "thread": 1}


# Trains fastText jobs in a fresh interpreter; each job saves its model and/or scores a file.
_FIT = """
import json, sys
import fasttext
for job in json.loads(sys.argv[1]):
    model = fasttext.train_supervised(input=job["train"], verbose=0, **job["params"])
    if job.get("save"):
        model.save_model(job["save"])
    if job.get("score"):
        with open(job["score"], encoding="utf-8") as f:
            labels, probs = model.predict(f.read().splitlines(), k=-1)
        scores = [dict(zip(l, p)).get("__label__domain", 0.0) for l, p in zip(labels, probs)]
        with open(job["scores"], "w") as f:
            json.dump([min(1.0, float(s)) for s in scores], f)
"""


def run_fasttext_jobs(jobs: list[dict[str, Any]]) -> None:
    """Run fastText training jobs (`train`, `params`, optional `save`, `score` and `scores` paths).
    fastText runs in a fresh interpreter: inside a long-lived process (the test suite, after ~200
    other tests) it failed with "Encountered NaN" on a file and seed that train cleanly in a new
    process, at any learning rate (not a divergence)."""
    result = subprocess.run([sys.executable, "-c", _FIT, json.dumps(jobs)], capture_output=True, text=True)
    if result.returncode != 0:
        error = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
        files = ", ".join(sorted({job["train"] for job in jobs}))
        raise DaptError(f"fastText training failed on {files}: {error}")


def load_fasttext(path: Path) -> FastTextClassifier:
    from fasttext.FastText import _FastText  # the class itself: fasttext.load_model prints a warning

    try:
        model = _FastText(model_path=str(path))
    except (ValueError, MemoryError, RuntimeError) as exc:
        raise DaptError(f"{path}: not a fastText model ({exc})") from exc
    if POSITIVE_LABEL not in model.get_labels():
        raise DaptError(
            f"{path}: has labels {model.get_labels()}, expected {POSITIVE_LABEL} (dapt classifier train)"
        )
    rows, dim = model.get_input_matrix().shape
    if path.stat().st_size < 4 * rows * dim:
        raise DaptError(f"{path}: truncated fastText model ({path.stat().st_size} bytes)")
    return FastTextClassifier(model)


# ----------------------------------------------------------------------------------- static embeddings
@functools.cache
def static_embeddings() -> tuple[Any, np.ndarray]:
    """wordllama's tokenizer and 256-dim token vectors, from the files inside its wheel (its own
    `WordLlama.load()` looks for the tokenizer outside the wheel and downloads it)."""
    try:
        import wordllama
    except ImportError as exc:
        raise DaptError(
            "the wordllama model family needs the `wordllama` package (pip install wordllama)"
        ) from exc
    from safetensors import safe_open
    from tokenizers import Tokenizer

    root = Path(wordllama.__file__).parent
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np") as f:
        vectors = f.get_tensor("embedding.weight").astype(np.float32)
    return tokenizer, vectors


_WORD_VECTORS: dict[str, np.ndarray] = {}  # word -> the sum of its token vectors (a bounded cache)
WORD_CACHE = 50_000  # words (~50 MB)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length mean token vectors of normalized texts, one row per text (zeros for a text
    without words). Each distinct word is tokenized once and its token vectors summed: wordllama's
    own `embed` pads a batch to its longest text and tokenizes a text as one piece, which takes
    minutes on a long filing (0.2 MB/s)."""
    tokenizer, vectors = static_embeddings()
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    for row, text in enumerate(texts):
        counts = Counter(text.split())
        missing = [word for word in counts if word not in _WORD_VECTORS]
        if len(_WORD_VECTORS) + len(missing) > WORD_CACHE:
            _WORD_VECTORS.clear()
            missing = list(counts)
        if missing:
            encoded = tokenizer.encode_batch(
                [[w] for w in missing], is_pretokenized=True, add_special_tokens=False
            )
            for word, encoding in zip(missing, encoded, strict=True):
                _WORD_VECTORS[word] = vectors[encoding.ids].sum(axis=0)
        if counts:
            weights = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            out[row] = weights @ np.stack([_WORD_VECTORS[word] for word in counts])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


class EmbeddingClassifier:
    """A logistic-regression head on `embed` vectors."""

    family = "wordllama"

    def __init__(self, weights: np.ndarray, bias: float):
        self.weights, self.bias = np.asarray(weights, dtype=np.float64), float(bias)

    def probabilities(self, texts: Sequence[str]) -> list[float]:
        return self.probabilities_of(embed(texts), [bool(t.strip()) for t in texts])

    def probabilities_of(self, vectors: np.ndarray, has_words: Sequence[bool] | None = None) -> list[float]:
        scores = 1.0 / (1.0 + np.exp(-(vectors @ self.weights + self.bias)))
        if has_words is not None:
            scores = np.where(has_words, scores, 0.0)
        return [float(s) for s in scores]

    @classmethod
    def fit(cls, vectors: np.ndarray, labels: np.ndarray, sample_weights: np.ndarray) -> EmbeddingClassifier:
        """L2-penalized logistic regression by Newton's method (257 parameters: exact and
        deterministic; numpy alone, as no model library is a dependency here)."""
        x = np.hstack([vectors.astype(np.float64), np.ones((len(vectors), 1))])
        y, w = labels.astype(np.float64), sample_weights / sample_weights.sum()
        penalty = np.full(x.shape[1], L2_PENALTY)
        penalty[-1] = 0.0
        beta = np.zeros(x.shape[1])
        for _ in range(NEWTON_STEPS):
            p = 1.0 / (1.0 + np.exp(-(x @ beta)))
            gradient = x.T @ (w * (p - y)) + penalty * beta
            hessian = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
            step = np.linalg.solve(hessian, gradient)
            beta -= step
            if np.abs(step).max() < 1e-8:
                break
        return cls(beta[:-1], beta[-1])

    def to_json(self) -> str:
        import wordllama

        return json.dumps(
            {
                "format": EMBEDDING_FORMAT,
                "embeddings": EMBEDDINGS,
                "wordllama_version": getattr(wordllama, "__version__", "unknown"),
                "weights": [round(float(v), 8) for v in self.weights],
                "bias": float(self.bias),
            }
        )


def load_embedding_classifier(path: Path) -> EmbeddingClassifier:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DaptError(f"{path}: not a dapt classifier (truncated or foreign JSON: {exc})") from exc
    if not isinstance(data, dict) or data.get("format") != EMBEDDING_FORMAT:
        raise DaptError(f"{path}: not a dapt classifier (no `format: {EMBEDDING_FORMAT}`)")
    if data.get("embeddings") != EMBEDDINGS:
        raise DaptError(f"{path}: made for embeddings {data.get('embeddings')!r}, this dapt has {EMBEDDINGS}")
    _, vectors = static_embeddings()
    if len(data.get("weights") or []) != vectors.shape[1] or not isinstance(data.get("bias"), float):
        raise DaptError(f"{path}: the head needs {vectors.shape[1]} weights and a bias")
    return EmbeddingClassifier(np.array(data["weights"]), data["bias"])


# ----------------------------------------------------------------------------------- files
def load_classifier(path: str | Path) -> Classifier:
    """A model written by `dapt classifier train`, of either family (told apart by content)."""
    path = Path(path)
    if not path.is_file():
        raise DaptError(f"{path}: classifier model not found (train one with `dapt classifier train`)")
    with open(path, "rb") as f:
        head = f.read(1)
    return load_embedding_classifier(path) if head == b"{" else load_fasttext(path)


def save_verified(out: Path, write: Callable[[Path], None]) -> Classifier:
    """Write a model with `write(temp_path)`, check it (non-empty, loads, not truncated), rename it
    to `out` and return it loaded; on any failure nothing is left at `out` or beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    try:
        try:
            write(tmp)
        except OSError as exc:
            raise DaptError(f"{out}: cannot write the model ({exc})") from exc
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise DaptError(f"{out}: the model was not written (disk full?)")
        try:
            model = load_classifier(tmp)
        except DaptError as exc:
            raise DaptError(f"{out}: the model written does not load back, disk full? ({exc})") from exc
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return model

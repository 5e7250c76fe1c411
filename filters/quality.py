"""datatrove's Gopher, C4 and FineWeb quality filters, with their thresholds measured and fixed where
they misjudge clean text.

Each filter is a small subclass of datatrove's, with the same arguments, defaults and drop reasons;
what the subclasses add:
- `measure(doc)` yields (rule, value) in the order datatrove checks them; `filter` drops at the
  first value past its threshold and stores `filter_value` and `filter_threshold` in the dropped
  document's metadata (datatrove keeps only the reason). pipeline/curate/calibrate.py measures
  seed documents with the same method.
- Word counts: datatrove counts every punctuation mark as a word, so a clean article is ~20%
  "non-alphabetic words" (Gopher's alpha ratio drops about one English page in five). Here a word
  has a letter or a digit (`is_word`), and stop words match whatever their case ("The").
- Line ends: a line that ends in terminal punctuation followed by closing quotes or brackets
  (`said."`, `(2019).)`) ends a sentence (FineWeb's line-punctuation rule and C4's line filter).
- Repetition: duplicated lines, paragraphs and n-grams are counted within windows of about
  `window_words` words of whole lines (a web page's length), not across a whole long document: a
  10-K repeats "as of December 31, 2024" and its table headers over 60,000 words, its vocabulary
  and layout rather than spam. A page shorter than the window is measured exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import numpy as np
from datatrove.data import Document
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from datatrove.pipeline.filters.c4_filters import CITATION_REGEX, ELLIPSIS, POLICY_SUBSTRINGS
from datatrove.pipeline.filters.gopher_repetition_filter import (
    find_all_duplicate,
    find_duplicates,
    find_top_duplicate,
    get_n_grams,
)
from datatrove.utils.text import PUNCTUATION_SET, split_into_sentences, split_into_words

Bound = Literal["min", "max"]
CLOSING_MARKS = "\"'”’)]}»›"
C4_END_PUNCTUATION = (".", "?", "!", '"', "'")
WINDOW_WORDS = 2000


def is_word(token: str) -> bool:
    """A token with at least one character that is not punctuation."""
    return any(ch not in PUNCTUATION_SET for ch in token)


def ends_sentence(line: str, stops: tuple[str, ...]) -> bool:
    """Whether a line ends in one of `stops`, closing quotes and brackets after it allowed."""
    return line.endswith(stops) or line.rstrip(CLOSING_MARKS).endswith(stops)


def text_windows(text: str, window_words: int | None) -> list[str]:
    """`text` cut at line breaks into pieces of about `window_words` words (None: one piece)."""
    if not window_words:
        return [text]
    windows, start, end, words = [], 0, 0, 0
    for line in text.splitlines(keepends=True):
        end += len(line)
        words += len(line.split())
        if words >= window_words:
            windows.append(text[start:end])
            start, words = end, 0
    if start < len(text) or not windows:
        windows.append(text[start:])
    return windows


class MeasuredFilter:
    """A quality filter whose rules are measured values against thresholds (see the module doc).
    `genre_thresholds` ({genre: {rule: threshold}}) replaces some thresholds for the documents whose
    `metadata.genre` it names (calibrated on that genre's seeds, pipeline/curate/calibrate.py)."""

    genre_thresholds: dict[str, dict[str, float]] = {}

    def thresholds(self) -> dict[str, tuple[float | None, Bound]]:
        """Each rule's threshold (None: off) and whether it is a minimum or a maximum."""
        raise NotImplementedError

    def measure(self, doc: Document) -> Iterator[tuple[str, float | None]]:
        """(rule, value) in checking order; None: the rule does not apply to this document."""
        raise NotImplementedError

    def threshold_arguments(self, thresholds: dict[str, float]) -> dict[str, Any]:
        """Constructor arguments that set these rules' thresholds."""
        return {self.PARAMETERS[rule]: value for rule, value in thresholds.items()}

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        limits = self.thresholds()
        own = self.genre_thresholds.get(doc.metadata.get("genre")) or {}
        for rule, value in self.measure(doc):
            threshold, bound = limits[rule]
            threshold = own.get(rule, threshold)
            if value is None or threshold is None:
                continue
            if value > threshold if bound == "max" else value < threshold:
                doc.metadata["filter_value"] = round(float(value), 4)
                doc.metadata["filter_threshold"] = threshold
                return False, rule
        return True


class GopherQuality(MeasuredFilter, GopherQualityFilter):
    PARAMETERS = {
        "gopher_short_doc": "min_doc_words",
        "gopher_long_doc": "max_doc_words",
        "gopher_below_avg_threshold": "min_avg_word_length",
        "gopher_above_avg_threshold": "max_avg_word_length",
        "gopher_too_many_hashes": "max_symbol_word_ratio",
        "gopher_too_many_ellipsis": "max_symbol_word_ratio",
        "gopher_too_many_bullets": "max_bullet_lines_ratio",
        "gopher_too_many_end_ellipsis": "max_ellipsis_lines_ratio",
        "gopher_below_alpha_threshold": "max_non_alpha_words_ratio",  # a minimum, despite its name
        "gopher_enough_stop_words": "min_stop_words",
    }

    def thresholds(self) -> dict[str, tuple[float | None, Bound]]:
        def on(value):  # datatrove turns a rule off with 0 or None
            return value or None

        return {
            "gopher_short_doc": (on(self.min_doc_words), "min"),
            "gopher_long_doc": (on(self.max_doc_words), "max"),
            "gopher_below_avg_threshold": (on(self.min_avg_word_length), "min"),
            "gopher_above_avg_threshold": (on(self.max_avg_word_length), "max"),
            "gopher_too_many_hashes": (on(self.max_symbol_word_ratio), "max"),
            "gopher_too_many_ellipsis": (on(self.max_symbol_word_ratio), "max"),
            "gopher_too_many_bullets": (on(self.max_bullet_lines_ratio), "max"),
            "gopher_too_many_end_ellipsis": (on(self.max_ellipsis_lines_ratio), "max"),
            "gopher_below_alpha_threshold": (on(self.max_non_alpha_words_ratio), "min"),
            "gopher_enough_stop_words": (on(self.min_stop_words), "min"),
        }

    def threshold_arguments(self, thresholds: dict[str, float]) -> dict[str, Any]:
        arguments = super().threshold_arguments(thresholds)
        ratios = [
            thresholds[r] for r in ("gopher_too_many_hashes", "gopher_too_many_ellipsis") if r in thresholds
        ]
        if ratios:  # two rules, one argument: the looser value
            arguments["max_symbol_word_ratio"] = max(ratios)
        return arguments

    def measure(self, doc: Document) -> Iterator[tuple[str, float | None]]:
        text = doc.text
        words = [w for w in split_into_words(text, self.language) if is_word(w)]
        n_words = len(words)
        yield "gopher_short_doc", n_words
        yield "gopher_long_doc", n_words
        if not n_words:
            return
        mean_length = float(np.mean([len(w) for w in words]))
        yield "gopher_below_avg_threshold", mean_length
        yield "gopher_above_avg_threshold", mean_length
        yield "gopher_too_many_hashes", text.count("#") / n_words
        yield "gopher_too_many_ellipsis", (text.count("...") + text.count("…")) / n_words
        lines = text.splitlines() or [""]
        bullets = sum(line.lstrip().startswith(("•", "-")) for line in lines)
        yield "gopher_too_many_bullets", bullets / len(lines)
        ellipses = sum(line.rstrip().endswith(("...", "…")) for line in lines)
        yield "gopher_too_many_end_ellipsis", ellipses / len(lines)
        yield "gopher_below_alpha_threshold", sum(any(c.isalpha() for c in w) for w in words) / n_words
        yield "gopher_enough_stop_words", len(self.stop_words.intersection(w.lower() for w in words))


class GopherRepetition(MeasuredFilter, GopherRepetitionFilter):
    """Gopher's repetition rules; duplicated n-grams counted per window of `window_words` words."""

    PARAMETERS = {
        "dup_para_frac": "dup_para_frac",
        "dup_para_char_frac": "dup_para_char_frac",
        "dup_line_frac": "dup_line_frac",
        "dup_line_char_frac": "dup_line_char_frac",
    }

    def __init__(self, *args, window_words: int | None = WINDOW_WORDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.window_words = window_words

    def thresholds(self) -> dict[str, tuple[float | None, Bound]]:
        limits: dict[str, tuple[float | None, Bound]] = {
            rule: (getattr(self, parameter) or None, "max") for rule, parameter in self.PARAMETERS.items()
        }
        limits |= {f"top_{n}_gram": (fraction, "max") for n, fraction in self.top_n_grams}
        limits |= {f"duplicated_{n}_n_grams": (fraction, "max") for n, fraction in self.dup_n_grams}
        return limits

    def threshold_arguments(self, thresholds: dict[str, float]) -> dict[str, Any]:
        arguments = super().threshold_arguments({r: v for r, v in thresholds.items() if r in self.PARAMETERS})
        for parameter, pattern in (("top_n_grams", "top_{}_gram"), ("dup_n_grams", "duplicated_{}_n_grams")):
            current = getattr(self, parameter)
            if any(pattern.format(n) in thresholds for n, _ in current):
                arguments[parameter] = [[n, thresholds.get(pattern.format(n), f)] for n, f in current]
        return arguments

    def measure(self, doc: Document) -> Iterator[tuple[str, float | None]]:
        text = doc.text
        if not text:
            return
        windows = text_windows(text, self.window_words)
        paragraphs = [self.paragraph_exp.split(w.strip()) for w in windows]
        duplicates = [find_duplicates(p) for p in paragraphs]
        yield "dup_para_frac", sum(d for d, _ in duplicates) / sum(map(len, paragraphs))
        yield "dup_para_char_frac", sum(c for _, c in duplicates) / len(text)
        lines = [self._line_splitter.split(w) for w in windows]
        duplicates = [find_duplicates(line) for line in lines]
        yield "dup_line_frac", sum(d for d, _ in duplicates) / sum(map(len, lines))
        yield "dup_line_char_frac", sum(c for _, c in duplicates) / len(text)
        words = [w for w in split_into_words(text, self.language) if is_word(w)]
        for n, _ in self.top_n_grams:
            n_grams = get_n_grams(words, n)
            yield f"top_{n}_gram", find_top_duplicate(n_grams) / len(text) if n_grams else None
        window_words = [
            [w for w in split_into_words(window, self.language) if is_word(w)] for window in windows
        ]
        for n, _ in self.dup_n_grams:
            yield f"duplicated_{n}_n_grams", sum(find_all_duplicate(w, n) for w in window_words) / len(text)


class FineWebQuality(MeasuredFilter, FineWebQualityFilter):
    """FineWeb's rules; duplicated lines counted per window of `window_words` words."""

    PARAMETERS = {
        "line_punct_ratio": "line_punct_thr",
        "short_line_ratio": "short_line_thr",
        "char_dup_ratio": "char_duplicates_ratio",
        "list_ratio": "new_line_ratio",
    }

    def __init__(self, *args, window_words: int | None = WINDOW_WORDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.window_words = window_words

    def thresholds(self) -> dict[str, tuple[float | None, Bound]]:
        return {
            "line_punct_ratio": (self.line_punct_thr, "min"),
            "short_line_ratio": (self.short_line_threshold, "max"),
            "char_dup_ratio": (self.char_duplicates_ratio, "max"),
            "list_ratio": (self.new_line_ratio, "max"),
        }

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        if not doc.text.strip():
            return False, "empty"
        return super().filter(doc)

    def measure(self, doc: Document) -> Iterator[tuple[str, float | None]]:
        lines = [line for line in doc.text.split("\n") if line.strip()]
        if not lines:
            return
        ratio = sum(ends_sentence(line, self.stop_chars) for line in lines) / len(lines)
        yield "line_punct_ratio", None if ratio == 0 and self.line_punct_exclude_zero else ratio
        yield "short_line_ratio", sum(len(line) <= self.short_line_length for line in lines) / len(lines)
        duplicated = sum(
            find_duplicates([line for line in window.split("\n") if line.strip()])[1]
            for window in text_windows(doc.text, self.window_words)
        )
        yield "char_dup_ratio", duplicated / max(1, len(doc.text.replace("\n", "")))
        # every token counts here, as in datatrove: FineWeb's 0.3 was tuned on that count
        words = split_into_words(doc.text, self.language)
        yield "list_ratio", doc.text.count("\n") / max(1, len(words))


class C4Quality(MeasuredFilter, C4QualityFilter):
    """C4's line filter and document rules (datatrove's code, with `ends_sentence` for line ends);
    it removes lines from the documents it keeps."""

    PARAMETERS = {"too_few_sentences": "min_num_sentences"}

    def thresholds(self) -> dict[str, tuple[float | None, Bound]]:
        return {
            "too_few_sentences": (None if self.min_num_sentences == -1 else self.min_num_sentences, "min")
        }

    def measure(self, doc: Document) -> Iterator[tuple[str, float | None]]:
        kept = self._kept_lines(doc.text)
        if isinstance(kept, list):
            yield "too_few_sentences", self._sentences(kept)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        kept = self._kept_lines(doc.text)
        if isinstance(kept, str):
            return False, kept
        if self.min_num_sentences != -1 and (sentences := self._sentences(kept)) < self.min_num_sentences:
            doc.metadata["filter_value"] = sentences
            doc.metadata["filter_threshold"] = self.min_num_sentences
            return False, "too_few_sentences"
        doc.text = ("\n" if self.split_paragraph else " ").join(kept).strip()
        return True

    def _sentences(self, lines: list[str]) -> int:
        if not self.split_paragraph:
            return len(lines)
        return sum(len(split_into_sentences(line, self.language)) for line in lines)

    def _kept_lines(self, text: str) -> list[str] | str:
        """The lines C4 keeps, or the reason that drops the whole document."""
        lines = text.splitlines() if self.split_paragraph else split_into_sentences(text, self.language)
        kept = []
        for line in lines:
            line = line.strip()
            words = line.split()
            self.stat_update("line-total")
            if self.max_word_length != -1 and any(len(word) > self.max_word_length for word in words):
                self.stat_update("line-filter-too_long_word")
                continue
            if self.remove_citations:
                line = CITATION_REGEX.sub("", line)
            if self.filter_no_terminal_punct and (
                not ends_sentence(line, C4_END_PUNCTUATION) or line.endswith(ELLIPSIS)
            ):
                self.stat_update("line-filter-no_terminal_punc")
                continue
            if len(words) < self.min_words_per_line:
                self.stat_update("line-filter-too_few_words")
                continue
            lowered = line.lower()
            if self.filter_lorem_ipsum and "lorem ipsum" in lowered:
                return "lorem_ipsum"
            if self.filter_javascript and "javascript" in lowered:
                self.stat_update("line-filter-javascript")
                continue
            if self.filter_curly_bracket and "{" in line:
                return "curly_bracket"
            if self.filter_policy and any(p in lowered for p in POLICY_SUBSTRINGS):
                self.stat_update("line-filter-policy")
                continue
            kept.append(line)
            self.stat_update("line-kept")
        return kept

"""A regex word and sentence tokenizer for datatrove's quality filters and MinHash.

Fills a gap in datatrove: its Gopher, C4 and FineWeb filters tokenize with spaCy (not in its
extras), and spend ~90% of their time in it. This tokenizer mimics spaCy's English rules where the
filters look (punctuation split off words, contractions, abbreviations, numbers, URLs) with one
compiled regex; bench/bench_curate.py measures keep/drop agreement with spaCy. Pass an instance
as `language=` to any datatrove step that takes one.
"""

from __future__ import annotations

import regex
from datatrove.utils.word_tokenizers import WordTokenizer

_LETTER = r"[\p{L}\p{M}\p{N}\p{Cf}]"  # word characters (soft hyphens included, underscores not)
_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Inc|Corp|Co|Ltd|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# One token per match, in this order of preference (spaCy's English rules where the filters look):
_WORD = regex.compile(
    rf"""
    https?://\S+[^\s.,;:!?)\]}}'"]                        # URLs, without trailing punctuation
    | [\w.+-]+@\w[\w-]*(?:\.[\w-]+)+                       # e-mail addresses
    | {_LETTER}+(?=n['’]t\b)                               # "do" of "don't" (spaCy splits n't)
    | n['’]t\b                                            # "n't"
    | ['’](?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)\b             # clitics: 's 're 've 'll 'd 'm
    | (?:\p{{Lu}}\.)+ | (?:\p{{Ll}}\.){{2,}}                   # initials, initialisms: J. U.S. e.g.
    | [Cc]an(?=not\b)                                      # "can" of "cannot"
    | (?:{_ABBREVIATIONS})\.                               # abbreviations: Inc. Mr.
    | \p{{N}}+(?:[.,:/]\p{{N}}+)+                           # numbers: 1,000.50  12:30  3/4
    | {_LETTER}+(?:(?:['’](?!(?:s|re|ve|ll|d|m)\b)|[./&]|-(?=\p{{N}}))(?={_LETTER}){_LETTER}+)*
                                                          # words: o'clock AT&T sec.gov
                                                          # COVID-19; "long-term" is 3 tokens
    | \.{{2,}} | -{{2,}}                                     # ellipses and dashes stay whole
    | \S                                                  # any other symbol: one token each
    """,
    regex.VERBOSE,
)
# A sentence ends at terminal punctuation (with closing quotes/brackets) followed by white space,
# or at a line break; spaCy's sentencizer makes the same cuts on web text. Also before a capitalized
# word glued to the mark ("on Wednesday.The stabbing"): extractors join paragraphs so.
_SENTENCE_END = regex.compile(r"""[.!?。！？…]+['"”’)\]]*(?=\s|\p{Lu}\p{Ll})|\n+""")


class RegexWordTokenizer(WordTokenizer):
    """Fast word, sentence and span tokenization with the regexes above (language-agnostic for
    space-separated scripts; use datatrove's own tokenizers for zh/ja/th)."""

    def __init__(self, language: str = "en"):
        super().__init__(language)
        self._last_text: str | None = None
        self._last_tokens: list[str] = []

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_last_text": None, "_last_tokens": []}

    def word_tokenize(self, text: str) -> list[str]:
        # the filters tokenize the same text one after the other: keep the last result
        if text is not self._last_text:
            tokens = []
            for chunk in text.split():
                if chunk.isalpha():  # most chunks are plain words: skip the regex
                    tokens.append(chunk)
                else:
                    tokens += _WORD.findall(chunk)
            self._last_text, self._last_tokens = text, tokens
        return list(self._last_tokens)

    def sent_tokenize(self, text: str) -> list[str]:
        return [text[a:b].strip() for a, b in self.span_tokenize(text)]

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        spans, start = [], 0
        for match in _SENTENCE_END.finditer(text):
            end = match.end()
            if text[start:end].strip():
                spans.append((start, end))
                start = end
        if text[start:].strip():
            spans.append((start, len(text)))
        return spans

    # datatrove caches tokenizers by argument (lru_cache): equal instances share one entry
    def __eq__(self, other: object) -> bool:
        return isinstance(other, RegexWordTokenizer) and other.language == self.language

    def __hash__(self) -> int:
        return hash((RegexWordTokenizer, self.language))

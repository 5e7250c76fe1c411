"""Main-text extraction from HTML: resiliparse (fast, default) or trafilatura (datatrove's).

Fills a gap in datatrove: its extractors drop documents they cannot extract (timeout, error,
empty) without writing them anywhere or saying why. This step keeps datatrove's sandboxed,
per-page timeout for trafilatura, runs resiliparse in-process (linear-time C++), passes plain
text (WET records) through, and drops with a reason (`extraction_timeout`, `extraction_error`,
`empty_extraction`) to an exclusion writer like a datatrove filter.
"""

from __future__ import annotations

import contextlib
from typing import Literal

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.extractors.base import ExtractorSandbox
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.typeshelper import StatHints


def tidy_lines(text: str) -> str:
    """One paragraph per line, no blank lines (trafilatura's layout, which the FineWeb and C4
    line-based heuristics were tuned on)."""
    return "\n".join(line for line in (raw.strip() for raw in text.splitlines()) if line)


# Page furniture that resiliparse's main-content heuristics keep: skipping it raised token F1 against
# the 181 gold article bodies of the real pages from 0.930 to 0.945 (bench/bench_curate.py).
PRECISION_SKIP = ["figcaption", "aside", "nav", "footer", "header"]
# Where a page marks up its article (schema.org, HTML5), the only such element, searched in this
# order, bounds the extraction (sidebars and teasers outside it go): 0.945 -> 0.948.
ARTICLE_SELECTORS = ['[itemprop="articleBody"]', "article", "main"]
MIN_ARTICLE_SHARE = 0.3  # of the whole page's main text: a smaller "article" is a teaser or a card
LEAD_LINE_CHARS = 30  # shorter lines before the body that end no sentence are bylines, dates, kickers
SENTENCE_ENDS = tuple('.!?"”。！？')


def resiliparse_extract(html: str, favor_precision: bool = True) -> str:
    """The main text of a page, one paragraph per line: with favor_precision, the article body alone
    (no page furniture, comments, title or byline); without, all of resiliparse's main content."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    def extract(source) -> str:
        return tidy_lines(
            extract_plain_text(
                source,
                main_content=True,
                alt_texts=False,
                comments=not favor_precision,
                post_meta=not favor_precision,
                skip_elements=PRECISION_SKIP if favor_precision else None,
                list_bullets=True,
                form_fields=False,
                noscript=False,
                links=False,
            )
        )

    if not favor_precision:
        return extract(html)
    tree = HTMLTree.parse(html)
    text = extract(tree)
    for selector in ARTICLE_SELECTORS:
        found = tree.document.query_selector_all(selector) if tree.document else []
        if len(found) == 1:
            article = extract(found[0].html)
            if len(article) >= MIN_ARTICLE_SHARE * len(text):
                text = article
                break
    return _body(text, tree)


def _body(text: str, tree) -> str:
    """The body alone, as trafilatura (and so FineWeb) extracts it: without a first line that is the
    page's <title> or an <h1>, nor the short lines before the body that end no sentence (byline,
    date, kicker). Token F1 on the gold bodies 0.948 -> 0.9515 (title), -> 0.9519 (short lines)."""
    lines = text.split("\n")
    headings = [h.text for h in tree.document.query_selector_all("h1")] if tree.document else []
    if _squashed(lines[0]) in {_squashed(t) for t in [tree.title or "", *headings]}:
        lines = lines[1:]
    start = 0
    while (
        start < len(lines) - 1
        and len(lines[start]) < LEAD_LINE_CHARS
        and not lines[start].endswith(SENTENCE_ENDS)
    ):
        start += 1
    return "\n".join(lines[start:])


def _squashed(text: str) -> str:
    return " ".join(text.split()).lower()


class TextExtractor(PipelineStep):
    """HTML -> main text. Documents whose metadata `content_type` is "text/plain" pass unchanged."""

    type = "🛢 - EXTRAC"
    name = "⛏ Extract"
    _requires_dependencies = ["resiliparse"]

    def __init__(
        self,
        extractor: Literal["resiliparse", "trafilatura"] = "resiliparse",
        timeout: float = 1.0,
        favor_precision: bool = True,
        exclusion_writer: DiskWriter | None = None,
    ):
        super().__init__()
        self.extractor = extractor
        self.timeout = timeout
        self.favor_precision = favor_precision
        self.exclusion_writer = exclusion_writer

    def _drop(self, doc, reason: str, writer, rank: int) -> None:
        self.stat_update(StatHints.dropped, f"dropped_{reason}")
        if writer:
            doc.metadata["filter_reason"] = reason
            writer.write(doc, rank)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        sandbox = ExtractorSandbox(timeout=self.timeout) if self.extractor == "trafilatura" else None
        trafilatura = Trafilatura(favour_precision=self.favor_precision, timeout=self.timeout)
        with (
            sandbox or contextlib.nullcontext(),
            self.exclusion_writer or contextlib.nullcontext() as writer,
        ):
            for doc in data:
                self.stat_update(StatHints.total)
                if doc.metadata.get("content_type") == "text/plain":
                    self.stat_update("already_text", StatHints.forwarded)
                    yield doc
                    continue
                with self.track_time():
                    try:
                        if sandbox is None:
                            text = resiliparse_extract(doc.text, self.favor_precision)
                        else:
                            text = tidy_lines(sandbox.process_document(doc.text, trafilatura.extract) or "")
                    except TimeoutError:
                        self._drop(doc, "extraction_timeout", writer, rank)
                        continue
                    except Exception:  # a parser crash on one page must not stop the run
                        self._drop(doc, "extraction_error", writer, rank)
                        continue
                if not text:
                    self._drop(doc, "empty_extraction", writer, rank)
                    continue
                doc.text = text
                doc.metadata["content_type"] = "text/plain"
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc

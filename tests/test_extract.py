"""Text extraction (resiliparse, trafilatura), the URL and language filters, the word tokenizer."""

from __future__ import annotations

import gzip
import json

import pytest
from datatrove.data import Document

from filters.extract import TextExtractor, resiliparse_extract, tidy_lines
from filters.language import FastTextLanguageFilter
from filters.url import DomainListURLFilter
from filters.words import RegexWordTokenizer
from pipeline.curate.steps import ReasonJsonlWriter

ARTICLE = """<html><head><title>Rates</title><script>var x = 1;</script></head><body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
<article><h1>Central bank holds rates steady</h1>
<p>The central bank left its benchmark interest rate unchanged on Wednesday, citing a slowdown in
inflation and a labor market that has cooled but remains resilient.</p>
<p>Officials said they would keep watching incoming data before deciding whether to cut borrowing
costs later this year, a move that investors had widely expected.</p></article>
<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def documents(*items: tuple[str, str]) -> list[Document]:
    return [Document(text=text, id=str(i), metadata={"url": url}) for i, (url, text) in enumerate(items)]


def rejected(folder) -> list[dict]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl.gz")) for line in gzip.open(path, "rt")]


@pytest.mark.parametrize("extractor", ["resiliparse", "trafilatura"])
def test_extracts_the_article_and_drops_boilerplate(extractor):
    doc = Document(text=ARTICLE, id="a", metadata={"content_type": "text/html"})
    (out,) = TextExtractor(extractor, timeout=5)([doc])
    assert "left its benchmark interest rate unchanged" in out.text
    assert "var x" not in out.text
    assert "\n\n" not in out.text  # one paragraph per line
    assert out.metadata["content_type"] == "text/plain"


def test_resiliparse_keeps_the_body_of_the_marked_up_article():
    """The page's only <article> bounds the text (teasers beside it go); the headline and the short
    lines before the body (byline, date) are left out, as trafilatura leaves them out."""
    teasers = "".join(
        f"<div class='teaser'><p>Teaser {i}: a long enough line about another story to look like text"
        f" in a sidebar, which main-content heuristics keep.</p></div>"
        for i in range(6)
    )
    page = ARTICLE.replace(
        "<h1>Central bank holds rates steady</h1>",
        "<h1>Central bank holds rates steady</h1><p>By Jane Doe</p><p>May 1, 2024</p>",
    ).replace("</article>", f"</article>{teasers}")
    text = resiliparse_extract(page)
    assert text.splitlines()[0].startswith("The central bank left its benchmark")
    assert "Teaser" not in text and "Jane Doe" not in text
    assert "a move that investors had widely expected." in text
    short = "<html><body><article><p>Only a short line</p></article></body></html>"
    assert resiliparse_extract(short) == "Only a short line"  # never emptied by the lead-line rule


def test_extraction_failures_are_dropped_with_a_reason(tmp_path):
    docs = [
        Document(text="<html><body><script>only()</script></body></html>", id="empty", metadata={}),
        Document(text="already plain text", id="wet", metadata={"content_type": "text/plain"}),
    ]
    step = TextExtractor("resiliparse", exclusion_writer=ReasonJsonlWriter(tmp_path))
    kept = list(step(docs))
    assert [d.id for d in kept] == ["wet"]
    assert [(d["id"], d["metadata"]["filter_reason"]) for d in rejected(tmp_path)] == [
        ("empty", "empty_extraction")
    ]
    assert step.stats["dropped_empty_extraction"].total == 1


def test_trafilatura_timeout_drops_the_page(tmp_path):
    huge = "<html><body>" + "<div><p>word " * 20000 + "</p></div>" * 20000 + "</body></html>"
    step = TextExtractor("trafilatura", timeout=0.05, exclusion_writer=ReasonJsonlWriter(tmp_path))
    assert list(step([Document(text=huge, id="slow", metadata={})])) == []
    assert rejected(tmp_path)[0]["metadata"]["filter_reason"] == "extraction_timeout"


def test_tidy_lines():
    assert tidy_lines("  a \n\n\n b\t\n") == "a\nb"


def test_url_filter_lists_and_missing_urls():
    step = DomainListURLFilter(
        allow_domains=["example.com", "bank.org"],
        block_domains=["ads.example.com"],
        datatrove_blocklist=False,
    )
    docs = documents(
        ("https://www.example.com/a", "x"),
        ("https://news.example.com/b", "x"),
        ("https://ads.example.com/c", "x"),
        ("https://other.net/d", "x"),
        ("", "x"),
    )
    assert [step.filter(d) for d in docs] == [
        True,
        True,
        (False, "blocked_domain"),
        (False, "not_allowed_domain"),
        True,
    ]


def test_url_filter_uses_datatrove_block_lists_offline():
    step = DomainListURLFilter()
    adult, fine = documents(("https://pornhub.com/x", "x"), ("https://www.federalreserve.gov/a", "x"))
    assert step.filter(adult)[0] is False
    assert step.filter(fine) is True


def test_language_filter_keeps_label_and_score(tmp_path):
    step = FastTextLanguageFilter(["en"], 0.65, exclusion_writer=ReasonJsonlWriter(tmp_path))
    english, german = documents(
        ("u", "The quarterly report shows that revenue grew faster than expected across all regions."),
        ("u", "Der Quartalsbericht zeigt, dass der Umsatz in allen Regionen schneller gewachsen ist."),
    )
    assert [d.id for d in step([english, german])] == ["0"]
    assert english.metadata["language"] == "en" and english.metadata["language_score"] > 0.65
    assert rejected(tmp_path)[0]["metadata"]["filter_reason"] == "language_de"


def test_regex_word_tokenizer():
    tok = RegexWordTokenizer()
    assert tok.word_tokenize("Don't pay $1,000.50 to the U.S. office... now!") == [
        "Do",
        "n't",
        "pay",
        "$",
        "1,000.50",
        "to",
        "the",
        "U.S.",
        "office",
        "...",
        "now",
        "!",
    ]
    assert tok.sent_tokenize("One here. Two there! Three?\nFour") == [
        "One here.",
        "Two there!",
        "Three?",
        "Four",
    ]
    assert tok == RegexWordTokenizer() and hash(tok) == hash(RegexWordTokenizer())

"""The quality filters of filters/quality.py on real text, and their calibration on seeds."""

from __future__ import annotations

import pytest
from datatrove.data import Document
from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter

from filters.quality import C4Quality, FineWebQuality, GopherQuality, GopherRepetition
from filters.words import RegexWordTokenizer
from pipeline.curate.calibrate import calibrate_filters

# A real news article (Reuters, Nov. 2019, from the real-pages gold bodies): one paragraph a line,
# quotes closing the sentences, figures and punctuation.
# ruff: noqa: E501
ARTICLE = """(Reuters) — The New York State Attorney General (NYAG) is investigating WeWork, according to two people familiar with the matter, adding to a mounting series of problems.
The company, which is expected to lay off thousands of employees beginning this week as it faces ballooning losses, confirmed on Monday that it had been contacted by the office of the NYAG, Letitia James.
“We received an inquiry from the office of the New York State Attorney General and are cooperating in the matter,” said a WeWork spokesperson when contacted by Reuters.
A spokesperson for the NYAG declined to comment: “We don’t comment on investigations.”
Neumann bought properties that he then leased back to WeWork, borrowed against his own stake, and had planned to charge WeWork almost $6 million to use his trademark of the word “We.”
The company shelved its plans for an initial public offering on Sept. 30, after investors balked at its $47 billion valuation (later cut to $8 billion).
SoftBank Group Corp., WeWork’s largest shareholder, agreed in October to a $9.5 billion rescue package."
Analysts said the lay-offs, which may affect 4,000 jobs, were "overdue."
"""
# Navigation residue of a real page (kept by an extractor): menus, a repeated call to action.
JUNK = "\n".join(
    [
        "Home",
        "News",
        "Sports",
        "Weather",
        "Subscribe now and save 50%",
        "Log in",
        "Sign up for our newsletter",
    ]
    * 6
)


def _filters():
    language = RegexWordTokenizer()
    return [
        GopherRepetition(language=language),
        GopherQuality(language=language),
        C4Quality(filter_no_terminal_punct=False, language=language),
        FineWebQuality(language=language),
    ]


def test_a_clean_article_with_quoted_endings_passes_every_filter():
    for step in _filters():
        assert step.filter(Document(text=ARTICLE, id="a")) is True, type(step).__name__
    # the same article is dropped by datatrove's own counts: punctuation as words, `."` not terminal
    language = RegexWordTokenizer()
    alpha_only = GopherQualityFilter(language=language, min_doc_words=None, min_stop_words=None)
    assert alpha_only.filter(Document(text=ARTICLE, id="a")) == (False, "gopher_below_alpha_threshold")
    quoted = "\n".join(f'He said it was "{w}."' for w in ("fine", "good", "done", "over", "true", "late"))
    assert FineWebQualityFilter(language=language).filter(Document(text=quoted, id="q")) == (
        False,
        "line_punct_ratio",
    )
    assert (
        dict(FineWebQuality(language=language).measure(Document(text=quoted, id="q")))["line_punct_ratio"]
        == 1
    )


def test_a_junk_page_fails_with_its_reason_and_measured_value():
    for step in _filters():  # each filter on its own drops it, but C4 (which keeps its lines)
        if isinstance(step, C4Quality):
            continue
        doc = Document(text=JUNK, id="j")
        assert step.filter(doc) is not True, type(step).__name__
    doc = Document(text=JUNK, id="j")
    assert GopherRepetition(language=RegexWordTokenizer()).filter(doc) == (False, "dup_line_frac")
    assert doc.metadata == {"filter_value": 0.8333, "filter_threshold": 0.3}


def test_c4_counts_sentences_and_stores_the_count():
    doc = Document(text="One short brief. It has two sentences.", id="b")
    assert C4Quality(language=RegexWordTokenizer()).filter(doc) == (False, "too_few_sentences")
    assert (doc.metadata["filter_value"], doc.metadata["filter_threshold"]) == (2, 5)


def test_long_documents_are_judged_per_window():
    """The same text repeated every 2,500 words is a long document's vocabulary, not spam."""
    words = ARTICLE.split()
    body = "\n".join(" ".join(words[i : i + 20]) for i in range(0, len(words), 20))
    long_text = "\n".join([body + f"\nSection {i} ends here." for i in range(12)])
    windowed = dict(GopherRepetition(language=RegexWordTokenizer()).measure(Document(text=long_text, id="l")))
    whole = dict(
        GopherRepetition(language=RegexWordTokenizer(), window_words=None).measure(
            Document(text=long_text, id="l")
        )
    )
    assert (
        whole["duplicated_5_n_grams"] > 0.5
        and windowed["duplicated_5_n_grams"] < whole["duplicated_5_n_grams"]
    )


def test_calibration_relaxes_only_the_rules_seeds_fail():
    """Seeds that are lists (short lines, no terminal punctuation) relax FineWeb's line rules just
    enough to keep 95% of them, and leave the rules they pass at their defaults."""
    seeds = [
        "\n".join(f"Item {i}.{j} net revenue {1000 + i * j} million" for j in range(8 + i % 5))
        for i in range(40)
    ]
    fineweb = FineWebQuality(language=RegexWordTokenizer())
    result = calibrate_filters([("fineweb", fineweb)], seeds, keep_fraction=0.95)
    rules = {r["rule"]: r for r in result["rules"]}
    assert rules["line_punct_ratio"]["seed_keep_fraction_default"] == 0
    assert (
        rules["line_punct_ratio"]["calibrated"] == 0
        and rules["line_punct_ratio"]["seed_keep_fraction"] >= 0.95
    )
    assert rules["char_dup_ratio"]["calibrated"] == rules["char_dup_ratio"]["default"] == 0.01
    relaxed = FineWebQuality(language=RegexWordTokenizer(), **result["arguments"]["fineweb"])
    kept = sum(relaxed.filter(Document(text=s, id=str(i))) is True for i, s in enumerate(seeds))
    assert kept >= 0.95 * len(seeds) and fineweb.filter(Document(text=seeds[0], id="0")) is not True
    # the relaxed filter still drops the junk page
    assert relaxed.filter(Document(text=JUNK, id="j")) is not True


@pytest.mark.parametrize("keep_fraction", [0.5, 1.0])
def test_calibration_never_tightens(keep_fraction):
    result = calibrate_filters(
        [("gopher_quality", GopherQuality(language=RegexWordTokenizer()))], [ARTICLE], keep_fraction
    )
    assert all(r["calibrated"] == r["default"] for r in result["rules"]) and not result["arguments"]


def test_seeds_of_a_genre_calibrate_that_genre_alone(tmp_path):
    """A domain source labelling filings by URL, with seeds `{path, genre: filings}` that are lists:
    FineWeb's line rule is relaxed for filings only; a web page of the same text is still dropped.
    Written to the run, read back unchanged, and shown in the report's rows."""
    import json

    from pipeline.config import RunConfig
    from pipeline.curate.calibrate import calibrate_sources
    from pipeline.curate.steps import quality_filters
    from pipeline.report.collect import quality_calibration
    from pipeline.rundir import RunDir

    lists = [
        "\n".join(f"Item {i}.{j} net revenue {1000 + i * j} million" for j in range(8 + i % 5))
        for i in range(40)
    ]
    seeds = tmp_path / "filings.jsonl"
    seeds.write_text("".join(json.dumps({"text": text}) + "\n" for text in lists))
    config = RunConfig.model_validate(
        {
            "run": {"output_dir": str(tmp_path / "run")},
            "sources": [
                {
                    "name": "web",
                    "format": "jsonl",
                    "role": "domain",
                    "paths": [str(seeds)],
                    "genre": {"*sec.gov*": "filings", "*": "web"},
                    "quality": {"calibrate": {"keep_fraction": 0.95}},
                }
            ],
            "curate": {"domain": {"positive": [{"path": str(seeds), "genre": "filings"}], "negative": []}},
        }
    )
    rundir = RunDir(tmp_path / "run")
    calibration = calibrate_sources(config, rundir)["web"]
    assert calibration["arguments"] == {}  # nothing relaxed for the whole source
    assert calibration["genre_thresholds"]["filings"]["fineweb"]["line_punct_ratio"] == 0
    assert calibrate_sources(config, rundir) == json.loads(json.dumps({"web": calibration}))  # read back
    fineweb = dict(quality_filters(config, rundir, config.sources[0], calibration))["fineweb"]
    as_filing = Document(text=lists[3], id="f", metadata={"genre": "filings"})
    as_page = Document(text=lists[3], id="p", metadata={"genre": "web"})
    assert fineweb.filter(as_filing) is True and fineweb.filter(as_page) == (False, "line_punct_ratio")
    rows = quality_calibration(rundir)
    assert {(r["genre"], r["filter"], r["rule"]) for r in rows} >= {
        ("filings", "fineweb", "line_punct_ratio")
    }


def test_a_three_sentence_news_brief_passes_c4_at_the_defaults():
    """dapt's C4 default keeps briefs of 3 sentences, counted also where extraction glued them
    ("forecast.The"); two sentences are still too few."""
    from pipeline.config import RunConfig
    from pipeline.curate.steps import quality_filter_settings

    config = RunConfig.model_validate({"sources": [{"name": "web", "format": "jsonl", "paths": ["x.jsonl"]}]})
    name, cls, kwargs = next(s for s in quality_filter_settings(config, config.sources[0]) if s[0] == "c4")
    c4 = cls(**kwargs)
    brief = (
        "Shares of Acme Corp rose 4% on Tuesday after the valve maker raised its full-year forecast.The"
        " company said quarterly revenue climbed to $1.2 billion. Analysts had expected $1.1 billion."
    )
    assert c4.filter(Document(text=brief, id="b")) is True
    two = brief.rsplit(" Analysts", 1)[0]
    assert c4.filter(Document(text=two, id="t")) == (False, "too_few_sentences")

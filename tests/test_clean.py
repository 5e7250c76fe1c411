"""TextCleaner on snippets of real extracted text (SEC filings, news and wiki pages, written inline):
tables, page headers, wiki residue, mojibake, control characters; and what it must leave alone."""

from __future__ import annotations

import pytest
from datatrove.data import Document

from filters.clean import (
    TextCleaner,
    format_tables,
    normalize_whitespace,
    remove_page_furniture,
    remove_web_residue,
    table_row,
)


@pytest.fixture(scope="module")
def cleaner():
    return TextCleaner()


def test_tab_run_table_rows_become_readable_rows():
    # Tesla's FY2024 10-K balance sheet and Apple's net sales, as resiliparse extracts them
    assert (
        table_row("Cash and cash equivalents\t\t$\t\t16,139\xa0\t\t\t\t\t\t$\t\t16,398")
        == "Cash and cash equivalents | $16,139 | $16,398"
    )
    assert table_row("Revenue\t\t\xa0\t$\t\xa0391,035\t\t\t\t$\t\t383,285") == "Revenue | $391,035 | $383,285"
    assert (
        table_row("Automotive sales\t\t\t\t$\t\t72,480\xa0\t\t\t\t\t\t$\t\t(6,029)\t\t\t\t\t\t(8)\t\t%")
        == "Automotive sales | $72,480 | $(6,029) | (8)%"
    )
    assert table_row("Exercised\t\t\xa0\t\t(625,000\t\t)\t\t\xa0\t\t0.14") == "Exercised | (625,000) | 0.14"
    # a header row: a "$" or "%" column label is not glued to a year
    assert table_row("(Dollars in millions)\t\t\t\t2024\t\t\t\t2023\t\t$\t\t\t\t%") == (
        "(Dollars in millions) | 2024 | 2023 | $ | %"
    )
    text, rows = format_tables("Current assets\nInventory\t\t12,017\xa0\t\t\t\t\t\t13,626\nTotal")
    assert (text, rows) == ("Current assets\nInventory | 12,017 | 13,626\nTotal", 1)


# An excerpt of Home Depot's FY2024 10-K: each page ends with the form name and its number and
# starts with the "Table of Contents" link.
FILING_PAGES = "\n".join(
    f"Paragraph {page} of the business section, which goes on for a while and ends here.\n"
    f"Fiscal 2024 Form 10-K\n{page}\nTable of Contents"
    for page in range(3, 10)
)


def test_repeated_page_headers_and_their_page_numbers_go_the_first_stays():
    text, removed = remove_page_furniture(FILING_PAGES, min_repeats=5)
    lines = text.split("\n")
    assert lines.count("Table of Contents") == 1 and lines.count("Fiscal 2024 Form 10-K") == 1
    assert [line for line in lines if line.isdigit()] == ["3"]  # beside the first (kept) header
    assert sum(line.startswith("Paragraph") for line in lines) == 7
    assert removed == {"page_header": 12, "page_number": 6}


def test_page_labels_with_a_growing_page_number_go():
    # Mastercard's and Apple's running footers carry the page number inside the line
    pages = "\n".join(
        f"Some discussion of results on page {page}, as written in the filing.\n"
        f"MASTERCARD 2024 FORM 10-K {page}\nApple Inc. | 2024 Form 10-K | {page}"
        for page in range(40, 47)
    )
    text, removed = remove_page_furniture(pages, min_repeats=5)
    assert "FORM 10-K" not in text and "Form 10-K" not in text
    assert removed == {"page_number": 14}


ITEMS = ["Item 1B. Unresolved Staff Comments", "Item 3. Legal Proceedings", "Item 4. Mine Safety"]
ITEMS += ["Item 9. Changes in Accountants", "Item 9B. Other Information", "Item 16. Form 10-K Summary"]


def test_legit_repeated_lines_stay():
    # repeated labels, numbered list items (not page by page), sentences at the end of a page,
    # the rows of a table flattened one cell a line (Oracle's 10-Q), a lessee and its term (a
    # figure that does not change), a table caption above its rows
    text = "\n".join(
        [
            "Pros:\nFast to set up.\nCons:\nSlow to build.\n" * 6,
            "\n".join(f"{n}. Knock knock!\nWho's there?" for n in (86, 119, 122, 182, 270)),
            "\n".join(f"{item}\nNot applicable.\n{20 + n}" for n, item in enumerate(ITEMS)),
            "\n".join(
                f"Cloud license\n{800 + n}\n{700 + n}\nHardware\n{600 + n}\n{500 + n}" for n in range(6)
            ),
            "Cummins Inc.\nSmall IBM Servers\n36\n$39,124\n" * 6,
            "(in millions)\nNet sales\t\t$\t\t391,035\n" * 6,
        ]
    )
    assert remove_page_furniture(text, min_repeats=5) == (text, {})


def test_wiki_and_navigation_residue():
    page = (
        "t-distributed stochastic neighbor embedding\n"
        "From Wikipedia, the free encyclopedia\n"
        "Jump to navigation Jump to search\n"
        "Details[edit]\n"
        "thumb|250px|right|A t-SNE embedding of the MNIST digits.\n"
        "It models each object by a point, so that similar objects are near.\n"
        'Retrieved from "https://en.wikipedia.org/w/index.php?title=T-SNE&oldid=1"\n'
        "Categories: Machine learning algorithms | Dimension reduction\n"
        "Jump to: navigation, search"
    )
    text, removed = remove_web_residue(page)
    assert text == (
        "t-distributed stochastic neighbor embedding\n"
        "Details\n"
        "A t-SNE embedding of the MNIST digits.\n"
        "It models each object by a point, so that similar objects are near."
    )
    assert removed == 5
    kept = "Retrieved from the archive, the letter shows the category: large-cap equity. Edit it."
    assert remove_web_residue(kept) == (kept, 0)


def test_mojibake_control_characters_and_whitespace(cleaner):
    text, done = cleaner.clean(
        "Apple\u00e2\u20ac\u2122s revenue grew.\xa0\xa0 Caf\u00c3\u00a9\n\n\n\n  next "
    )
    assert (text, done) == ("Apple’s revenue grew. Café\n\nnext", {"unicode_fixed": 1})
    text, done = cleaner.clean("Revenue\x07 grew\u200b\x00.")
    assert (text, done) == ("Revenue grew.", {"control_chars_removed": 3})
    clean = "Already clean – ‘quotes’ and € stay; naïve café."
    assert cleaner.clean(clean) == (clean, {})
    assert normalize_whitespace("a \t b\n\n\n\nc\u2003d") == "a b\n\nc d"


def test_run_counts_what_cleaning_did_in_the_stats():
    step = TextCleaner()
    docs = [
        Document(text=FILING_PAGES + "\nInventory\t\t12,017\t\t13,626", id="filing"),
        Document(text="A clean sentence.", id="clean"),
    ]
    out = list(step.run(iter(docs)))
    assert out[1].text == "A clean sentence."
    assert "Inventory | 12,017 | 13,626" in out[0].text
    stats = {key: step.stats[key].total for key in ("total", "documents_changed", "table_rows")}
    stats.update({key: step.stats[f"lines_removed_{key}"].total for key in ("page_header", "page_number")})
    assert stats["total"] == 2 and stats["documents_changed"] == 1
    assert stats["page_header"] == 12 and stats["page_number"] == 6
    assert stats["table_rows"] == 1


def test_each_part_can_be_turned_off():
    step = TextCleaner(unicode=False, tables=False, page_furniture=False, web_residue=False)
    text = "Category: News\nRevenue\t\t391,035\nIt\u00e2\u20ac\u2122s"
    assert step.clean(text)[0] == "Category: News\nRevenue 391,035\nIt\u00e2\u20ac\u2122s"

"""Text cleaning between extraction and the filters: Unicode repair, control characters, page
headers and footers repeated inside a document, wiki and navigation residue, tables flattened into
runs of tabs, whitespace. Each part counts what it did in the stats (`lines_removed_<kind>`,
`table_rows`, `unicode_fixed`, `control_chars_removed`, `documents_changed`).

Fills a gap in datatrove: its FTFYFormatter (used here for the Unicode repair) and
SymbolLinesFormatter change text without counting, and nothing there removes repeated page
furniture, rebuilds table rows or strips wiki residue.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import pairwise

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.formatters import FTFYFormatter
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.typeshelper import StatHints

# ftfy reads ~1.5 MB/s; it only has work where a UTF-8 sequence was decoded as Latin-1/cp1252 (a
# lead byte Â-ô, then a continuation byte: "â€™", "Ã©"), or with C1 controls or terminal escapes.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|[\u0080-\u009f\x1b]"
)
# C0 controls but tab and newline, DEL, C1 controls, zero-width space, word joiner, soft hyphen,
# byte-order mark (zero-width joiners stay: emoji and Indic scripts need them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")

# --- tables: resiliparse separates table cells with tabs; empty cells and padding are runs of
# tabs and no-break spaces. A row becomes "cell | cell | cell"; a lone "$" joins the figure after
# it, a lone ")" or "%" the figure before it.
TABLE_SEPARATOR = " | "
_FIGURE_START = re.compile(r"[\d(—–-]")
_FIGURE_END = re.compile(r"[\d)%]$")
_SUFFIXES = {")", "%", ")%", "%)"}

# --- page furniture. Lines that repeat in a document and sit next to page numbers are the page
# headers and footers of a paginated original (a filing's "Table of Contents" link, the company
# name, "Fiscal 2024 Form 10-K"); their first occurrence stays, the repeats and the page numbers
# beside them go. A page number is "12", "- 12 -", "12.", "Page 12", "F-12", "xii" (not between
# other cells of figures: a table flattened one cell a line), or a short line that repeats with a
# number growing page by page ("2025 FORM 10-K 3", "47 MASTERCARD 2024 FORM 10-K"). A sentence
# ("Not applicable.") is content, however often it repeats.
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?[-–—]?\s*(?:\d{1,3}|[A-Z]{1,2}-\d{1,3}|x{0,3}(?:ix|iv|v?i{1,3}|v))\s*[-–—]?\.?",
    re.IGNORECASE,
)
MAX_HEADER_CHARS = 80
MAX_PAGE_LABEL_CHARS = 60
HEADER_NEAR_PAGE_NUMBER = 2 / 3  # of a line's repeats, at least this share within 2 lines of a page number
_SENTENCE_END = re.compile(r"([^\W\d_]*)[.!?][\"”’)]*$")
ABBREVIATIONS = {"inc", "corp", "co", "ltd", "llc", "plc", "lp", "p", "a", "ag", "sa", "nv", "no"}
# Navigation lines that are page furniture wherever they repeat, next to a page number or not.
FURNITURE = {"table of contents", "index to financial statements", "back to contents", "return to top"}

# --- wiki and navigation residue
_WIKI_LINE = re.compile(
    r"(?:Categor(?:y|ies)|Hidden categories|Kategorie|Catégorie|Categoría)\s*:.*"
    r"|Jump to:? (?:navigation|content|search)(?:,? (?:Jump to )?search)?"
    r"|(?:Jump to navigation ?)?Jump to search"
    r'|Retrieved from "?https?://\S+'
    r"|From Wikipedia, the free encyclopedia"
    r"|\(Redirected from [^)]*\)"
    r"|This page was last edited on .*"
)
_EDIT_LINK = re.compile(r"\[\s*edit(?: source)?\s*\]")
# Image markup left by wikitext converters: "[[File:X.jpg|thumb|250px|Caption" keeps the caption.
_IMAGE_OPTION = (
    r"(?:thumb|thumbnail|frame|frameless|border|left|right|center|none|upright(?:=[\d.]+)?|\d+(?:x\d+)?px)\|"
)
_WIKI_IMAGE = re.compile(
    r"(?:\[\[)?(?:(?:File|Image|Datei|Fichier):[^|\n\]]*\|)?"
    rf"(?:{_IMAGE_OPTION})*?(?:thumb|thumbnail)\|(?:{_IMAGE_OPTION})*"
)
_LINE_MARKERS = (
    "Categor",
    "Kategorie",
    "Jump to",
    "Retrieved from",
    "Wikipedia",
    "Redirected",
    "last edited",
)


def fix_unicode(text: str, ftfy: FTFYFormatter) -> tuple[str, bool]:
    """ftfy's repair of mojibake (datatrove's settings), where there can be any."""
    if not _MOJIBAKE.search(text):
        return text, False
    fixed = ftfy.format(text)
    return fixed, fixed != text


def remove_control_chars(text: str) -> tuple[str, int]:
    return _CONTROL.subn("", text)


def table_row(line: str) -> str:
    """One tab-separated table row as "cell | cell", without empty cells."""
    cells: list[str] = []
    prefix = ""
    for raw in line.split("\t"):
        cell = " ".join(raw.split())
        if not cell:
            continue
        if cell == "$":
            if prefix:
                cells.append(prefix)
            prefix = "$"
            continue
        if prefix:
            if _FIGURE_START.match(cell):
                cell = prefix + cell
            else:
                cells.append(prefix)
            prefix = ""
        if cell in _SUFFIXES and cells and _FIGURE_END.search(cells[-1]):
            cells[-1] += cell
        else:
            cells.append(cell)
    if prefix:
        cells.append(prefix)
    return TABLE_SEPARATOR.join(cells)


def format_tables(text: str) -> tuple[str, int]:
    """Every line with a tab becomes a table row; returns the text and the number of rows."""
    if "\t" not in text:
        return text, 0
    lines = text.split("\n")
    rows = 0
    for index, line in enumerate(lines):
        if "\t" in line:
            lines[index] = table_row(line)
            rows += 1
    return "\n".join(lines), rows


def normalize_whitespace(text: str) -> str:
    """Runs of spaces (no-break ones too) to one space, lines stripped, at most one blank line."""
    lines = [" ".join(line.split()) for line in text.split("\n")]  # str.split: Unicode spaces too
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def _squashed(line: str) -> str:
    return " ".join(line.split())


def _page_labels(keys: list[str], tabbed: list[bool], min_repeats: int) -> set[int]:
    """Indices of lines like "2025 FORM 10-K 3": words and a number that grows from line to line."""
    by_shape: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if len(key) <= MAX_PAGE_LABEL_CHARS and not tabbed[index] and any(c.isdigit() for c in key):
            shape = re.sub(r"\d+", "#", key)
            if len(re.findall(r"[^\W\d_]+", shape)) >= 2:
                by_shape[shape].append(index)
    labels: set[int] = set()
    for indices in by_shape.values():
        if len({keys[i] for i in indices}) < min_repeats:
            continue
        numbers = [[int(n) for n in re.findall(r"\d+", keys[i])] for i in indices]
        varying = [column for column in zip(*numbers, strict=True) if len(set(column)) > 1]
        steps = [b - a for a, b in pairwise(varying[0])] if len(varying) == 1 else [0]
        if min(steps) > 0 and sorted(steps)[len(steps) // 2] <= 2:  # growing, mostly page by page
            labels.update(indices)
    return labels


def remove_page_furniture(text: str, min_repeats: int) -> tuple[str, Counter]:
    """Remove repeated page headers/footers and the page numbers beside them (see above)."""
    raw_lines = text.split("\n")
    keys = [_squashed(line) for line in raw_lines]
    tabbed = ["\t" in line for line in raw_lines]
    labels = _page_labels(keys, tabbed, min_repeats)
    cell = [bool(key) and not any(c.isalpha() for c in key) for key in keys]
    is_page_number = [
        i in labels
        or (
            bool(_PAGE_NUMBER.fullmatch(key))
            and not (i > 0 and cell[i - 1])
            and not (i + 1 < len(keys) and cell[i + 1])
        )
        for i, key in enumerate(keys)
    ]
    occurrences: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if (
            key
            and len(key) <= MAX_HEADER_CHARS
            and not tabbed[index]
            and not is_page_number[index]
            and any(c.isalpha() for c in key)
            and not _is_sentence(key)
        ):
            occurrences[key].append(index)
    removed: dict[int, str] = {index: "page_number" for index in labels}
    for key, indices in occurrences.items():
        if len(indices) < 2:
            continue
        furniture = key.lower() in FURNITURE
        if not furniture:
            if len(indices) < min_repeats:
                continue
            near = [_page_number_near(index, keys, is_page_number) for index in indices]
            found = [number for number in near if number is not None]
            if len(found) < HEADER_NEAR_PAGE_NUMBER * len(indices) - 1e-9 or len(set(found)) < 0.5 * len(
                found
            ):
                continue  # not beside page numbers, or always the same one (a table's figure)
        for index in indices[1:]:
            removed[index] = "page_header"
    for index in [i for i, kind in removed.items() if kind == "page_header"]:
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(keys) and is_page_number[neighbour]:
                removed.setdefault(neighbour, "page_number")
    if not removed:
        return text, Counter()
    kept = [line for index, line in enumerate(raw_lines) if index not in removed]
    return "\n".join(kept), Counter(removed.values())


def _is_sentence(line: str) -> bool:
    end = _SENTENCE_END.search(line)
    return bool(end) and end.group(1).lower() not in ABBREVIATIONS


def _page_number_near(index: int, keys: list[str], is_page_number: list[bool]) -> str | None:
    for neighbour in (index - 1, index + 1, index - 2, index + 2):
        if 0 <= neighbour < len(keys) and is_page_number[neighbour]:
            return keys[neighbour]
    return None


def remove_web_residue(text: str) -> tuple[str, int]:
    """Drop wiki/navigation lines ("Category: ...", "Jump to navigation", "Retrieved from ..."),
    "[edit]" links and image markup ("thumb|250px|"); returns the text and the lines removed."""
    # each pattern runs only where a literal it needs is in the text (most pages have none)
    if "thumb|" in text:
        text = _WIKI_IMAGE.sub("", text)
    if "edit" in text and "]" in text:
        text = _EDIT_LINK.sub("", text)
    if not any(marker in text for marker in _LINE_MARKERS):
        return text, 0
    lines = text.split("\n")
    kept = [line for line in lines if not _WIKI_LINE.fullmatch(line.strip())]
    return "\n".join(kept), len(lines) - len(kept)


class TextCleaner(BaseFormatter):
    """Cleans the text of every document (see the module docstring); each part can be turned off."""

    name = "🧽 Clean"
    _requires_dependencies = ["ftfy"]

    def __init__(
        self,
        unicode: bool = True,
        tables: bool = True,
        page_furniture: bool = True,
        web_residue: bool = True,
        min_header_repeats: int = 5,
    ):
        super().__init__()
        self.unicode, self.tables = unicode, tables
        self.page_furniture, self.web_residue = page_furniture, web_residue
        self.min_header_repeats = min_header_repeats
        self.ftfy = FTFYFormatter()

    def clean(self, text: str) -> tuple[str, Counter]:
        """The cleaned text, and what cleaning did (the stats' names and counts)."""
        done: Counter = Counter()
        if self.unicode:
            text, fixed = fix_unicode(text, self.ftfy)
            done["unicode_fixed"] += fixed
        text, done["control_chars_removed"] = remove_control_chars(text)
        if self.page_furniture:
            text, furniture = remove_page_furniture(text, self.min_header_repeats)
            done.update({f"lines_removed_{kind}": count for kind, count in furniture.items()})
        if self.web_residue:
            text, done["lines_removed_web_residue"] = remove_web_residue(text)
        if self.tables:
            text, done["table_rows"] = format_tables(text)
        return normalize_whitespace(text), +done

    def format(self, text: str) -> str:
        return self.clean(text)[0]

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                text, done = self.clean(doc.text)
            if text != doc.text:
                self.stat_update("documents_changed")
                doc.text = text
            for stat, count in done.items():
                self.stat_update(stat, value=count)
            yield doc

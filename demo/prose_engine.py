"""The demo corpus's sentence templates: the template engine (`expand`, `Deck`) and the shared
invented vocabulary (people, cities, firms, dates).
"""

from __future__ import annotations

import random
import re
import unicodedata

# ---------------------------------------------------------------------------
# Template engine
#
# A template is a string with two kinds of markup:
#   [a|b|c]        pick one alternative at random (alternatives may be empty and
#                  groups may be nested: the innermost groups are resolved first)
#   {name}         a slot: a value from the page context, or a number generator
#   {name:lo:hi}   a number generator with an explicit range
# ---------------------------------------------------------------------------

_CHOICE_RE = re.compile(r"\[([^\[\]]*)\]")
_SLOT_RE = re.compile(r"\{(\w+)(?::([\d.]+):([\d.]+))?\}")


def word_list(text: str, sep: str | None = None) -> list[str]:
    """A word list written as one string (``sep=None`` splits on whitespace)."""
    return [w.strip() for w in text.split(sep) if w.strip()]


def format_money(value: float) -> str:
    """Format an amount given in millions of dollars."""
    if value >= 1000:
        return f"${value / 1000:.1f} billion"
    return f"${value:.0f} million"


def _num_words(n: int) -> str:
    words = word_list("zero one two three four five six seven eight nine ten eleven twelve")
    return words[n] if 0 <= n < len(words) else str(n)


def _slot_pct(rng, lo=1.0, hi=20.0):
    return f"{rng.uniform(lo, hi):.1f} percent"


def _slot_bp(rng, lo=3, hi=60):
    return f"{rng.randint(int(lo), int(hi))} basis points"


def _slot_bn(rng, lo=1.0, hi=10.0):
    return f"${rng.uniform(lo, hi):.1f} billion"


def _slot_mn(rng, lo=20, hi=900):
    return f"${rng.randint(int(lo), int(hi))} million"


def _slot_usd(rng, lo=10, hi=150):
    return f"${rng.uniform(lo, hi):.2f}"


def _slot_dec(rng, lo=1.0, hi=5.0):
    return f"{rng.uniform(lo, hi):.2f}"


def _slot_int(rng, lo=2, hi=90):
    return str(rng.randint(int(lo), int(hi)))


def _slot_count(rng, lo=2, hi=12):
    return _num_words(rng.randint(int(lo), int(hi)))


def _slot_big(rng, lo=200, hi=9000):
    return f"{rng.randint(int(lo), int(hi)):,}"


NUMBER_SLOTS = {
    "pct": _slot_pct,
    "bp": _slot_bp,
    "bn": _slot_bn,
    "mn": _slot_mn,
    "usd": _slot_usd,
    "dec": _slot_dec,
    "int": _slot_int,
    "count": _slot_count,
    "big": _slot_big,
}


def expand(template: str, ctx: dict, rng: random.Random) -> str:
    """Resolve choices and slots in ``template`` and tidy the result."""
    text = template
    while True:
        new = _CHOICE_RE.sub(lambda m: rng.choice(m.group(1).split("|")), text)
        if new == text:
            break
        text = new

    def fill(m: re.Match) -> str:
        name, lo, hi = m.group(1), m.group(2), m.group(3)
        if name in ctx and lo is None:
            value = ctx[name]
            return value(rng) if callable(value) else value
        func = NUMBER_SLOTS.get(name) or SHARED_SLOTS[name]
        if lo is not None:
            return func(rng, float(lo), float(hi))
        return func(rng)

    text = _SLOT_RE.sub(fill, text)
    text = re.sub(r" {2,}", " ", text).replace(" ,", ",").replace(" .", ".").strip()
    text = re.sub(r"(?<=s)'s\b", "'", text)
    return text[:1].upper() + text[1:]


class Deck:
    """Draw templates without replacement; reshuffle only when exhausted."""

    def __init__(self, items, rng: random.Random):
        self.items = list(items)
        self.rng = rng
        self.stack: list = []

    def draw(self):
        if not self.stack:
            self.stack = list(self.items)
            self.rng.shuffle(self.stack)
        return self.stack.pop()


# ---------------------------------------------------------------------------
# Shared vocabulary (all names are invented)
# ---------------------------------------------------------------------------

FIRST_NAMES = word_list(
    "Amelia Daniel Priya Marcus Sofia Nathan Elena Thomas Grace Oliver Hannah Victor Leah Samuel Irene "
    "Julian Maya Robert Clara Anthony Nadia Peter Laura Kenji Fatima Owen Rachel Diego Helen Isaac Yvonne "
    "Martin Chloe Andre Beatrice Colin Esther Felix Gemma Hugo Ingrid Jonah Karen Lucas Miriam Noah Olivia "
    "Paul Rosa Simon Tessa Umar Vera Walter Zara Ravi Mei Tobias Alicia Bernard"
)
LAST_NAMES = word_list(
    "Abbott Brennan Castillo Dawson Ellery Fairbanks Galloway Hargrove Iverson Jansen Kowalski Lindqvist "
    "Mercer Nakamura Okafor Pemberton Quinlan Rasmussen Salazar Thornton Underwood Valdez Whitfield Yamada "
    "Zeller Ashford Blackwood Carrington Delacroix Everett Fenwick Goodwin Holloway Ingram Kessler Lockhart "
    "Maddox Norwood Osborne Prescott Radcliffe Sinclair Talbot Vance Winslow Aldridge Bishop Chandra Desai "
    "Moreau Hartley Sato Novak Brandt Keller Rossi Farrow Greaves Hale Lund"
)
CITIES = word_list(
    "New York|Chicago|Boston|San Francisco|Dallas|Atlanta|Toronto|London|Frankfurt|Zurich|Singapore|Sydney|"
    "Denver|Seattle|Charlotte|Minneapolis|Houston|Pittsburgh|Columbus|Phoenix|Dublin|Amsterdam|Stockholm|"
    "Tokyo|Hong Kong|Milwaukee|Nashville|Omaha|Baltimore|Cleveland",
    sep="|",
)
MONTHS = word_list("January February March April May June July August September October November December")
WEEKDAYS = word_list("Monday Tuesday Wednesday Thursday Friday")
FIRMS = word_list(
    "Caldwell Brothers|Pemberton Hale|Ardent Capital Markets|Lockridge and Company|Sterling Vale Partners|"
    "Bayfront Securities|Crestline Research|Hawthorne Wealth|Mosley Grant|Tidewater Advisory|Blue Heron "
    "Securities|Carver Street Research|Harlan Oakes|Summit Ridge Capital|Fairmont Analytics",
    sep="|",
)
COUNTRIES = word_list(
    "Germany|Japan|Canada|Brazil|India|Mexico|France|Australia|South Korea|Italy|Spain|Poland",
    sep="|",
)
TOWNS = ["Millbrook", "Eastvale", "Harwick", "Pembury", "Ashby Cross", "Linwood", "Thornbury", "Westford"]
QUARTERS = ["first quarter", "second quarter", "third quarter", "fourth quarter"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


SHARED_SLOTS = {
    "person": person,
    "firm": lambda rng: rng.choice(FIRMS),
    "city": lambda rng: rng.choice(CITIES),
    "country": lambda rng: rng.choice(COUNTRIES),
    "month": lambda rng: rng.choice(MONTHS),
    "weekday": lambda rng: rng.choice(WEEKDAYS),
    "town": lambda rng: rng.choice(TOWNS),
}


def slugify(text: str, max_words: int = 8) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:max_words])

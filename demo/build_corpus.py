"""Build the embedded demo corpus for dapt.

Everything under ``demo/corpus`` is produced by this script from vocabularies and
sentence templates written for this project: no text is copied from anywhere and
nothing is downloaded. The output is deterministic: running the script twice gives
byte-identical files (seeded RNGs, fixed WARC dates, uuid5 record ids, gzip members
without timestamps).

Outputs:

* ``corpus/finance.warc.gz``: a small "finance crawl" (HTML pages from invented
  finance sites) with a mix of good pages and deliberately bad ones (boilerplate,
  near and exact duplicates, non-English, toxic, PII, spam, off-domain, non-HTML,
  wrong charset, empty body) so every curation filter has something to do.
* ``corpus/general.warc.gz``: a "general web crawl" used as replay data.
* ``corpus/seeds/finance.txt`` and ``corpus/seeds/general.txt``: one paragraph per
  line, seed examples for a finance-vs-general domain classifier (a separate RNG
  stream, so they are not copies of the WARC pages).
* ``corpus/manifest.jsonl``: one line per WARC response record with its kind.

Usage::

    python demo/build_corpus.py [--out demo/corpus]
"""

from __future__ import annotations

import argparse
import difflib
import html
import io
import json
import random
import re
import struct
import unicodedata
import uuid
import zlib
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SEED = 20240514
CRAWL_START = datetime(2024, 5, 14, 6, 0, 0, tzinfo=timezone.utc)
UUID_NS = uuid.UUID("6f1c2d0e-3b8a-5c47-9e21-0d4a7b9c1e55")
USER_AGENT = "dapt-demo-crawler/1.0 (+https://dapt.example/crawler)"

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


def _words(text: str, sep: str | None = None) -> list[str]:
    """A word list written as one string (``sep=None`` splits on whitespace)."""
    return [w.strip() for w in text.split(sep) if w.strip()]


def _money(value: float) -> str:
    """Format an amount given in millions of dollars."""
    if value >= 1000:
        return f"${value / 1000:.1f} billion"
    return f"${value:.0f} million"


def _num_words(n: int) -> str:
    words = _words("zero one two three four five six seven eight nine ten eleven twelve")
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

FIRST_NAMES = _words(
    "Amelia Daniel Priya Marcus Sofia Nathan Elena Thomas Grace Oliver Hannah Victor Leah Samuel Irene "
    "Julian Maya Robert Clara Anthony Nadia Peter Laura Kenji Fatima Owen Rachel Diego Helen Isaac Yvonne "
    "Martin Chloe Andre Beatrice Colin Esther Felix Gemma Hugo Ingrid Jonah Karen Lucas Miriam Noah Olivia "
    "Paul Rosa Simon Tessa Umar Vera Walter Zara Ravi Mei Tobias Alicia Bernard"
)
LAST_NAMES = _words(
    "Abbott Brennan Castillo Dawson Ellery Fairbanks Galloway Hargrove Iverson Jansen Kowalski Lindqvist "
    "Mercer Nakamura Okafor Pemberton Quinlan Rasmussen Salazar Thornton Underwood Valdez Whitfield Yamada "
    "Zeller Ashford Blackwood Carrington Delacroix Everett Fenwick Goodwin Holloway Ingram Kessler Lockhart "
    "Maddox Norwood Osborne Prescott Radcliffe Sinclair Talbot Vance Winslow Aldridge Bishop Chandra Desai "
    "Moreau Hartley Sato Novak Brandt Keller Rossi Farrow Greaves Hale Lund"
)
CITIES = _words(
    "New York|Chicago|Boston|San Francisco|Dallas|Atlanta|Toronto|London|Frankfurt|Zurich|Singapore|Sydney|"
    "Denver|Seattle|Charlotte|Minneapolis|Houston|Pittsburgh|Columbus|Phoenix|Dublin|Amsterdam|Stockholm|"
    "Tokyo|Hong Kong|Milwaukee|Nashville|Omaha|Baltimore|Cleveland",
    sep="|",
)
MONTHS = _words("January February March April May June July August September October November December")
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday")
FIRMS = _words(
    "Caldwell Brothers|Pemberton Hale|Ardent Capital Markets|Lockridge and Company|Sterling Vale Partners|"
    "Bayfront Securities|Crestline Research|Hawthorne Wealth|Mosley Grant|Tidewater Advisory|Blue Heron "
    "Securities|Carver Street Research|Harlan Oakes|Summit Ridge Capital|Fairmont Analytics",
    sep="|",
)
COUNTRIES = _words(
    "Germany|Japan|Canada|Brazil|India|Mexico|France|Australia|South Korea|Italy|Spain|Poland",
    sep="|",
)
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


# ---------------------------------------------------------------------------
# Finance: companies and sectors
# ---------------------------------------------------------------------------

COMPANY_STEMS = _words(
    "Brightwater Kestrel Northgate Amberly Corvane Silverpine Redfern Tallis Marrowbank Veyra Quillon "
    "Dunmore Ashcombe Harrowgate Westmarch Larkspur Copperfield Stonebridge Ravenholt Eastwind Glenmoor "
    "Ironvale Maplecrest Oakhurst Pinecliff Sablecrest Thistledown Umberland Whitcombe Yarrowfield Bellhaven "
    "Cindermoor Driftwood Elmstead Fernleigh Hollowell Ivybridge Calloway Brookmere Osterley"
)

SECTORS = {
    "bank": {
        "suffix": ["Bancorp", "Financial", "Bank"],
        "kind": "lender",
        "segs": ["consumer banking", "commercial lending", "wealth management", "card services"],
        "metric": "net interest income",
        "cust": "households and small businesses",
        "sents": [
            "Net interest income {up_dn} {pct:1:12} from a year earlier as [deposit costs|funding costs] "
            "[stabilized|kept climbing|leveled off].",
            "The {kind} set aside {mn:40:600} for credit losses, [reflecting|citing] [softer conditions in "
            "commercial real estate|a modest rise in card delinquencies|a more cautious economic outlook].",
            "Average deposits [were broadly flat|edged higher|slipped] during the quarter, while loan "
            "balances [grew modestly|were little changed|declined slightly].",
            "Its common equity tier one ratio stood at {pct:10.5:14.5}, comfortably above regulatory "
            "minimums.",
            "Fee income from [wealth management|investment banking|card services] [improved|rebounded|"
            "softened] as [client activity picked up|deal volumes recovered|market conditions shifted].",
            "Management said credit quality remained [sound|resilient|manageable], although net charge-offs "
            "[ticked up|rose slightly] in the consumer portfolio.",
            "The net interest margin was {pct:2.4:3.6}, [a touch|slightly] {hi_lo} than in the previous "
            "quarter.",
        ],
    },
    "software": {
        "suffix": ["Software", "Systems", "Cloud"],
        "kind": "software company",
        "segs": ["cloud subscriptions", "professional services", "security products", "data analytics"],
        "metric": "annual recurring revenue",
        "cust": "large enterprises and public agencies",
        "sents": [
            "Annual recurring revenue [climbed|grew|rose] {pct:8:35} to {bn:1:6}, [helped by|supported by] "
            "[larger contracts with enterprise customers|strong renewals|demand for its security tools].",
            "Net revenue retention held at {int:104:126} percent, which suggests existing customers kept "
            "expanding their use of the platform.",
            "The company said it signed {count:8:40} contracts worth more than one million dollars each in "
            "the period.",
            "Subscription gross margin was {pct:68:84}, as [hosting costs eased|the company moved more "
            "workloads to its own data centers|spending on cloud infrastructure increased].",
            "Executives pointed to [growing interest in its artificial intelligence features|longer sales "
            "cycles among smaller customers|improving demand in Europe and Asia].",
            "Remaining performance obligations, a measure of contracted future revenue, reached {bn:1:9}.",
            "Stock-based compensation remains a sore point for some shareholders, at roughly {pct:9:21} of "
            "revenue.",
        ],
    },
    "retail": {
        "suffix": ["Retail Group", "Stores", "Brands"],
        "kind": "retailer",
        "segs": ["apparel", "home goods", "online sales", "grocery"],
        "metric": "comparable-store sales",
        "cust": "value-conscious shoppers",
        "sents": [
            "Comparable-store sales {up_dn} {pct:0.5:7}, with [store traffic|the number of transactions] "
            "[improving|weakening] and the average basket size [little changed|slightly larger].",
            "Online sales [grew|rose] {pct:4:25} and now account for roughly a quarter of total revenue.",
            "Inventory at the end of the quarter was {pct:2:9} lower than a year ago, which management said "
            "should limit the need for markdowns.",
            "The {kind} said shoppers remain [cautious|selective|price sensitive], trading down to "
            "[private-label products|cheaper brands|smaller pack sizes] in several categories.",
            "Gross margin benefited from [lower freight costs|fewer clearance sales|a shift toward "
            "higher-margin categories], partly offset by [higher wages|theft and damage|promotional "
            "activity].",
            "The company plans to open about {count:10:60} new stores this year and remodel several hundred "
            "more.",
            "Holiday season orders with suppliers have been placed [conservatively|earlier than usual], "
            "executives said.",
        ],
    },
    "energy": {
        "suffix": ["Energy", "Resources", "Petroleum"],
        "kind": "energy producer",
        "segs": ["upstream production", "refining", "natural gas", "renewable power"],
        "metric": "production volumes",
        "cust": "utilities and industrial buyers",
        "sents": [
            "Production averaged about {big:180000:900000} barrels of oil equivalent per day, [in line with|"
            "slightly above|a little below] guidance.",
            "Realized crude prices {up_dn} to {usd:62:94} a barrel, while natural gas prices were [weaker|"
            "firmer] than a year ago.",
            "Refining margins [narrowed|widened] as [new capacity came online in Asia|demand for diesel "
            "softened|summer driving demand picked up].",
            "The producer kept its capital budget unchanged at {bn:2:9} and said it would prioritize [its "
            "lowest-cost basins|debt reduction|returning cash to shareholders].",
            "Free cash flow after dividends was {mn:150:1800}, [most of which|part of which] went toward "
            "share repurchases.",
            "Executives said proved reserves [increased|were stable] after [successful appraisal drilling|a "
            "small acquisition|revisions in its shale acreage].",
            "The company's low-carbon business, which includes [solar projects|hydrogen pilots|carbon "
            "capture], remains small relative to its oil and gas operations.",
        ],
    },
    "industrial": {
        "suffix": ["Industries", "Manufacturing", "Dynamics"],
        "kind": "manufacturer",
        "segs": ["aerospace components", "factory automation", "climate systems", "power equipment"],
        "metric": "order backlog",
        "cust": "aircraft makers and factory operators",
        "sents": [
            "Orders {up_dn} {pct:2:15}, lifting the backlog to a record {bn:3:25}.",
            "The {kind} said supply chain constraints [have largely eased|remain a problem for certain "
            "electronic parts|continue to delay deliveries of castings and forgings].",
            "Pricing added about {count:2:5} percentage points to growth, more than offsetting [higher "
            "material costs|wage inflation|freight expenses].",
            "Demand from [commercial aerospace|data center construction|utility customers] remained "
            "[exceptionally strong|robust|healthy], executives said.",
            "The company is spending heavily on [new production lines|automation at its plants|expanding "
            "capacity in Mexico], which it expects to lift margins from next year.",
            "Short-cycle businesses such as [tools and components|replacement parts|light equipment] [showed "
            "early signs of recovery|remained sluggish].",
            "Book-to-bill, the ratio of orders to shipments, was {dec:0.9:1.3} in the quarter.",
        ],
    },
    "pharma": {
        "suffix": ["Pharmaceuticals", "Therapeutics", "Biosciences"],
        "kind": "drugmaker",
        "segs": ["oncology", "vaccines", "immunology", "consumer health"],
        "metric": "product sales",
        "cust": "hospitals and pharmacy benefit managers",
        "sents": [
            "Sales of its [best-selling|flagship|largest] [cancer drug|arthritis treatment|diabetes "
            "medicine] {up_dn} {pct:3:28} to {bn:1:6}.",
            "The drugmaker said a late-stage trial of its experimental [heart failure|migraine|obesity] "
            "treatment met its main goal, and it plans to file for approval [this year|early next year].",
            "Research and development spending rose to {bn:0.8:4}, or about {pct:15:26} of revenue.",
            "Patent expirations on [two older medicines|its former blockbuster|several established brands] "
            "will weigh on revenue over the next few years, [management acknowledged|executives conceded].",
            "The company expects [several new product launches|regulatory decisions on three drugs|data from "
            "four large trials] within the next eighteen months.",
            "Pricing pressure in the United States was [modest|more pronounced than expected], partly "
            "because of [rebates to insurers|new government negotiation rules|competition from generics].",
            "Royalty income from a licensing deal added {mn:30:300} to revenue.",
        ],
    },
    "semis": {
        "suffix": ["Semiconductor", "Microsystems", "Silicon"],
        "kind": "chipmaker",
        "segs": ["data center chips", "automotive chips", "memory", "wireless connectivity"],
        "metric": "data center revenue",
        "cust": "cloud providers and carmakers",
        "sents": [
            "Data center revenue {up_dn} {pct:4:30} as cloud providers [kept building out capacity|increased "
            "orders for accelerators|expanded their networks].",
            "The {kind} said an inventory correction in [automotive|industrial|smartphone] markets [was "
            "nearing an end|could last another quarter|had been deeper than expected].",
            "Gross margin was {pct:48:68}, helped by [a richer product mix|higher factory utilization|lower "
            "costs for advanced packaging].",
            "Capital expenditures are expected to reach {bn:2:15} this year as the company adds [wafer "
            "capacity|testing equipment|advanced packaging lines].",
            "Demand for chips used in [artificial intelligence servers|electric vehicles|industrial robots] "
            "continues to outstrip supply, executives said.",
            "Export restrictions on certain products [cut revenue by about|could reduce sales by] "
            "{mn:100:800} this year, the company estimated.",
            "Days of inventory [fell|rose] to {int:80:160}, [a sign|which management described as a sign] "
            "that [channel stocks are normalizing|customers are still cautious].",
        ],
    },
    "insurance": {
        "suffix": ["Insurance", "Assurance", "Mutual Holdings"],
        "kind": "insurer",
        "segs": ["property and casualty", "life and annuities", "commercial lines", "reinsurance"],
        "metric": "net premiums written",
        "cust": "homeowners and mid-sized businesses",
        "sents": [
            "Net premiums written {up_dn} {pct:3:16}, driven by [rate increases in personal auto|growth in "
            "commercial property|new business in specialty lines].",
            "The combined ratio, which measures claims and expenses as a share of premiums, was "
            "{pct:88:104}.",
            "Catastrophe losses totaled {mn:50:900}, [mainly from|largely because of] [spring storms in the "
            "Midwest|wildfires in the West|a hurricane in the Gulf region].",
            "Net investment income rose to {mn:200:1500} as the {kind} reinvested maturing bonds at higher "
            "yields.",
            "The company released {mn:20:200} of prior-year reserves, a sign that past claims have developed "
            "more favorably than expected.",
            "Executives said pricing in [commercial auto|property reinsurance|workers compensation] remains "
            "[firm|attractive|competitive].",
            "Book value per share [increased|climbed] {pct:2:14} during the period.",
        ],
    },
    "foods": {
        "suffix": ["Foods", "Brands International", "Consumer Products"],
        "kind": "food company",
        "segs": ["snacks", "beverages", "frozen meals", "pet food"],
        "metric": "organic sales",
        "cust": "supermarkets and convenience stores",
        "sents": [
            "Organic sales {up_dn} {pct:0.5:7}, as [higher prices|price increases] [offset|failed to offset] "
            "[lower volumes|a drop in the number of units sold].",
            "Volumes in its [snacks|beverages|frozen foods] business [fell|were flat|improved slightly] as "
            "shoppers [switched to store brands|cut back on treats|returned to familiar products].",
            "The {kind} expects input cost inflation of about {pct:1:6} this year, mainly from [cocoa|"
            "packaging|sugar|dairy] and labor.",
            "Marketing spending increased as the company [supported new product launches|defended market "
            "share|promoted its healthier brands].",
            "Management said it will [sell two smaller brands|close a bakery in Ohio|simplify its product "
            "range] to focus on faster-growing categories.",
            "Sales in [international markets|emerging markets|Latin America] grew faster than in North "
            "America, helped by [strong demand in Mexico|new distribution deals|pricing].",
            "The company has cut about {count:4:12} percent of its product lines over the past two years.",
        ],
    },
    "logistics": {
        "suffix": ["Logistics", "Freight", "Transport"],
        "kind": "logistics group",
        "segs": ["parcel delivery", "freight forwarding", "contract logistics", "trucking"],
        "metric": "shipment volumes",
        "cust": "retailers and manufacturers",
        "sents": [
            "Average daily package volume {up_dn} {pct:1:9}, while revenue per piece [improved|declined] "
            "[thanks to|because of] [surcharges|a shift toward lighter parcels|contract repricing].",
            "Freight forwarding revenue [fell|rose] as ocean rates [dropped back|jumped] following [earlier "
            "disruption|new capacity|congestion at several ports].",
            "The {kind} said it removed about {count:3:12} percent of capacity from its network to match "
            "demand.",
            "Fuel surcharges contributed {mn:40:400} to revenue, [down from|up from] a year earlier.",
            "Contract logistics grew as more customers [outsourced warehouse operations|expanded same-day "
            "delivery|consolidated their distribution centers].",
            "Management described the freight market as [still soft|bottoming out|gradually recovering], "
            "with spot rates [below|near] contract levels.",
            "The company expects to spend {bn:1:5} this year on [automation at its sorting hubs|new "
            "aircraft|electric delivery vans].",
        ],
    },
}


def make_company(rng: random.Random, used: set, sector: str | None = None) -> dict:
    """Invent a listed company with a sector, ticker and officers."""
    sector = sector or rng.choice(sorted(SECTORS))
    spec = SECTORS[sector]
    for _ in range(100):
        stem = rng.choice(COMPANY_STEMS)
        name = f"{stem} {rng.choice(spec['suffix'])}"
        if name not in used:
            break
    used.add(name)
    letters = re.sub(r"[^A-Z]", "", name.upper())
    ticker = (stem[:2] + name.split()[1][:2]).upper() if rng.random() < 0.5 else (stem[:3]).upper()
    if rng.random() < 0.3:
        ticker = letters[:1] + stem[1:3].upper()
    segs = rng.sample(spec["segs"], 3)
    return {
        "co": name,
        "co_s": stem,
        "tk": ticker,
        "sector": sector,
        "kind": spec["kind"],
        "seg1": segs[0],
        "seg2": segs[1],
        "seg3": segs[2],
        "metric": spec["metric"],
        "cust": spec["cust"],
        "ceo": person(rng),
        "cfo": person(rng),
        "hq": rng.choice(CITIES),
        "exch": rng.choice(["New York Stock Exchange", "Nasdaq"]),
    }


def mood_words(up: bool) -> dict:
    """Direction words so that one page tells one consistent story."""
    if up:
        return {
            "up_dn": "rose",
            "rises": "rises",
            "hi_lo": "higher",
            "gain_loss": "increase",
            "above_below": "above",
            "beat_miss": "beat",
            "strong_weak": "strong",
            "stronger": "stronger",
            "adv_dec": "advanced",
            "better_worse": "better",
        }
    return {
        "up_dn": "fell",
        "rises": "falls",
        "hi_lo": "lower",
        "gain_loss": "decline",
        "above_below": "below",
        "beat_miss": "missed",
        "strong_weak": "weak",
        "stronger": "weaker",
        "adv_dec": "declined",
        "better_worse": "worse",
    }


def company_ctx(rng: random.Random, used: set, sector: str | None = None) -> dict:
    """Context for pages about one company: names, officers, numbers, mood."""
    c = make_company(rng, used, sector)
    up = rng.random() < 0.68
    c.update(mood_words(up))
    c["up"] = "up" if up else "down"
    c["ceo_l"] = c["ceo"].split()[1]
    c["cfo_l"] = c["cfo"].split()[1]
    qi = rng.randrange(4)
    c["q"] = QUARTERS[qi]
    c["yr"] = str(rng.choice([2023, 2024]))
    c["rival"] = make_company(rng, set(used))["co"]
    c["broker"] = rng.choice(FIRMS)
    c["analyst"] = person(rng)
    c["analyst_l"] = c["analyst"].split()[1]
    rev = rng.uniform(800, 15000)
    growth = rng.uniform(2, 18) if up else -rng.uniform(1, 12)
    c["rev"] = _money(rev)
    c["rev_prev"] = _money(rev / (1 + growth / 100))
    c["g"] = f"{abs(growth):.1f} percent"
    eps = rng.uniform(0.35, 4.5)
    c["eps"] = f"${eps:.2f}"
    c["eps_est"] = f"${eps + (-1 if up else 1) * rng.uniform(0.03, 0.18):.2f}"
    c["eps_prev"] = f"${eps / (1 + rng.uniform(-0.1, 0.25) if up else 1 - rng.uniform(0.05, 0.3)):.2f}"
    ni = rev * rng.uniform(0.05, 0.2)
    c["ni"] = _money(ni)
    c["ni_prev"] = _money(ni / (1 + growth / 100 * rng.uniform(0.8, 1.6)))
    margin = rng.uniform(8, 30)
    c["om"] = f"{margin:.1f} percent"
    c["om_prev"] = f"{margin - (1 if up else -1) * rng.uniform(0.3, 2.5):.1f} percent"
    annual = rev * 4 * rng.uniform(1.0, 1.08 if up else 1.02)
    c["glo"] = _money(annual * 0.98)
    c["ghi"] = _money(annual * 1.02)
    c["div"] = f"${rng.uniform(0.1, 1.2):.2f}"
    c["bb"] = _money(rng.uniform(300, 6000))
    c["move"] = f"{rng.uniform(1.5, 11):.1f} percent"
    c["pt"] = f"${rng.uniform(30, 260):.0f}"
    c["px"] = f"${rng.uniform(25, 240):.2f}"
    c["pe"] = f"{rng.randint(9, 38)} times"
    return c


# ---------------------------------------------------------------------------
# Finance topics. Each topic has titles, section headings and sentence pools;
# ``compose`` turns a topic plus a context into paragraphs.
# ---------------------------------------------------------------------------

MACRO = [
    "Investors have spent much of the year weighing [signs of cooling inflation|the prospect of lower "
    "interest rates|uneven economic data] against [stretched valuations|slowing profit growth|geopolitical "
    "risks].",
    "The broader market has been [choppy|resilient|volatile] in recent weeks, and the benchmark index is "
    "[up|down] {pct:1:9} since the start of the year.",
    "Consumer spending has held up better than many economists expected, supported by a labor market that "
    "remains [tight|healthy|fairly strong].",
    "Higher borrowing costs continue to weigh on [housing activity|small businesses|capital spending plans], "
    "according to recent surveys of purchasing managers.",
    "Many companies have warned that [wage pressures|shipping costs|energy prices] could squeeze margins in "
    "the second half of the year.",
    "Corporate earnings across the sector have [generally beaten|largely matched|mostly fallen short of] "
    "forecasts this reporting season.",
    "The dollar [strengthened|weakened] against most major currencies, which [weighs on|flatters] the "
    "reported results of companies with large overseas sales.",
    "Economists at {firm} expect growth to [slow|stabilize|pick up] over the coming quarters as [the effect "
    "of earlier rate increases fades|inventories are rebuilt|real incomes improve].",
    "Bond yields have [climbed|eased] in recent weeks, changing the calculation for investors who compare "
    "stock valuations with the return on safer assets.",
    "Credit conditions remain [tight|stable|somewhat restrictive] for smaller borrowers, even as large "
    "companies continue to issue debt at narrow spreads.",
    "Oil prices [rose|slipped] to about {usd:68:92} a barrel, [adding to|easing] cost pressures for "
    "transport and manufacturing companies.",
    "Market strategists have become [more cautious|more optimistic] about the outlook for corporate profits "
    "over the next twelve months.",
    "Trading volumes have been [light|heavier than usual] as investors wait for [the next inflation report|"
    "the central bank meeting|quarterly results from the largest companies].",
    "Some fund managers have rotated out of [technology shares|defensive sectors|growth stocks] and into "
    "[banks and industrials|utilities and healthcare|smaller companies] in recent months.",
    "Analysts note that the gap between the best and worst performing sectors has [widened|narrowed] sharply "
    "this year.",
    "Household savings have fallen from their pandemic peak, [which leaves consumers with less of a cushion|"
    "although balance sheets remain healthy overall].",
    "The latest survey of purchasing managers showed factory activity [expanding|contracting] for a [second|"
    "third|fourth] consecutive month.",
    "Retail sales data released on {weekday} [beat|missed] expectations, [adding to evidence that|raising "
    "questions about whether] the economy [remains resilient|is losing momentum].",
    "Several large pension funds have said they plan to increase their allocation to [fixed income|private "
    "credit|infrastructure] while yields remain attractive.",
    "Currency markets were [calm|unsettled] as traders [assessed|digested] comments from policymakers in "
    "[Washington|Frankfurt|London|Tokyo].",
    "The number of companies raising their annual forecasts has [exceeded|trailed] the number cutting them, "
    "according to data compiled by {firm}.",
    "Wage growth has [slowed|stayed firm], which matters for the inflation outlook because labor is the "
    "largest cost for many service businesses.",
    "Emerging market assets [rallied|struggled] as [the dollar eased|commodity prices moved|investors "
    "reduced exposure to risk].",
    "Gold [edged higher|slipped] as investors [sought safety|took profits] ahead of key economic data.",
    "The housing market shows [tentative|few] signs of recovery, and mortgage applications have [risen|"
    "fallen] for [two|three] weeks in a row.",
    "Profit margins for the largest listed companies remain close to record levels, although analysts expect "
    "some pressure from [higher interest expense|slower revenue growth|rising labor costs].",
    "Small company shares have [lagged|outperformed] their larger peers, in part because they rely more "
    "heavily on floating-rate debt.",
    "[Investors added about {bn:2:30} to equity funds during the week|Investors pulled about {bn:2:30} from "
    "equity funds during the week], according to fund flow data.",
    "Policymakers have stressed that future decisions will depend on incoming data rather than a preset "
    "course.",
    "Measures of expected volatility [remain subdued|jumped] compared with the levels seen earlier in the "
    "year.",
    "Venture capital funding has [recovered|remained scarce], which matters for listed companies that sell "
    "to younger technology firms.",
    "Commercial property values are still adjusting to higher financing costs, [a worry for regional "
    "lenders|which has kept some buyers on the sidelines].",
]

EARNINGS = {
    "titles": [
        "{co} [reports|posts] {hi_lo} {q} [profit|earnings] [on|amid] {stronger} {metric}",
        "{co} {q} results: [what investors need to know|the key numbers|five takeaways]",
        "{co} ({tk}) {q} earnings [review|recap]: revenue {rises} to {rev}",
        "{co} shares [move|react] after {q} results [beat|miss|surprise] on {metric}",
        "Earnings [report|roundup]: {co} [sees|reports] {strong_weak} {q} [as|while] {seg1} [sales|demand] "
        "{rises}",
    ],
    "sections": [
        (None, ["lede"]),
        (["The numbers", "Quarterly results", "Results in detail", "By the numbers"], ["results", "sector"]),
        (
            ["Segment performance", "Business units", "Where growth came from", "Division results"],
            ["segment"],
        ),
        (["Costs and margins", "Profitability", "Margins"], ["costs", "sector"]),
        (["Outlook", "Guidance", "Looking ahead", "Full-year forecast"], ["outlook"]),
        (["Management commentary", "What executives said", "On the call"], ["quotes"]),
        (["Capital returns", "Dividend and buybacks", "Cash and capital"], ["capital"]),
        (["Market reaction", "How the shares moved", "Investor response"], ["reaction"]),
        (["Wider context", "The bigger picture", "Industry backdrop"], ["macro"]),
    ],
    "pools": {
        "lede": [
            "{co} said on {weekday} that {q} revenue {up_dn} {g} to {rev}, compared with {rev_prev} a year "
            "earlier.",
            "{co}, the {hq}-based {kind}, reported {q} results that {beat_miss} analyst forecasts on both "
            "revenue and earnings.",
            "Quarterly [profit|earnings] at {co} came in {above_below} expectations, as {metric} {up_dn} and "
            "[costs|expenses] [moved in the same direction|tracked sales].",
            "{co} ({tk}) posted {q} adjusted earnings of {eps} a share, {above_below} the {eps_est} "
            "[expected by analysts|that analysts had forecast].",
            "The {kind} {co} released its {q} figures after the close on {weekday}, with revenue of {rev} "
            "and net income of {ni}.",
        ],
        "results": [
            "Revenue {up_dn} {g} to {rev} in the {q}, against {rev_prev} in the same period of {yr}.",
            "Adjusted earnings were {eps} a share, compared with {eps_prev} a year earlier and a consensus "
            "estimate of {eps_est}.",
            "Net income was {ni}, versus {ni_prev} in the [prior-year period|same quarter last year].",
            "The results mark the [second|third|fourth] consecutive quarter in which the {kind} has "
            "[delivered numbers|reported figures] {above_below} Wall Street [forecasts|expectations].",
            "Excluding the effect of currency movements, [underlying|organic] revenue growth was [slightly "
            "better|a little weaker] than the headline figure.",
            "On a reported basis, earnings per share were [lower|higher] than the adjusted figure because of "
            "[restructuring charges|a one-time tax benefit|acquisition costs|an impairment on a minority "
            "stake].",
            "The company generated operating cash flow of {mn:150:2500} in the quarter, [up|down] from the "
            "same period a year ago.",
            "Analysts [surveyed|polled] by {firm} had expected [slightly different|broadly similar] revenue "
            "and [modest growth|a small decline] in profit.",
            "Backed by {strong_weak} demand from {cust}, {metric} {up_dn} for the quarter as a whole.",
            "Management described the quarter as [one of steady progress|a period of transition|a mixed "
            "picture], with [stronger demand in some markets offsetting weakness elsewhere|cost discipline "
            "helping to protect profitability].",
            "The figures were [cleaner|noisier] than usual because of [the timing of several large orders|"
            "one-off items related to the restructuring|changes in how the company reports its segments].",
            "Investors had been watching closely for signs that {metric} [was stabilizing|could keep "
            "improving|had stopped deteriorating], and the results [offered some reassurance|gave them "
            "plenty to debate].",
            "The company [pointed to|highlighted] [resilient demand from {cust}|the benefits of recent price "
            "increases|better execution in its largest markets] as the main reason for the {strong_weak} "
            "performance.",
        ],
        "segment": [
            "Sales in the {seg1} [division|segment|unit] {up_dn} {pct:2:20}, while {seg2} revenue [was "
            "little changed|rose modestly|slipped slightly].",
            "The {seg3} business, which [accounts for|makes up] about {count:2:4} tenths of revenue, [grew "
            "faster than the group as a whole|lagged the rest of the company].",
            "Management said [demand in|orders for] {seg2} [picked up late in the quarter|softened in the "
            "final weeks|were steady throughout the period].",
            "The {seg1} unit posted an operating margin of {pct:6:32}, [the highest|one of the highest] "
            "among its businesses.",
            "Sales in [North America|Europe|Asia Pacific] {up_dn} {pct:1:14} on a constant-currency basis, "
            "[the largest move of any region|broadly in line with the group as a whole].",
            "The company does not break out profit for {seg3}, but executives said the unit was [profitable|"
            "close to breaking even|still losing money].",
            "The trend in {seg2} was shaped mostly by [pricing|volumes|customer wins and losses|the timing "
            "of large contracts], according to the earnings presentation.",
        ],
        "costs": [
            "Operating margin was {om}, compared with {om_prev} in the prior-year quarter.",
            "Selling, general and administrative expenses [rose|fell] {pct:1:9}, [reflecting|as a result of] "
            "[higher salaries|investment in marketing|savings from a restructuring program].",
            "The {kind} said its cost savings program is on track to deliver {mn:100:900} of annual savings "
            "by the end of next year.",
            "Higher [interest expense|depreciation|raw material costs] [took|shaved] about {count:2:9} cents "
            "a share off earnings, the chief financial officer estimated.",
            "EBITDA [rose|fell] to {mn:200:4000}, giving an EBITDA margin of {pct:12:38}.",
            "The effective tax rate was {pct:14:26}, [slightly above|slightly below|in line with] the "
            "company's own forecast.",
            "Management said wage inflation has [moderated|stayed elevated] and that [freight|energy|"
            "component] costs are [falling|stable|still rising].",
            "Executives said they were [keeping a close eye on|actively managing] costs, including [travel "
            "and hiring|marketing budgets|the use of outside contractors].",
            "Productivity gains from [automation|new software|a simpler organization] are starting to show "
            "up in the figures, according to the finance chief.",
            "Management expects [inflation in wages and materials|input cost pressure] to [ease gradually|"
            "remain a headwind] through the rest of the year.",
        ],
        "outlook": [
            "For the full year, {co} now expects revenue of between {glo} and {ghi}.",
            "The company [raised|maintained|narrowed] its guidance for full-year adjusted earnings per "
            "share, citing [steady demand|cost savings|a stronger order book|a more cautious view of the "
            "economy].",
            "Executives said they expect {metric} to [improve|stabilize|remain under pressure] in the [next "
            "quarter|second half|coming months].",
            "The guidance assumes [no recession|a mild slowdown|stable interest rates] and current exchange "
            "rates, the company said.",
            "{cfo_l}, the chief financial officer, told analysts that the forecast includes [a cautious|a "
            "conservative|a realistic] view of demand from {cust}.",
            "Capital spending is expected to be about {bn:0.4:4} this year, [roughly flat|a little higher|"
            "somewhat lower] compared with last year.",
            "The company did not provide a forecast for next year but said it would [update investors|share "
            "more details] at an investor day in {month}.",
            "Executives [cautioned|warned] that the [second half|final quarter] could be [choppier|harder to "
            "predict] because of [the uncertain economy|customer destocking|currency swings].",
            "The company said it was [confident|comfortable] in its [medium-term targets|long-term strategy] "
            "despite the [difficult|uncertain] backdrop.",
        ],
        "quotes": [
            '"We delivered a [solid|disciplined|challenging] quarter and continued to invest in the areas '
            'that matter most to our customers," chief executive {ceo} said in a statement.',
            '"Demand from {cust} remained {strong_weak}, and our teams executed well on pricing and cost '
            'control," {ceo_l} said.',
            "On a call with analysts, {ceo_l} said the company was [encouraged|not satisfied] by the trend "
            "in {metric} and would [keep investing|stay disciplined] regardless of the economic cycle.",
            '"Our balance sheet gives us the flexibility to [pursue acquisitions|return more cash to '
            'shareholders|keep investing through the cycle]," said {cfo}, the chief financial officer.',
            "Asked about competition from {rival}, {ceo_l} said the company was [winning share|holding its "
            "ground|seeing more aggressive pricing] in several markets.",
            "Executives declined to comment on [market speculation about a possible sale of the {seg3} unit|"
            "reports of talks with an activist investor|the timing of future price increases].",
            "{ceo_l} told analysts that the company would remain [careful|patient|selective] about hiring "
            "until demand trends become clearer.",
        ],
        "capital": [
            "The board declared a quarterly dividend of {div} a share, [unchanged from the previous quarter|"
            "an increase of several cents|in line with its policy].",
            "{co} bought back about {mn:100:1500} of its own shares during the quarter and has {bb} "
            "remaining under its current authorization.",
            "Net debt [fell|rose] to {bn:0.5:12}, or about {dec:0.8:3.2} times EBITDA, [within|slightly "
            "above] the company's target range.",
            "The company ended the quarter with {bn:0.5:8} in cash and short-term investments.",
            "Management reiterated its plan to return [at least half|most] of its free cash flow to "
            "shareholders through dividends and buybacks.",
            "The {kind} said it would prioritize [paying down debt|bolt-on acquisitions|investment in new "
            "capacity] before increasing buybacks.",
            "The board said it remains committed to a [progressive|sustainable|stable] dividend that grows "
            "in line with earnings over time.",
            "Credit rating agencies have [affirmed|kept a stable outlook on] the company's investment-grade "
            "ratings.",
            "Management said it would consider [selective acquisitions|further buybacks] if the share price "
            "[stays depressed|remains attractive].",
        ],
        "reaction": [
            "Shares of {co} {adv_dec} {move} in [extended trading|after-hours trading|early trading] "
            "following the report.",
            "The stock has [gained|lost] {pct:3:35} so far this year, [outperforming|trailing] the broader "
            "market.",
            "{analyst}, an analyst at {broker}, said the [quarter|report] was [better than feared|cleaner "
            "than expected|a little disappointing] and kept a price target of {pt}.",
            "Options markets had priced in a move of about {pct:3:9} in either direction after the results.",
            "Several analysts [raised|cut] their price targets after the report, although most kept their "
            "ratings unchanged.",
            "At the latest price, {co} trades at about {pe} expected earnings, [a premium|a discount] to its "
            "closest peers.",
        ],
        "macro": MACRO,
    },
}

CENTRAL_BANK = {
    "titles": [
        "{cb} [holds|keeps] rates [steady|unchanged] [but signals|and hints at] [patience|cuts later this "
        "year]",
        "What the latest {cb} decision means for [borrowers|savers|bond investors]",
        "{cb} [commentary|notebook|watch]: [inflation|the labor market|the balance sheet] takes center stage",
        "Inside the {cb} minutes: [a divided committee|a cautious consensus|growing confidence on inflation]",
        "{cb} [preview|review]: [policy rate|forward guidance|quantitative tightening] in focus",
    ],
    "sections": [
        (None, ["decision"]),
        (["Inflation picture", "Prices", "The inflation debate"], ["inflation"]),
        (["Labor market", "Jobs and wages", "Employment"], ["labor"]),
        (["Forward guidance", "What comes next", "The path for rates"], ["guidance"]),
        (["Balance sheet", "Quantitative tightening", "Asset holdings"], ["balance"]),
        (["Voices on the committee", "Dissent and debate", "Policymaker views"], ["voices"]),
        (["Market reaction", "How markets responded", "Rates markets"], ["cbmarket"]),
        (["Our view", "Analysis", "Takeaways"], ["macro", "guidance"]),
    ],
    "pools": {
        "decision": [
            "The {cb} [left|kept] its benchmark rate in a range of {rate} on {weekday}, [as widely expected|"
            "in line with market pricing|a decision that surprised few investors].",
            "Policymakers voted [unanimously|nine to one|eleven to one] to hold the policy rate at {rate}, "
            "[the same level|unchanged from the level] it has been at since {month}.",
            "The statement released after the meeting [noted|acknowledged] that inflation has [eased|"
            "remained elevated] and that economic activity has been expanding at a [solid|moderate] pace.",
            "The committee said it does not expect to [cut|lower] rates until it has gained greater "
            "confidence that inflation is moving sustainably toward two percent.",
            "In a closely watched decision, the {cb} [signaled|indicated] that the next move in rates is "
            "more likely to be [down|a cut] than [up|a hike].",
        ],
        "inflation": [
            "Core inflation, which excludes food and energy, was {pct:2.2:4.4} on an annual basis in "
            "{month}.",
            "Services inflation has proved [stubborn|sticky|slow to cool], reflecting [rents|insurance "
            "costs|wage growth] more than goods prices.",
            "Goods prices have been [flat|falling] for several months as supply chains [normalized|healed] "
            "and shipping costs came down.",
            "Surveys show that households expect inflation of about {pct:2.5:4} over the next year, [a "
            "little lower|a little higher] than in the spring.",
            "Staff projections put headline inflation at {pct:2.1:3.2} by the end of next year.",
            "Some officials worry that [shelter costs|auto insurance|medical services] will keep measured "
            "inflation above target for longer than the committee would like.",
            "Energy prices have [added to|subtracted from] headline inflation in recent months, but "
            "policymakers tend to look through such swings.",
        ],
        "labor": [
            "Employers added about {big:90000:280000} jobs last month, and the unemployment rate was "
            "{pct:3.5:4.4}.",
            "Job openings have fallen from their peak, a sign that [demand for workers is cooling|the labor "
            "market is coming into better balance].",
            "Average hourly earnings grew {pct:3.4:4.6} from a year earlier, [the slowest pace|a slightly "
            "faster pace] in several months.",
            "The chair described the labor market as [strong but normalizing|tight|still healthy] and said "
            "wage growth is [gradually easing|not a major source of inflation].",
            "Jobless claims remain low by historical standards, although [continuing claims have crept up|"
            "layoff announcements have increased slightly].",
            "Labor force participation among workers aged twenty-five to fifty-four has returned to its "
            "highest level in two decades.",
        ],
        "guidance": [
            "The median projection of officials now shows [two|three|one] quarter-point cuts [this year|by "
            "the end of next year].",
            "The chair said the committee is prepared to [keep policy restrictive for longer|respond if the "
            "labor market weakens unexpectedly] if the data warrant it.",
            "Futures markets are pricing a roughly {int:30:85} percent chance of a rate cut at the {month} "
            "meeting.",
            "Officials lifted their estimate of the longer-run neutral rate to {pct:2.6:3.2}, a subtle shift "
            "that suggests rates may not return to earlier lows.",
            "Economists at {firm} said the statement was [less hawkish|more hawkish] than they had expected "
            "and moved their forecast for the first cut to {month}.",
            "The committee repeated that it will [carefully assess|closely monitor] incoming data, the "
            "evolving outlook and the balance of risks.",
        ],
        "balance": [
            "The {cb} will [slow|continue] the pace at which it shrinks its bond holdings, reducing the "
            "monthly cap on Treasury runoff to {bn:15:40}.",
            "The balance sheet has shrunk by more than {bn:900:1600} since the runoff program began.",
            "Officials said they want to end balance sheet reduction [well before|before] bank reserves "
            "become scarce, to avoid strains in money markets.",
            "Mortgage-backed securities will continue to roll off at the current pace, with proceeds above "
            "the cap reinvested in Treasuries.",
            "Usage of the overnight reverse repurchase facility has [fallen sharply|declined steadily], "
            "which some analysts see as a sign that liquidity is becoming less abundant.",
        ],
        "voices": [
            "Governor {official} said in a speech in {city} that it would be [appropriate|premature] to "
            "consider lower rates [soon|before the end of the summer].",
            "{official}, president of a regional reserve bank, [dissented|voiced concern] because [she|he] "
            "preferred [a quarter-point cut|an earlier end to balance sheet runoff].",
            "Several officials [noted|argued] that the risks to the outlook have become more balanced.",
            "A minority of participants said they would support [further tightening|an extended pause] if "
            "progress on inflation stalled.",
            "In an interview on {weekday}, {official} said the committee [had time to be patient|was "
            "watching the labor market closely].",
        ],
        "cbmarket": [
            "Two-year Treasury yields, which are sensitive to policy expectations, {up_dn} {bp:3:18} after "
            "the announcement.",
            "Stocks [pared gains|extended gains|turned lower] during the press conference as investors "
            "parsed the chair's comments.",
            "The dollar [weakened|strengthened] against the euro and the yen following the decision.",
            "Bank shares [outperformed|underperformed] the wider market as investors reassessed the outlook "
            "for lending margins.",
            "Mortgage rates, which track longer-dated bond yields, have [eased|climbed] to about "
            "{pct:6.1:7.4} for a thirty-year fixed loan.",
        ],
        "macro": MACRO,
    },
}

BOND_WRAP = {
    "titles": [
        "Treasuries [rally|slide] as [traders weigh inflation data|auction demand disappoints|growth fears "
        "build]",
        "Bond market wrap: [yields|the curve|credit spreads] [in focus|on the move] {weekday}",
        "Ten-year yield [climbs|falls] to {y10} ahead of [the jobs report|the central bank meeting|a heavy "
        "supply week]",
        "Credit [markets|investors] [shrug off|brace for] [record issuance|rising defaults|tighter spreads]",
        "Fixed income [weekly|daily]: [duration|curve steepening|investment-grade supply] dominates trading",
    ],
    "sections": [
        (None, ["tsy"]),
        (["The curve", "Yield curve", "Curve moves"], ["curve"]),
        (["Credit", "Corporate bonds", "Spreads"], ["credit"]),
        (["Supply and auctions", "New issuance", "Auctions"], ["supply"]),
        (["What drove trading", "Drivers", "Catalysts"], ["drivers"]),
        (["Week ahead", "Outlook", "What to watch"], ["bondout"]),
        (["Macro backdrop", "Economy"], ["macro"]),
    ],
    "pools": {
        "tsy": [
            "The yield on the benchmark ten-year Treasury note {up_dn} {bp:2:14} to {y10} on {weekday}.",
            "Government bonds [rallied|sold off] for a [second|third] straight session as investors "
            "[reassessed|reconsidered] the outlook for interest rates.",
            "Two-year yields, which move closely with policy expectations, ended the day at {y2}.",
            "Treasuries [extended|reversed] early moves after [a strong|a weak] reading on [factory orders|"
            "consumer confidence|producer prices].",
            "Trading was [thin|active] ahead of [a holiday weekend|key inflation data|the monthly jobs "
            "report], with volumes [below|above] their recent average.",
        ],
        "curve": [
            "The gap between two-year and ten-year yields [narrowed|widened] to {bp:5:45}, [extending|"
            "reversing] a trend that began in {month}.",
            "Long-dated bonds [underperformed|outperformed] as [pension buying|supply concerns|inflation "
            "worries] shaped demand at the far end of the curve.",
            "The thirty-year yield [touched|settled near] {pct:4.1:5.0}, its [highest|lowest] level in "
            "several weeks.",
            "Strategists at {firm} recommend positioning for a steeper curve, arguing that [rate cuts|fiscal "
            "deficits|term premium] will push long yields up relative to short ones.",
            "Real yields on inflation-protected securities [rose|fell], while breakeven inflation rates were "
            "[little changed|slightly higher].",
            "The curve has been inverted for [an unusually long time|more than a year], a pattern that has "
            "often preceded recessions in the past.",
        ],
        "credit": [
            "Investment-grade credit spreads [tightened|widened] by {bp:2:9} to about {bp:85:130} over "
            "Treasuries.",
            "High-yield bonds [gained|lost] ground as [equity markets rose|oil prices fell|default worries "
            "resurfaced], and junk spreads ended near {bp:290:420}.",
            "Demand for corporate debt remains strong because [all-in yields are attractive|insurers and "
            "pension funds keep buying|cash on the sidelines is plentiful].",
            "The default rate on leveraged loans has [edged up|stabilized] at about {pct:2:4.5}, according "
            "to {firm}.",
            "Bonds issued by [regional banks|office landlords|retailers] [lagged|rebounded] as investors "
            "[worried about|grew more comfortable with] their exposure to commercial property.",
            "Fallen angels, bonds cut from investment grade to junk, have been [rare|more common] this year.",
        ],
        "supply": [
            "The Treasury sold {bn:40:70} of [three-year notes|ten-year notes|thirty-year bonds] at a high "
            "yield of {pct:4.0:4.9}.",
            "Demand at the auction was [solid|soft], with a bid-to-cover ratio of {dec:2.2:2.8} compared "
            "with an average of about {dec:2.3:2.6}.",
            "Companies sold more than {bn:15:45} of investment-grade bonds this week, [above|below] the "
            "forecast of syndicate desks.",
            "{co_issuer} priced a {bn:1:5} bond deal in [three|four|five] parts, including a thirty-year "
            "tranche.",
            "Municipal bond issuance has [picked up|slowed], with states and cities [refinancing older debt|"
            "funding infrastructure projects].",
            "Primary dealers took down about {pct:8:20} of the auction, [less|more] than at recent sales.",
        ],
        "drivers": [
            "Traders [focused on|reacted to] [a hotter than expected|a softer than expected] consumer price "
            "report, which showed monthly core inflation of {pct:0.1:0.4}.",
            "Comments from a senior policymaker suggesting [rates could stay high for longer|cuts may come "
            "sooner] moved front-end yields.",
            "Foreign demand for Treasuries [weakened|picked up] as [yields in Japan rose|the dollar "
            "weakened|hedging costs fell].",
            "Concerns about the size of the federal budget deficit continue to weigh on longer-dated bonds.",
            "A [rally|sell-off] in equities [reduced|increased] demand for the safety of government debt.",
            "Oil prices [climbed|dropped] {pct:1:4}, feeding through to inflation expectations priced in "
            "bond markets.",
        ],
        "bondout": [
            "Next week brings [the monthly jobs report|data on consumer prices|retail sales figures] along "
            "with auctions of [two-year and five-year notes|ten-year notes and thirty-year bonds].",
            "Strategists expect the ten-year yield to [end the year near|trade between] {pct:3.8:4.6}, with "
            "risks skewed to the [upside|downside].",
            "Investors will also watch [speeches from several policymakers|quarterly refunding "
            "announcements|the minutes of the last policy meeting].",
            "Portfolio managers said they are [adding|trimming] duration, betting that [growth will slow|"
            "inflation will stay sticky].",
            "A heavy calendar of corporate issuance is expected [after the holiday|before the summer "
            "slowdown|once earnings season ends].",
        ],
        "macro": MACRO,
    },
}

ANALYST_NOTE = {
    "titles": [
        "{broker} {grade_verbs} {co} to {rating}, price target {pt}",
        "Analyst note: [why we are|reasons to be] [bullish|cautious] on {co} ({tk})",
        "{co}: [initiating coverage|reiterating our view|updating estimates] after the {q}",
        "Research note: {co} [valuation looks stretched|offers value|faces a tougher year]",
        "{tk} [equity research|company update]: {metric} [recovery|slowdown] in focus",
    ],
    "sections": [
        (None, ["rating"]),
        (["Investment thesis", "Our thesis", "Why we like the stock", "The case"], ["thesis", "sector"]),
        (["Valuation", "Price target", "How we value the shares"], ["valuation"]),
        (["Estimates", "Model changes", "Forecast revisions"], ["estimates"]),
        (["Catalysts", "What could move the stock"], ["catalysts"]),
        (["Risks", "Key risks", "What could go wrong"], ["risks"]),
        (["Sector view", "Industry context"], ["macro", "sector"]),
    ],
    "pools": {
        "rating": [
            "We {grade_verb} {co} to {rating} from {old_rating}, with a twelve-month price target of {pt}.",
            "{broker} analyst {analyst} {grade_past} the rating on {co} to {rating}, arguing that the market "
            "[underestimates|overestimates] the durability of {metric}.",
            "Our {rating} rating reflects [a better balance of risk and reward|limited upside from current "
            "levels|an improving earnings trajectory].",
            "Shares of {co} closed at {px} on {weekday}, which implies [meaningful upside|limited upside|"
            "some downside] to our new target.",
        ],
        "thesis": [
            "We think {co} is [well placed|poorly placed] to benefit from [rising demand among {cust}|a "
            "recovery in {seg1}|industry consolidation].",
            "Management has a credible plan to [expand margins|reduce leverage|simplify the portfolio], and "
            "the early results are [encouraging|mixed].",
            "The {seg2} business is [underappreciated|overvalued] by the market, in our view, and could be "
            "worth more than {bn:1:9} on its own.",
            "Competition from {rival} has [intensified|eased], which should [pressure|support] pricing over "
            "the next year.",
            "We see a path to mid-teens earnings growth as [cost savings|new products|share buybacks] flow "
            "through the income statement.",
            "The balance sheet is [strong|stretched], with net leverage of about {dec:0.5:3.5} times EBITDA.",
            "Free cash flow conversion has [improved|weakened], and we expect it to [stay above|remain "
            "below] ninety percent of net income.",
        ],
        "valuation": [
            "Our price target of {pt} is based on [a discounted cash flow model|about {pe} our earnings "
            "estimate for next year|a sum-of-the-parts analysis].",
            "The stock trades at {pe} forward earnings, compared with a five-year average of about "
            "{int:12:30} times.",
            "On an enterprise value to EBITDA basis, {co} looks [cheap|expensive] relative to peers such as "
            "{rival}.",
            "We assume a weighted average cost of capital of {pct:7:10} and a terminal growth rate of "
            "{pct:1.5:3}.",
            "The dividend yield of about {pct:1:5} provides [some support|little support] to the valuation.",
            "Our bear case value of {usd:15:90} assumes [a recession|a loss of market share|lower margins], "
            "while our bull case assumes [faster growth|a successful product cycle|higher pricing].",
        ],
        "estimates": [
            "We [raise|lower] our earnings per share estimate for next year to {eps}, [above|below] the "
            "consensus.",
            "Our revenue forecast assumes growth of {pct:2:14} in {seg1} and a [modest|sharp] [recovery|"
            "decline] in {seg2}.",
            "We now model an operating margin of {pct:9:30}, [up|down] from our previous assumption.",
            "Our estimates include [a full year of|no contribution from] recent acquisitions.",
            "The change in our estimates mainly reflects [lower interest expense|higher tax rates|a weaker "
            "currency|updated guidance].",
        ],
        "catalysts": [
            "An investor day scheduled for {month} could [provide|offer] more detail on [medium-term "
            "targets|capital allocation|the product roadmap].",
            "The {q} results, due in [four|six|eight] weeks, should [confirm|test] our view on {metric}.",
            "A decision on [the sale of a non-core unit|a large contract renewal|regulatory approval] is "
            "expected by the end of the year.",
            "Any increase in the buyback program would be a [positive|welcome] surprise.",
            "Inclusion in [a major index|several sector funds] could [broaden|change] the shareholder base.",
        ],
        "risks": [
            "Key risks include [a sharper economic slowdown|a loss of key customers|execution problems at "
            "new plants|regulatory changes] and [higher input costs|adverse currency moves|rising "
            "competition].",
            "A [prolonged|deeper] downturn in {seg1} would hurt earnings more than we currently assume.",
            "Management turnover is a concern after the [departure|retirement] of [two senior executives|the "
            "head of {seg2}].",
            "The company is exposed to [interest rate risk|litigation|supply disruption] that could affect "
            "our estimates.",
            "Investors should note that our target does not assume any [large acquisitions|change in the "
            "dividend policy|one-off charges].",
        ],
        "macro": MACRO,
    },
}

PRESS_RELEASE = {
    "titles": [
        "{co} [announces|reports] {event_title}",
        "{co} Announces {event_title}",
        "Press release: {co} {event_title}",
    ],
    "sections": [
        (None, ["pr_lede"]),
        (None, ["event"]),
        (["Details", "Transaction details", "Additional information"], ["event", "pr_context"]),
        (["Management comment", "Executive comment"], ["pr_quote"]),
        (["About {co}"], ["about"]),
        (["Forward-looking statements", "Cautionary note regarding forward-looking statements"], ["fls"]),
    ],
    "pools": {
        "pr_lede": [
            "{hq}, {month} {int:1:28}, {yr} -- {co} ({exch}: {tk}), a leading {kind} serving {cust}, today "
            "announced {event_lede}.",
            "{hq} -- {co} ({exch}: {tk}) today announced {event_lede}, according to a current report filed "
            "with the Securities and Exchange Commission.",
        ],
        "pr_context": [
            "The company has grown its {seg1} business steadily over the past [five|seven|ten] years and now "
            "serves customers in more than {int:20:90} countries.",
            "{co} employs approximately {big:2000:60000} people and reported revenue of {rev} in its most "
            "recent quarter.",
            "The announcement follows a strategic review of the {seg3} business that began earlier this "
            "year.",
            "The company will discuss the announcement on its next quarterly earnings call.",
            "Further information is available in the filing and in the investor relations section of the "
            "company's website.",
        ],
        "pr_quote": [
            '"This is an important step in our strategy to [strengthen|grow|simplify] our {seg1} '
            'business," said {ceo}, chief executive officer of {co}.',
            '"We are confident that this will create long-term value for our shareholders, customers and '
            "employees,\" said {ceo}, the company's chief executive.",
            '"Our disciplined approach to capital allocation remains unchanged," said {cfo}, chief '
            "financial officer.",
            '"The board believes this decision reflects the strength of our balance sheet and our confidence '
            'in the business," {ceo_l} added.',
        ],
        "about": [
            "{co} is a {kind} headquartered in {hq} that serves {cust} through its {seg1}, {seg2} and {seg3} "
            "businesses.",
            "Founded in {int:1890:1998}, {co} has operations across [North America, Europe and Asia|more "
            "than {int:12:60} countries] and is listed on the {exch} under the symbol {tk}.",
            "The company's [mission|stated aim] is to deliver dependable [products and services|solutions] "
            "while maintaining a [strong and flexible|conservative] balance sheet.",
            "{co} [employs|has] about {big:2000:60000} [people|employees] and [reinvests heavily|invests "
            "steadily] in [research and development|its {seg1} business].",
        ],
        "fls": [
            "This [press release|announcement] contains forward-looking statements within the meaning of "
            "[the Private Securities Litigation Reform Act|federal securities laws], including statements "
            "about [expected benefits, financial results and the timing of future events|the company's "
            "plans, strategy and prospects].",
            "Words such as [anticipate, believe, estimate and expect|expect, intend, plan and project] and "
            "similar expressions are intended to identify forward-looking statements, which are subject to "
            "[risks and uncertainties|a number of risks].",
            "Actual results may differ materially because of factors including [economic conditions and "
            "competition|changes in demand and supply disruptions], [changes in interest rates|currency "
            "movements], regulatory developments and the other risks described in the company's [annual "
            "report|most recent filings].",
            "{co} undertakes no obligation to update any forward-looking statement[, except as required by "
            "law|, whether as a result of new information or future events].",
        ],
    },
}

PR_EVENTS = {
    "appointment": {
        "title": "Appointment of {newexec} as Chief Financial Officer",
        "lede": "the appointment of {newexec} as chief financial officer, effective {month} {int:1:28}",
        "sents": [
            "{newexec_l} succeeds {cfo}, who will remain with the company as an adviser through the end of "
            "the year to ensure an orderly transition.",
            "{newexec_l} joins from {rival}, where [she|he] served as treasurer and led several large debt "
            "financings.",
            "[She|He] brings more than {int:15:28} years of experience in corporate finance, investor "
            "relations and capital markets.",
            "In the new role, {newexec_l} will oversee financial planning, accounting, tax, treasury and "
            "investor relations.",
            "The board conducted a thorough search that included both internal and external candidates.",
        ],
    },
    "notes": {
        "title": "Pricing of {bn:0.5:3} Senior Notes Offering",
        "lede": "the pricing of an offering of senior unsecured notes due {int:2029:2054} with a coupon of "
        "{pct:4:6.5}",
        "sents": [
            "The notes will be issued at {dec:98:99.9} percent of their principal amount and will pay "
            "interest semiannually.",
            "The company intends to use the net proceeds to repay borrowings under its revolving credit "
            "facility and for general corporate purposes.",
            "The offering is expected to close on or about {month} {int:1:28}, subject to customary closing "
            "conditions.",
            "{firm} and {firm} are acting as joint book-running managers for the offering.",
            "The notes have not been registered under the Securities Act and may not be offered or sold in "
            "the United States absent registration or an exemption.",
        ],
    },
    "buyback": {
        "title": "New Share Repurchase Authorization of {bb}",
        "lede": "that its board of directors has authorized a new share repurchase program of up to {bb}",
        "sents": [
            "The new authorization replaces the previous program, under which approximately {mn:50:400} "
            "remained available.",
            "Repurchases may be made from time to time in the open market or through privately negotiated "
            "transactions.",
            "The timing and amount of repurchases will depend on market conditions, the share price and "
            "other factors.",
            "The program does not obligate the company to acquire any particular number of shares and may be "
            "suspended at any time.",
            "The company expects to fund repurchases with cash on hand and free cash flow.",
        ],
    },
    "dividend": {
        "title": "Quarterly Dividend Increase",
        "lede": "that its board of directors has declared a quarterly cash dividend of {div} per share, an "
        "increase of {pct:3:12}",
        "sents": [
            "The dividend is payable on {month} {int:1:28} to shareholders of record at the close of "
            "business on {month} {int:1:28}.",
            "This marks the {int:5:40}th consecutive year in which the company has raised its dividend.",
            "On an annualized basis, the new dividend represents a yield of approximately {pct:1.2:4.5} "
            "based on the recent share price.",
            "The board reviews the dividend each year in light of earnings, cash flow and capital needs.",
            "Together with share repurchases, the company has returned more than {bn:1:9} to shareholders "
            "over the past three years.",
        ],
    },
    "plant": {
        "title": "Plans for New Facility in {plant_city}",
        "lede": "plans to invest approximately {mn:150:900} in a new facility in {plant_city}",
        "sents": [
            "The facility is expected to begin operations in {int:2025:2027} and to create about "
            "{big:200:1200} permanent jobs.",
            "The site will expand capacity for the {seg1} business, where demand has exceeded supply for "
            "several quarters.",
            "The project is supported by local tax incentives and workforce training programs.",
            "Construction will begin later this year, subject to final permits.",
            "The new plant is designed to use less energy and water per unit of output than the company's "
            "older sites.",
        ],
    },
}

INVESTOR_FAQ = {
    "titles": [
        "Investor FAQ: [dividends, buybacks and shareholder questions|common questions from shareholders]",
        "[Frequently asked questions|Your questions answered]: [bonds|saving and investing|retirement "
        "accounts]",
        "{site_short} help center: investing basics explained",
    ],
    "qa": [
        (
            "What is a dividend?",
            [
                "A dividend is a payment a company makes to its shareholders, usually out of profits.",
                "Most companies that pay dividends do so every quarter, and the board decides the amount "
                "each time.",
                "Dividends are not guaranteed, and a company can cut or suspend them if earnings fall.",
            ],
        ),
        (
            "How does a share buyback work?",
            [
                "In a buyback, a company uses its cash to purchase its own shares in the market.",
                "Because there are fewer shares outstanding afterward, each remaining share represents a "
                "larger slice of the business.",
                "Buybacks can lift earnings per share even when net income is flat.",
            ],
        ),
        (
            "What does the ex-dividend date mean?",
            [
                "The ex-dividend date is the first day on which a buyer of the stock is no longer entitled "
                "to the next dividend.",
                "If you buy shares on or after that date, the seller receives the payment instead.",
                "Share prices often fall by roughly the amount of the dividend on the ex-dividend date.",
            ],
        ),
        (
            "Why do bond prices fall when interest rates rise?",
            [
                "A bond pays a fixed coupon, so when new bonds offer higher yields, existing bonds become "
                "less attractive.",
                "Their prices fall until their yield matches what investors can earn elsewhere.",
                "The longer the maturity of a bond, the more its price tends to move for a given change in "
                "rates.",
            ],
        ),
        (
            "What is duration?",
            [
                "Duration measures how sensitive a bond or bond fund is to changes in interest rates.",
                "A fund with a duration of six years would be expected to lose about six percent of its "
                "value if rates rose by one percentage point.",
                "Shorter duration means less interest rate risk, but usually also a lower yield.",
            ],
        ),
        (
            "What is the difference between revenue and profit?",
            [
                "Revenue is the total amount a company earns from selling its products and services.",
                "Profit is what remains after the company pays its costs, interest and taxes.",
                "A company can grow revenue quickly and still lose money if its expenses grow faster.",
            ],
        ),
        (
            "What is earnings per share?",
            [
                "Earnings per share divides a company's net income by the number of shares outstanding.",
                "Analysts often focus on adjusted earnings per share, which excludes items the company "
                "considers unusual.",
                "Comparing earnings per share with the share price gives the price to earnings ratio.",
            ],
        ),
        (
            "What does EBITDA stand for?",
            [
                "EBITDA stands for earnings before interest, taxes, depreciation and amortization.",
                "It is widely used to compare the operating performance of companies with different capital "
                "structures.",
                "Critics point out that it ignores the cost of replacing equipment and can flatter weak "
                "businesses.",
            ],
        ),
        (
            "How is my brokerage account protected?",
            [
                "Securities held at a registered broker are generally protected against the failure of the "
                "firm up to certain limits.",
                "This protection does not cover losses caused by falling market prices.",
                "Cash held in a bank sweep program may be covered by deposit insurance instead.",
            ],
        ),
        (
            "What is an expense ratio?",
            [
                "The expense ratio is the annual fee a fund charges, expressed as a percentage of assets.",
                "A fund with an expense ratio of half a percent costs five dollars a year for every thousand "
                "dollars invested.",
                "Over long periods, lower fees can make a large difference to the final value of an "
                "investment.",
            ],
        ),
        (
            "Should I choose a traditional or a Roth retirement account?",
            [
                "With a traditional account, contributions may reduce your taxable income today, but "
                "withdrawals are taxed later.",
                "With a Roth account, you pay tax on the money now and qualified withdrawals are tax free.",
                "Many savers use both, depending on whether they expect their tax rate to rise or fall.",
            ],
        ),
        (
            "What is a yield curve?",
            [
                "The yield curve plots the interest rates on government bonds of different maturities.",
                "Normally longer bonds pay higher yields to compensate investors for tying up their money.",
                "When short-term yields rise above long-term yields, the curve is said to be inverted.",
            ],
        ),
        (
            "How are capital gains taxed?",
            [
                "Capital gains are the profits you make when you sell an investment for more than you paid.",
                "Gains on assets held for more than a year are usually taxed at lower rates than short-term "
                "gains.",
                "Losses can often be used to offset gains and reduce the tax you owe.",
            ],
        ),
        (
            "What is dollar cost averaging?",
            [
                "Dollar cost averaging means investing a fixed amount at regular intervals regardless of the "
                "price.",
                "When prices are low, the same amount buys more shares, and when prices are high it buys "
                "fewer.",
                "The approach removes the temptation to time the market, which few investors do well.",
            ],
        ),
        (
            "What happens at the annual shareholder meeting?",
            [
                "At the annual meeting, shareholders elect the board of directors and vote on proposals such "
                "as executive pay.",
                "Shareholders who cannot attend can vote by proxy before the meeting.",
                "The company usually publishes the results of the votes within a few business days.",
            ],
        ),
        (
            "How do I read a balance sheet?",
            [
                "A balance sheet lists what a company owns, what it owes and the value left for "
                "shareholders.",
                "Assets always equal liabilities plus shareholders' equity.",
                "Comparing current assets with current liabilities shows whether the company can meet its "
                "short-term obligations.",
            ],
        ),
        (
            "What is a money market fund?",
            [
                "A money market fund invests in short-term, high-quality debt such as Treasury bills.",
                "It aims to keep a stable value while paying interest that tracks short-term rates.",
                "Money market funds are not bank deposits and are not insured, although losses have been "
                "rare.",
            ],
        ),
        (
            "What is an index fund?",
            [
                "An index fund aims to match the performance of a market index rather than beat it.",
                "Because it simply holds the stocks in the index, it usually has lower costs than an "
                "actively managed fund.",
                "Index funds have attracted large inflows over the past two decades.",
            ],
        ),
        (
            "What does a credit rating tell me?",
            [
                "A credit rating is an opinion about how likely a borrower is to repay its debts on time.",
                "Bonds rated investment grade are considered lower risk than those rated high yield.",
                "Ratings can change, and a downgrade usually pushes a bond's price lower.",
            ],
        ),
        (
            "Where can I find the company's annual report?",
            [
                "The annual report is published on the investor relations website and filed with the "
                "securities regulator.",
                "It contains audited financial statements, a discussion of results and a description of the "
                "main risks.",
                "Printed copies are available on request from the corporate secretary.",
            ],
        ),
        (
            "What is inflation and why does it matter for investors?",
            [
                "Inflation is the rate at which the general level of prices rises over time.",
                "It reduces the purchasing power of cash and of fixed payments such as bond coupons.",
                "Stocks of companies that can raise prices have historically offered some protection against "
                "inflation.",
            ],
        ),
        (
            "What is a stock split?",
            [
                "In a stock split, a company increases the number of its shares and lowers the price of each "
                "share in proportion.",
                "A two for one split gives each holder twice as many shares worth half as much each.",
                "The total value of the holding does not change when the split takes effect.",
            ],
        ),
    ],
    "answer_extra": [
        "If you are unsure how this applies to your situation, [a licensed financial adviser|a tax "
        "professional|our client service team] can help.",
        "You can find more detail in the [prospectus|account agreement|investor guide] available in your "
        "online account.",
        "Past performance is not a reliable indicator of future results.",
        "Rules differ between countries and can change over time, so check the latest guidance.",
        "The examples above are simplified and ignore taxes and trading costs.",
    ],
    "intro": [
        "This page answers the questions [our client service team hears|our investor relations team hears|"
        "our editors hear] most often from [shareholders|readers|new investors].",
        "We review these answers regularly and update them when [rules|products|tax thresholds] change.",
        "The information here is general in nature and is not personal investment advice.",
    ],
}

FUND_SHEET = {
    "titles": [
        "{fund} fact sheet [as of|for] {month} {yr}",
        "{fund}: [quarterly commentary|monthly update|fund overview]",
        "[Fund profile|Fact sheet]: {fund}",
    ],
    "sections": [
        (["Investment objective", "Objective"], ["objective"]),
        (["Strategy", "Investment approach", "How the fund invests"], ["strategy"]),
        (["Performance", "Recent performance", "Returns"], ["perf"]),
        (["Portfolio positioning", "Holdings", "Portfolio"], ["portfolio"]),
        (["Manager commentary", "From the portfolio manager", "Outlook"], ["commentary", "macro"]),
        (["Fees and expenses", "Costs"], ["fees"]),
        (["Principal risks", "Risks"], ["fundrisk"]),
    ],
    "pools": {
        "objective": [
            "The fund seeks [long-term capital growth|a high level of current income|total return through a "
            "combination of income and growth] by investing primarily in {universe}.",
            "It aims to outperform the {benchmark} over rolling five-year periods, after fees.",
            "The fund is designed for investors with a [long|medium] time horizon who can tolerate "
            "[moderate|significant] swings in value.",
        ],
        "strategy": [
            "The managers use [fundamental research|a disciplined valuation approach|a quantitative "
            "screening process] to identify {universe} with [durable competitive advantages|attractive "
            "yields|improving fundamentals].",
            "The portfolio typically holds between {int:30:60} and {int:70:150} securities, with no single "
            "position above {count:3:6} percent.",
            "Sector weights are kept within [five|ten] percentage points of the benchmark to limit "
            "unintended risks.",
            "The team meets with the management of [most|many] portfolio companies at least once a year.",
            "Currency exposure is [hedged back to the dollar|left unhedged] as a matter of policy.",
            "The fund may use derivatives for hedging and efficient portfolio management, but not for "
            "leverage.",
        ],
        "perf": [
            "The fund returned {pct:0.5:9} in the quarter, [ahead of|behind] the {pct:0.5:9} gain of its "
            "benchmark.",
            "Over twelve months, the fund [gained|returned] {pct:2:22} after fees.",
            "Stock selection in [industrials|healthcare|financials|technology] [added most to|detracted most "
            "from] relative returns.",
            "An underweight position in [utilities|energy|consumer staples] [helped|hurt] as the sector "
            "[lagged|rallied].",
            "Since its launch in {int:1996:2019}, the fund has delivered an annualized return of {pct:4:11}.",
            "The distribution yield at the end of the period was {pct:1.5:6}.",
        ],
        "portfolio": [
            "The largest holdings at the end of the quarter included {hold1}, {hold2} and {hold3}.",
            "The managers [added|started] a position in {hold2}, citing [an attractive valuation|improving "
            "cash flow|a new management team].",
            "They [sold|trimmed] the holding in {hold3} after a strong run in the share price.",
            "Cash represented about {count:1:5} percent of assets, which the managers consider a neutral "
            "level.",
            "The portfolio's average credit quality is [A|BBB plus|AA minus], and its duration is about "
            "{dec:3:7} years.",
            "[Financials|Industrials|Healthcare] remain the largest sector weight at roughly {int:14:28} "
            "percent of assets.",
        ],
        "commentary": [
            '"We remain [cautiously optimistic|constructive|defensive] because [valuations are reasonable '
            'outside the largest stocks|earnings have held up|the economy is slowing]," said portfolio '
            "manager {pm}.",
            "The manager believes that [higher interest rates|a broadening rally|slower growth] will reward "
            "companies with strong balance sheets.",
            "{pm} said the team sees more opportunity in [smaller companies|dividend growers|short-dated "
            "corporate bonds] than at any point in recent years.",
            "The team [reduced|increased] exposure to [cyclical sectors|long-duration bonds|emerging "
            "markets] during the period.",
        ],
        "fees": [
            "The fund's net expense ratio is {pct:0.09:0.95} a year, [below|close to] the average for its "
            "category.",
            "There is no sales charge on [institutional shares|the share class shown here], and the minimum "
            "initial investment is {usd:1000:3000}.",
            "The adviser has agreed to waive part of its fee until at least {month} {int:2025:2026}.",
            "Fees reduce returns, and the performance figures shown are net of all fund expenses.",
        ],
        "fundrisk": [
            "The value of the fund can go down as well as up, and investors may get back less than they "
            "invested.",
            "[Bond funds are exposed to interest rate and credit risk|Stock prices can be volatile|Foreign "
            "investments carry currency and political risk], which may affect returns.",
            "Investments in smaller companies may be less liquid and more volatile than those in large "
            "companies.",
            "Please read the prospectus carefully before investing, including the description of principal "
            "risks.",
        ],
        "macro": MACRO,
    },
}

MNA_NEWS = {
    "titles": [
        "{acq} agrees to buy {target} for {deal} [in cash|in cash and stock|including debt]",
        "{acq} [nears|strikes|clinches] deal for {target} [as consolidation accelerates|to expand in {seg1}]",
        "Deal news: {target} shares [jump|soar|climb] on {acq} takeover [offer|agreement]",
        "{acq}-{target} merger: [what it means for shareholders|regulators, synergies and the price]",
    ],
    "sections": [
        (None, ["deal"]),
        (["Deal terms", "The terms", "Price and structure"], ["terms"]),
        (["Strategic rationale", "Why the deal", "The logic"], ["rationale"]),
        (["Regulatory review", "Approvals", "Timing"], ["approvals"]),
        (["Market reaction", "How investors reacted"], ["mnareact"]),
        (["Background", "How the deal came together", "History"], ["background"]),
        (["Advisers"], ["advisers"]),
        (["Industry context", "Deal market"], ["macro", "dealmarket"]),
    ],
    "pools": {
        "deal": [
            "{acq} said on {weekday} it had agreed to acquire {target} in a deal valued at about {deal}, "
            "including debt.",
            "The agreement would combine two of the largest companies in {seg1}, creating a group with "
            "annual revenue of more than {bn:5:40}.",
            "{acq} will pay {offer} a share for {target}, a premium of {prem} to the closing price before "
            "reports of the talks emerged.",
            "The [boards of both companies|two boards] have unanimously approved the transaction, which is "
            "expected to close in [the first half|the second half|the fourth quarter] of next year.",
        ],
        "terms": [
            "{target} shareholders will receive {offer} in cash for each share they own.",
            "The deal will be financed with cash on hand and about {bn:2:15} of new debt, [fully committed "
            "by {firm}|arranged by a group of banks].",
            "{acq} expects the acquisition to add to adjusted earnings per share in the [first|second] full "
            "year after closing.",
            "Either side would pay a termination fee of about {mn:100:900} if the deal falls apart under "
            "certain conditions.",
            "The combined company will keep its headquarters in {hq}, and {acq_ceo} will lead it as chief "
            "executive.",
            "{target} will become a [wholly owned subsidiary|separate division] and retain its brand.",
        ],
        "rationale": [
            "Executives said the combination would produce annual cost savings of about {mn:150:900} within "
            "three years.",
            "The deal gives {acq} [a foothold|a stronger position|scale] in {seg1}, where growth has "
            "outpaced its core business.",
            "The companies expect revenue synergies from selling each other's products to {cust}.",
            '"Together we will be able to invest more in innovation and serve our customers better," said '
            "{acq_ceo}, the chief executive of {acq}, on a call with analysts.",
            "Analysts said the price looked [full|reasonable|generous] but noted the strategic fit.",
            "The acquisition would reduce {acq}'s reliance on [a single market|its slower-growing legacy "
            "business|cyclical end markets].",
        ],
        "approvals": [
            "The transaction requires approval from {target} shareholders and antitrust regulators in the "
            "United States and the European Union.",
            "Lawyers expect a [lengthy|routine|detailed] review because the companies [compete directly in "
            "several products|have little overlap|together hold a large share of the market].",
            "The companies said they would consider selling some assets if needed to win regulatory "
            "approval.",
            "A vote by {target} shareholders is expected in {month}.",
            "Regulators have taken a tougher stance on large mergers in recent years, blocking or delaying "
            "several deals.",
        ],
        "mnareact": [
            "Shares of {target} [jumped|surged|rose] {prem_move} in morning trading, while {acq} shares "
            "[fell|slipped|were little changed].",
            "The narrow gap between {target}'s share price and the offer suggests investors expect the deal "
            "to be completed.",
            "Some {acq} shareholders questioned whether the company was [overpaying|taking on too much debt|"
            "straying from its strategy].",
            "Credit rating agencies said they were reviewing {acq}'s ratings for a possible downgrade "
            "because of the added debt.",
        ],
        "background": [
            "{target} had been exploring strategic options since [an activist investor built a stake|its "
            "founder stepped down|its shares slumped] last year.",
            "The two companies first discussed a combination [several years ago|in the spring], but talks "
            "stalled over price.",
            "{target}, based in {city}, was founded in {int:1950:2005} and employs about {big:1500:30000} "
            "people.",
            "The deal is the latest in a wave of consolidation as companies seek scale to cope with [higher "
            "costs|slower growth|new technology].",
        ],
        "advisers": [
            "{firm} is serving as financial adviser to {acq}, and {firm} is advising {target}.",
            "Legal counsel for the buyer is [a New York law firm|a firm based in {city}], while {target} is "
            "represented by separate counsel.",
        ],
        "dealmarket": [
            "Global merger volume has [recovered|slowed] this year, with deal values [up|down] about "
            "{pct:5:30} from a year earlier.",
            "Bankers said higher financing costs have made private equity buyers more selective, leaving "
            "more room for corporate acquirers.",
            "Large strategic deals have [returned|remained rare] as chief executives regain confidence in "
            "the economic outlook.",
        ],
        "macro": MACRO,
    },
}

MARKET_WRAP = {
    "titles": [
        "Stocks [rise|fall|end mixed] as investors [weigh|digest] [earnings|economic data|rate expectations]",
        "Markets wrap: [banks lead|technology lags|energy shares rally] on {weekday}",
        "Wall Street [closes higher|closes lower|ends flat] [ahead of|after] [the jobs report|inflation "
        "data|the central bank decision]",
        "[Daily|Evening] market briefing: [stocks|rates|commodities] [in focus|take the lead] on {weekday}",
    ],
    "sections": [
        (None, ["indexes"]),
        (["Sectors", "Sector moves", "Leaders and laggards"], ["sectors"]),
        (["Stocks on the move", "Movers", "Notable movers"], ["movers"]),
        (["Economy", "Data watch", "Economic data"], ["macro"]),
        (["Commodities and currencies", "Oil, gold and the dollar"], ["commod"]),
        (["What to watch", "Tomorrow", "Week ahead"], ["wrapout"]),
    ],
    "pools": {
        "indexes": [
            "The benchmark index {adv_dec} {pct:0.2:1.8} on {weekday}, while the technology-heavy index "
            "[rose|fell] {pct:0.2:2.2}.",
            "Stocks [drifted|swung] for much of the session before [a late rally|a late sell-off] left the "
            "main averages {hi_lo}.",
            "[Advancing stocks outnumbered decliners by about two to one|Decliners outnumbered advancers by "
            "roughly three to two] on the main exchange.",
            "The blue-chip average [closed|finished] [up|down] about {int:40:450} points, with [a few large "
            "industrial names|heavyweight banks|two healthcare companies] accounting for much of the move.",
            "Trading volume was [lighter|heavier] than the average of the past month.",
        ],
        "sectors": [
            "[Energy shares led the market as oil prices rose|Financial shares led the market as bond yields "
            "climbed|Utility shares led the market as investors sought defensive stocks], with the sector up "
            "{pct:0.5:3}.",
            "[Technology|Consumer discretionary|Real estate] was the weakest sector, [dragged down by|"
            "pressured by] [a slide in chipmakers|worries about consumer spending|higher mortgage rates].",
            "Bank stocks [rallied|slipped] [following|in response to] [a shift in the yield curve|comments "
            "from regulators|results from a large lender].",
            "Smaller companies [outperformed|underperformed], and the small-cap index {adv_dec} "
            "{pct:0.3:2.5}.",
            "Defensive sectors such as consumer staples [held up well as investors sought safety|lagged as "
            "investors embraced risk].",
        ],
        "movers": [
            "{mover} shares [jumped {pct:4:19} after the company raised|sank {pct:4:19} after the company "
            "cut] its annual forecast.",
            "{mover} [climbed {pct:2:12} following an analyst upgrade|fell {pct:2:12} following a downgrade] "
            "from {firm}.",
            "{mover} [surged on news that it had agreed to be acquired|tumbled on news that it was the "
            "subject of a regulatory inquiry|slipped after it said it would replace its chief executive].",
            "Shares of {mover} [rose {pct:2:9} after it reported better|declined {pct:2:9} after it reported "
            "weaker] than expected [same-store sales|subscriber numbers|orders].",
            "{mover} [gained ground after announcing a larger dividend|lost ground after announcing a "
            "secondary share offering|rose after unveiling a new buyback program].",
        ],
        "commod": [
            "Benchmark crude [rose|fell] {pct:0.5:3} to {usd:68:92} a barrel as traders [assessed|weighed] "
            "[supply cuts|inventory data|demand from China].",
            "Gold [gained|slipped] to about {big:1900:2450} dollars an ounce.",
            "The dollar index [edged up|eased] {pct:0.1:0.8}, and the euro traded near {dec:1.04:1.12} "
            "dollars.",
            "Copper [rose|fell] on [hopes for|worries about] industrial demand.",
            "Natural gas futures [jumped|dropped] as [forecasts for hotter weather|storage data] shifted "
            "expectations.",
        ],
        "wrapout": [
            "Investors will look to [the monthly jobs report|inflation data|results from large retailers] "
            "[later this week|on {weekday}] for clues about the economy.",
            "[Several|A number of] policymakers are scheduled to speak [this week|in the coming days].",
            "Earnings season [continues|winds down] with reports from {mover} and several other large "
            "companies.",
            "Strategists at {firm} said they expect [choppy trading|a narrow range|further gains] until "
            "there is more clarity on interest rates.",
        ],
        "macro": MACRO,
    },
}

FINANCE_TOPICS = {
    "earnings": EARNINGS,
    "central_bank": CENTRAL_BANK,
    "bond_wrap": BOND_WRAP,
    "analyst_note": ANALYST_NOTE,
    "press_release": PRESS_RELEASE,
    "fund_sheet": FUND_SHEET,
    "mna": MNA_NEWS,
    "market_wrap": MARKET_WRAP,
}


# ---------------------------------------------------------------------------
# General-domain topics
# ---------------------------------------------------------------------------

DISHES = [
    ("lemon and thyme roast chicken", "chicken", "thyme", "roast", "potatoes"),
    ("slow-cooked beef and barley stew", "beef shin", "bay leaves", "simmer", "carrots"),
    ("spiced lentil soup", "red lentils", "cumin", "simmer", "onions"),
    ("mushroom and spinach risotto", "arborio rice", "parsley", "stir", "mushrooms"),
    ("baked salmon with herb crust", "salmon fillets", "dill", "bake", "breadcrumbs"),
    ("vegetable curry with chickpeas", "chickpeas", "coriander", "simmer", "sweet potatoes"),
    ("apple and cinnamon crumble", "cooking apples", "cinnamon", "bake", "oats"),
    ("tomato and basil pasta sauce", "ripe tomatoes", "basil", "simmer", "garlic"),
    ("crispy fish tacos", "white fish", "lime", "fry", "cabbage"),
    ("banana bread with walnuts", "ripe bananas", "nutmeg", "bake", "walnuts"),
    ("roasted vegetable lasagna", "courgettes", "oregano", "bake", "ricotta"),
    ("chicken noodle soup", "chicken thighs", "parsley", "simmer", "egg noodles"),
    ("blueberry pancakes", "blueberries", "vanilla", "fry", "buttermilk"),
    ("shepherd's pie", "minced lamb", "rosemary", "bake", "peas"),
    ("stuffed bell peppers", "bell peppers", "paprika", "bake", "rice"),
    ("garlic butter prawns", "prawns", "chili flakes", "fry", "butter"),
    ("pumpkin and sage gnocchi", "pumpkin", "sage", "boil", "parmesan"),
    ("lemon drizzle cake", "lemons", "poppy seeds", "bake", "caster sugar"),
]

RECIPE = {
    "titles": [
        "[Easy|Simple|Weeknight|Family] {dish}",
        "How to make {dish} [at home|from scratch|in under an hour]",
        "My favorite {dish} [recipe|method]",
        "{dish}: [a reader favorite|a cozy classic|perfect for busy evenings]",
    ],
    "sections": [
        (None, ["recipe_intro"]),
        (
            ["Why this recipe works", "About this dish", "A little background"],
            ["recipe_intro", "recipe_tips"],
        ),
        (["Ingredients", "What you will need", "Shopping notes"], ["ingredients"]),
        (["Method", "Step by step", "How to make it"], ["steps"]),
        (["Tips and variations", "Cook's notes", "Variations"], ["recipe_tips"]),
        (["Serving and storing", "To serve", "Leftovers"], ["serving"]),
    ],
    "pools": {
        "recipe_intro": [
            "This {dish} has been on our table [at least once a week|almost every weekend|more often than I "
            "care to admit] since [last winter|the children were small|I first tried it at a friend's "
            "house].",
            "There is something [deeply|wonderfully|quietly] comforting about a dish that fills the kitchen "
            "with the smell of {herb} and [slowly cooking|gently roasting|simmering] {extra}.",
            "I first made this on a [rainy|cold|hectic] {weekday} when there was [little|almost nothing] in "
            "the fridge except {main} and a few {extra}.",
            "It is the kind of [meal|dish|supper] that looks [impressive|generous|rather special] on the "
            "table but asks [very little|surprisingly little] of the cook.",
            "Readers often ask me for [dishes|recipes|meals] that can be prepared ahead, and this one "
            "[reheats beautifully|keeps well for several days|tastes even better the next day].",
            "My [grandmother|aunt|mother] made a version of this with whatever was [growing in her garden|"
            "left in the larder|cheap at the market], and I still think of her every time I cook it.",
            "The method is [forgiving|straightforward|relaxed], so it is a good choice if you are [new to "
            "cooking|feeding a crowd|short of time].",
            "[Over the years|Since then|Little by little] I have [tweaked|simplified|adjusted] the recipe, "
            "and this is the version my family [asks for|prefers|keeps coming back to].",
            "If you have never cooked with {herb} before, this is a [gentle|friendly|lovely] place to start.",
            "[On cold evenings|After a long day|When friends drop by unexpectedly], this is the recipe I "
            "[reach for|turn to|come back to] first.",
            "{person}, a reader from {town}, [sent me her version|wrote to ask about swaps|asked me to share "
            "it], which [finally pushed me|reminded me] to write it down properly.",
        ],
        "ingredients": [
            "You will need about {int:400:900} grams of {main}, a [generous|good] handful of {herb} and [a "
            "few|several] {extra}.",
            "Choose {main} that [look fresh and smell clean|are firm and brightly colored|come from a local "
            "supplier if possible], because [the whole dish depends on them|they carry most of the flavor].",
            "If you cannot find fresh {herb}, [a teaspoon of the dried version|a pinch of dried herbs] works "
            "[almost as well|perfectly well].",
            "A good pinch of [salt|sea salt] and some freshly ground black pepper [are|will be] all the "
            "seasoning [most people|you] need.",
            "[Olive oil|Butter|A neutral oil such as sunflower] gives the best flavor here, but [use what "
            "you have|any cooking fat will do].",
            "Most of the other ingredients are probably already [in your cupboard|in the pantry|somewhere in "
            "your kitchen].",
            "[Buy|Pick up] the {extra} [on the day|a day ahead|from the market if you can], since [they lose "
            "their flavor quickly|fresh ones make a real difference].",
            "A [splash|small glass] of [stock|white wine|water] helps [loosen the pan|bring everything "
            "together] toward the end.",
            "[Swap|Replace] the {extra} for [whatever is in season|frozen vegetables|a tin of beans] if "
            "[money is tight|you are in a hurry|the shops have run out].",
        ],
        "steps": [
            "Start by heating the oven to {int:170:220} degrees and [lining|greasing] a [large tray|deep "
            "dish|roasting tin].",
            "Chop the {extra} into [even|similar|bite-sized] pieces so that they cook at the same rate.",
            "Season the {main} [well|generously] and set aside for [ten|fifteen|twenty] minutes while you "
            "[prepare everything else|wash up|set the table].",
            "Warm a splash of oil in a heavy pan and cook the onions [slowly|gently|over a low heat] until "
            "they are [soft and golden|sweet and translucent].",
            "Add the {main} and {herb}, stir [well|gently] and let everything {method} for about {int:20:55} "
            "minutes.",
            "Check the seasoning toward the end and add [a little more salt|a squeeze of lemon|a pinch of "
            "sugar] if it [needs brightening|tastes flat].",
            "Keep an eye on the pan during the last few minutes, because the edges can [catch|burn] "
            "[quickly|in no time].",
            "Let the dish rest for [five|ten] minutes before serving so [the juices can settle|it firms up a "
            "little].",
            "If the sauce looks too thick, loosen it with [a little water|a ladle of stock|a splash of "
            "milk].",
            "[Meanwhile|While that cooks], [toast the {extra}|warm the plates|make a quick salad] so "
            "everything is ready at the same time.",
            "[Taste as you go|Trust your nose], because ovens and pans vary more than recipes admit.",
            "[Scatter|Sprinkle] the remaining {herb} over the top just before it goes to the table.",
        ],
        "recipe_tips": [
            "For a vegetarian version, [swap the {main} for roasted squash|leave out the {main} and add "
            "beans|use mushrooms instead of the {main}].",
            "Doubling the quantities is easy, although you may need a [larger pan|second tray] and [a few|"
            "ten] extra minutes.",
            "Children tend to love this dish, especially if you [let them help with the chopping|serve it "
            "with crusty bread|add a little grated cheese on top].",
            "A squeeze of [lemon|lime] at the end [lifts|brightens] all the other flavors.",
            "Do not be tempted to rush the first step, because [slow cooking|patience] builds the depth of "
            "flavor.",
            "Leftover {herb} can be [chopped and frozen in ice cube trays|dried on a sunny windowsill|"
            "stirred into butter] for later.",
            "[A friend|My neighbor|One reader] adds [a spoonful of mustard|a handful of olives|some smoked "
            "paprika], which I can recommend.",
            "If you are cooking for someone with allergies, check [the stock cube|any ready-made sauces|the "
            "bread] carefully.",
        ],
        "serving": [
            "Serve it with [a crisp green salad|steamed rice|warm flatbreads|buttered greens] and [a glass "
            "of something cold|plenty of napkins].",
            "Leftovers keep in the fridge for up to [two|three] days in a covered container.",
            "This recipe serves {count:4:6} people generously, or {count:2:3} hungry adults with leftovers "
            "for lunch.",
            "It also freezes well, so I often make a double batch and [save half for a busy week|give some "
            "to a neighbor].",
            "Reheat [gently|slowly] until [piping hot all the way through|steaming in the middle].",
            "[At our house|In our family] it is always followed by [a pot of tea|fruit and yogurt|a walk "
            "around the block].",
        ],
    },
}

PLACES = [
    ("Castelvento", "coastal town", "harbor", "grilled sardines", "the old lighthouse"),
    ("Brackenridge", "mountain village", "valley", "smoked trout", "the stone bridge"),
    ("Port Alder", "island port", "bay", "crab cakes", "the fish market"),
    ("Valmora", "hill town", "vineyards", "wild mushroom pasta", "the cathedral square"),
    ("Lake Tessin", "lakeside resort", "lake", "perch with butter sauce", "the waterfront promenade"),
    ("Kiraly", "river city", "river", "paprika stew", "the covered market"),
    ("Sandhaven", "seaside village", "dunes", "fish soup", "the chalk cliffs"),
    ("Oberfeld", "alpine town", "glacier", "cheese dumplings", "the cable car"),
    ("Mirador", "desert oasis", "canyon", "slow-roasted lamb", "the old fort"),
    ("Greyhollow", "market town", "moorland", "game pie", "the abbey ruins"),
]

TRAVEL = {
    "titles": [
        "[Three days|A weekend|A week] in {place}: [what to see and eat|a slow travel guide|our itinerary]",
        "{place} travel guide: [where to stay|things to do|local tips]",
        "Why {place} [deserves a spot on your list|surprised us|is best visited in spring]",
        "Exploring the {feature} around {place}",
    ],
    "sections": [
        (None, ["arrival"]),
        (["Getting there", "Arriving", "First impressions"], ["arrival"]),
        (["What to see", "Sights", "Highlights"], ["sights"]),
        (["Where to eat", "Food and drink", "Eating well"], ["food"]),
        (["Practical tips", "Good to know", "Planning your trip"], ["practical"]),
        (["Final thoughts", "Would we go back?", "Reflections"], ["reflect"]),
    ],
    "pools": {
        "arrival": [
            "We arrived in {place} on a [bright|misty|windy] {month} morning, after a long [train|bus|ferry] "
            "journey through [rolling farmland|pine forests|a string of small villages].",
            "{place} is a {ptype} that [rarely appears|seldom features] in the big guidebooks, which is "
            "[part of its charm|exactly why we went].",
            "The first thing you notice is the {feature}, which seems to shape [everything about daily life|"
            "the rhythm of every day] here.",
            "Most visitors come for [a day|an afternoon], but we found that [three|four] nights was [just "
            "about right|barely enough].",
            "Our host, {person}, met us at the [station|quay|bus stop] and walked us [through the narrow "
            "streets|up the hill] to a small guesthouse with a view of the {feature}.",
            "The bus from the nearest city takes about {count:2:4} hours and runs [twice a day|every "
            "morning|several times a day in summer].",
            "[We had been told|Friends had warned us] that {place} was [sleepy|quiet|a little "
            "old-fashioned], and [that turned out to be true in the best way|it was not quite what we "
            "expected].",
            "[Driving in|Walking in from the station], we [passed|followed] the {feature} [for several "
            "kilometers|most of the way] before the rooftops came into view.",
        ],
        "sights": [
            "Do not miss {sight}, especially in the [early evening|early morning] when the light turns "
            "[gold|soft and pink].",
            "A [gentle|well-marked|popular] walking trail follows the {feature} for several kilometers and "
            "is suitable for most fitness levels.",
            "The small local museum tells the story of the town through [photographs, tools and old maps|the "
            "letters of local families|a collection of model boats].",
            "On {weekday} mornings, a lively market fills the main square with [farmers, bakers and craft "
            "stalls|flower sellers and cheese makers].",
            "We hired bicycles for a day and explored the villages nearby, stopping whenever [something "
            "caught our eye|we smelled fresh bread].",
            "Climb to the top of the hill behind the town for the best views, but [bring water|go early] "
            "because there is little shade.",
            "A boat trip on the {feature} is worth the modest fare, and the guides are full of [stories|"
            "local gossip|history].",
            "[The old church|A tiny chapel|The town hall] has [painted ceilings|a carved wooden door|a bell "
            "tower] that [most visitors walk straight past|is worth ten quiet minutes].",
            "[Late in the afternoon|Just before sunset], the [locals|families] gather near {sight} to [chat|"
            "stroll|watch the world go by].",
        ],
        "food": [
            "The local speciality is {food}, and [almost every restaurant|every family] has its own version.",
            "We had our best meal at a tiny [family-run|unassuming] place near {sight}, where the menu "
            "[changes with the seasons|is written on a chalkboard].",
            "Bakeries open early, and a warm pastry with strong coffee became our [daily ritual|favorite "
            "part of the morning].",
            "Portions are generous, so consider sharing [a few plates|several dishes] if you want to try "
            "more.",
            "Dinner is served late here, and many kitchens do not open until [after seven|eight] in the "
            "evening.",
            "If you are self-catering, the market has excellent [cheese, bread and fruit|olives and cured "
            "meats|vegetables and honey].",
            "Ask for the [dish of the day|house wine|homemade dessert], which is [rarely on the menu|always "
            "a good choice|usually a bargain].",
            "[Our waiter|The owner], a cheerful man called {person}, insisted we try {food} [before leaving|"
            "on our last night], and he was right.",
        ],
        "practical": [
            "The town is small enough to explore on foot, but comfortable shoes are essential on the "
            "[cobbles|steep lanes].",
            "[Spring|Early autumn] is the most pleasant time to visit, when the weather is mild and the "
            "crowds are thin.",
            "Many smaller shops close in the middle of the day, so plan your errands for the [morning|late "
            "afternoon].",
            "A few words of the local language go a long way and are [always|warmly] appreciated.",
            "Book accommodation [early|well ahead] if you plan to visit during the summer festival.",
            "Mobile coverage can be patchy near the {feature}, so download maps before you set out.",
            "[Cash is still king|Card payments are not universal] in the smaller cafes, so carry [a little|"
            "some] money.",
            "Public transport is [limited|infrequent] on Sundays, which is worth knowing if you [are "
            "catching a train|plan day trips].",
        ],
        "reflect": [
            "We left {place} feeling [rested|refreshed|slightly sunburned] and already planning a return "
            "trip.",
            "It is not a place for nightlife or luxury, but it rewards travelers who like to [slow down|"
            "wander without a plan].",
            "What stayed with us most was the [warmth|kindness|good humor] of the people we met along the "
            "way.",
            "Next time we hope to stay longer and explore more of the [countryside|villages] around the "
            "{feature}.",
            "If you enjoy quiet places with a strong sense of history, you will probably [love it|feel at "
            "home] too.",
            "[Would we go back?|Would we return?] [Without hesitation.|In a heartbeat.|Yes, but in spring "
            "next time.]",
        ],
    },
}

PLANTS = [
    (
        "tomatoes",
        "vegetable",
        "aphids",
        "a sunny, sheltered spot",
        "late spring",
        [
            "Remove the side shoots that grow between the main stem and the leaves of cordon varieties.",
            "Tomatoes split when watering is irregular, so try to keep the soil evenly moist.",
        ],
    ),
    (
        "runner beans",
        "vegetable",
        "slugs",
        "a sunny bed with tall supports",
        "early summer",
        [
            "Build a sturdy frame of canes before planting, because a full crop is surprisingly heavy.",
            "Flowers that fail to set are often a sign of dry roots or very hot nights.",
        ],
    ),
    (
        "lavender",
        "shrub",
        "root rot",
        "poor, well-drained soil in full sun",
        "spring",
        [
            "Trim lavender after flowering, but never cut back into old, bare wood.",
            "Bees adore the flowers, so plant it near the vegetable patch to help pollination.",
        ],
    ),
    (
        "roses",
        "shrub",
        "black spot",
        "rich soil with good air flow",
        "autumn",
        [
            "Deadhead regularly through summer to encourage a second flush of flowers.",
            "Bare-root roses are cheaper than potted ones and establish quickly in cool weather.",
        ],
    ),
    (
        "garlic",
        "vegetable",
        "rust",
        "an open bed with loose soil",
        "autumn",
        [
            "Plant individual cloves pointy end up, just below the surface.",
            "Garlic needs a spell of cold weather to form proper bulbs.",
        ],
    ),
    (
        "strawberries",
        "fruit",
        "birds",
        "a raised bed or container",
        "spring",
        [
            "Tuck straw under the ripening fruit to keep it clean and dry.",
            "Replace plants every three or four years, because older ones crop poorly.",
        ],
    ),
    (
        "sweet peas",
        "flower",
        "mice",
        "a sunny fence or trellis",
        "early spring",
        [
            "The more you pick sweet peas, the more flowers they produce.",
            "Soak the hard seeds overnight before sowing to help them germinate.",
        ],
    ),
    (
        "courgettes",
        "vegetable",
        "powdery mildew",
        "a generous patch of rich soil",
        "early summer",
        [
            "One or two courgette plants are plenty for most households.",
            "Pick the fruit small, because they turn into marrows almost overnight.",
        ],
    ),
    (
        "basil",
        "herb",
        "whitefly",
        "a warm windowsill or greenhouse",
        "late spring",
        [
            "Pinch out the growing tips to keep basil bushy and stop it flowering.",
            "Water basil in the morning rather than at night, as it hates cold, wet roots.",
        ],
    ),
    (
        "dahlias",
        "flower",
        "earwigs",
        "a bright border with deep soil",
        "late spring",
        [
            "In colder areas, lift the tubers in autumn and store them somewhere frost free.",
            "Tall varieties need staking early, before the stems become heavy with flowers.",
        ],
    ),
    (
        "potatoes",
        "vegetable",
        "blight",
        "an open plot with deep soil",
        "spring",
        [
            "Earth up the stems as they grow so the tubers stay covered and do not turn green.",
            "Early varieties are ready when the plants flower, while main crops take longer.",
        ],
    ),
    (
        "rhubarb",
        "fruit",
        "crown rot",
        "a damp, fertile corner",
        "autumn",
        [
            "Do not harvest rhubarb in its first year, so the crown can build strength.",
            "Pull the stalks with a gentle twist rather than cutting them.",
        ],
    ),
]

GARDENING = {
    "titles": [
        "How to grow {plant} [in a small garden|from seed|without fuss]",
        "Growing {plant}: [a beginner's guide|tips from the allotment|what I learned this year]",
        "[Common problems|Mistakes to avoid] when growing {plant}",
        "The gardener's diary: {plant} in {month}",
    ],
    "sections": [
        (None, ["garden_intro"]),
        (["Choosing a spot", "Site and soil", "Where to plant"], ["soil", "plant_tips"]),
        (["Planting", "Sowing and planting", "Getting started"], ["planting"]),
        (
            ["Watering and feeding", "Care through the season", "Looking after your plants"],
            ["care", "plant_tips"],
        ),
        (["Pests and problems", "Troubleshooting", "Common problems"], ["pests"]),
        (["Harvest", "Enjoying the results", "At the end of the season"], ["harvest"]),
    ],
    "pools": {
        "garden_intro": [
            "Few things are as satisfying as growing your own {plant}, and they are [easier than many people "
            "think|more forgiving than their reputation suggests].",
            "I have grown {plant} on my [allotment|back garden plot|balcony] for [six|eight|twelve] years, "
            "with some memorable successes and [a few|the occasional] disaster.",
            "If you have only a balcony or a few pots, do not let that [stop you from trying|put you off].",
            "This guide covers the basics, from choosing a spot to dealing with the problems that [most "
            "often catch beginners out|tend to appear in a wet summer].",
            "Every garden is different, so treat these notes as a starting point and [learn from your own "
            "plot|keep your own records].",
            "[My neighbor|An old allotment friend], {person}, [taught me most of what I know|first persuaded "
            "me to try] about {plant}.",
            "[This year|Last season] was [a good one|a difficult one] for {plant} here in {town}, so it "
            "seemed a good moment to write things down.",
        ],
        "soil": [
            "{plant_cap} do best in {spot}.",
            "Dig in plenty of [well-rotted compost|garden compost|leaf mould] before planting to improve the "
            "structure of the soil.",
            "Heavy clay soils can be opened up with grit and organic matter, although it takes [a few "
            "seasons|patience].",
            "Avoid [low corners|hollows] of the garden where frost and cold air tend to collect.",
            "A simple soil test kit will tell you whether your ground is [acidic or alkaline|short of "
            "nutrients].",
            "Raised beds warm up faster in spring and drain [well|quickly] after heavy rain.",
            "[Weed the bed thoroughly|Clear perennial weeds] before planting, because [they compete for "
            "water|roots left behind will come back].",
        ],
        "planting": [
            "The best time to plant {plant} is in {season}, once the soil has warmed a little.",
            "Space the plants about {int:20:60} centimeters apart so that air can [move freely|circulate] "
            "between them.",
            "Water the planting holes before you set the young plants in place, then firm the soil [gently|"
            "lightly] around them.",
            "Seeds can be started indoors [a few|four to six] weeks early and moved outside when the weather "
            "settles.",
            "Label each row clearly, because it is [surprisingly easy|all too easy] to forget what you "
            "planted where.",
            "Harden off young plants by putting them outside for a few hours each day for about [a week|ten "
            "days].",
            "[Sow a few extra|Keep a couple of spare plants] in case [slugs|a late frost] take the first "
            "ones.",
        ],
        "care": [
            "Water deeply [once or twice a week|every few days in dry spells] rather than giving a little "
            "every day.",
            "A layer of [mulch|bark chips|grass clippings] helps the soil hold moisture and keeps weeds "
            "under control.",
            "Feed every [two|three] weeks with a liquid fertilizer once the first flowers appear.",
            "Pinch out weak growth to direct the plant's energy into the [strongest stems|main shoots].",
            "In hot spells, water [early in the morning|in the evening] to reduce evaporation.",
            "Check ties and supports regularly, because stems can snap in [strong winds|summer storms].",
            "[A comfrey feed|Homemade nettle tea] is a cheap alternative to shop-bought fertilizer, although "
            "it smells dreadful.",
        ],
        "pests": [
            "The most common problem with {plant} is {pest}, which is easier to prevent than to cure.",
            "Inspect the leaves every few days, paying attention to the undersides where pests like to hide.",
            "Encouraging [birds, frogs and ladybirds|hedgehogs and beetles] into the garden provides natural "
            "pest control.",
            "Remove and dispose of any diseased leaves promptly, but do not add them to the compost heap.",
            "Crop rotation helps to stop soil-borne problems from building up [year after year|over time].",
            "A simple net or fleece cover can protect young plants during their most vulnerable weeks.",
            "[In a wet summer|After a mild winter], {pest} can be [especially troublesome|worse than usual], "
            "so stay alert.",
        ],
        "harvest": [
            "Pick regularly, because the more you harvest, the more the plants tend to produce.",
            "The first {plant} of the season always [taste|seem] the best, or at least it feels that way.",
            "At the end of the season, clear away old plants and sow a green manure to protect the soil over "
            "winter.",
            "Keep notes on what worked and what did not, so next year's garden is even better.",
            "Surplus crops make welcome gifts for [neighbors and friends|the local food bank].",
            "[Share|Swap] seeds and cuttings with other growers, which is [half the fun|how most of us "
            "started].",
        ],
    },
}

TEAMS = _words(
    "Riverton Rovers|Ashford Athletic|Millbrook United|Harbor City Hawks|Eastvale Wanderers|Northfield Town|"
    "Kingsport Comets|Westbury Rangers|Oakdale Foxes|Stonehill Saints|Lakeside Lions|Fairhaven Falcons",
    sep="|",
)

SPORTS = {
    "titles": [
        "{home} [beat|edge past|overcome] {away} {score} [in a thriller|to keep title hopes alive|at home]",
        "Match report: {home} {score} {away}",
        "[Late drama|Second-half comeback|Comfortable win] as {home} [see off|defeat] {away}",
        "{home} vs {away}: [talking points|five things we learned|player ratings and analysis]",
    ],
    "sections": [
        (None, ["match_open"]),
        (["First half", "The opening exchanges", "Early pressure"], ["first_half"]),
        (["Second half", "After the break", "The turning point"], ["second_half"]),
        (["Key players", "Standout performers", "Who impressed"], ["players"]),
        (["What the coaches said", "Reaction", "Post-match comments"], ["sport_quotes"]),
        (["What it means", "The table", "Looking ahead"], ["sport_next"]),
    ],
    "pools": {
        "match_open": [
            "{home} [claimed|secured|earned] a {score} victory over {away} in front of a crowd of about "
            "{big:4000:38000} on {weekday} evening.",
            "It was a [tense|lively|scrappy|gripping] contest that was not settled until the [final minutes|"
            "last kick of the game].",
            "The result lifts {home} to [second|third|fourth] in the table and extends their unbeaten run to "
            "{count:3:9} matches.",
            "{away} arrived with confidence after a strong run of form, but they rarely looked [comfortable|"
            "settled|like themselves].",
            "[Heavy rain|A strong wind|A bumpy pitch] made life difficult before kickoff, and both sides "
            "struggled to find their rhythm.",
            "[Few|Not many] people expected {home} to [win|get anything from the game] after their [poor|"
            "patchy] start to the season.",
        ],
        "first_half": [
            "{home} started brightly, and {player} forced a [fine|sharp|diving] save from the goalkeeper "
            "inside the first [ten|fifteen] minutes.",
            "{away} gradually grew into the game and began to control possession in midfield.",
            "The opening goal came [midway through the half|just before the half hour] when {player} "
            "finished calmly after a [quick passing move|long throw|mistake at the back].",
            "A long-range effort from {player} struck the [crossbar|post] just before the interval.",
            "The referee waved away [two|a couple of] penalty appeals, much to the frustration of the home "
            "supporters.",
            "Both teams pressed high, and the game was played at a [frantic|breathless] pace for long "
            "spells.",
            "[Chances were rare|Clear openings were scarce] until {player} [burst down the left|found space "
            "on the edge of the box] and [forced a corner|tested the goalkeeper].",
        ],
        "second_half": [
            "{away} made [two|three] changes at the break and looked far more dangerous after the restart.",
            "The equalizer arrived [just after the hour|with twenty minutes left], when a corner was headed "
            "in at the [near|far] post.",
            "{player} restored the lead with a low shot that skidded past the goalkeeper.",
            "In the closing stages, {away} threw everyone forward but could not find a way through.",
            "A late substitution proved decisive, as {player} set up the winning goal within minutes of "
            "coming on.",
            "The home defense held firm under heavy pressure, blocking several shots in the final minutes.",
            "[A red card|An injury to the captain] changed the [shape|mood] of the game with [fifteen|"
            "twenty] minutes left.",
        ],
        "players": [
            "{player} was the outstanding performer, covering every blade of grass and creating several "
            "chances.",
            "The young goalkeeper, {player}, made a string of important saves and looks ready for a regular "
            "place.",
            "{player}, playing in an unfamiliar position, adapted [well|quickly] and read the game "
            "intelligently.",
            "Captain {player} led by example and organized the back line with calm authority.",
            "It was a quieter afternoon for {player}, who was well marked and saw little of the ball.",
            "[On the wing|In midfield], {player} was a constant threat and [deserved a goal|could have had a "
            "hat trick].",
        ],
        "sport_quotes": [
            '"I am proud of the way the players responded after a difficult start," said {home} coach '
            "{coach}.",
            '"We made too many mistakes, and at this level you get punished," admitted {away} coach {coach}.',
            "{coach} praised the supporters, saying their noise carried the team through the [final minutes|"
            "difficult spells].",
            '"The dressing room is happy, but there is [a lot of work|plenty] still to do," the coach added.',
            "The visiting manager said the team would [review the footage|watch the game again] and learn "
            "from the defeat.",
            '"[That is football|Sometimes you need a bit of luck]," {coach} said with a shrug when asked '
            "about the decisive moment.",
        ],
        "sport_next": [
            "{home} travel to face {other} next weekend, while {away} host {other2}.",
            "With {count:6:14} matches remaining, the race for the top places remains wide open.",
            "Injuries are starting to pile up, and the coach will hope for some good news from the medical "
            "staff.",
            "Ticket sales for the next home game are already [strong|brisk] after this performance.",
            "The two sides meet again in the cup next month, which promises to be another close contest.",
            "[Supporters|Fans] will be hoping this result [marks a turning point|is the start of a run] for "
            "{home}.",
        ],
    },
}

SCIENCE_PACKS = {
    "how rainbows form": [
        "A rainbow appears when sunlight enters raindrops, bends, reflects off the back of each drop and "
        "bends again on the way out.",
        "Because each color of light bends by a slightly different amount, white light spreads into a band "
        "of colors.",
        "You can only see a rainbow when the sun is behind you and the rain is in front of you.",
        "The center of the arc is always directly opposite the sun, at a point called the antisolar point.",
        "A fainter second rainbow sometimes appears outside the first, with its colors in reverse order.",
        "The sky between the two bows often looks darker, an effect first described many centuries ago.",
        "From an aircraft, a rainbow can appear as a complete circle rather than an arc.",
        "Garden hoses and waterfalls can produce small rainbows for exactly the same reason.",
    ],
    "why leaves change color": [
        "Leaves are green because they contain chlorophyll, the pigment plants use to capture light.",
        "As days shorten in autumn, trees stop making chlorophyll and the green slowly fades.",
        "Yellow and orange pigments that were present all along become visible as the green disappears.",
        "Red and purple colors come from other pigments that some trees produce in autumn.",
        "Sunny days and cool nights tend to produce the brightest displays.",
        "Eventually a layer of cells forms at the base of each leaf stalk and the leaf falls.",
        "Evergreen trees keep their needles because they are tough and waxy enough to survive winter.",
        "A dry summer can make leaves turn brown and drop early instead of showing bright colors.",
    ],
    "how tides work": [
        "Tides are caused mainly by the gravitational pull of the moon on the oceans.",
        "The water bulges on the side of the Earth facing the moon and also on the opposite side.",
        "As the Earth turns, most coastlines pass through two high tides and two low tides each day.",
        "When the sun and moon line up, their combined pull produces larger spring tides.",
        "When they pull at right angles, the difference between high and low water is smaller.",
        "The shape of the coastline can greatly amplify tides in some bays and estuaries.",
        "High tide arrives about fifty minutes later each day because the moon moves along its orbit.",
        "Some enclosed seas have almost no tide at all because they are cut off from the open ocean.",
    ],
    "how vaccines train the immune system": [
        "A vaccine shows the immune system a harmless version or piece of a germ.",
        "The body responds by producing antibodies and memory cells that recognize that germ.",
        "If the real germ arrives later, the immune system can respond much faster.",
        "Some vaccines need booster doses because immune memory fades over time.",
        "When enough people are immune, it becomes harder for a disease to spread through a community.",
        "Vaccines are tested in large trials before they are approved for general use.",
        "A sore arm or mild tiredness after a vaccine is a sign that the immune system is responding.",
        "Smallpox was eradicated worldwide after a long vaccination campaign.",
    ],
    "how bats find their way in the dark": [
        "Many bats navigate using echolocation, sending out high-pitched calls and listening for the echoes.",
        "The returning sound tells the bat how far away an object is and even how large it is.",
        "Most of these calls are too high for human ears to hear.",
        "Some bats can detect insects as thin as a human hair while flying at speed.",
        "Fruit bats often rely more on their eyesight and sense of smell than on echolocation.",
        "Bats play an important role in controlling insects and pollinating plants.",
        "A single small bat can eat hundreds of midges in one night.",
        "Bat detectors turn the calls into clicks that people can hear on an evening walk.",
    ],
    "what causes earthquakes": [
        "The outer layer of the Earth is broken into large plates that move very slowly.",
        "Where plates meet, stress builds up along faults until the rock suddenly slips.",
        "The energy released travels through the ground as seismic waves.",
        "Scientists measure the size of earthquakes with instruments called seismometers.",
        "Most earthquakes are too small to be felt, but a few each year cause serious damage.",
        "Building codes that require flexible structures have saved many lives in earthquake zones.",
        "Aftershocks can continue for weeks or months after a large earthquake.",
        "Earthquakes under the sea can push up huge volumes of water and trigger a tsunami.",
    ],
    "why bread rises": [
        "Bread rises because yeast feeds on sugars in the dough and releases carbon dioxide.",
        "Kneading develops gluten, a stretchy network of proteins that traps the gas.",
        "Warm conditions speed up the yeast, while cold conditions slow it down.",
        "In the oven, the trapped gas expands and the yeast gives a final burst of activity.",
        "The crust browns because of reactions between sugars and proteins at high temperature.",
        "A long, slow rise usually gives bread a deeper flavor.",
        "Sourdough uses wild yeasts and bacteria instead of a packet of dried yeast.",
        "Too much salt can slow the yeast down, which is why recipes measure it carefully.",
    ],
    "why the sea is salty": [
        "Rain slowly dissolves minerals from rocks on land, and rivers carry them to the sea.",
        "When seawater evaporates, the water leaves but the salt stays behind.",
        "Over millions of years, this process has made the oceans salty.",
        "Vents on the sea floor also add minerals to the water.",
        "Some enclosed seas are much saltier than the open ocean because of high evaporation.",
        "Salt content affects the density of water and helps drive ocean currents.",
        "Rivers taste fresh because the minerals they carry are very dilute.",
        "Near melting ice, the surface water can be noticeably less salty than elsewhere.",
    ],
}

SCIENCE = {
    "titles": [
        "Explainer: {subject}",
        "[Curious kids ask|Science made simple|Everyday science]: {subject}",
        "The science of everyday things: {subject}",
    ],
    "sections": [
        (None, ["sci_intro"]),
        (["The short answer", "The basics", "What is going on"], ["pack"]),
        (["A closer look", "The details", "Going deeper"], ["pack", "sci_generic"]),
        (["Try it yourself", "An experiment at home", "See for yourself"], ["sci_try"]),
        (["Why it matters", "The bigger picture"], ["sci_generic"]),
    ],
    "pools": {
        "sci_intro": [
            "It is one of those questions that [children|curious readers|people of all ages] ask, and the "
            "answer turns out to be [surprisingly elegant|simpler than you might think|full of surprises].",
            "Most of us have noticed this at some point, but few of us [stop to wonder|ask ourselves] why it "
            "happens.",
            "This week's question came from [a reader|a teacher|a ten-year-old] in {town}, who wanted to "
            "understand {subject}.",
            "Scientists have studied this for [well over a century|generations], and the basic explanation "
            "is now well understood.",
            "[My daughter|A neighbor's son|A student at the library] asked me about this [over breakfast|on "
            "a walk|last week], and I realized I could not explain it properly.",
        ],
        "sci_generic": [
            "Like many natural processes, it depends on a few simple rules working together on a [large|"
            "vast] scale.",
            "Researchers still [argue|disagree] about some of the finer details, which is how science moves "
            "forward.",
            "Careful observation, repeated over [many years|decades], is what allowed scientists to piece "
            "the story together.",
            "Understanding the process helps [engineers, doctors and farmers|planners and teachers] make "
            "better decisions.",
            "The same principles turn up in many other places once you know what to look for.",
            "Modern instruments allow researchers to measure effects that earlier scientists could only "
            "[guess at|dream of].",
            "[Dr.|Professor] {person}, who studies the subject at a university in {city}, says the basic "
            "idea [is easy to grasp|has been known for a long time] but the details keep surprising people.",
        ],
        "sci_try": [
            "You can explore this at home with a few simple materials and [an adult to help|a notebook].",
            "Keep a notebook and write down what you see each time, just as a scientist would.",
            "Change one thing at a time so you can tell which change made the difference.",
            "Try the experiment at different times of day and compare your results.",
            "Share your observations with [friends|classmates] and see whether they notice the same thing.",
            "[Take photographs|Make simple drawings] as you go, because memory is less reliable than we "
            "think.",
        ],
    },
}

TOWNS = ["Millbrook", "Eastvale", "Harwick", "Pembury", "Ashby Cross", "Linwood", "Thornbury", "Westford"]

LANDMARKS = {
    "corn exchange": [
        "Farmers once gathered in the corn exchange every Thursday to haggle over the price of wheat and "
        "barley.",
        "The great glass roof of the corn exchange let traders inspect the grain in natural light.",
        "After the grain trade moved elsewhere, the corn exchange became a dance hall and later a cinema.",
        "Carved ears of wheat still decorate the stone entrance.",
    ],
    "clock tower": [
        "The clock tower was paid for by shopkeepers who were tired of arguing about the time.",
        "Its bell could be heard across the fields, calling workers to the mill each morning.",
        "For decades a single family wound the clock by hand every Sunday.",
        "The four faces of the clock were lit by gas until electricity arrived.",
    ],
    "old mill": [
        "The old mill once ground flour for villages up to a day's walk away.",
        "Its wooden water wheel was replaced by an iron one after a winter flood smashed the original.",
        "Children were employed at the mill, a fact recorded without comment in the parish books.",
        "The millpond behind the building is now a haven for ducks and dragonflies.",
    ],
    "market hall": [
        "The market hall stands on stone arches, so that traders could set out their stalls in the shade "
        "below.",
        "Butter, eggs and poultry were sold upstairs, while cattle were sold in the street outside.",
        "The weights and measures used in the hall were checked each year by an inspector from the county.",
        "A plaque records the names of the merchants who paid for the building.",
    ],
    "stone bridge": [
        "The stone bridge replaced a ford that had claimed several lives in winter floods.",
        "Tolls collected at the bridge paid for its upkeep for more than a century.",
        "Its five arches are so narrow that only one cart could cross at a time.",
        "A stone carved with the builder's mark can still be seen on the downstream side.",
    ],
}

HISTORY = {
    "titles": [
        "The forgotten history of {town}'s {landmark}",
        "How {town} grew from a {origin} into a busy market town",
        "[Local history|From the archives]: {landmark} through the centuries",
    ],
    "sections": [
        (None, ["hist_intro"]),
        (["Early days", "Origins", "Beginnings"], ["hist_early"]),
        (["Growth and change", "A busy century", "Years of expansion"], ["hist_growth", "landmark"]),
        (["Hard times", "Decline", "War and change"], ["hist_decline"]),
        (["Today", "The landmark today", "Remembering the past"], ["hist_today", "landmark"]),
    ],
    "pools": {
        "hist_intro": [
            "Few people who walk past the {landmark} today know the [remarkable|curious|surprising] story "
            "behind it.",
            "Records held at the [county archive|parish office|town museum] shed new light on how {town} "
            "came to be.",
            "Local historian {person} has spent [ten|fifteen|twenty] years piecing together the story from "
            "[letters, maps and parish records|old newspapers and photographs].",
            "The story of the {landmark} is also the story of the families who [lived and worked|traded and "
            "worshipped] around it.",
            "[A box of letters|An old diary|A bundle of deeds] found in a [loft|solicitor's office] in "
            "{town} has [added new detail|filled several gaps] in the story.",
        ],
        "hist_early": [
            "In the {century} century, {town} was little more than a {origin} beside a shallow river "
            "crossing.",
            "The first written mention of the settlement appears in a [land survey|tax record] from the "
            "{century} century.",
            "Farmers brought [sheep and grain|wool and cheese] to a weekly market that slowly attracted "
            "traders from further afield.",
            "A small chapel was built on the hill, and its foundations can still be traced in the "
            "churchyard.",
            "The river provided power for a mill, which became the heart of the village economy.",
            "[Travelers|Drovers] heading to the coast often stopped at {town}, and several inns grew up "
            "along the main road.",
            "[A charter granted|Permission given] by the lord of the manor allowed {town} to hold [an annual "
            "fair|a Thursday market], which [drew crowds|brought in welcome rents] for centuries.",
            "[Most|Nearly all] of the early houses were built of [timber and thatch|local stone], and [only "
            "a handful|very few] survive today.",
        ],
        "hist_growth": [
            "The arrival of the railway transformed the town, bringing [visitors, goods and new industries|"
            "new workers and new money].",
            "By the end of the century, the population had grown to [several thousand|nearly ten thousand] "
            "people.",
            "The {landmark} was built during this period, funded by [public subscription and a wealthy "
            "benefactor|a group of local merchants].",
            "Rows of brick cottages were built for workers at the new [factories along the canal|brickworks "
            "and tanneries].",
            "A school, a library and a reading room opened within a few years of one another.",
            "Local newspapers from the time describe lively fairs, brass bands and crowded market days.",
            "[Photographs|Postcards] from the period show the {landmark} [decorated with flags|surrounded by "
            "market stalls] on festival days.",
            "[A local builder|An architect from {city}] designed the {landmark} in a [plain|grand|rather "
            "fashionable] style that [delighted|divided] the townspeople.",
            "The town council [paid for|argued for years about] [gas lighting|a new water supply|paved "
            "streets], which finally arrived in the {late_century}.",
        ],
        "hist_decline": [
            "The closure of the mill hit the town hard, and many young families moved away to find work.",
            "During the war, the {landmark} was used as a [store|billet for soldiers] and later as a "
            "temporary school.",
            "A great flood damaged much of the lower town and destroyed records that can never be replaced.",
            "By the middle of the last century, the building had fallen into [disrepair|a sorry state].",
            "Plans to demolish it were [fiercely|stubbornly] opposed by residents, who formed a society to "
            "save it.",
            "[Road building|A new bypass] took traffic away from the old center, and several shops closed "
            "within a decade.",
            "[An outbreak of fever|A hard winter|A fire in the tannery] in the {late_century} [killed "
            "dozens|left many families homeless] and is still remembered in local songs.",
            "[Several|Many] of the {landmark}'s [original fittings|windows and doors] were [sold off|lost] "
            "during these years.",
        ],
        "hist_today": [
            "Today the {landmark} has been carefully restored and is open to visitors [on weekends|most "
            "afternoons].",
            "Volunteers run guided walks that bring the town's history to life for [schools and visitors|"
            "newcomers].",
            "A new exhibition uses old photographs and recorded memories of older residents.",
            "The society is still looking for letters, photographs and stories from local families.",
            "For many residents, the {landmark} remains a symbol of the town's [resilience|stubborn pride].",
            "[Weddings|Concerts|Craft fairs] are now held there [several times a year|most summers], which "
            "helps pay for its upkeep.",
            "[Schoolchildren|Local artists] recently [painted a mural|made a model] of the {landmark} as it "
            "looked [in its heyday|a century ago].",
            "[The society|A group of volunteers] hopes to [publish a booklet|open a small museum] about the "
            "{landmark} [next year|before its anniversary].",
        ],
    },
}

HOBBY_PACKS = {
    "birdwatching": (
        "a pair of binoculars",
        "field notebook",
        "identifying birds by their song",
        "a local nature reserve",
        [
            "Early mornings in spring are the best time to hear birds singing.",
            "A cheap feeder outside the kitchen window can teach you a surprising amount.",
            "Learn the common species first, so the rare ones stand out when they appear.",
        ],
    ),
    "film photography": (
        "a secondhand camera",
        "roll of film",
        "judging exposure without a meter",
        "the darkroom at the community center",
        [
            "Black and white film is forgiving and cheap to develop at home.",
            "Waiting a week to see your pictures teaches you to think before pressing the shutter.",
            "Keep unused film in the fridge, but let it warm up before loading it.",
        ],
    ),
    "knitting": (
        "a pair of bamboo needles",
        "ball of wool",
        "keeping an even tension",
        "the Thursday knitting circle at the library",
        [
            "A simple scarf is the classic first project for good reason.",
            "Counting stitches out loud feels silly but saves a lot of unpicking.",
            "Natural fibers such as wool are easier to work with than slippery synthetics.",
        ],
    ),
    "woodworking": (
        "a sharp chisel",
        "offcut of oak",
        "cutting a clean dovetail joint",
        "a shared workshop in town",
        [
            "Safety glasses and a dust mask matter more than any fancy tool.",
            "Practice joints on scrap wood before cutting into good timber.",
            "A blunt tool is more dangerous than a sharp one because it slips.",
        ],
    ),
    "board games": (
        "a well-worn rule book",
        "deck of cards",
        "teaching a new game to friends",
        "the monthly games night at the pub",
        [
            "Cooperative games are a gentle way to introduce reluctant players.",
            "Read the rules once alone before trying to explain them to a table.",
            "Short games with simple rules tend to get played the most.",
        ],
    ),
    "pottery": (
        "a simple wheel",
        "bag of clay",
        "centering the clay on the wheel",
        "an evening class at the art school",
        [
            "Hand building with coils and slabs is a good way to start before using a wheel.",
            "Wedging the clay removes air bubbles that could crack a pot in the kiln.",
            "Expect most early pieces to collapse, and enjoy the process anyway.",
        ],
    ),
    "astronomy": (
        "a small telescope",
        "star chart",
        "finding faint objects without a computer",
        "a dark field outside town",
        [
            "Binoculars are often a better first instrument than a cheap telescope.",
            "Give your eyes twenty minutes to adjust to the dark before looking for faint objects.",
            "The moon is most interesting when it is not full, because shadows reveal the craters.",
        ],
    ),
    "sourdough baking": (
        "a reliable starter",
        "bag of strong flour",
        "shaping a loaf with good tension",
        "the baking group that meets on Sundays",
        [
            "A kitchen scale makes baking far more consistent than cups and spoons.",
            "Your starter is ready when it doubles within a few hours of feeding.",
            "Dense loaves usually mean the dough needed more time to rise.",
        ],
    ),
}

HOBBY = {
    "titles": [
        "Getting started with {hobby}: [a beginner's guide|what I wish I had known|lessons from my first "
        "year]",
        "Why I fell in love with {hobby}",
        "{hobby_cap} for beginners: [tools, tips and common mistakes|how to begin without spending much]",
    ],
    "sections": [
        (None, ["hobby_intro"]),
        (["What you need", "Gear", "Getting equipped"], ["hobby_gear", "hobby_specific"]),
        (["First steps", "Learning the basics", "Practice"], ["hobby_learn", "hobby_specific"]),
        (["Common mistakes", "Things to avoid"], ["hobby_mistakes"]),
        (["Finding your people", "Community", "Going further"], ["hobby_community"]),
    ],
    "pools": {
        "hobby_intro": [
            "I took up {hobby} [three|five|seven] years ago [on a whim|after a difficult winter|when I "
            "retired], and it has become one of the great pleasures of my week.",
            "There is something [calming|absorbing] about a hobby that asks for patience and rewards "
            "attention.",
            "You do not need to be especially talented, just [curious|stubborn] and willing to make "
            "mistakes.",
            "My interest began when [a friend|my uncle|a colleague] lent me {tool} and told me to just have "
            "a go.",
            "This post collects the advice I wish someone had given me [at the very beginning|in my first "
            "month].",
            "[Plenty of|Many] readers have asked how to get into {hobby}, so here is [my honest answer|a "
            "simple starting plan].",
            "[Friends|My family] [laughed|raised an eyebrow] when I started, but [now they ask for lessons|"
            "they have since come round to it].",
            "[For me|In my case], {hobby} began as a way to [switch off from work|get away from screens|fill "
            "long winter evenings].",
        ],
        "hobby_gear": [
            "All you really need to begin is {tool} and a {material}.",
            "Resist the temptation to buy expensive equipment before you know what you [enjoy|really need].",
            "Secondhand shops and online groups are full of good gear at [fair|sensible] prices.",
            "Look after your tools, and they will last for [many years|decades].",
            "A small notebook is useful for recording what you tried and how it turned out.",
            "[Borrow before you buy|Try before you buy] if you can, because [tastes change|what suits one "
            "person may not suit another].",
            "[My first|The first] {material} I bought was [far too cheap|badly chosen], and [I learned|it "
            "taught me] more from that mistake than from any book.",
            "[Set up|Keep] a small [corner|shelf|box] for your things so that you can start [without fuss|in "
            "minutes] whenever you have a spare moment.",
        ],
        "hobby_learn": [
            "The hardest skill for most beginners is {skill}, and it simply takes [practice|time].",
            "Set aside a regular time each week, even if it is only [half an hour|twenty minutes].",
            "Start with simple projects and build up slowly as your confidence grows.",
            "Watching an experienced person for a few minutes can teach you more than [hours of reading|a "
            "dozen videos].",
            "Do not be discouraged by early failures, because everyone has them.",
            "Keep your first attempts, since it is encouraging to look back and see how far you have come.",
            "[Pick|Choose] one [small|simple] goal for each [session|week], such as [a single technique|one "
            "finished piece], and ignore everything else.",
            "[Libraries|Secondhand bookshops] often have [excellent|old but useful] guides that cost "
            "[nothing|very little].",
        ],
        "hobby_mistakes": [
            "The most common mistake is trying to do too much too soon.",
            "Many people give up because they compare themselves with experts who have decades of "
            "experience.",
            "Rushing the preparation almost always leads to [disappointing|frustrating] results.",
            "Another mistake is working in poor light, which makes everything harder than it needs to be.",
            "Finally, remember to take breaks, because tired [hands and eyes|minds] make careless errors.",
            "[Buying every gadget|Following every trend online] is a [costly|tempting] distraction from "
            "actual practice.",
            "[Skipping|Ignoring] the basics [to jump ahead|because they feel boring] [usually backfires|"
            "catches up with you sooner or later].",
        ],
        "hobby_community": [
            "I found my people at {club}, where beginners are always welcome.",
            "Local clubs are a wonderful way to learn, share ideas and make new friends.",
            "Many groups organize [trips, workshops and friendly competitions|open days and exhibitions] "
            "throughout the year.",
            "Online forums can be helpful too, as long as you take the advice with a pinch of salt.",
            "Teaching someone else is one of the best ways to deepen your own understanding.",
            "[One member|Our organizer], {person}, has been at it for [thirty|forty] years and still learns "
            "something new every month.",
            "[Every spring|Each autumn] the group [puts on a small show|holds an open evening] in {town}, "
            "and [visitors are always surprised|newcomers often sign up on the spot].",
        ],
    },
}

LOCAL_STORIES = {
    "library": {
        "title": "{town} council approves plans for [a new library|library improvements]",
        "lede": [
            "Councillors in {town} voted on {weekday} evening to approve plans for a new library after a "
            "[lengthy|lively|two-hour] debate.",
            "The [long-awaited|much-debated] library project in {town} has finally been given the go-ahead.",
        ],
        "sents": [
            "The new library will include [a reading garden|a quiet study room|a small cafe], a children's "
            "area and meeting rooms for community groups.",
            "A report presented to the council said the old building needs urgent repairs to its [roof and "
            "heating system|windows and wiring].",
            "The library will stay open in temporary rooms at [the town hall|the community center] while "
            "work takes place.",
            "Opening hours will be extended on [weekday evenings|Saturday afternoons] to suit working "
            "parents.",
            "The children's section will be [three times|twice as] large as the current one, with [a story "
            "corner|new picture books|space for toddler groups].",
            "Head librarian {person} said [borrowing had risen|visitor numbers had doubled] since the "
            "[pandemic|introduction of free events] and the building was simply too small.",
            "[Computers|Free wireless access|Printing] will be available to [all members|residents without "
            "internet at home].",
        ],
    },
    "roadworks": {
        "title": "Work to begin on {town} [bridge repairs|road resurfacing]",
        "lede": [
            "Repairs to the old bridge in {town} will begin in {month}, the council confirmed on {weekday}.",
            "Drivers in {town} are being warned to expect [delays|long queues] once work on the bridge gets "
            "under way.",
        ],
        "sents": [
            "Traffic will be diverted along a signed route [through the industrial estate|past the school|"
            "around the ring road] while the work takes place.",
            "Engineers found cracks in the [supports|stonework] of the bridge during a routine inspection "
            "[last winter|in the spring].",
            "Pedestrians will still be able to cross using a temporary walkway [on the north side|next to "
            "the old toll house].",
            "Buses will take a longer route, adding about [ten|fifteen] minutes to some journeys.",
            "Work will pause during [the summer festival|the school holidays] so that [visitors|families] "
            "can reach the town center.",
            "The bridge was built in [the eighteen nineties|the early twentieth century] and carries about "
            "{big:4000:15000} vehicles a day.",
            "Contractors will work [at night|on weekdays only] to [limit disruption|keep noise down near "
            "homes].",
        ],
    },
    "festival": {
        "title": "{town} [summer festival|food festival|music weekend] returns [this weekend|next month]",
        "lede": [
            "The {town} summer festival is back, and organizers expect [thousands of|record numbers of] "
            "visitors.",
            "After a break of [two|three] years, the summer festival returns to the streets of {town}.",
        ],
        "sents": [
            "The festival will feature [live music|a folk stage|brass bands], food stalls, a craft tent and "
            "activities for children.",
            "A parade of decorated floats will set off from [the station|the market square] at [noon|eleven "
            "o'clock].",
            "Local schools will perform on the main stage on the [first|final] afternoon.",
            "Organizers are asking visitors to walk or cycle because parking will be [limited|very limited].",
            "Money raised from the raffle will go to [the hospice|the lifeboat station|the food bank] and "
            "the youth football club.",
            "[Festival director|Organizer] {person} said [more than sixty|nearly a hundred] volunteers had "
            "signed up to help.",
            "[A fireworks display|A lantern procession] will close the festival on [Sunday|Saturday] "
            "evening.",
        ],
    },
    "buses": {
        "title": "Residents in {town} [welcome|question] changes to bus routes",
        "lede": [
            "Changes to bus routes in {town} will come into effect in {month}, the operator announced on "
            "{weekday}.",
            "The plan to change bus routes has divided opinion in {town}, with residents packing a public "
            "meeting to have their say.",
        ],
        "sents": [
            "The new timetable adds [an extra morning service|a later evening bus] on weekdays.",
            "A weekend route to [the hospital|the retail park] will run every hour for the first time.",
            "[Two|Three] stops on the outskirts of town will be removed because they are rarely used.",
            "Older residents worry that the changes will make it harder to reach [the doctor's surgery|the "
            "market|the railway station].",
            "The operator says the changes will be reviewed after [six months|a year].",
            "[Passenger numbers|Journeys] on the main route have [recovered|grown steadily] since fares were "
            "capped [last year|in the spring].",
            "New shelters with [live departure boards|seating and lighting] will be installed at the busiest "
            "stops.",
        ],
    },
    "playground": {
        "title": "{town} park to get a new playground",
        "lede": [
            "Work on a new playground in the {town} park is due to start in {month} and should take about "
            "{count:3:6} months.",
            "Families in {town} will soon have a new playground, after councillors approved the plans on "
            "{weekday}.",
        ],
        "sents": [
            "The new playground will include equipment suitable for children who use wheelchairs.",
            "Children from [the primary school|local schools] helped choose the designs in a vote [last "
            "term|earlier this year].",
            "The old swings and slide will be [recycled where possible|donated to a community farm].",
            "New [trees and benches|flower beds and picnic tables] will be planted around the edge of the "
            "play area.",
            "The park will remain open during the work, although part of it will be fenced off.",
            "Parent {person} said the old equipment had been [tired and unsafe|closed for repairs] for "
            "[months|most of the year].",
            "[A water fountain|Public toilets|A small cafe kiosk] will also be added near the main gate.",
        ],
    },
}

LOCAL_NEWS = {
    "titles": ["{story_title}"],
    "sections": [
        (None, ["story_lede"]),
        (["The plans", "What is proposed", "The details"], ["story", "news_detail"]),
        (["What residents say", "Community reaction", "Local views"], ["news_voices"]),
        (["What happens next", "Next steps", "Timeline"], ["news_next", "story"]),
    ],
    "pools": {
        "news_detail": [
            "The [scheme|project] will cost about {big:200:900} thousand pounds, [most of it|part of it] "
            "funded by a government grant.",
            "The council says the plans [were shaped by|reflect] a public consultation [last spring|earlier "
            "this year].",
            "[Detailed drawings|A full report] can be seen on the council's noticeboards and at the town "
            "hall.",
        ],
        "news_voices": [
            '"This is exactly what the town needs," said {person}, who has lived in {town} for '
            "[twenty|thirty|forty] years.",
            "Some shop owners worry that the changes will keep customers away during the busy season.",
            "Parents at the local primary school said the plans would make [the walk to school|weekends] "
            "[safer|much easier].",
            "Councillor {person} said the council had listened [carefully|closely] to feedback from the "
            "consultation.",
            "Not everyone is convinced, and a petition against the changes has gathered several hundred "
            "signatures.",
            "Volunteers have spent months preparing, and many local groups have offered to help.",
            '"[We have waited a long time for this|I just hope they get it right this time]," said '
            "{person}, who runs a [bakery|hardware shop|cafe] on the high street.",
        ],
        "news_next": [
            "A public exhibition of the final designs will be held at the town hall next month.",
            "Residents can send comments to the council until the end of {month}.",
            "The council will publish a progress update every few weeks on its noticeboards.",
            "If all goes to plan, the work will be finished before the end of the year.",
        ],
    },
}

PRODUCTS = [
    (
        "Aurel Q3 wireless headphones",
        "headphones",
        "the noise cancelling",
        "battery life",
        "the carrying case",
        [
            "The ear cushions stay comfortable for hours, even with glasses.",
            "Calls sound clear, although the microphone picks up some wind noise outdoors.",
            "Switching between a laptop and a phone is quick and reliable.",
        ],
    ),
    (
        "Tidy Bot 5 robot vacuum",
        "robot vacuum",
        "the suction",
        "the charging dock",
        "the app",
        [
            "It maps the house on its first run and avoids stairs without any fuss.",
            "Pet hair on rugs is handled well, but it occasionally gets stuck on loose cables.",
            "The bin is small, so you will empty it after almost every run.",
        ],
    ),
    (
        "Vortex Pro blender",
        "blender",
        "the motor",
        "the glass jug",
        "the cleaning cycle",
        [
            "Frozen fruit turns into a smooth smoothie in well under a minute.",
            "It is loud at full speed, as most powerful blenders are.",
            "The jug is heavy but feels far sturdier than plastic ones.",
        ],
    ),
    (
        "Ridgeline trail boots",
        "hiking boots",
        "the grip",
        "the waterproof lining",
        "the laces",
        [
            "They needed only a couple of short walks to break in.",
            "My feet stayed dry through several muddy river crossings.",
            "The ankle support is firm without feeling stiff on long descents.",
        ],
    ),
    (
        "Pagewise e-reader",
        "e-reader",
        "the screen",
        "the backlight",
        "the page-turn buttons",
        [
            "Text is crisp, and reading in bright sunlight is no problem at all.",
            "The warm light setting makes late-night reading much easier on the eyes.",
            "It survived a drop into the bath, which the manufacturer would probably rather I did not "
            "mention.",
        ],
    ),
    (
        "Brewmaster burr grinder",
        "coffee grinder",
        "the grind consistency",
        "the hopper",
        "the timer",
        [
            "The grind is even enough for both espresso and a French press.",
            "Retention is low, so there is little stale coffee left in the chute.",
            "It is quieter than the blade grinder it replaced.",
        ],
    ),
    (
        "Kettle One electric kettle",
        "kettle",
        "the boil time",
        "the temperature control",
        "the handle",
        [
            "Setting a lower temperature for green tea makes a real difference to the taste.",
            "It boils a full jug in under four minutes.",
            "The water window is easy to read, even from across the kitchen.",
        ],
    ),
    (
        "Trailpack 30 backpack",
        "backpack",
        "the harness",
        "the rain cover",
        "the side pockets",
        [
            "The back panel keeps air moving, so my shirt stayed reasonably dry on hot days.",
            "There is just enough room for a day's food, a jacket and a first aid kit.",
            "The hip belt pockets are big enough for a phone and a snack.",
        ],
    ),
]

REVIEW = {
    "titles": [
        "{product} review: [worth the money?|a solid all-rounder|great, with one catch]",
        "[Tested|Hands on|Long-term review]: {product}",
        "{product}: the best {ptype} [for most people|on a budget|this year]?",
    ],
    "sections": [
        (None, ["rev_intro"]),
        (["Design and build", "First impressions", "Build quality"], ["rev_design", "rev_specific"]),
        (["Performance", "In use", "Day to day"], ["rev_perf", "rev_specific"]),
        (["What could be better", "Downsides", "Niggles"], ["rev_cons"]),
        (["Verdict", "Should you buy it?", "The bottom line"], ["rev_verdict"]),
    ],
    "pools": {
        "rev_intro": [
            "I have been using the {product} every day for [three weeks|a month|two months] to see how it "
            "holds up in [real life|a busy household].",
            "The {ptype} market is crowded, so any new model needs to do something special to stand out.",
            "On paper, the {product} promises a lot for its price of about {usd:60:320}.",
            "I bought this with my own money after my old {ptype} finally [gave up|broke for good].",
            "[Several readers|A few friends] asked whether the {product} is worth it, so I [put it through "
            "its paces|tested it properly].",
        ],
        "rev_design": [
            "Out of the box, {feat1} makes a [strong|good] first impression.",
            "The build feels sturdy, with no creaks or loose parts even after [a few weeks|a month] of heavy "
            "use.",
            "It is [lighter|a little heavier] than I expected, which [makes it easy to carry|gives it a "
            "reassuring feel].",
            "The controls are simple and clearly labeled, so there is no need to read the manual first.",
            "The finish picks up fingerprints easily, but a quick wipe keeps it looking new.",
            "[The packaging is mostly cardboard|Very little plastic came in the box], which is a welcome "
            "change.",
        ],
        "rev_perf": [
            "In everyday use, {feat1} is genuinely impressive for a {ptype} at this price.",
            "{feat2_cap} has been reliable, and I rarely had to think about it.",
            "It handled everything I threw at it, from quick daily tasks to longer weekend sessions.",
            "Compared with my previous {ptype}, the difference was obvious within the first [few days|week].",
            "It is noticeably quieter than most rivals, which my family appreciated.",
            "Setup took about [ten|fifteen] minutes, and the instructions were easy to follow.",
        ],
        "rev_cons": [
            "My biggest complaint is {feat3}, which feels like an afterthought.",
            "A few features are hidden in menus that could be more logical.",
            "The included accessories are rather basic, so you may want to budget for extras.",
            "It is not the cheapest option, and some buyers will be happy with a simpler model.",
            "After a month, I noticed some minor wear, although nothing that affected performance.",
        ],
        "rev_verdict": [
            "Overall, the {product} is an easy recommendation for [most people|anyone who uses a {ptype} "
            "daily].",
            "If you can live with its small flaws, it offers [excellent|very good] value.",
            "It is not perfect, but it gets the important things right, which is what matters.",
            "I would buy it again, and I have already recommended it to [two friends|my brother].",
            "Wait for a sale if you can, but even at full price it is a sensible choice.",
        ],
    },
}

GENERAL_TOPICS = {
    "recipe": RECIPE,
    "travel": TRAVEL,
    "gardening": GARDENING,
    "sports": SPORTS,
    "science": SCIENCE,
    "history": HISTORY,
    "hobby": HOBBY,
    "local_news": LOCAL_NEWS,
    "review": REVIEW,
}


# ---------------------------------------------------------------------------
# Context builders: one per topic. Each returns (ctx, pools).
# ---------------------------------------------------------------------------

FUND_TYPES = [
    ("Global Equity Fund", "stocks of companies around the world", "MSCI-style world index"),
    ("Dividend Growth Fund", "companies with a record of raising their dividends", "broad large-cap index"),
    ("Short Duration Bond Fund", "high-quality bonds maturing within three years", "short-term bond index"),
    ("Small Cap Opportunities Fund", "smaller listed companies", "small-cap index"),
    ("Emerging Markets Fund", "companies in developing economies", "emerging markets index"),
    ("Core Bond Fund", "investment-grade government and corporate bonds", "aggregate bond index"),
    ("Balanced Income Fund", "a mix of dividend-paying stocks and bonds", "blended sixty-forty benchmark"),
    (
        "Sustainable Leaders Fund",
        "companies with strong environmental and governance records",
        "global index",
    ),
]


def _percent(rng: random.Random, lo: float, hi: float) -> str:
    return f"{rng.uniform(lo, hi):.2f} percent"


def ctx_earnings(rng, used):
    c = company_ctx(rng, used)
    pools = dict(EARNINGS["pools"], sector=SECTORS[c["sector"]]["sents"])
    return c, pools


def ctx_central_bank(rng, used):
    c = mood_words(rng.random() < 0.5)
    low = rng.choice([3.5, 3.75, 4.0, 4.25, 4.5, 4.75, 5.0, 5.25])
    c.update(
        cb=lambda r: r.choice(["Federal Reserve", "Fed"]),
        rate=f"{low:.2f} to {low + 0.25:.2f} percent",
        official=person,
        yr=str(rng.choice([2023, 2024])),
    )
    return c, dict(CENTRAL_BANK["pools"])


def ctx_bond_wrap(rng, used):
    c = mood_words(rng.random() < 0.5)
    c.update(
        y10=_percent(rng, 3.6, 4.9),
        y2=_percent(rng, 3.9, 5.1),
        co_issuer=lambda r: make_company(r, set(used))["co"],
        yr=str(rng.choice([2023, 2024])),
    )
    return c, dict(BOND_WRAP["pools"])


def ctx_analyst(rng, used):
    c = company_ctx(rng, used)
    if c["up"] == "up":
        c.update(rating=rng.choice(["buy", "outperform", "overweight"]), old_rating="neutral")
        c.update(grade_verbs="upgrades", grade_verb="upgrade", grade_past="raised")
    else:
        c.update(rating=rng.choice(["neutral", "underperform", "underweight"]), old_rating="buy")
        c.update(grade_verbs="downgrades", grade_verb="downgrade", grade_past="cut")
    pools = dict(ANALYST_NOTE["pools"], sector=SECTORS[c["sector"]]["sents"])
    return c, pools


def ctx_press_release(rng, used):
    c = company_ctx(rng, used)
    event = PR_EVENTS[rng.choice(sorted(PR_EVENTS))]
    c["newexec"] = person(rng)
    c["newexec_l"] = c["newexec"].split()[1]
    c["plant_city"] = rng.choice(["Greenville", "Tulsa", "Monterrey", "Leipzig", "Knoxville", "Raleigh"])
    c["event_title"] = expand(event["title"], c, rng)
    c["event_lede"] = expand(event["lede"], c, rng)
    c["event_lede"] = c["event_lede"][:1].lower() + c["event_lede"][1:]
    return c, dict(PRESS_RELEASE["pools"], event=event["sents"])


def ctx_fund_sheet(rng, used):
    name, universe, bench = rng.choice(FUND_TYPES)
    house = rng.choice(["Alder and Finch", "Brookmere", "Osterley", "Calloway", "Fernleigh"])
    holds = [make_company(rng, set(used))["co"] for _ in range(3)]
    c = {
        "fund": f"{house} {name}",
        "universe": universe,
        "benchmark": bench,
        "pm": person(rng),
        "hold1": holds[0],
        "hold2": holds[1],
        "hold3": holds[2],
        "yr": str(rng.choice([2023, 2024])),
    }
    return c, dict(FUND_SHEET["pools"])


def ctx_mna(rng, used):
    acq = company_ctx(rng, used)
    target = make_company(rng, used, acq["sector"])
    price = rng.uniform(20, 180)
    premium = rng.uniform(18, 55)
    acq.update(
        acq=acq["co"],
        target=target["co"],
        acq_ceo=acq["ceo"],
        deal=_money(rng.uniform(1500, 40000)),
        offer=f"${price:.2f}",
        prem=f"{premium:.0f} percent",
        prem_move=f"{premium * rng.uniform(0.7, 0.95):.0f} percent",
    )
    return acq, dict(MNA_NEWS["pools"])


def ctx_market_wrap(rng, used):
    c = mood_words(rng.random() < 0.55)
    c["mover"] = lambda r: make_company(r, set(used))["co"]
    c["yr"] = str(rng.choice([2023, 2024]))
    return c, dict(MARKET_WRAP["pools"])


def ctx_recipe(rng, used):
    dish, main, herb, method, extra = rng.choice(DISHES)
    return {"dish": dish, "main": main, "herb": herb, "method": method, "extra": extra}, dict(RECIPE["pools"])


def ctx_travel(rng, used):
    place, ptype, feature, food, sight = rng.choice(PLACES)
    c = {"place": place, "ptype": ptype, "feature": feature, "food": food, "sight": sight}
    return c, dict(TRAVEL["pools"])


def ctx_gardening(rng, used):
    plant, _, pest, spot, season, tips = rng.choice(PLANTS)
    c = {"plant": plant, "plant_cap": plant.capitalize(), "pest": pest, "spot": spot, "season": season}
    return c, dict(GARDENING["pools"], plant_tips=tips)


def ctx_sports(rng, used):
    home, away, other, other2 = rng.sample(TEAMS, 4)
    a, b = rng.randint(1, 4), rng.randint(0, 3)
    c = {
        "home": home,
        "away": away,
        "other": other,
        "other2": other2,
        "score": f"{max(a, b + 1)}-{min(a, b)}",
        "player": person,
        "coach": person,
    }
    return c, dict(SPORTS["pools"])


def ctx_science(rng, used):
    subject = rng.choice(sorted(SCIENCE_PACKS))
    c = {"subject": subject, "town": lambda r: r.choice(TOWNS)}
    return c, dict(SCIENCE["pools"], pack=SCIENCE_PACKS[subject])


def ctx_history(rng, used):
    c = {
        "town": rng.choice(TOWNS),
        "landmark": rng.choice(sorted(LANDMARKS)),
        "origin": rng.choice(
            ["farming hamlet", "fishing village", "cluster of cottages", "monastery estate"]
        ),
        "century": rng.choice(["twelfth", "thirteenth", "fourteenth", "fifteenth"]),
        "late_century": rng.choice(["eighteen sixties", "eighteen eighties", "eighteen nineties"]),
    }
    return c, dict(HISTORY["pools"], landmark=LANDMARKS[c["landmark"]])


def ctx_hobby(rng, used):
    hobby = rng.choice(sorted(HOBBY_PACKS))
    tool, material, skill, club, specific = HOBBY_PACKS[hobby]
    c = {"hobby": hobby, "hobby_cap": hobby.capitalize(), "tool": tool, "material": material}
    c.update(skill=skill, club=club)
    return c, dict(HOBBY["pools"], hobby_specific=specific)


def ctx_local_news(rng, used):
    story = LOCAL_STORIES[rng.choice(sorted(LOCAL_STORIES))]
    c = {"town": rng.choice(TOWNS)}
    c["story_title"] = expand(story["title"], c, rng)
    return c, dict(LOCAL_NEWS["pools"], story=story["sents"], story_lede=story["lede"])


def ctx_review(rng, used):
    product, ptype, feat1, feat2, feat3, specific = rng.choice(PRODUCTS)
    c = {"product": product, "ptype": ptype, "feat1": feat1, "feat2_cap": feat2.capitalize(), "feat3": feat3}
    return c, dict(REVIEW["pools"], rev_specific=specific)


CTX_BUILDERS = {
    "earnings": ctx_earnings,
    "central_bank": ctx_central_bank,
    "bond_wrap": ctx_bond_wrap,
    "analyst_note": ctx_analyst,
    "press_release": ctx_press_release,
    "fund_sheet": ctx_fund_sheet,
    "mna": ctx_mna,
    "market_wrap": ctx_market_wrap,
    "recipe": ctx_recipe,
    "travel": ctx_travel,
    "gardening": ctx_gardening,
    "sports": ctx_sports,
    "science": ctx_science,
    "history": ctx_history,
    "hobby": ctx_hobby,
    "local_news": ctx_local_news,
    "review": ctx_review,
}
ALL_TOPICS = {**FINANCE_TOPICS, **GENERAL_TOPICS}


# ---------------------------------------------------------------------------
# Composer: topic + context -> title and sections of paragraphs
# ---------------------------------------------------------------------------


# Pools whose templates are written in reading order (steps, ledes, chronology); sentences
# drawn from other pools are shuffled.
ORDERED_POOLS = {
    "lede",
    "pr_lede",
    "about",
    "fls",
    "decision",
    "deal",
    "steps",
    "planting",
    "harvest",
    "first_half",
    "second_half",
    "story_lede",
    "arrival",
}


class Composer:
    """Draws sentences for one page: no template is used twice on a page."""

    def __init__(self, pools: dict, ctx: dict, rng: random.Random):
        self.ctx = ctx
        self.rng = rng
        self.pools = pools
        self.decks = {name: Deck(items, rng) for name, items in pools.items()}
        self.left = {name: len(items) for name, items in pools.items()}
        self.seen: set = set()

    def draw(self, pool_names) -> tuple | None:
        """One sentence as (sort key, text); the key follows the order templates are written in."""
        names = [n for n in pool_names if self.left.get(n, 0) > 0]
        if not names:
            return None
        name = self.rng.choice(names)
        self.left[name] -= 1
        template = self.decks[name].draw()
        text = expand(template, self.ctx, self.rng)
        if text in self.seen:
            return self.draw(pool_names)
        self.seen.add(text)
        order = self.pools[name].index(template) if name in ORDERED_POOLS else self.rng.random()
        return (pool_names.index(name), order), text

    def sentence(self, pool_names) -> str | None:
        got = self.draw(pool_names)
        return got[1] if got else None

    def sentences(self, pool_names, n: int) -> list:
        """Up to ``n`` sentences, in the order their templates appear in the pools."""
        got = [x for x in (self.draw(pool_names) for _ in range(n)) if x]
        return [text for _, text in sorted(got)]

    def paragraph(self, pool_names, n_sentences: int) -> str | None:
        sents = self.sentences(pool_names, n_sentences)
        return " ".join(sents) if sents else None


def chunk(sents: list, rng: random.Random) -> list:
    """Split sentences into paragraphs of two to five sentences."""
    paras, i = [], 0
    while i < len(sents):
        n = rng.randint(2, 5)
        if len(sents) - (i + n) == 1:
            n += 1
        paras.append(" ".join(sents[i : i + n]))
        i += n
    return paras


def pick_length(rng: random.Random) -> int:
    """Target word count: mostly medium pages, some short, some long."""
    bucket = rng.random()
    if bucket < 0.2:
        return rng.randint(150, 300)
    if bucket < 0.75:
        return rng.randint(300, 700)
    return rng.randint(700, 1500)


_TOKEN_RE = re.compile(r"\w+(?:[.,']\w+)*|[^\w\s]")


def alpha_share(text: str) -> float:
    """Share of word/punctuation tokens that contain a letter (Gopher wants at least 0.8)."""
    tokens = _TOKEN_RE.findall(text)
    return sum(any(c.isalpha() for c in t) for t in tokens) / max(1, len(tokens))


def compose_article(topic: str, rng: random.Random, used: set, target: int | None = None) -> dict:
    """Generate a page for one topic; redraw the rare page that is too heavy on figures."""
    for _ in range(8):
        page = _compose_article(topic, rng, used, target)
        text = "\n".join([page["title"]] + [p for _, ps in page["sections"] for p in ps])
        if alpha_share(text) >= 0.83:
            break
    return page


def _compose_article(topic: str, rng: random.Random, used: set, target: int | None = None) -> dict:
    spec = ALL_TOPICS[topic]
    ctx, pools = CTX_BUILDERS[topic](rng, used)
    ctx.setdefault("weekday", rng.choice(WEEKDAYS))
    target = target or pick_length(rng)
    # use at most ~60% of the topic's templates, so two pages on one topic stay far apart
    # (near-duplicate detection must not fire on distinct pages)
    n_templates = sum(len(pools[name]) for name in {n for _, names in spec["sections"] for n in names})
    target = min(target, max(170, int(0.6 * n_templates * 19)))
    comp = Composer(pools, ctx, rng)
    sections_spec = spec["sections"]
    n_used = max(2, min(len(sections_spec), round(target / 110)))
    chosen = [sections_spec[0]] + sorted(
        rng.sample(sections_spec[1:], n_used - 1), key=lambda s: sections_spec.index(s)
    )
    lede = comp.paragraph(chosen[0][1], rng.randint(2, 3))
    sections, total = [(None, [lede])], len(lede.split())
    used_pools = []  # pool names of sections[1:]
    budget = (target - total) / (len(chosen) - 1)
    for heads, pool_names in chosen[1:]:
        sents = comp.sentences(pool_names, max(2, round(budget / 19)))
        if not sents:
            continue
        paras = chunk(sents, rng)
        heading = expand(rng.choice(heads), ctx, rng) if heads else None
        sections.append((heading, paras))
        used_pools.append(pool_names)
        total += sum(len(p.split()) for p in paras)
    # short of the target (small pools): append sections that were not chosen
    floor = max(170, int(target * 0.85))
    for heads, pool_names in [s for s in sections_spec[1:] if s not in chosen]:
        if total >= floor:
            break
        para = comp.paragraph(pool_names, rng.randint(3, 5))
        if para:
            sections.append((expand(rng.choice(heads), ctx, rng) if heads else None, [para]))
            used_pools.append(pool_names)
            total += len(para.split())
    # still short (long targets): use what is left in each section's pools
    for (_, paras), pool_names in zip(sections[1:], used_pools, strict=True):
        if total >= floor:
            break
        para = comp.paragraph(pool_names, rng.randint(3, 5))
        if para:
            paras.append(para)
            total += len(para.split())
    title = expand(rng.choice(spec["titles"]), ctx, rng)
    return {"title": title, "sections": sections, "topic": topic, "ctx": ctx, "words": total}


def compose_faq(rng: random.Random, used: set, site_short: str) -> dict:
    """An investor FAQ page: intro plus a sample of question/answer pairs."""
    ctx = {"site_short": site_short, "yr": str(rng.choice([2023, 2024]))}
    comp = Composer({"intro": INVESTOR_FAQ["intro"], "extra": INVESTOR_FAQ["answer_extra"]}, ctx, rng)
    sections = [(None, [comp.paragraph(["intro"], rng.randint(2, 3))])]
    for question, answer in rng.sample(INVESTOR_FAQ["qa"], rng.randint(4, 8)):
        sents = list(answer)
        if rng.random() < 0.4:
            extra = comp.sentence(["extra"])
            if extra:
                sents.append(extra)
        sections.append((question, [" ".join(sents)]))
    title = expand(rng.choice(INVESTOR_FAQ["titles"]), ctx, rng)
    words = sum(len(p.split()) for _, ps in sections for p in ps)
    return {"title": title, "sections": sections, "topic": "investor_faq", "ctx": ctx, "words": words}


def seed_paragraph(topic: str, rng: random.Random, used: set) -> str:
    """One classifier seed line: a 40-120 word paragraph from one topic."""
    ctx, pools = CTX_BUILDERS[topic](rng, used)
    spec = ALL_TOPICS[topic]
    heads_pools = [pools_names for _, pools_names in spec["sections"]]
    names = rng.choice(heads_pools)
    comp = Composer(pools, ctx, rng)
    target = rng.randint(45, 105)
    sents: list[str] = []
    while sum(len(s.split()) for s in sents) < target:
        s = comp.sentence(names) or comp.sentence(list(pools))
        if s is None:
            break
        if sum(len(x.split()) for x in sents) + len(s.split()) > 120:
            break
        sents.append(s)
    return " ".join(sents)


# ---------------------------------------------------------------------------
# Sites and HTML templates
# ---------------------------------------------------------------------------

FIN_NAV = ["Markets", "Companies", "Economy", "Bonds", "Funds", "Personal Finance", "Opinion", "Data"]
GEN_NAV = ["Home", "Food", "Travel", "Garden", "Sport", "Science", "Local", "Reviews", "About"]

FIN_SITES = [
    {
        "name": "Meridian Markets",
        "domain": "www.meridianmarkets.example",
        "template": "news",
        "topics": ["earnings", "market_wrap", "mna", "central_bank"],
        "tagline": "Markets news for investors",
    },
    {
        "name": "The Ledgerline",
        "domain": "ledgerline.example",
        "template": "blog",
        "topics": ["central_bank", "bond_wrap", "market_wrap", "analyst_note"],
        "tagline": "Notes on money and rates",
    },
    {
        "name": "Crestline Research",
        "domain": "research.crestline-notes.example",
        "template": "sheet",
        "topics": ["analyst_note"],
        "tagline": "Independent equity research",
    },
    {
        "name": "Harbor Street Wire",
        "domain": "www.harborstreetwire.example",
        "template": "portal",
        "topics": ["press_release", "mna", "earnings"],
        "tagline": "Corporate news since 1998",
    },
    {
        "name": "Bondbeat",
        "domain": "www.bondbeat.example",
        "template": "news",
        "topics": ["bond_wrap", "central_bank"],
        "tagline": "Fixed income, every trading day",
    },
    {
        "name": "Alder and Finch Investments",
        "domain": "funds.alderfinch.example",
        "template": "sheet",
        "topics": ["fund_sheet", "investor_faq"],
        "tagline": "Fund literature",
    },
    {
        "name": "Pennywise Money Desk",
        "domain": "www.pennywise-money.example",
        "template": "faq",
        "topics": ["investor_faq", "market_wrap"],
        "tagline": "Plain answers to money questions",
    },
    {
        "name": "Investor Relations",
        "domain": None,
        "template": "ir",
        "topics": ["press_release", "earnings"],
        "tagline": "Investor relations",
    },
    {
        "name": "Dealflow Daily",
        "domain": "dealflowdaily.example",
        "template": "blog",
        "topics": ["mna", "earnings", "analyst_note"],
        "tagline": "Mergers, deals and the people behind them",
    },
]
FIN_FORUM = {
    "name": "Capital Commons",
    "domain": "forum.capitalcommons.example",
    "template": "forum",
    "tagline": "The investor community",
}

GEN_SITES = [
    {
        "name": "Kitchen Bench",
        "domain": "www.kitchenbench.example",
        "template": "blog",
        "topics": ["recipe"],
        "tagline": "Home cooking for busy people",
    },
    {
        "name": "Roaming Notes",
        "domain": "roamingnotes.example",
        "template": "news",
        "topics": ["travel"],
        "tagline": "Slow travel stories",
    },
    {
        "name": "The Green Plot",
        "domain": "www.thegreenplot.example",
        "template": "blog",
        "topics": ["gardening"],
        "tagline": "Allotment and garden diary",
    },
    {
        "name": "The Touchline Report",
        "domain": "www.touchlinereport.example",
        "template": "news",
        "topics": ["sports"],
        "tagline": "Local football, covered properly",
    },
    {
        "name": "Curious Atlas",
        "domain": "curiousatlas.example",
        "template": "sheet",
        "topics": ["science"],
        "tagline": "Science explained",
    },
    {
        "name": "Parish and Pathway",
        "domain": "www.parishandpathway.example",
        "template": "portal",
        "topics": ["history"],
        "tagline": "Local history society",
    },
    {
        "name": "Hobby Hall",
        "domain": "hobbyhall.example",
        "template": "blog",
        "topics": ["hobby"],
        "tagline": "Crafts, games and pastimes",
    },
    {
        "name": "Valley Courier",
        "domain": "www.valleycourier.example",
        "template": "news",
        "topics": ["local_news"],
        "tagline": "News from your valley",
    },
    {
        "name": "Gear Verdict",
        "domain": "www.gearverdict.example",
        "template": "faq",
        "topics": ["review"],
        "tagline": "Honest product reviews",
    },
]
GEN_FORUM = {
    "name": "Town Square",
    "domain": "forum.townsquare.example",
    "template": "forum",
    "tagline": "Talk about anything",
}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def nav_links(labels, cls: str = "") -> str:
    items = "".join(f'<li><a href="/{slugify(x)}/">{esc(x)}</a></li>' for x in labels)
    return f'<ul class="{cls}">{items}</ul>'


def render_body(sections, heading_tag: str = "h2") -> str:
    out = []
    for heading, paras in sections:
        if heading:
            out.append(f"<{heading_tag}>{esc(heading)}</{heading_tag}>")
        out.extend(f"<p>{esc(p)}</p>" for p in paras)
    return "\n".join(out)


def head(title: str, site: dict, lang: str = "en", charset: bool = True) -> str:
    meta = '<meta charset="utf-8">' if charset else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>{meta}<title>{esc(title)} | '
        f"{esc(site['name'])}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/static/css/site.css">'
        '<script async src="/static/js/analytics.js"></script></head>\n'
    )


def cookie_banner(lang: str = "en") -> str:
    text = {
        "en": "We use cookies to personalise content and analyse our traffic. You can change your choice at "
        "any time in the privacy settings.",
        "de": "Wir verwenden Cookies, um Inhalte zu personalisieren und unsere Zugriffe zu analysieren.",
        "fr": "Nous utilisons des cookies pour personnaliser le contenu et analyser notre trafic.",
        "es": "Utilizamos cookies para personalizar el contenido y analizar nuestro tráfico.",
    }[lang]
    return (
        f'<div id="cookie-consent" class="cookie-banner"><p>{text}</p>'
        '<button class="accept">Accept all</button><button class="settings">Settings</button></div>\n'
    )


def tpl_news(page: dict, site: dict) -> str:
    """Semantic news layout: header, nav, article, aside, footer."""
    lang, nav = page.get("lang", "en"), page["nav"]
    return (
        head(page["title"], site, lang)
        + "<body>\n"
        + cookie_banner(lang)
        + f'<header class="masthead"><a class="logo" href="/">{esc(site["name"])}</a></header>\n'
        + f'<nav class="main-nav">{nav_links(nav)}</nav>\n'
        + f'<main><article class="story"><h1>{esc(page["title"])}</h1>\n'
        + f'<p class="byline">By {esc(page["author"])} | {page["date_text"]}</p>\n'
        + render_body(page["sections"])
        + "\n</article>\n"
        + f'<aside class="sidebar"><h3>Most '
        f"read</h3>{nav_links(page['related'], 'most-read')}</aside></main>\n"
        + f'<footer class="site-footer">{nav_links(["Contact", "Advertise", "Privacy", "Terms"])}'
        + f"<p>&copy; {page['year']} {esc(site['name'])}. All rights reserved.</p></footer>\n"
        + "</body>\n</html>\n"
    )


def tpl_blog(page: dict, site: dict) -> str:
    """Div-based blog layout; its top bar links leak into extracted text."""
    lang, nav = page.get("lang", "en"), page["nav"]
    links = " ".join(f'<a href="/{slugify(x)}/">{esc(x)}</a>' for x in nav[:5])
    return (
        head(page["title"], site, lang)
        + '<body class="single-post">\n'
        + f'<div class="topbar">{links}</div>\n'
        + f'<div id="page"><div class="site-branding"><p class="site-title">{esc(site["name"])}</p>'
        + f'<p class="site-description">{esc(site["tagline"])}</p></div>\n'
        + f'<div class="post-content"><h1 class="entry-title">{esc(page["title"])}</h1>\n'
        + f'<p class="post-meta">Posted on {page["date_text"]} by {esc(page["author"])}</p>\n'
        + render_body(page["sections"], "h3")
        + '\n<div class="share-buttons"><a href="#">Share</a> <a href="#">Tweet</a> <a '
        'href="#">Email</a></div>' + "</div>\n" + f'<div class="widget-area"><div class="widget"><h4>Recent '
        f"posts</h4>{nav_links(page['related'])}</div>"
        + '<div class="widget"><h4>Archives</h4>'
        + nav_links([f"{m} {page['year']}" for m in MONTHS[:4]])
        + "</div></div>\n"
        + '<div class="comment-respond"><h4>Leave a reply</h4><form><textarea name="comment"></textarea>'
        + '<button type="submit">Post comment</button></form></div>\n'
        + f'<div class="site-footer"><p>Powered by a static site generator. '
        f"{esc(site['name'])}</p></div></div>\n" + "</body>\n</html>\n"
    )


def tpl_portal(page: dict, site: dict) -> str:
    """Old-school table layout with a left menu column."""
    lang, nav = page.get("lang", "en"), page["nav"]
    menu = "<br>".join(f'<a href="/{slugify(x)}.html">{esc(x)}</a>' for x in nav)
    paras = "\n".join(
        (f"<p><b>{esc(h)}</b></p>" if h else "") + "".join(f"<p>{esc(p)}</p>" for p in ps)
        for h, ps in page["sections"]
    )
    return (
        head(page["title"], site, lang, charset=page.get("meta_charset", True))
        + '<body bgcolor="#ffffff">\n<table width="100%" cellpadding="4">\n'
        + f'<tr><td colspan="2" class="banner"><font size="5">{esc(site["name"])}</font></td></tr>\n'
        + f'<tr><td class="menu" width="160" valign="top">{menu}</td>\n<td class="content" valign="top">'
        + f'<font face="Arial"><b>{esc(page["title"])}</b></font>\n'
        + f"<p><i>{page['date_text']}</i></p>\n"
        + paras
        + "</td></tr>\n"
        + f'<tr><td colspan="2" class="legal"><center><small>Copyright {page["year"]} {esc(site["name"])}'
        + "</small></center></td></tr>\n</table>\n</body>\n</html>\n"
    )


def tpl_sheet(page: dict, site: dict) -> str:
    """Document/fact-sheet layout with a key facts table and a legal footer."""
    lang, nav = page.get("lang", "en"), page["nav"]
    facts = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in page.get("facts", []))
    table = f'<table class="key-facts">{facts}</table>\n' if facts else ""
    return (
        head(page["title"], site, lang)
        + "<body>\n"
        + f'<div class="navbar"><span class="brand">{esc(site["name"])}</span>{nav_links(nav)}</div>\n'
        + f'<div class="breadcrumb"><a href="/">Home</a> / <a '
        f'href="/{slugify(nav[0])}/">{esc(nav[0])}</a></div>\n'
        + f'<div class="document"><h1>{esc(page["title"])}</h1>\n'
        + f'<p class="doc-date">{page["date_text"]}</p>\n'
        + table
        + render_body(page["sections"])
        + "\n</div>\n"
        + '<footer><div class="disclaimer"><p>This material is for information only and does not constitute '
        "an "
        + "offer or solicitation. Please read the relevant documents before making any decision.</p></div>"
        + f"<p>&copy; {page['year']} {esc(site['name'])}</p></footer>\n"
        + cookie_banner(lang)
        + "</body>\n</html>\n"
    )


def tpl_ir(page: dict, site: dict) -> str:
    """Corporate investor-relations page."""
    lang = page.get("lang", "en")
    co = page["ctx"].get("co", site["name"])
    return (
        head(page["title"], site, lang)
        + "<body>\n"
        + f'<header><div class="navbar"><a class="logo" href="/">{esc(co)}</a>'
        + nav_links(["Our Company", "Investors", "News Releases", "Events", "Governance", "Careers"])
        + "</div></header>\n"
        + '<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/investors/">Investors</a> &gt; '
        "News</div>\n"
        + f'<section class="press-release"><h1>{esc(page["title"])}</h1>\n'
        + f'<p class="release-date">{page["date_text"]}</p>\n'
        + render_body(page["sections"], "h3")
        + "\n</section>\n"
        + '<div class="ir-tools"><a href="#">Download PDF</a> <a href="#">Email alerts</a> <a '
        'href="#">RSS</a></div>\n'
        + f'<footer class="site-footer"><p>&copy; {page["year"]} {esc(co)}. All rights reserved.</p>'
        + nav_links(["Privacy Notice", "Terms of Use", "Accessibility", "Sitemap"])
        + "</footer>\n"
        + cookie_banner(lang)
        + "</body>\n</html>\n"
    )


def tpl_faq(page: dict, site: dict) -> str:
    """Help-center layout: each section becomes a question with an answer block."""
    lang, nav = page.get("lang", "en"), page["nav"]
    blocks = []
    for heading, paras in page["sections"]:
        inner = "".join(f"<p>{esc(p)}</p>" for p in paras)
        if heading:
            blocks.append(
                f'<div class="faq-item"><h3>{esc(heading)}</h3><div class="answer">{inner}</div></div>'
            )
        else:
            blocks.append(f'<div class="intro">{inner}</div>')
    return (
        head(page["title"], site, lang)
        + "<body>\n"
        + cookie_banner(lang)
        + f'<nav class="top-nav"><a class="logo" href="/">{esc(site["name"])}</a>{nav_links(nav)}</nav>\n'
        + f'<div class="help-center"><h1>{esc(page["title"])}</h1>\n'
        + f'<p class="updated">Last updated {page["date_text"]}</p>\n'
        + "\n".join(blocks)
        + '\n<div class="helpful"><span>Was this page '
        "helpful?</span><button>Yes</button><button>No</button></div>"
        + "</div>\n"
        + f"<footer><p>&copy; {page['year']} {esc(site['name'])}</p>"
        + nav_links(["Help", "Contact", "Privacy", "Accessibility"])
        + "</footer>\n</body>\n</html>\n"
    )


def tpl_forum(page: dict, site: dict) -> str:
    """Forum thread: each post is (user, date, paragraphs)."""
    lang = page.get("lang", "en")
    posts = []
    for user, when, paras in page["posts"]:
        body = "".join(f"<p>{esc(p)}</p>" for p in paras)
        posts.append(
            f'<div class="post"><div class="post-author">{esc(user)}</div><div '
            f'class="post-date">{when}</div><div class="post-body">{body}</div></div>'
        )
    return (
        head(page["title"], site, lang)
        + "<body>\n"
        + f'<div class="navbar"><a href="/">{esc(site["name"])}</a> <a href="/latest">Latest</a> '
        + '<a href="/login">Log in</a></div>\n'
        + f'<div class="thread"><h1>{esc(page["title"])}</h1>\n'
        + "\n".join(posts)
        + "\n</div>\n"
        + f'<div class="site-footer"><p>{esc(site["name"])} community guidelines apply.</p></div>\n'
        + "</body>\n</html>\n"
    )


TEMPLATES = {
    "news": tpl_news,
    "blog": tpl_blog,
    "portal": tpl_portal,
    "sheet": tpl_sheet,
    "ir": tpl_ir,
    "faq": tpl_faq,
    "forum": tpl_forum,
}


# ---------------------------------------------------------------------------
# Non-English pages (German, French, Spanish), written for this corpus
# ---------------------------------------------------------------------------

FOREIGN = {
    "de": {
        "site_fin": {
            "name": "Börsenblick",
            "domain": "www.boersenblick.example",
            "template": "news",
            "tagline": "Nachrichten für Anleger",
        },
        "site_gen": {
            "name": "Der Gartenfreund",
            "domain": "gartenfreund.example",
            "template": "blog",
            "tagline": "Rund um Haus und Garten",
        },
        "nav_fin": ["Märkte", "Unternehmen", "Konjunktur", "Anleihen", "Fonds"],
        "nav_gen": ["Startseite", "Garten", "Küche", "Reisen", "Kontakt"],
        "titles_fin": [
            "{co} übertrifft die Erwartungen im {q}",
            "Leitzins bleibt unverändert",
            "Anleger warten auf neue Inflationsdaten",
            "Dividende steigt deutlich",
        ],
        "titles_gen": [
            "Tipps für den Garten im Frühling",
            "Ein Wochenende am See",
            "Rezept für einen einfachen Apfelkuchen",
            "Das Stadtfest kehrt zurück",
        ],
        "q": ["ersten Quartal", "zweiten Quartal", "dritten Quartal", "vierten Quartal"],
        "fin": [
            "{co} hat im {q} einen Umsatz von {dec} Milliarden Euro erzielt.",
            "Der Gewinn je Aktie stieg im Vergleich zum Vorjahr um {int:3:18} Prozent.",
            "Die Europäische Zentralbank hat den Leitzins erneut unverändert gelassen.",
            "Analysten rechnen für das kommende Jahr mit einem leichten Wachstum der Wirtschaft.",
            "Der Vorstand will die Dividende für das laufende Geschäftsjahr erhöhen.",
            "An der Frankfurter Börse legte der Leitindex am Nachmittag deutlich zu.",
            "Die Rendite zehnjähriger Bundesanleihen fiel zuletzt auf {int:2:3} Prozent.",
            "Viele Anleger warten auf neue Daten zur Inflation in der Eurozone.",
            "Das Unternehmen bestätigte seine Prognose für das Gesamtjahr.",
            "Höhere Zinsen belasten vor allem den Immobiliensektor und kleinere Unternehmen.",
            "Die Aktie des Konzerns gewann nach der Veröffentlichung der Zahlen kräftig an Wert.",
            "Der Finanzvorstand {person} sprach von einem soliden Quartal trotz schwieriger Bedingungen.",
            "Die Banken profitieren weiterhin von einem höheren Zinsüberschuss.",
            "Für das zweite Halbjahr erwartet die Geschäftsführung eine Belebung der Nachfrage.",
            "Die Inflationsrate lag im vergangenen Monat bei {int:2:4} Prozent.",
            "Experten raten Privatanlegern, ihr Depot breit zu streuen.",
            "Der Konzern will in den nächsten Jahren mehrere Milliarden Euro in neue Werke investieren.",
            "Die Zahl der Beschäftigten ist im Jahresvergleich leicht gestiegen.",
            "Am Anleihemarkt blieb die Lage am Donnerstag weitgehend ruhig.",
            "Nach Ansicht vieler Beobachter ist der Höhepunkt der Zinsen inzwischen erreicht.",
        ],
        "gen": [
            "Am Wochenende findet in der Altstadt wieder der beliebte Wochenmarkt statt.",
            "Für dieses Rezept braucht man nur wenige Zutaten und etwas Geduld.",
            "Die Wanderung führt durch dichte Wälder und über sanfte Hügel.",
            "Im Frühling sollte man die Beete gründlich vorbereiten und den Boden lockern.",
            "Die Mannschaft gewann das Spiel am Samstag mit zwei zu eins.",
            "Das Museum zeigt eine neue Ausstellung über die Geschichte der Stadt.",
            "Kinder und Erwachsene können an einem kostenlosen Workshop teilnehmen.",
            "Nach dem Regen leuchten die Blumen im Garten besonders schön.",
            "Der Kuchen schmeckt am besten, wenn er über Nacht durchziehen kann.",
            "Die Bibliothek bleibt wegen Umbauarbeiten bis Ende des Monats geschlossen.",
            "Viele Besucher kommen wegen der schönen Aussicht auf den See.",
            "Der Trainer lobte nach dem Spiel die Einstellung seiner Spieler.",
            "Im Herbst färben sich die Blätter in leuchtenden Farben.",
            "Man sollte genug Wasser und eine warme Jacke mitnehmen.",
            "Die neuen Kopfhörer bieten einen klaren Klang und eine lange Akkulaufzeit.",
            "Das Stadtfest lockt jedes Jahr Tausende Besucher an.",
            "Tomaten brauchen viel Sonne und regelmäßig Wasser.",
            "Unsere Nachbarin {person} hat uns ihr Lieblingsrezept verraten.",
            "Die Busverbindung ins Nachbardorf wird ab dem nächsten Monat verbessert.",
            "Am Abend saßen wir noch lange auf der Terrasse und genossen die Ruhe.",
        ],
    },
    "fr": {
        "site_fin": {
            "name": "La Lettre des Marchés",
            "domain": "www.lettre-marches.example",
            "template": "blog",
            "tagline": "L'actualité financière",
        },
        "site_gen": {
            "name": "Carnet de Voyage",
            "domain": "carnetdevoyage.example",
            "template": "news",
            "tagline": "Voyages et découvertes",
        },
        "nav_fin": ["Marchés", "Entreprises", "Économie", "Obligations", "Placements"],
        "nav_gen": ["Accueil", "Voyages", "Cuisine", "Jardin", "Contact"],
        "titles_fin": [
            "{co} dépasse les attentes au {q}",
            "La banque centrale maintient ses taux",
            "Les marchés attendent les chiffres de l'inflation",
            "Le dividende progresse",
        ],
        "titles_gen": [
            "Trois jours au bord du lac",
            "Une recette de tarte aux pommes",
            "Conseils pour le jardin au printemps",
            "La fête de la ville revient",
        ],
        "q": ["premier trimestre", "deuxième trimestre", "troisième trimestre", "quatrième trimestre"],
        "fin": [
            "{co} a publié un chiffre d'affaires de {dec} milliards d'euros au {q}.",
            "Le bénéfice net a progressé de {int:3:18} pour cent sur un an.",
            "La Banque centrale européenne a décidé de maintenir ses taux directeurs inchangés.",
            "Les investisseurs restent prudents avant la publication des chiffres de l'inflation.",
            "Le groupe a confirmé ses objectifs pour l'ensemble de l'exercice.",
            "À la Bourse de Paris, l'indice principal a terminé la séance en légère hausse.",
            "Le rendement de l'obligation à dix ans a reculé à {int:2:3} pour cent.",
            "Le conseil d'administration proposera un dividende en hausse lors de la prochaine assemblée.",
            "Selon les analystes, la demande devrait se redresser au second semestre.",
            "La hausse des taux d'intérêt pèse sur le marché immobilier.",
            "Le directeur financier {person} a évoqué un trimestre solide malgré un contexte difficile.",
            "Les banques profitent toujours de la hausse de leur marge d'intérêt.",
            "L'action a gagné plus de cinq pour cent après l'annonce des résultats.",
            "Les épargnants cherchent des placements plus sûrs et mieux rémunérés.",
            "Le taux d'inflation s'est établi à {int:2:4} pour cent le mois dernier.",
            "L'entreprise prévoit de réduire ses coûts et d'investir davantage dans le numérique.",
            "Le nombre de salariés a légèrement augmenté au cours de l'année.",
            "Les marchés obligataires sont restés calmes pendant toute la semaine.",
            "Plusieurs économistes estiment que les taux ont atteint leur sommet.",
            "La direction reste confiante pour la fin de l'année.",
        ],
        "gen": [
            "Le marché du samedi matin attire de nombreux habitants du quartier.",
            "Pour réussir cette recette, il faut laisser reposer la pâte pendant une heure.",
            "Le sentier longe la rivière avant de monter vers le vieux village.",
            "Au printemps, il est conseillé de semer les graines en pleine terre.",
            "L'équipe locale a remporté le match grâce à un but en fin de partie.",
            "Le musée propose une nouvelle exposition consacrée à l'histoire de la région.",
            "Les enfants peuvent participer à un atelier gratuit pendant les vacances.",
            "La bibliothèque sera fermée pendant deux semaines pour des travaux.",
            "Ce gâteau se conserve très bien plusieurs jours dans une boîte en métal.",
            "De nombreux visiteurs viennent admirer la vue sur le lac.",
            "L'entraîneur a salué l'engagement de ses joueurs après la rencontre.",
            "En automne, les forêts prennent des couleurs magnifiques.",
            "Il vaut mieux emporter de l'eau et une veste chaude pour la randonnée.",
            "Ce casque offre un son clair et une excellente autonomie.",
            "La fête de la ville rassemble chaque année des milliers de personnes.",
            "Les jardiniers amateurs échangent volontiers leurs conseils et leurs graines.",
            "Notre voisine {person} nous a donné sa recette préférée.",
            "Le soir, nous avons dîné sur la terrasse en regardant le coucher du soleil.",
            "Les tomates ont besoin de beaucoup de soleil et d'un arrosage régulier.",
            "Le train régional dessert le village plusieurs fois par jour.",
        ],
    },
    "es": {
        "site_fin": {
            "name": "Mercados Hoy",
            "domain": "www.mercadoshoy.example",
            "template": "news",
            "tagline": "Información para inversores",
        },
        "site_gen": {
            "name": "La Cocina de Ana",
            "domain": "lacocinadeana.example",
            "template": "blog",
            "tagline": "Recetas caseras",
        },
        "nav_fin": ["Mercados", "Empresas", "Economía", "Bonos", "Fondos"],
        "nav_gen": ["Inicio", "Recetas", "Viajes", "Jardín", "Contacto"],
        "titles_fin": [
            "{co} supera las previsiones en el {q}",
            "El banco central mantiene los tipos",
            "Los inversores esperan los datos de inflación",
            "Sube el dividendo",
        ],
        "titles_gen": [
            "Receta de bizcocho de limón",
            "Un fin de semana en la montaña",
            "Consejos para el huerto",
            "Vuelve la fiesta del pueblo",
        ],
        "q": ["primer trimestre", "segundo trimestre", "tercer trimestre", "cuarto trimestre"],
        "fin": [
            "{co} registró unos ingresos de {dec} mil millones de euros en el {q}.",
            "El beneficio por acción aumentó un {int:3:18} por ciento respecto al año anterior.",
            "El Banco Central Europeo mantuvo sin cambios los tipos de interés.",
            "Los inversores esperan con atención los nuevos datos de inflación.",
            "La compañía confirmó sus previsiones para todo el ejercicio.",
            "En la Bolsa de Madrid, el índice principal cerró la sesión con ligeras subidas.",
            "La rentabilidad del bono a diez años bajó hasta el {int:2:3} por ciento.",
            "El consejo de administración propondrá un dividendo más alto en la próxima junta.",
            "Según los analistas, la demanda se recuperará en la segunda mitad del año.",
            "La subida de los tipos de interés afecta sobre todo al sector inmobiliario.",
            "El director financiero {person} habló de un trimestre sólido a pesar de las dificultades.",
            "Los bancos siguen beneficiándose de un mayor margen de intereses.",
            "Las acciones subieron más de un cinco por ciento tras la presentación de los resultados.",
            "Muchos ahorradores buscan productos más seguros y con mejor rentabilidad.",
            "La tasa de inflación se situó en el {int:2:4} por ciento el mes pasado.",
            "La empresa planea reducir costes e invertir más en tecnología.",
            "El número de empleados creció ligeramente durante el año.",
            "Los mercados de deuda se mantuvieron tranquilos durante toda la semana.",
            "Varios economistas creen que los tipos ya han tocado techo.",
            "La dirección se muestra optimista para el final del año.",
        ],
        "gen": [
            "El mercado de los sábados atrae a muchos vecinos del barrio.",
            "Para esta receta solo se necesitan unos pocos ingredientes y algo de paciencia.",
            "El sendero sigue el río y luego sube hacia el pueblo antiguo.",
            "En primavera conviene preparar bien la tierra antes de sembrar.",
            "El equipo local ganó el partido con un gol en los últimos minutos.",
            "El museo presenta una nueva exposición sobre la historia de la ciudad.",
            "Los niños pueden participar en un taller gratuito durante las vacaciones.",
            "La biblioteca permanecerá cerrada dos semanas por obras.",
            "Este bizcocho se conserva muy bien durante varios días.",
            "Muchos visitantes vienen para disfrutar de las vistas del lago.",
            "El entrenador elogió el esfuerzo de sus jugadores después del partido.",
            "En otoño, los bosques se llenan de colores preciosos.",
            "Es mejor llevar agua y una chaqueta para la excursión.",
            "Estos auriculares ofrecen un sonido claro y una batería de larga duración.",
            "La fiesta del pueblo reúne cada año a miles de personas.",
            "Los jardineros aficionados comparten con gusto sus consejos y sus semillas.",
            "Nuestra vecina {person} nos enseñó su receta favorita.",
            "Por la noche cenamos en la terraza mirando la puesta de sol.",
            "Los tomates necesitan mucho sol y riego frecuente.",
            "El autobús al pueblo vecino pasa varias veces al día.",
        ],
    },
}

# ---------------------------------------------------------------------------
# Forum content: neutral posts and (tame) toxic posts
# ---------------------------------------------------------------------------

FORUM_FIN = [
    "I have held {tk} for [two|three|five] years and the dividend has been reliable so far.",
    "The last quarter looked fine to me, but the guidance was a bit soft.",
    "Does anyone know when the next earnings call is scheduled?",
    "Free cash flow covers the dividend comfortably, so I am not worried about a cut.",
    "I trimmed my position after the run up and will buy back on a dip.",
    "Management keeps talking about cost savings, but margins have barely moved.",
    "Interest rates are the real story here, not the company itself.",
    "I would wait for the annual report before making any big decisions.",
    "The balance sheet is stronger than most people on this board seem to realize.",
    "Valuation looks reasonable at about {int:11:19} times earnings.",
    "Thanks for sharing the numbers, that was genuinely helpful.",
    "The buyback helps, but I would rather see them pay down some of that debt.",
    "Revenue growth is slowing, and the market usually punishes that.",
    "I bought a small starter position this morning and will add if it drops further.",
]
TOXIC_FIN = [
    "Only an idiot would buy {tk} at this price.",
    "You are a moron if you think that dividend is safe.",
    "Damn, I lost another chunk of my savings on this stock today.",
    "Stop posting this stupid nonsense every single day.",
    "I hate you bulls and your endless cheerleading.",
    "Seriously, what kind of idiot trusts guidance from this management team?",
    "The chief executive is a clown and the board is even dumber.",
    "Shut up and read the balance sheet before you post again, you idiot.",
    "Anyone who bought options last week is a complete moron.",
    "This is the dumbest thread I have read all year.",
    "Damn it, the stock is down again and the idiots here keep cheering.",
    "I hate you all for talking me into this garbage position.",
    "What a pathetic excuse for an earnings call.",
    "You stupid people never learn anything from the last crash.",
    "Go away, troll, nobody cares about your stupid price target.",
    "Every loser on this board said the same thing last year.",
    "Only a moron ignores the debt on that balance sheet.",
    "You idiots buying every dip deserve what you get.",
]
FORUM_GEN = [
    "We went to the match on Saturday and the atmosphere was brilliant.",
    "I tried this recipe last night and it worked well with chicken thighs.",
    "Has anyone else had trouble with the bus times since the change?",
    "The new library opening hours are much better for working parents.",
    "My tomatoes are finally ripening, although the slugs got a few.",
    "Thanks for the tip about the walking trail, we loved it.",
    "The coach should have made the substitution much earlier.",
    "I have the same headphones and the battery easily lasts a week.",
    "Is the farmers market still on this weekend despite the weather?",
    "That bakery near the station does the best bread in town.",
    "We need more benches along the river path for older residents.",
    "I agree with most of this, but the second half was not that bad.",
]
TOXIC_GEN = [
    "Only an idiot would put that much salt in a sauce.",
    "The referee was a complete moron today.",
    "Damn, this recipe was a total disaster.",
    "I hate you people who leave one-star reviews without even trying it.",
    "What a stupid way to lose a match.",
    "You are a moron if you think that team can win the league.",
    "Shut up, nobody asked for your stupid opinion.",
    "The council is run by idiots, plain and simple.",
    "This is the dumbest review I have ever read.",
    "Damn it, another weekend ruined by this useless bus service.",
    "Go away, troll, and take your pathetic comments with you.",
    "Honestly, anyone who buys this junk is an idiot.",
    "What a bunch of losers in the stands today.",
    "Only a moron would plant tomatoes in the shade.",
    "Any moron could have scored from there.",
    "Our manager is a clueless idiot and everyone knows it.",
    "Those losers on the council never listen to anyone.",
    "You absolute moron, that bakery closed years ago.",
    "Stop acting like an idiot and read the timetable.",
]
INSULT_RE = re.compile(r"\b(?:idiot|moron|loser)", re.IGNORECASE)
USERNAMES = [
    "valuehunter",
    "dividend_dan",
    "bondbarbara",
    "quietcompounder",
    "tickerwatch",
    "macro_mike",
    "northside_nina",
    "gardenfan",
    "matchday_max",
    "breadandbutter",
    "trailrunner",
    "oldtownjoe",
    "capeandcoast",
    "sofa_strategist",
    "late_bloomer",
    "numbers_guy",
    "patientpenny",
    "riverbank_rita",
]

# ---------------------------------------------------------------------------
# PII generators (all numbers are random; card numbers pass the Luhn check)
# ---------------------------------------------------------------------------


def luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    digits = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return digits + str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return total % 10 == 0


def fake_card(rng: random.Random) -> str:
    num = luhn_complete(rng.choice(["4", "51", "53", "55"]), 16, rng)
    sep = rng.choice([" ", "-", ""])
    return sep.join(num[i : i + 4] for i in range(0, 16, 4))


def fake_iban(rng: random.Random) -> str:
    country = rng.choice(["DE", "GB", "FR", "ES"])
    if country == "DE":
        bban = "".join(str(rng.randrange(10)) for _ in range(18))
    elif country == "GB":
        bban = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(4))
        bban += "".join(str(rng.randrange(10)) for _ in range(14))
    elif country == "FR":
        bban = "".join(str(rng.randrange(10)) for _ in range(23))
    else:
        bban = "".join(str(rng.randrange(10)) for _ in range(20))
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    check = 98 - int(numeric) % 97
    iban = f"{country}{check:02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def fake_ssn(rng: random.Random) -> str:
    area = rng.choice([n for n in range(101, 900) if n != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def fake_phone(rng: random.Random) -> str:
    area = rng.choice([212, 312, 415, 617, 713, 206, 303, 404, 512, 614])
    line = f"555-01{rng.randint(0, 99):02d}"
    return rng.choice([f"({area}) {line}", f"{area}-{line}", f"+1 {area} {line.replace('-', ' ')}"])


def fake_ip(rng: random.Random, public: bool = True) -> str:
    if not public:
        return rng.choice(
            [f"192.168.{rng.randint(0, 5)}.{rng.randint(2, 250)}", f"10.0.{rng.randint(0, 9)}.17"]
        )
    first = rng.choice([23, 31, 45, 62, 77, 84, 91, 109, 134, 151, 176, 185, 212])
    return f"{first}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"


def fake_email(rng: random.Random, name: str) -> str:
    first, last = name.lower().split()
    user = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(10, 99)}"])
    host = rng.choice(["postbox.example", "inboxly.example", "harbormail.example", "mailpoint.example"])
    return f"{user}@{host}"


def fake_address(rng: random.Random) -> str:
    street = rng.choice(["Maple Avenue", "Harbor Road", "Elm Street", "Linden Court", "Quarry Lane"])
    return f"{rng.randint(12, 980)} {street}, {rng.choice(CITIES)}"


PII_FIN_STORY = [
    "Under card network rules, you usually have about sixty days to dispute a charge on your statement.",
    "The bank said the investigation could take up to two billing cycles, which seems far too long.",
    "I have been a customer for [nine|twelve|fifteen] years and never had a problem until this month.",
    "The charge was for a subscription I cancelled in writing back in {month}.",
    "A provisional credit appeared on my account after a week, but then it disappeared again.",
    "If anyone has dealt with their dispute team before, I would really appreciate some advice.",
    "I have kept copies of every letter and the reference numbers for each phone call.",
    "My next step is to file a complaint with the consumer finance regulator.",
    "The branch manager was polite but said the decision sits with a central team.",
    "I have read that you should always ask for the dispute outcome in writing.",
    "Meanwhile the interest on my balance keeps growing, which does not seem fair.",
    "Several people on this forum said the regulator helped them get a result within a month.",
]
PII_GEN_STORY = [
    "Our club meets every second {weekday} in the back room of the community hall.",
    "New members are always welcome, and no experience is needed to join us.",
    "Please let the organizers know if you cannot make it so we can plan the refreshments.",
    "The annual subscription covers hall hire, tea and the summer outing.",
    "We are also looking for volunteers to help with the autumn open day.",
    "Lifts can be arranged for members who do not drive.",
    "Last month we welcomed a speaker from the county wildlife trust, who talked about hedgehogs.",
    "The committee would like to thank everyone who baked for the spring fair.",
    "Our next outing is a guided walk around the old canal, followed by lunch at the pub.",
    "Please remember to return borrowed books to the shelf in the hall before the end of term.",
]

SPAM_KEYWORDS = {
    "finance": [
        [
            "cheap loans",
            "best loans",
            "fast loans",
            "payday loans",
            "loans online",
            "instant approval",
            "bad credit loans",
            "low interest loans",
        ],
        [
            "forex signals",
            "forex profit",
            "free forex",
            "forex robot",
            "forex trading secrets",
            "forex system",
        ],
        [
            "credit repair",
            "fix credit fast",
            "credit score boost",
            "credit repair online",
            "remove bad credit",
        ],
        [
            "crypto profit",
            "bitcoin doubler",
            "free bitcoin",
            "crypto signals",
            "guaranteed returns",
            "double your money",
        ],
    ],
    "general": [
        [
            "cheap flights",
            "cheap hotels",
            "last minute deals",
            "cheap holidays",
            "flight deals",
            "hotel deals",
        ],
        ["weight loss pills", "lose weight fast", "diet pills", "fat burner", "weight loss secret"],
        ["free ringtones", "free downloads", "free games", "download free", "free music"],
    ],
}


# ---------------------------------------------------------------------------
# Page assembly
# ---------------------------------------------------------------------------

SYNONYMS = {
    "said": "noted",
    "rose": "climbed",
    "fell": "dropped",
    "company": "firm",
    "expects": "anticipates",
    "expected": "anticipated",
    "strong": "robust",
    "about": "roughly",
    "also": "additionally",
    "analysts": "experts",
    "large": "big",
    "small": "modest",
    "recent": "latest",
    "many": "numerous",
    "often": "frequently",
    "important": "key",
    "results": "figures",
    "growth": "expansion",
    "customers": "clients",
    "weak": "soft",
    "reported": "posted",
    "increased": "grew",
    "higher": "greater",
    "quickly": "rapidly",
    "begin": "start",
    "help": "assist",
    "show": "indicate",
    "near": "close to",
    "enjoy": "like",
    "beautiful": "lovely",
    "visitors": "tourists",
    "match": "game",
    "simple": "easy",
    "delicious": "tasty",
    "little": "bit of",
    "good": "decent",
    "great": "excellent",
    "best": "finest",
    "usually": "generally",
    "around": "roughly",
    "people": "folks",
    "plans": "intends",
    "told": "informed",
    "shares": "stock",
    "quarter": "period",
    "during": "throughout",
    "between": "among",
    "before": "prior to",
}
SYNDICATION_LINES = [
    "This article first appeared on a partner site and is republished with permission.",
    "This story has been updated with additional details.",
    "Reporting by our staff, editing by the weekend desk.",
]


def headline(topic: str, rng: random.Random) -> str:
    if topic == "investor_faq":
        return expand(rng.choice(INVESTOR_FAQ["titles"]), {"site_short": "Our", "yr": "2024"}, rng)
    ctx, _ = CTX_BUILDERS[topic](rng, set())
    return expand(rng.choice(ALL_TOPICS[topic]["titles"]), ctx, rng)


SECTION_SLUGS = {
    "earnings": "companies",
    "market_wrap": "markets",
    "mna": "deals",
    "central_bank": "economy",
    "bond_wrap": "bonds",
    "travel": "travel",
    "sports": "sport",
    "local_news": "local",
}


def page_url(site: dict, page: dict, rng: random.Random) -> str:
    slug = slugify(page["title"])
    d = page["date"]
    dom = site["domain"]
    template = site["template"]
    if template == "ir" or dom is None:
        co = slugify(page["ctx"].get("co", "company")).replace("-", "")
        return f"https://investors.{co}.example/news-releases/{d:%Y}/{slug}"
    if template == "news":
        section = SECTION_SLUGS.get(page.get("topic"), "news")
        return f"https://{dom}/{section}/{d:%Y/%m/%d}/{slug}"
    if template == "blog":
        return f"https://{dom}/{d:%Y/%m}/{slug}/"
    if template == "portal":
        return f"http://{dom}/news/{d:%Y%m%d}-{rng.randint(1000, 9999)}.html"
    if template == "sheet":
        return f"https://{dom}/documents/{slug}.html"
    if template == "faq":
        return f"https://{dom}/help/{slug}"
    return f"https://{dom}/t/{slug}/{rng.randint(1000, 99999)}"


def dress(page: dict, site: dict, rng: random.Random, nav: list, lang: str = "en") -> dict:
    """Add the per-page chrome: date, author, navigation, related links."""
    date = datetime(2023, 1, 2) + timedelta(days=rng.randint(0, 520))
    page.update(
        date=date,
        date_text=f"{MONTHS[date.month - 1]} {date.day}, {date.year}",
        year=str(date.year),
        author=person(rng),
        nav=nav,
        lang=lang,
    )
    page.setdefault("related", site.get("related", []))
    page.setdefault("ctx", {})
    return page


def add_facts(page: dict) -> None:
    """Key-facts table for fact sheets and research notes."""
    ctx = page["ctx"]
    if page["topic"] == "fund_sheet":
        page["facts"] = [
            ("Fund", ctx["fund"]),
            ("Benchmark", ctx["benchmark"]),
            ("Portfolio manager", ctx["pm"]),
            ("Share class", "Institutional"),
        ]
    elif page["topic"] == "analyst_note":
        page["facts"] = [
            ("Company", f"{ctx['co']} ({ctx['tk']})"),
            ("Rating", ctx["rating"].capitalize()),
            ("Price target", ctx["pt"]),
            ("Analyst", ctx["analyst"]),
        ]


def paragraphs_of(page: dict) -> list:
    return [p for _, ps in page["sections"] for p in ps]


class Crawl:
    """Collects the records of one WARC file and its manifest rows."""

    def __init__(self, warc_name: str, domain: str, rng: random.Random, sites: list, nav: list):
        self.warc_name = warc_name
        self.domain = domain
        self.rng = rng
        self.sites = sites
        self.nav = nav
        self.records: list = []
        self.urls: set = set()
        self.used: set = set()
        self.good: list = []
        for site in sites:
            site["related"] = [headline(rng.choice(site["topics"]), rng) for _ in range(5)]

    def unique(self, url: str) -> str:
        base, n = url, 2
        while url in self.urls:
            stem, ext = (
                (base[:-5], ".html")
                if base.endswith(".html")
                else (base.rstrip("/"), base[len(base.rstrip("/")) :])
            )
            url = f"{stem}-{n}{ext}"
            n += 1
        self.urls.add(url)
        return url

    def add(
        self,
        url,
        body,
        kind,
        *,
        domain=None,
        lang="en",
        duplicate_of=None,
        status="200 OK",
        content_type="text/html; charset=utf-8",
        payload_type="text/html",
        extra_headers=(),
    ):
        rec = {
            "url": self.unique(url),
            "body": body,
            "kind": kind,
            "domain": domain or self.domain,
            "lang": lang,
            "duplicate_of": duplicate_of,
            "status": status,
            "content_type": content_type,
            "payload_type": payload_type,
            "extra_headers": list(extra_headers),
        }
        self.records.append(rec)
        return rec

    # -- good pages ------------------------------------------------------

    def article(self, site: dict, topic: str, target: int | None = None) -> dict:
        rng = self.rng
        if topic == "investor_faq":
            page = compose_faq(rng, self.used, site["name"].split()[0])
        else:
            page = compose_article(topic, rng, self.used, target)
        dress(page, site, rng, self.nav)
        if site["template"] == "sheet":
            add_facts(page)
        return page

    def add_good(self, kind: str = "good", sites=None, domain=None) -> dict:
        site = self.rng.choice(sites or self.sites)
        page = self.article(site, self.rng.choice(site["topics"]))
        body = TEMPLATES[site["template"]](page, site).encode("utf-8")
        rec = self.add(page_url(site, page, self.rng), body, kind, domain=domain)
        if kind == "good":
            self.good.append((rec, page, site))
        return rec

    # -- bad pages -------------------------------------------------------

    def add_boilerplate(self) -> None:
        rng = self.rng
        site = rng.choice([s for s in self.sites if s["template"] != "ir"])
        variant = rng.choice(["index", "login", "not_found", "archive", "cookie_wall", "index"])
        heads = [headline(rng.choice(site["topics"]), rng) for _ in range(rng.randint(8, 16))]
        if variant == "index":
            title = rng.choice(site["topics"]).replace("_", " ").title()
            sections = [(h, ["Read more"]) for h in heads]
            sections.append((None, [f"Page {rng.randint(2, 9)} of {rng.randint(10, 40)}"]))
        elif variant == "login":
            title = "Sign in"
            sections = [
                (None, ["Sign in to your account"]),
                ("Email address", []),
                ("Password", []),
                (
                    None,
                    [
                        "Remember me",
                        "Forgot your password?",
                        "Create a free account",
                        "Subscribe for full access",
                    ],
                ),
            ]
        elif variant == "not_found":
            title = "Page not found"
            sections = [
                (None, ["Error 404", "Sorry, we could not find that page.", "Return to the homepage"])
            ]
        elif variant == "archive":
            title = f"Archive for {rng.choice(MONTHS)} {rng.choice([2023, 2024])}"
            sections = [(None, [f"{rng.choice(MONTHS)} {rng.randint(1, 28)} | {h}" for h in heads])]
        else:
            title = "Before you continue"
            sections = [
                (
                    None,
                    [
                        "We value your privacy",
                        "Accept all",
                        "Reject all",
                        "Manage preferences",
                        "List of partners",
                    ],
                )
            ]
        page = dress({"title": title, "sections": sections, "topic": "boilerplate"}, site, rng, self.nav)
        url = f"https://{site['domain'] or 'investors.example'}/{slugify(title)}/{rng.randint(2, 60)}"
        self.add(url, TEMPLATES[site["template"]](page, site).encode("utf-8"), "boilerplate")

    def add_spam(self) -> None:
        rng = self.rng
        kws = rng.choice(SPAM_KEYWORDS[self.domain])
        paras = []
        for _ in range(rng.randint(3, 6)):
            paras.append(" ".join(rng.choice(kws) for _ in range(rng.randint(20, 60))))
            kw = rng.choice(kws)
            paras.append(f"{kw.title()} now! Best {kw} online! Click here for {kw} today!")
        title = " | ".join(k.title() for k in rng.sample(kws, 4))
        dom = f"{slugify(kws[0])}-{rng.choice(['online', 'now', '4u', 'direct'])}.example"
        site = {
            "name": title.split(" | ")[0],
            "domain": dom,
            "template": rng.choice(["blog", "portal"]),
            "tagline": " ".join(kws),
        }
        page = dress({"title": title, "sections": [(None, paras)], "topic": "spam"}, site, rng, kws[:5])
        self.add(
            f"http://{dom}/{slugify(kws[1])}.html", TEMPLATES[site["template"]](page, site).encode(), "spam"
        )

    def forum_thread(self, toxic: bool) -> dict:
        """A forum thread; toxic threads mix insults into otherwise on-topic posts."""
        rng = self.rng
        if self.domain == "finance":
            ctx = company_ctx(rng, self.used)
            titles = [
                "Is {tk} a buy after the {q} numbers?",
                "{co} dividend: safe or not?",
                "{co} earnings thread",
                "Anyone still holding {tk}?",
            ]
            # on-topic posts: forum chatter plus the analysis people paste into threads
            neutral = FORUM_FIN + EARNINGS["pools"]["reaction"] + ANALYST_NOTE["pools"]["thesis"]
            neutral = neutral + ANALYST_NOTE["pools"]["valuation"] + MACRO
            nasty = TOXIC_FIN
        else:
            ctx = ctx_sports(rng, self.used)[0]
            titles = [
                "Match day thread: {home} vs {away}",
                "Best bakery in town?",
                "New bus timetable, thoughts?",
                "What are you growing this year?",
            ]
            neutral, nasty = FORUM_GEN, TOXIC_GEN
        title = expand(rng.choice(titles), ctx, rng)
        listed = [x for x in nasty if INSULT_RE.search(x)]
        comp = Composer({"n": neutral, "t": nasty, "x": listed}, ctx, rng)
        parts = [
            "early in the morning",
            "in the morning",
            "around lunchtime",
            "in the afternoon",
            "in the evening",
        ]
        slot = rng.randrange(4)
        bodies = []
        for i in range(rng.randint(8, 12)):
            sents = comp.sentences(["n"], rng.randint(1, 3))
            if toxic and (i == 0 or rng.random() < 0.5):
                sents.insert(rng.randint(0, len(sents)), comp.sentence(["t"]) or "")
            bodies.append([x for x in sents if x])
        if toxic:
            # enough insults that word lists know (idiot, moron, loser) for a word-list
            # toxicity score above one percent, counting the post headers too
            while True:
                text = " ".join(" ".join(b) for b in bodies)
                extra = comp.sentence(["x"])
                if len(INSULT_RE.findall(text)) / len(text.split()) >= 0.016 or extra is None:
                    break
                bodies[rng.randrange(len(bodies))].append(extra)
        posts = []
        for i, body in enumerate(bodies):
            slot += rng.randint(1, 3)
            stamp = f"{WEEKDAYS[(slot // len(parts)) % 5]} {parts[slot % len(parts)]}"
            verb = "started the thread" if i == 0 else "replied"
            posts.append((f"{rng.choice(USERNAMES)} {verb} on {stamp}", "", [" ".join(body)]))
        return {"title": title, "posts": posts, "sections": [], "topic": "forum", "ctx": ctx}

    def add_toxic(self) -> None:
        site = FIN_FORUM if self.domain == "finance" else GEN_FORUM
        page = dress(self.forum_thread(toxic=True), site, self.rng, self.nav)
        self.add(page_url(site, page, self.rng), tpl_forum(page, site).encode(), "toxic")

    def add_pii(self) -> None:
        if self.rng.random() < 0.5:
            self.add_pii_contacts()
            return
        rng = self.rng
        name, name2 = person(rng), person(rng)
        slots = {
            "name": name,
            "name2": name2,
            "email": fake_email(rng, name),
            "email2": fake_email(rng, name2),
            "phone": fake_phone(rng),
            "cc": fake_card(rng),
            "ssn": fake_ssn(rng),
            "iban": fake_iban(rng),
            "ip": fake_ip(rng),
            "ip_private": fake_ip(rng, public=False),
            "address": fake_address(rng),
        }
        if self.domain == "finance":
            story = PII_FIN_STORY
            pii = [
                "My name is {name} and you can reach me at {email} or on {phone}.",
                "The card they charged twice is {cc}, and it does not expire until next year.",
                "They asked me to confirm my social security number, {ssn}, three separate times.",
                "Please send the refund to my account, IBAN {iban}, as I already told the branch.",
                "Their fraud team said the login came from IP address {ip}, which is nowhere near where I "
                "live.",
                "My home router shows {ip_private}, so that login was definitely not me.",
                "Letters should go to {address}, not to my old address.",
                "My partner {name2} can also be contacted at {email2} if I am travelling.",
            ]
            title = rng.choice(
                [
                    "Bank charged my card twice and will not refund it",
                    "Help with a disputed card payment",
                    "Fraudulent login on my brokerage account",
                ]
            )
        else:
            story = PII_GEN_STORY
            pii = [
                "For bookings, contact our secretary {name} at {email} or call {phone}.",
                "{name2} looks after the garden rota and can be reached at {email2}.",
                "Subscriptions can be paid by transfer to IBAN {iban}, using your surname as the reference.",
                "Someone found a wallet after the last meeting with a card numbered {cc} and a social "
                "security card showing {ssn}.",
                "The hall camera is online at {ip} if the caretaker needs to check who is at the door.",
                "The old club router at {ip_private} has now been replaced.",
                "Post for the club should be sent to {address}.",
            ]
            title = rng.choice(
                ["Club contacts and news", "Members noticeboard", "Lost property and contacts"]
            )
        ctx = {"weekday": rng.choice(WEEKDAYS), "month": rng.choice(MONTHS)}
        story_s = [expand(s, ctx, rng) for s in rng.sample(story, rng.randint(8, 10))]
        pii_s = [expand(s, slots, rng) for s in pii]
        rng.shuffle(pii_s)
        paras = [
            " ".join(story_s[:3]),
            " ".join(pii_s[:4]),
            " ".join(story_s[3:6]),
            " ".join(pii_s[4:]),
            " ".join(story_s[6:]),
        ]
        site = rng.choice([s for s in self.sites if s["template"] in ("blog", "news", "faq")])
        page = dress({"title": title, "sections": [(None, paras)], "topic": "pii"}, site, rng, self.nav)
        self.add(page_url(site, page, rng), TEMPLATES[site["template"]](page, site).encode(), "pii")

    def add_pii_contacts(self) -> None:
        """An article (company news, local news, club news) whose contact block carries personal data."""
        rng = self.rng
        media, ir = person(rng), person(rng)
        if self.domain == "finance":
            site = rng.choice([x for x in self.sites if {"press_release", "earnings"} & set(x["topics"])])
            page = self.article(site, rng.choice(["press_release", "earnings"]), target=rng.randint(600, 900))
            lines = [
                f"Media contact: {media}, {fake_email(rng, media)}, {fake_phone(rng)}.",
                f"Investor relations: {ir}, {fake_email(rng, ir)}, {fake_phone(rng)}.",
                "Shareholders who take their dividends in euros can have them paid by bank transfer; "
                f"the plan administrator's account is IBAN {fake_iban(rng)}.",
                f"The shareholder portal is served from {fake_ip(rng)}, and staff will never ask for a "
                f"password.",
            ]
            heads = ("Contacts", "Shareholder services")
        else:
            site = rng.choice([x for x in self.sites if {"local_news", "hobby"} & set(x["topics"])])
            page = self.article(site, site["topics"][0], target=rng.randint(400, 700))
            lines = [
                f"For more information, contact {media} at {fake_email(rng, media)} or on {fake_phone(rng)}.",
                f"Volunteers can also speak to {ir} on {fake_phone(rng)} or write to {fake_email(rng, ir)}.",
                f"Donations can be made by bank transfer to IBAN {fake_iban(rng)}, reference SUMMER.",
                f"A purse handed in last week held a card numbered {fake_card(rng)}; the owner can "
                "collect it from the office.",
            ]
            heads = ("Contact", "Notices")
        page["sections"] = page["sections"] + [
            (heads[0], [" ".join(lines[:2])]),
            (heads[1], [" ".join(lines[2:])]),
        ]
        body = TEMPLATES[site["template"]](page, site).encode("utf-8")
        self.add(page_url(site, page, rng), body, "pii")

    def add_foreign(self, lang: str) -> None:
        rng = self.rng
        spec = FOREIGN[lang]
        fin = self.domain == "finance"
        site = dict(spec["site_fin" if fin else "site_gen"], topics=[])
        ctx = {
            "co": make_company(rng, self.used)["co"],
            "q": rng.choice(spec["q"]),
            "dec": lambda r: f"{r.uniform(1, 9):.2f}".replace(".", ","),  # decimal comma
        }
        comp = Composer({"s": spec["fin" if fin else "gen"]}, ctx, rng)
        paras = [p for p in (comp.paragraph(["s"], rng.randint(3, 5)) for _ in range(rng.randint(3, 4))) if p]
        title = expand(rng.choice(spec["titles_fin" if fin else "titles_gen"]), ctx, rng)
        page = dress(
            {"title": title, "sections": [(None, paras)], "topic": "foreign", "related": []},
            site,
            rng,
            spec["nav_fin" if fin else "nav_gen"],
            lang,
        )
        self.add(
            page_url(site, page, rng),
            TEMPLATES[site["template"]](page, site).encode(),
            "non_english",
            lang=lang,
        )

    def add_near_duplicate(self) -> None:
        rng = self.rng
        rec, page, site = rng.choice(self.good)
        new = dict(page, sections=near_duplicate_sections(page["sections"], rng, rng.uniform(0.05, 0.10)))
        if rng.random() < 0.5:
            same = [s for s in self.sites if s["template"] != site["template"] and s["template"] != "ir"]
            site = rng.choice(same)
        new = dress(new, site, rng, self.nav)
        new["related"] = site["related"]
        if site["template"] == "sheet":
            add_facts(new)
        body = TEMPLATES[site["template"]](new, site).encode()
        self.add(page_url(site, new, rng), body, "near_duplicate", duplicate_of=rec["url"])

    def add_exact_duplicate(self) -> None:
        rng = self.rng
        rec, _, _ = rng.choice(self.good)
        url = rec["url"]
        variant = rng.randrange(3)
        if variant == 0:
            url = f"{url}?utm_source=newsletter&utm_medium=email"
        elif variant == 1:
            url = url.replace("https://", "http://", 1) if url.startswith("https://") else url + "?print=1"
        else:
            url = f"{url}?ref=homepage"
        self.add(url, rec["body"], "exact_duplicate", domain=rec["domain"], duplicate_of=rec["url"])

    def add_off_domain(self) -> None:
        self.add_good(kind="off_domain", sites=GEN_SITES, domain="general")

    def add_non_html(self, which: str) -> None:
        rng = self.rng
        dom = rng.choice([s["domain"] for s in self.sites if s["domain"]])
        if which == "pdf":
            body = make_pdf(headline(rng.choice(self.sites[0]["topics"]), rng))
            self.add(
                f"https://{dom}/files/report-{rng.randint(100, 999)}.pdf",
                body,
                "non_html",
                content_type="application/pdf",
                payload_type="application/pdf",
            )
        else:
            # no WARC-Identified-Payload-Type: readers have to sniff the bytes
            self.add(
                f"https://{dom}/images/chart-{rng.randint(100, 999)}.png",
                make_png(rng),
                "non_html",
                content_type="image/png",
                payload_type=None,
            )

    def add_bad_charset(self) -> None:
        rng = self.rng
        site = dict(rng.choice(self.sites), template="portal")
        site["domain"] = site["domain"] or "www.euro-desk.example"
        topic = "earnings" if self.domain == "finance" else "travel"
        page = self.article(site, topic)
        extra = EURO_LINES[self.domain]
        ctx = {"dec": lambda r: f"{r.uniform(4, 9):.0f}", "int": lambda r: str(r.randint(18, 40))}
        if self.domain == "finance":
            ctx["int"] = lambda r: str(r.randint(200, 900))
        sections = list(page["sections"])
        sections.append((None, [" ".join(expand(s, ctx, rng) for s in extra)]))
        page["sections"] = sections
        page["meta_charset"] = False
        body = tpl_portal(page, site).encode("cp1252")
        self.add(page_url(site, page, rng), body, "bad_charset", content_type="text/html")

    def add_empty(self, redirect: bool = False) -> None:
        rng = self.rng
        site = rng.choice([s for s in self.sites if s["domain"]])
        section = rng.choice(["latest", "amp", "feed", "go"])
        url = f"https://{site['domain']}/{section}/{rng.randint(1000, 9999)}"
        if redirect:
            self.add(
                url,
                b"",
                "empty",
                status="301 Moved Permanently",
                extra_headers=[("Location", f"https://{site['domain']}/")],
            )
        else:
            self.add(url, b"", "empty")


EURO_LINES = {
    "finance": [
        "The group also placed a €{int} million bond with investors in Frankfurt and Zürich.",
        "Crédit Valmont, the French lender, acted as lead manager on the euro tranche.",
        "Analyst Renée Köhler said the euro-area business remained “resilient” despite weaker demand.",
        "Sales in the euro zone reached €{dec} billion — helped by strong orders from Málaga and Düsseldorf.",
    ],
    "general": [
        "Our favourite café in Zürich served an “apple strudel” that was worth every cent.",
        "The owner, Renée Köhler, told us the recipe came from her grandmother’s notebook.",
        "Breakfast cost €{dec} — with coffee, bread and jam — and dinner was about €{int}.",
        "We paid very little for a room with a view of the lake, which felt like a bargain.",
    ],
}


def near_duplicate_sections(sections, rng: random.Random, target: float):
    """Lightly edit a page until about ``target`` of its words differ from the original.

    Edits mimic syndicated or updated copies: changed figures, a dropped sentence, an
    added note, a few synonym swaps. Figures and whole sentences dominate, so the copy
    stays close in word 5-gram space (what MinHash deduplication looks at).
    """
    paras = [p for _, ps in sections for p in ps]
    orig = " ".join(paras).split()
    words = [p.split(" ") for p in paras]
    notes = list(SYNDICATION_LINES)
    rng.shuffle(notes)

    def changed() -> float:
        now = " ".join(" ".join(w) for w in words).split()
        sm = difflib.SequenceMatcher(None, orig, now, autojunk=False)
        return 1 - sum(b.size for b in sm.get_matching_blocks()) / len(orig)

    for _ in range(200):
        if changed() >= target:
            break
        pi = rng.randrange(len(words))
        op = rng.random()
        if op < 0.35:
            idx = [i for i, w in enumerate(words[pi]) if re.search(r"\d", w)]
            if idx:
                i = rng.choice(idx)
                words[pi][i] = re.sub(
                    r"\d", lambda m: str((int(m.group()) + rng.randint(1, 8)) % 10), words[pi][i]
                )
        elif op < 0.5:
            idx = [i for i, w in enumerate(words[pi]) if w.lower().strip(".,") in SYNONYMS]
            if idx:
                i = rng.choice(idx)
                core = words[pi][i].strip(".,")
                rep = SYNONYMS[core.lower()]
                words[pi][i] = words[pi][i].replace(core, rep.capitalize() if core[:1].isupper() else rep)
        elif op < 0.9:
            sents = re.split(r"(?<=[.!?]) ", " ".join(words[pi]))
            if len(sents) >= 3:
                del sents[rng.randrange(len(sents))]
                words[pi] = " ".join(sents).split(" ")
        elif notes:
            words[pi] = words[pi] + notes.pop().split(" ")
    it = iter(" ".join(w) for w in words)
    return [(h, [next(it) for _ in ps]) for h, ps in sections]


# ---------------------------------------------------------------------------
# Non-HTML payloads
# ---------------------------------------------------------------------------


def make_pdf(title: str) -> bytes:
    """A minimal but valid one-page PDF."""
    safe = re.sub(r"[()\\]", "", title)[:80]
    stream = f"BT /F1 14 Tf 72 720 Td ({safe}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 "
        b"0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_png(rng: random.Random, size: int = 32) -> bytes:
    """A small RGB gradient image, as a valid PNG."""
    r0, g0, b0 = rng.randrange(256), rng.randrange(256), rng.randrange(256)
    rows = b"".join(
        b"\x00" + bytes(v for x in range(size) for v in ((r0 + 4 * x) % 256, (g0 + 4 * y) % 256, b0))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------------------
# Crawl plans, WARC writing, seeds, manifest
# ---------------------------------------------------------------------------

FINANCE_PLAN = {
    "good": 130,
    "boilerplate": 14,
    "near_duplicate": 12,
    "exact_duplicate": 8,
    "non_english": 12,
    "toxic": 8,
    "pii": 10,
    "spam": 8,
    "off_domain": 12,
    "non_html": 2,
    "bad_charset": 2,
    "empty": 2,
}
GENERAL_PLAN = {
    "good": 109,
    "boilerplate": 8,
    "near_duplicate": 6,
    "exact_duplicate": 5,
    "non_english": 6,
    "toxic": 4,
    "pii": 5,
    "spam": 4,
    "non_html": 1,
    "bad_charset": 1,
    "empty": 1,
}


def build_crawl(warc_name: str, domain: str, plan: dict) -> Crawl:
    rng = random.Random(f"{SEED}-{domain}-crawl")
    sites = [dict(s) for s in (FIN_SITES if domain == "finance" else GEN_SITES)]
    crawl = Crawl(warc_name, domain, rng, sites, FIN_NAV if domain == "finance" else GEN_NAV)
    for _ in range(plan["good"]):
        crawl.add_good()
    for _ in range(plan["boilerplate"]):
        crawl.add_boilerplate()
    for _ in range(plan["spam"]):
        crawl.add_spam()
    for _ in range(plan["toxic"]):
        crawl.add_toxic()
    for _ in range(plan["pii"]):
        crawl.add_pii()
    for i in range(plan["non_english"]):
        crawl.add_foreign(["de", "fr", "es"][i % 3])
    for _ in range(plan.get("off_domain", 0)):
        crawl.add_off_domain()
    for _ in range(plan["near_duplicate"]):
        crawl.add_near_duplicate()
    for _ in range(plan["exact_duplicate"]):
        crawl.add_exact_duplicate()
    for i in range(plan["non_html"]):
        crawl.add_non_html(["pdf", "png"][i % 2])
    for _ in range(plan["bad_charset"]):
        crawl.add_bad_charset()
    for i in range(plan["empty"]):
        crawl.add_empty(redirect=i % 2 == 1)
    crawl.records = crawl_order(crawl.records, rng)
    return crawl


def crawl_order(records: list, rng: random.Random) -> list:
    """Shuffle, keeping every duplicate after the page it duplicates."""
    originals = [r for r in records if r["duplicate_of"] is None]
    dups = [r for r in records if r["duplicate_of"] is not None]
    rng.shuffle(originals)
    order = originals
    for dup in dups:
        pos = next(i for i, r in enumerate(order) if r["url"] == dup["duplicate_of"])
        order.insert(rng.randint(pos + 1, len(order)), dup)
    return order


def http_date(when: datetime) -> str:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = [m[:3] for m in MONTHS]
    return f"{days[when.weekday()]}, {when.day:02d} {months[when.month - 1]} {when.year} {when:%H:%M:%S} GMT"


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(UUID_NS, '|'.join(parts))}>"


def write_warc(path: Path, crawl: Crawl, start: datetime) -> list:
    """Write warcinfo + (request, response) pairs; return manifest rows."""
    rows = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.0")
        info = (
            f"software: dapt demo/build_corpus.py\r\nformat: WARC File Format 1.0\r\ndescription: synthetic "
            f"{crawl.domain} crawl generated for the dapt demo\r\nrobots: classic\r\nhttp-header-user-agent: "
            f"{USER_AGENT}\r\n"
        ).encode()
        warcinfo = writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info),
            length=len(info),
            warc_headers_dict={
                "WARC-Record-ID": record_id(crawl.warc_name, "warcinfo"),
                "WARC-Date": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "WARC-Filename": crawl.warc_name,
                "Content-Type": "application/warc-fields",
            },
        )
        writer.write_record(warcinfo)
        for i, rec in enumerate(crawl.records):
            when = start + timedelta(seconds=7 + 53 * i)
            warc_date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            resp_id = record_id(crawl.warc_name, rec["url"], "response")
            req_id = record_id(crawl.warc_name, rec["url"], "request")
            host = rec["url"].split("/")[2]
            path_q = "/" + rec["url"].split("/", 3)[3] if rec["url"].count("/") >= 3 else "/"
            req_headers = StatusAndHeaders(
                f"GET {path_q} HTTP/1.1",
                [("Host", host), ("User-Agent", USER_AGENT), ("Accept", "text/html,*/*;q=0.8")],
                is_http_request=True,
            )
            request = writer.create_warc_record(
                rec["url"],
                "request",
                http_headers=req_headers,
                warc_headers_dict={
                    "WARC-Record-ID": req_id,
                    "WARC-Date": warc_date,
                    "WARC-Concurrent-To": resp_id,
                },
            )
            headers = [
                ("Date", http_date(when)),
                ("Server", ["nginx", "Apache", "cloudfront", "openresty"][i % 4]),
                ("Content-Type", rec["content_type"]),
                ("Content-Length", str(len(rec["body"]))),
            ] + rec["extra_headers"]
            warc_headers = {
                "WARC-Record-ID": resp_id,
                "WARC-Date": warc_date,
                "WARC-IP-Address": f"198.51.100.{(i * 7) % 250 + 1}",
            }
            if rec["payload_type"]:
                warc_headers["WARC-Identified-Payload-Type"] = rec["payload_type"]
            response = writer.create_warc_record(
                rec["url"],
                "response",
                payload=io.BytesIO(rec["body"]),
                length=len(rec["body"]),
                http_headers=StatusAndHeaders(rec["status"], headers, protocol="HTTP/1.1"),
                warc_headers_dict=warc_headers,
            )
            writer.write_record(response)
            writer.write_record(request)
            rows.append(
                {
                    "warc": crawl.warc_name,
                    "url": rec["url"],
                    "warc_record_id": resp_id,
                    "kind": rec["kind"],
                    "domain": rec["domain"],
                    "lang": rec["lang"],
                    "duplicate_of": rec["duplicate_of"],
                }
            )
    return rows


def page_paragraphs(crawls) -> set:
    """Every <p> text in the crawls, so seed lines can avoid them."""
    out = set()
    for crawl in crawls:
        for rec in crawl.records:
            text = rec["body"].decode("utf-8", "replace")
            out.update(html.unescape(m) for m in re.findall(r"<p>(.*?)</p>", text))
    return out


def seed_faq(rng: random.Random) -> str:
    """A finance seed line in help-center style: one or two questions with their answers."""
    parts = []
    for question, answer in rng.sample(INVESTOR_FAQ["qa"], 2):
        parts.append(" ".join([question, *rng.sample(answer, rng.randint(2, 3))]))
        if rng.random() < 0.5:
            break
    return " ".join(parts)


def build_seeds(domain: str, n: int, exclude: set) -> list:
    """Classifier seed lines from a separate RNG stream (never a WARC paragraph)."""
    rng = random.Random(f"{SEED}-{domain}-seeds")
    topics = sorted(FINANCE_TOPICS) + ["investor_faq"] if domain == "finance" else sorted(GENERAL_TOPICS)
    used: set = set()
    lines, seen = [], set()
    while len(lines) < n:
        topic = topics[len(lines) % len(topics)]
        line = seed_faq(rng) if topic == "investor_faq" else seed_paragraph(topic, rng, used)
        if 40 <= len(line.split()) <= 120 and line not in seen and line not in exclude:
            seen.add(line)
            lines.append(line)
        if len(used) > 300:
            used.clear()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "corpus")
    args = parser.parse_args()
    out: Path = args.out
    (out / "seeds").mkdir(parents=True, exist_ok=True)

    manifest, crawls = [], []
    for warc_name, domain, plan, day in (
        ("finance.warc.gz", "finance", FINANCE_PLAN, 0),
        ("general.warc.gz", "general", GENERAL_PLAN, 1),
    ):
        crawl = build_crawl(warc_name, domain, plan)
        manifest += write_warc(out / warc_name, crawl, CRAWL_START + timedelta(days=day))
        crawls.append(crawl)

    exclude = page_paragraphs(crawls)
    for domain in ("finance", "general"):
        lines = build_seeds(domain, 320, exclude)
        (out / "seeds" / f"{domain}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

    with open(out / "manifest.jsonl", "w", encoding="utf-8") as fh:
        for row in manifest:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    for warc in ("finance.warc.gz", "general.warc.gz"):
        counts = Counter(r["kind"] for r in manifest if r["warc"] == warc)
        size = (out / warc).stat().st_size
        print(f"{warc}: {sum(counts.values())} responses, {size / 1024:.0f} KiB, " + json.dumps(dict(counts)))
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"total size of {out}: {total / 1024:.0f} KiB")


if __name__ == "__main__":
    main()

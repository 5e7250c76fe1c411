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
import html
import io
import json
import math
import random
import re
import struct
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


def _money(value: float) -> str:
    """Format an amount given in millions of dollars."""
    if value >= 1000:
        return f"${value / 1000:.1f} billion"
    return f"${value:.0f} million"


def _num_words(n: int) -> str:
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
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

FIRST_NAMES = (
    "Amelia Daniel Priya Marcus Sofia Nathan Elena Thomas Grace Oliver Hannah Victor Leah Samuel "
    "Irene Julian Maya Robert Clara Anthony Nadia Peter Laura Kenji Fatima Owen Rachel Diego Helen "
    "Isaac Yvonne Martin Chloe Andre Beatrice Colin Esther Felix Gemma Hugo Ingrid Jonah Karen Lucas "
    "Miriam Noah Olivia Paul Rosa Simon Tessa Umar Vera Walter Zara Ravi Mei Tobias Alicia Bernard"
).split()
LAST_NAMES = (
    "Abbott Brennan Castillo Dawson Ellery Fairbanks Galloway Hargrove Iverson Jansen Kowalski "
    "Lindqvist Mercer Nakamura Okafor Pemberton Quinlan Rasmussen Salazar Thornton Underwood Valdez "
    "Whitfield Yamada Zeller Ashford Blackwood Carrington Delacroix Everett Fenwick Goodwin Holloway "
    "Ingram Kessler Lockhart Maddox Norwood Osborne Prescott Radcliffe Sinclair Talbot Vance Winslow "
    "Aldridge Bishop Chandra Desai Moreau Hartley Sato Novak Brandt Keller Rossi Farrow Greaves Hale Lund"
).split()
CITIES = (
    "New York|Chicago|Boston|San Francisco|Dallas|Atlanta|Toronto|London|Frankfurt|Zurich|Singapore|"
    "Sydney|Denver|Seattle|Charlotte|Minneapolis|Houston|Pittsburgh|Columbus|Phoenix|Dublin|Amsterdam|"
    "Stockholm|Tokyo|Hong Kong|Milwaukee|Nashville|Omaha|Baltimore|Cleveland"
).split("|")
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday".split()
FIRMS = (
    "Caldwell Brothers|Pemberton Hale|Ardent Capital Markets|Lockridge and Company|Sterling Vale Partners|"
    "Bayfront Securities|Crestline Research|Hawthorne Wealth|Mosley Grant|Tidewater Advisory|"
    "Blue Heron Securities|Carver Street Research|Harlan Oakes|Summit Ridge Capital|Fairmont Analytics"
).split("|")
COUNTRIES = "Germany|Japan|Canada|Brazil|India|Mexico|France|Australia|South Korea|Italy|Spain|Poland".split("|")
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
}


def slugify(text: str, max_words: int = 8) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:max_words])


# ---------------------------------------------------------------------------
# Finance: companies and sectors
# ---------------------------------------------------------------------------

COMPANY_STEMS = (
    "Brightwater Kestrel Northgate Amberly Corvane Silverpine Redfern Tallis Marrowbank Veyra Quillon "
    "Dunmore Ashcombe Harrowgate Westmarch Larkspur Copperfield Stonebridge Ravenholt Eastwind Glenmoor "
    "Ironvale Maplecrest Oakhurst Pinecliff Sablecrest Thistledown Umberland Whitcombe Yarrowfield "
    "Bellhaven Cindermoor Driftwood Elmstead Fernleigh Hollowell Ivybridge Calloway Brookmere Osterley"
).split()

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
            "Average deposits [were broadly flat|edged higher|slipped] during the quarter, while loan balances "
            "[grew modestly|were little changed|declined slightly].",
            "Its common equity tier one ratio stood at {pct:10.5:14.5}, comfortably above regulatory minimums.",
            "Fee income from [wealth management|investment banking|card services] [improved|rebounded|softened] "
            "as [client activity picked up|deal volumes recovered|market conditions shifted].",
            "Management said credit quality remained [sound|resilient|manageable], although net charge-offs "
            "[ticked up|rose slightly] in the consumer portfolio.",
            "The net interest margin was {pct:2.4:3.6}, [a touch|slightly] {hi_lo} than in the previous quarter.",
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
            "Executives pointed to [growing interest in its artificial intelligence features|longer sales cycles "
            "among smaller customers|improving demand in Europe and Asia].",
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
            "Gross margin benefited from [lower freight costs|fewer clearance sales|a shift toward higher-margin "
            "categories], partly offset by [higher wages|theft and damage|promotional activity].",
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
            "Production averaged about {big:180000:900000} barrels of oil equivalent per day, "
            "[in line with|slightly above|a little below] guidance.",
            "Realized crude prices {up_dn} to {usd:62:94} a barrel, while natural gas prices were "
            "[weaker|firmer] than a year ago.",
            "Refining margins [narrowed|widened] as [new capacity came online in Asia|demand for diesel softened|"
            "summer driving demand picked up].",
            "The producer kept its capital budget unchanged at {bn:2:9} and said it would prioritize "
            "[its lowest-cost basins|debt reduction|returning cash to shareholders].",
            "Free cash flow after dividends was {mn:150:1800}, [most of which|part of which] went toward "
            "share repurchases.",
            "Executives said proved reserves [increased|were stable] after [successful appraisal drilling|"
            "a small acquisition|revisions in its shale acreage].",
            "The company's low-carbon business, which includes [solar projects|hydrogen pilots|carbon capture], "
            "remains small relative to its oil and gas operations.",
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
            "Pricing added about {count:2:5} percentage points to growth, more than offsetting "
            "[higher material costs|wage inflation|freight expenses].",
            "Demand from [commercial aerospace|data center construction|utility customers] remained "
            "[exceptionally strong|robust|healthy], executives said.",
            "The company is spending heavily on [new production lines|automation at its plants|expanding "
            "capacity in Mexico], which it expects to lift margins from next year.",
            "Short-cycle businesses such as [tools and components|replacement parts|light equipment] "
            "[showed early signs of recovery|remained sluggish].",
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
            "Sales of its [best-selling|flagship|largest] [cancer drug|arthritis treatment|diabetes medicine] "
            "{up_dn} {pct:3:28} to {bn:1:6}.",
            "The drugmaker said a late-stage trial of its experimental [heart failure|migraine|obesity] "
            "treatment met its main goal, and it plans to file for approval [this year|early next year].",
            "Research and development spending rose to {bn:0.8:4}, or about {pct:15:26} of revenue.",
            "Patent expirations on [two older medicines|its former blockbuster|several established brands] "
            "will weigh on revenue over the next few years, [management acknowledged|executives conceded].",
            "The company expects [several new product launches|regulatory decisions on three drugs|data from "
            "four large trials] within the next eighteen months.",
            "Pricing pressure in the United States was [modest|more pronounced than expected], partly because "
            "of [rebates to insurers|new government negotiation rules|competition from generics].",
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
            "Data center revenue {up_dn} {pct:10:60} as cloud providers [kept building out capacity|"
            "increased orders for accelerators|expanded their networks].",
            "The {kind} said an inventory correction in [automotive|industrial|smartphone] markets "
            "[was nearing an end|could last another quarter|had been deeper than expected].",
            "Gross margin was {pct:48:68}, helped by [a richer product mix|higher factory utilization|"
            "lower costs for advanced packaging].",
            "Capital expenditures are expected to reach {bn:2:15} this year as the company adds "
            "[wafer capacity|testing equipment|advanced packaging lines].",
            "Demand for chips used in [artificial intelligence servers|electric vehicles|industrial robots] "
            "continues to outstrip supply, executives said.",
            "Export restrictions on certain products [cut revenue by about|could reduce sales by] {mn:100:800} "
            "this year, the company estimated.",
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
            "Net investment income rose to {mn:200:1500} as the {kind} reinvested maturing bonds at "
            "higher yields.",
            "The company released {mn:20:200} of prior-year reserves, a sign that past claims have "
            "developed more favorably than expected.",
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
            "Freight forwarding revenue [fell|rose] as ocean rates [dropped back|jumped] following "
            "[earlier disruption|new capacity|congestion at several ports].",
            "The {kind} said it removed about {count:3:12} percent of capacity from its network to match "
            "demand.",
            "Fuel surcharges contributed {mn:40:400} to revenue, [down from|up from] a year earlier.",
            "Contract logistics grew as more customers [outsourced warehouse operations|expanded same-day "
            "delivery|consolidated their distribution centers].",
            "Management described the freight market as [still soft|bottoming out|gradually recovering], "
            "with spot rates [below|near] contract levels.",
            "The company expects to spend {bn:1:5} this year on [automation at its sorting hubs|new aircraft|"
            "electric delivery vans].",
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
            "hi_lo": "higher",
            "gain_loss": "increase",
            "above_below": "above",
            "beat_miss": "beat",
            "strong_weak": "strong",
            "adv_dec": "advanced",
            "better_worse": "better",
        }
    return {
        "up_dn": "fell",
        "hi_lo": "lower",
        "gain_loss": "decline",
        "above_below": "below",
        "beat_miss": "missed",
        "strong_weak": "weak",
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
    "Investors have spent much of the year weighing [signs of cooling inflation|the prospect of lower interest "
    "rates|uneven economic data] against [stretched valuations|slowing profit growth|geopolitical risks].",
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
    "The dollar [strengthened|weakened] against most major currencies, which [weighs on|flatters] the reported "
    "results of companies with large overseas sales.",
    "Economists at {firm} expect growth to [slow|stabilize|pick up] over the coming quarters as [the effect of "
    "earlier rate increases fades|inventories are rebuilt|real incomes improve].",
    "Bond yields have [climbed|eased] in recent weeks, changing the calculation for investors who compare "
    "stock valuations with the return on safer assets.",
    "Credit conditions remain [tight|stable|somewhat restrictive] for smaller borrowers, even as large "
    "companies continue to issue debt at narrow spreads.",
    "Oil prices [rose|slipped] to about {usd:68:92} a barrel, [adding to|easing] cost pressures for transport "
    "and manufacturing companies.",
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
    "The latest survey of purchasing managers showed factory activity [expanding|contracting] for a "
    "[second|third|fourth] consecutive month.",
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
    "Emerging market assets [rallied|struggled] as [the dollar eased|commodity prices moved|investors reduced "
    "exposure to risk].",
    "Gold [edged higher|slipped] as investors [sought safety|took profits] ahead of key economic data.",
    "The housing market shows [tentative|few] signs of recovery, and mortgage applications have [risen|fallen] "
    "for [two|three] weeks in a row.",
    "Profit margins for the largest listed companies remain close to record levels, although analysts expect "
    "some pressure from [higher interest expense|slower revenue growth|rising labor costs].",
    "Small company shares have [lagged|outperformed] their larger peers, in part because they rely more "
    "heavily on floating-rate debt.",
    "[Investors added about {bn:2:30} to equity funds during the week|Investors pulled about {bn:2:30} from "
    "equity funds during the week], according to fund flow data.",
    "Policymakers have stressed that future decisions will depend on incoming data rather than a preset "
    "course.",
    "Measures of expected volatility [remain subdued|jumped] compared with the levels seen earlier in the year.",
    "Venture capital funding has [recovered|remained scarce], which matters for listed companies that sell to "
    "younger technology firms.",
    "Commercial property values are still adjusting to higher financing costs, [a worry for regional lenders|"
    "which has kept some buyers on the sidelines].",
]

EARNINGS = {
    "titles": [
        "{co} [reports|posts] {hi_lo} {q} [profit|earnings] as {metric} {up_dn}",
        "{co} {q} results: [what investors need to know|the key numbers|five takeaways]",
        "{co} ({tk}) {q} earnings [review|recap]: revenue {up_dn} to {rev}",
        "{co} shares [move|react] after {q} results [beat|miss|surprise] on {metric}",
        "Earnings [report|roundup]: {co} [sees|reports] {strong_weak} {q} [as|while] {seg1} {up_dn}",
    ],
    "sections": [
        (None, ["lede"]),
        (["The numbers", "Quarterly results", "Results in detail", "By the numbers"], ["results", "sector"]),
        (["Segment performance", "Business units", "Where growth came from", "Division results"], ["segment"]),
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
            "The {kind} {co} released its {q} figures after the close on {weekday}, with revenue of {rev} and "
            "net income of {ni}.",
        ],
        "results": [
            "Revenue {up_dn} {g} to {rev} in the {q}, against {rev_prev} in the same period of {yr}.",
            "Adjusted earnings were {eps} a share, compared with {eps_prev} a year earlier and a consensus "
            "estimate of {eps_est}.",
            "Net income was {ni}, versus {ni_prev} in the [prior-year period|same quarter last year].",
            "The results mark the [second|third|fourth] consecutive quarter in which the {kind} has "
            "[delivered numbers|reported figures] {above_below} Wall Street [forecasts|expectations].",
            "Excluding the effect of currency movements, [underlying|organic] revenue growth was "
            "[slightly better|a little weaker] than the headline figure.",
            "On a reported basis, earnings per share were [lower|higher] than the adjusted figure because of "
            "[restructuring charges|a one-time tax benefit|acquisition costs|an impairment on a minority stake].",
            "The company generated operating cash flow of {mn:150:2500} in the quarter, [up|down] from the same "
            "period a year ago.",
            "Analysts [surveyed|polled] by {firm} had expected revenue of roughly {rev_prev} and [modest growth|"
            "a small decline] in profit.",
            "Backed by {strong_weak} demand from {cust}, {metric} {up_dn} for the quarter as a whole.",
        ],
        "segment": [
            "Sales in the {seg1} [division|segment|unit] {up_dn} {pct:2:20}, while {seg2} revenue "
            "[was little changed|rose modestly|slipped slightly].",
            "The {seg3} business, which [accounts for|makes up] about {count:2:4} tenths of revenue, "
            "[grew faster than the group as a whole|lagged the rest of the company].",
            "Management said [demand in|orders for] {seg2} [picked up late in the quarter|softened in the final "
            "weeks|were steady throughout the period].",
            "The {seg1} unit posted an operating margin of {pct:6:32}, [the highest|one of the highest] among its "
            "businesses.",
            "[North America|Europe|Asia Pacific] was the [strongest|weakest] region, with sales {up_dn} "
            "{pct:1:14} on a constant-currency basis.",
            "The company does not break out profit for {seg3}, but executives said the unit was "
            "[profitable|close to breaking even|still losing money].",
            "Growth in {seg2} was [driven by|held back by] [pricing|volumes|new customer wins|the loss of a "
            "large contract], according to the earnings presentation.",
        ],
        "costs": [
            "Operating margin was {om}, compared with {om_prev} in the prior-year quarter.",
            "Selling, general and administrative expenses [rose|fell] {pct:1:9}, [reflecting|as a result of] "
            "[higher salaries|investment in marketing|savings from a restructuring program].",
            "The {kind} said its cost savings program is on track to deliver {mn:100:900} of annual savings by "
            "the end of next year.",
            "Higher [interest expense|depreciation|raw material costs] [took|shaved] about {count:2:9} cents a "
            "share off earnings, the chief financial officer estimated.",
            "EBITDA [rose|fell] to {mn:200:4000}, giving an EBITDA margin of {pct:12:38}.",
            "The effective tax rate was {pct:14:26}, [slightly above|slightly below|in line with] the company's "
            "own forecast.",
            "Management said wage inflation has [moderated|stayed elevated] and that [freight|energy|component] "
            "costs are [falling|stable|still rising].",
        ],
        "outlook": [
            "For the full year, {co} now expects revenue of between {glo} and {ghi}.",
            "The company [raised|maintained|narrowed] its guidance for full-year adjusted earnings per share, "
            "citing [steady demand|cost savings|a stronger order book|a more cautious view of the economy].",
            "Executives said they expect {metric} to [improve|stabilize|remain under pressure] in the "
            "[next quarter|second half|coming months].",
            "The guidance assumes [no recession|a mild slowdown|stable interest rates] and current exchange "
            "rates, the company said.",
            "{cfo_l}, the chief financial officer, told analysts that the forecast includes [a cautious|a "
            "conservative|a realistic] view of demand from {cust}.",
            "Capital spending is expected to be about {bn:0.4:4} this year, [roughly flat|a little higher|"
            "somewhat lower] compared with last year.",
            "The company did not provide a forecast for next year but said it would [update investors|share "
            "more details] at an investor day in {month}.",
        ],
        "quotes": [
            "\"We delivered a [solid|disciplined|challenging] quarter and continued to invest in the areas that "
            "matter most to our customers,\" chief executive {ceo} said in a statement.",
            "\"Demand from {cust} remained {strong_weak}, and our teams executed well on pricing and cost "
            "control,\" {ceo_l} said.",
            "On a call with analysts, {ceo_l} said the company was [encouraged|not satisfied] by the trend in "
            "{metric} and would [keep investing|stay disciplined] regardless of the economic cycle.",
            "\"Our balance sheet gives us the flexibility to [pursue acquisitions|return more cash to "
            "shareholders|keep investing through the cycle],\" said {cfo}, the chief financial officer.",
            "Asked about competition from {rival}, {ceo_l} said the company was [winning share|holding its "
            "ground|seeing more aggressive pricing] in several markets.",
            "Executives declined to comment on [market speculation about a possible sale of the {seg3} unit|"
            "reports of talks with an activist investor|the timing of future price increases].",
            "{ceo_l} told analysts that the company would remain [careful|patient|selective] about hiring until "
            "demand trends become clearer.",
        ],
        "capital": [
            "The board declared a quarterly dividend of {div} a share, [unchanged from the previous quarter|an "
            "increase of several cents|in line with its policy].",
            "{co} bought back about {mn:100:1500} of its own shares during the quarter and has {bb} remaining "
            "under its current authorization.",
            "Net debt [fell|rose] to {bn:0.5:12}, or about {dec:0.8:3.2} times EBITDA, [within|slightly above] "
            "the company's target range.",
            "The company ended the quarter with {bn:0.5:8} in cash and short-term investments.",
            "Management reiterated its plan to return [at least half|most] of its free cash flow to "
            "shareholders through dividends and buybacks.",
            "The {kind} said it would prioritize [paying down debt|bolt-on acquisitions|investment in new "
            "capacity] before increasing buybacks.",
        ],
        "reaction": [
            "Shares of {co} {adv_dec} {move} in [extended trading|after-hours trading|early trading] following "
            "the report.",
            "The stock has [gained|lost] {pct:3:35} so far this year, [outperforming|trailing] the broader "
            "market.",
            "{analyst}, an analyst at {broker}, said the [quarter|report] was [better than feared|cleaner than "
            "expected|a little disappointing] and kept a price target of {pt}.",
            "Options markets had priced in a move of about {pct:3:9} in either direction after the results.",
            "Several analysts [raised|cut] their price targets after the report, although most kept their "
            "ratings unchanged.",
            "At the latest price, {co} trades at about {pe} expected earnings, [a premium|a discount] to its "
            "closest peers.",
        ],
        "macro": MACRO,
    },
}

"""Articles from the topics: a context builder per topic (the company, figures and names a page is
about) and the composer that draws its title and sections of paragraphs.
"""

from __future__ import annotations

import random
import re

from prose_engine import TOWNS, WEEKDAYS, Deck, expand, format_money, person
from prose_finance import (
    ANALYST_NOTE,
    BOND_WRAP,
    CENTRAL_BANK,
    EARNINGS,
    FINANCE_TOPICS,
    FUND_SHEET,
    INVESTOR_FAQ,
    MARKET_WRAP,
    MNA_NEWS,
    PR_EVENTS,
    PRESS_RELEASE,
    SECTORS,
    company_ctx,
    make_company,
    mood_words,
)
from prose_general import (
    DISHES,
    GARDENING,
    GENERAL_TOPICS,
    HISTORY,
    HOBBY,
    HOBBY_PACKS,
    LANDMARKS,
    LOCAL_NEWS,
    LOCAL_STORIES,
    PLACES,
    PLANTS,
    PRODUCTS,
    RECIPE,
    REVIEW,
    SCIENCE,
    SCIENCE_PACKS,
    SPORTS,
    TEAMS,
    TRAVEL,
)

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
        deal=format_money(rng.uniform(1500, 40000)),
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

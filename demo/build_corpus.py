"""Build the embedded demo corpus for dapt.

Everything under ``demo/corpus`` is produced by this script from vocabularies and
sentence templates written for this project (the prose_*.py and web_pages.py modules
beside it): no text is copied from anywhere and nothing is downloaded. The output is
deterministic: running the script twice gives byte-identical files (seeded RNGs, fixed
WARC dates, uuid5 record ids, gzip members without timestamps).

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
import uuid
import zlib
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from prose_compose import (
    ALL_TOPICS,
    CTX_BUILDERS,
    Composer,
    compose_article,
    compose_faq,
    ctx_sports,
    seed_paragraph,
)
from prose_engine import MONTHS, WEEKDAYS, expand, person, slugify
from prose_finance import (
    ANALYST_NOTE,
    EARNINGS,
    FINANCE_TOPICS,
    INVESTOR_FAQ,
    MACRO,
    company_ctx,
    make_company,
)
from prose_general import GENERAL_TOPICS
from web_pages import (
    FIN_FORUM,
    FIN_NAV,
    FIN_SITES,
    FOREIGN,
    FORUM_FIN,
    FORUM_GEN,
    GEN_FORUM,
    GEN_NAV,
    GEN_SITES,
    INSULT_RE,
    PII_FIN_STORY,
    PII_GEN_STORY,
    SPAM_KEYWORDS,
    TEMPLATES,
    TOXIC_FIN,
    TOXIC_GEN,
    USERNAMES,
    fake_address,
    fake_card,
    fake_email,
    fake_iban,
    fake_ip,
    fake_phone,
    fake_ssn,
    tpl_forum,
    tpl_portal,
)

SEED = 20240514
CRAWL_START = datetime(2024, 5, 14, 6, 0, 0, tzinfo=timezone.utc)
UUID_NS = uuid.UUID("6f1c2d0e-3b8a-5c47-9e21-0d4a7b9c1e55")
USER_AGENT = "dapt-demo-crawler/1.0 (+https://dapt.example/crawler)"

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

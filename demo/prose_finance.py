"""The demo corpus's finance prose: invented companies and sectors, and the finance topics (titles,
section headings and sentence pools for earnings, central banks, bonds, analyst notes, press
releases, investor FAQs, fund sheets, M&A and market wraps).
"""

from __future__ import annotations

import random
import re

from prose_engine import CITIES, FIRMS, QUARTERS, format_money, person, word_list

# ---------------------------------------------------------------------------
# Finance: companies and sectors
# ---------------------------------------------------------------------------

COMPANY_STEMS = word_list(
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
    c["rev"] = format_money(rev)
    c["rev_prev"] = format_money(rev / (1 + growth / 100))
    c["g"] = f"{abs(growth):.1f} percent"
    eps = rng.uniform(0.35, 4.5)
    c["eps"] = f"${eps:.2f}"
    c["eps_est"] = f"${eps + (-1 if up else 1) * rng.uniform(0.03, 0.18):.2f}"
    c["eps_prev"] = f"${eps / (1 + rng.uniform(-0.1, 0.25) if up else 1 - rng.uniform(0.05, 0.3)):.2f}"
    ni = rev * rng.uniform(0.05, 0.2)
    c["ni"] = format_money(ni)
    c["ni_prev"] = format_money(ni / (1 + growth / 100 * rng.uniform(0.8, 1.6)))
    margin = rng.uniform(8, 30)
    c["om"] = f"{margin:.1f} percent"
    c["om_prev"] = f"{margin - (1 if up else -1) * rng.uniform(0.3, 2.5):.1f} percent"
    annual = rev * 4 * rng.uniform(1.0, 1.08 if up else 1.02)
    c["glo"] = format_money(annual * 0.98)
    c["ghi"] = format_money(annual * 1.02)
    c["div"] = f"${rng.uniform(0.1, 1.2):.2f}"
    c["bb"] = format_money(rng.uniform(300, 6000))
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

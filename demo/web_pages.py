"""The demo corpus's web pages: invented sites and their HTML templates, non-English pages, forum
posts (neutral and toxic) and PII generators.
"""

from __future__ import annotations

import html
import random
import re

from prose_engine import CITIES, MONTHS, slugify

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

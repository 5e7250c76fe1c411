"""Render report.json into one self-contained report.html: inline CSS, JS and SVG, no network."""

from __future__ import annotations

import difflib
import json
import re
from html import escape
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from filters.pii import PLACEHOLDERS
from pipeline.report import charts
from pipeline.report.sampling import KEPT

HERE = Path(__file__).parent
CHART_GROUPS = [
    ("Length and language", ["doc_length", "languages", "language_score"]),
    (
        "Quality signals",
        [
            "mean_word_length",
            "alphabetic_word_fraction",
            "punctuated_line_fraction",
            "duplicate_line_fraction",
        ],
    ),
    (
        "Domain relevance and toxicity",
        ["domain_score", "domain_score_by_source", "toxicity_score", "toxic_word_fraction"],
    ),
    ("Near-duplicates", ["near_dup_cluster_sizes"]),
]
PII_ESCAPED = re.compile("&lt;(" + "|".join(p.strip("<>") for p in PLACEHOLDERS.values()) + ")&gt;")
TOKEN = re.compile(r"\s+|\S+")


# ----------------------------------------------------------------------------------- filters
def _num(value: Any) -> str:
    return f"{value:,}" if isinstance(value, (int, float)) else "—"


def _pct(fraction: Any) -> str:
    return f"{100 * fraction:.1f}%" if isinstance(fraction, (int, float)) else "—"


def _pctval(percent: Any) -> str:
    return f"{percent:.1f}%" if isinstance(percent, (int, float)) else "—"


def _signed(value: Any) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "—"
    return f"{value:+,}" if value else "0"


def _bytes(value: Any) -> str:
    if not isinstance(value, (int, float)):
        return "—"
    for limit, unit in ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "kB")):
        if value >= limit:
            return f"{value / limit:.1f} {unit}"
    return f"{value} B"


def _duration(seconds: Any) -> str:
    if not isinstance(seconds, (int, float)):
        return "—"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return (
        f"{hours}h {minutes:02d}m" if hours else f"{minutes}m {secs:02d}s" if minutes else f"{seconds:.1f}s"
    )


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters |= {
        "num": _num,
        "pct": _pct,
        "pctval": _pctval,
        "signed": _signed,
        "bytes": _bytes,
        "duration": _duration,
        "si": lambda v: charts.short_number(v) if isinstance(v, (int, float)) else "—",
    }
    return env


# ----------------------------------------------------------------------------------- pieces
def highlight_pii(escaped: str) -> str:
    return PII_ESCAPED.sub(r'<mark class="pii">&lt;\1&gt;</mark>', escaped)


def diff_html(dropped: str, kept: str) -> tuple[Markup, Markup]:
    """Both texts with the words only one of them has marked (<del> in the dropped, <ins> in the kept)."""
    a, b = TOKEN.findall(dropped), TOKEN.findall(kept)
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = highlight_pii(escape("".join(a[i1:i2]))), highlight_pii(escape("".join(b[j1:j2])))
        if tag == "equal":
            left.append(old)
            right.append(new)
            continue
        if old.strip():
            left.append(f"<del>{old}</del>")
        if new.strip():
            right.append(f"<ins>{new}</ins>")
    return Markup("".join(left)), Markup("".join(right))


def viewer_groups(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample viewer's entries: per step its dropped and passed samples, the final kept set,
    and in comparison mode the documents that moved. `total` is how many the sample is drawn from."""
    groups = []
    steps = [stage["name"] for stage in report["stages"]]
    extract = steps.index("extract") if "extract" in steps else -1
    for index, stage in enumerate(report["stages"]):
        samples = report["samples"].get(stage["name"], {})
        for kind, total in (("dropped", stage["docs_in"] - stage["docs_out"]), ("passed", stage["docs_out"])):
            docs = samples.get("dropped" if kind == "dropped" else "kept") or []
            if docs:
                raw = kind == "dropped" and index <= extract  # dropped before extraction: HTML
                groups.append(
                    {"section": stage["name"], "label": kind, "total": total, "docs": docs, "raw": raw}
                )
    final = report["samples"].get(KEPT, {}).get("kept", [])
    groups.append(
        {"section": "final", "label": "kept set", "total": report["totals"]["docs_kept"], "docs": final}
    )
    comparison = report.get("comparison")
    if comparison:
        for moved, transition in zip(
            comparison["moved"]["samples"], comparison["moved"]["transitions"], strict=False
        ):
            groups.append(
                {
                    "section": f"moved (vs {comparison['other']['name']})",
                    "label": f"{moved['from']} here → {moved['to']} there",
                    "total": transition["documents"],
                    "docs": moved["documents"],
                }
            )
    return groups


def _script_json(data: Any) -> Markup:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(report: dict[str, Any]) -> str:
    """The whole page for one report dict (with its `comparison` when present)."""
    steps = [stage["name"] for stage in report["stages"]]
    step_colors = {step: charts.STEP_COLORS[i % len(charts.STEP_COLORS)] for i, step in enumerate(steps)}
    distributions = report["distributions"]
    chart_groups = [
        {
            "title": title,
            "charts": [
                {"key": key, "dist": distributions[key], "svg": charts.chart(distributions[key])}
                for key in keys
                if key in distributions
            ],
        }
        for title, keys in CHART_GROUPS
    ]
    pairs = []
    for pair in report["near_duplicates"]:
        kept_text = pair["kept"]["text"] if pair["kept"] else ""
        dropped_html, kept_html = diff_html(pair["dropped"]["text"], kept_text)
        pairs.append({**pair, "dropped_html": dropped_html, "kept_html": kept_html})
    comparison = report.get("comparison")
    unit = report["token_unit"]
    page = (
        _environment()
        .get_template("template.html")
        .render(
            report=report,
            run=report["run"],
            totals=report["totals"],
            meta=report["metadata"],
            unit=unit,
            unit_singular=unit.rstrip("s"),
            step_colors=step_colors,
            series_colors=charts.SERIES_COLORS,
            funnel_docs=charts.funnel(report["stages"], "docs", "documents"),
            funnel_tokens=charts.funnel(report["stages"], "tokens", unit),
            chart_groups=chart_groups,
            pairs=pairs,
            comparison=comparison,
            ablation_chart=charts.ablation(report["ablation"]["variants"]) if report.get("ablation") else "",
            compare_funnel=charts.paired_funnel(comparison["stages"], "this run", comparison["other"]["name"])
            if comparison
            else "",
            config_yaml=yaml.safe_dump(report["metadata"]["config"], sort_keys=False, allow_unicode=True),
            viewer_json=_script_json({"unit": unit, "groups": viewer_groups(report)}),
            css=Markup((HERE / "report.css").read_text()),
            js=Markup((HERE / "report.js").read_text()),
        )
    )
    return page

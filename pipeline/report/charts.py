"""Inline SVG charts drawn from the pre-binned report data (no chart library, no network)."""

from __future__ import annotations

import bisect
import math
from html import escape
from typing import Any

from markupsafe import Markup

SERIES_COLORS = ["#2a9d8f", "#e76f51", "#c3c8cf", "#e9c46a", "#264653", "#8ab17d"]
STEP_COLORS = [
    "#e76f51", "#f4a261", "#e9c46a", "#8ab17d", "#2a9d8f", "#287271",
    "#264653", "#6d597a", "#b56576", "#355070", "#9c6644", "#7f5539",
]  # fmt: skip
WIDTH, HEIGHT = 440, 210
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 12, 36


def short_number(value: float) -> str:
    """1234 -> 1.2k, 5600000 -> 5.6M."""
    value = float(value)
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            text = f"{value / limit:.1f}".rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    return f"{value:.0f}" if value == int(value) else f"{value:.2g}"


def _edge_label(value: float) -> str:
    if value >= 1000:
        return short_number(value)
    return f"{value:g}"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _svg(body: list[str], label: str, width: int = WIDTH, height: int = HEIGHT) -> Markup:
    return Markup(
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(body)}</svg>'
    )


def _empty(label: str, note: str) -> Markup:
    text = escape(note or "no documents carry this signal")
    return _svg(
        [
            f'<rect class="empty" x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" '
            f'height="{HEIGHT - TOP - BOTTOM}" rx="6"/>',
            f'<text class="empty-note" x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle">{text}</text>',
        ],
        label,
    )


def _text(cls: str, x: float, y: float, content: str, anchor: str = "start") -> str:
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{content}</text>'


def _rect(x: float, y: float, width: float, height: float, attributes: str = "") -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" {attributes}/>'


def _y_axis(ymax: float, plot_h: float) -> list[str]:
    parts = []
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{short_number(ymax * fraction)}</text>"
        )
    return parts


def _stacked_columns(
    labels: list[str] | None, series: dict[str, list[int]], bar_titles: list[str]
) -> tuple[list[str], float]:
    """Stacked columns with a y axis; `labels` under each column (None: the caller labels the x axis)."""
    names = list(series)
    columns = len(bar_titles)
    totals = [sum(series[name][i] for name in names) for i in range(columns)]
    ymax = _nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / columns
    gap = min(2.0, slot * 0.15)
    parts = _y_axis(ymax, plot_h)
    for i in range(columns):
        x = LEFT + i * slot
        y = TOP + plot_h
        tip = f"{bar_titles[i]}: " + ", ".join(f"{name} {series[name][i]:,}" for name in names)
        parts.append(f'<g class="bar"><title>{escape(tip)}</title>')
        for s, name in enumerate(names):
            value = series[name][i]
            if not value:
                continue
            h = plot_h * value / ymax
            y -= h
            color = SERIES_COLORS[s % len(SERIES_COLORS)]
            parts.append(_rect(x + gap / 2, y, slot - gap, h, f'fill="{color}"'))
        parts.append("</g>")
    for i, label in enumerate(labels or []):
        x = LEFT + (i + 0.5) * slot
        parts.append(_text("tick", x, HEIGHT - BOTTOM + 15, escape(label), "middle"))
    parts.append(
        f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>'
    )
    return parts, slot


MAX_COLUMNS, MIN_COLUMNS = 25, 10


def zoom(dist: dict[str, Any]) -> tuple[list[float], dict[str, list[int]], bool]:
    """(edges, series, overflow) over the occupied range (and the threshold), fine bins merged
    to at most MAX_COLUMNS: the collector bins finely once, the chart shows where the data is."""
    edges, overflow, series = dist["edges"], dist["overflow"], dist["series"]
    regular = len(edges) - 1
    totals = [sum(counts[i] for counts in series.values()) for i in range(regular + int(overflow))]
    occupied = [i for i, total in enumerate(totals) if total]
    lo, hi = occupied[0], occupied[-1]
    threshold = dist.get("threshold")
    if threshold is not None and edges[0] <= threshold <= edges[-1]:
        at = min(max(bisect.bisect_right(edges, threshold) - 1, 0), regular - 1)
        lo, hi = min(lo, at), max(hi, at)
    with_overflow = overflow and hi == regular
    hi = min(hi, regular - 1)
    if hi - lo + 1 < MIN_COLUMNS:
        hi = min(regular - 1, lo + MIN_COLUMNS - 1)
        lo = max(0, hi - MIN_COLUMNS + 1)
    factor = max(1, math.ceil((hi - lo + 1) / MAX_COLUMNS))
    lo -= lo % factor
    columns = math.ceil((hi + 1 - lo) / factor)
    end = min(lo + columns * factor, regular)
    bounds = [lo + k * factor for k in range(columns)] + [end]
    merged = {
        name: [sum(counts[bounds[k] : bounds[k + 1]]) for k in range(columns)]
        + ([counts[regular]] if with_overflow else [])
        for name, counts in series.items()
    }
    return [edges[b] for b in bounds], merged, with_overflow


def histogram(dist: dict[str, Any]) -> Markup:
    """Stacked columns of a pre-binned histogram, with the step's threshold as a dashed line."""
    if not dist["total"]:
        return _empty(dist["title"], dist.get("note", ""))
    edges, series, overflow = zoom(dist)
    columns = len(edges) - 1 + int(overflow)
    ranges = [(edges[i], edges[i + 1] if i + 1 < len(edges) else None) for i in range(columns)]
    titles = [f"{_edge_label(low)}–{_edge_label(high)}" if high is not None else f"≥ {_edge_label(low)}"
              for low, high in ranges]  # fmt: skip
    parts, slot = _stacked_columns(None, series, titles)
    every = max(1, math.ceil(len(edges) / 6))  # label bin boundaries, about six of them
    last = len(edges) - 1
    ticks = [j for j in range(0, last + 1, every)]
    if last - ticks[-1] >= 0.6 * every or len(ticks) == 1:
        ticks.append(last)
    else:  # too close to the last tick for both labels: show the end instead
        ticks[-1] = last
    for j in ticks:
        x = LEFT + j * slot
        anchor = "end" if x > WIDTH - RIGHT - 12 else "middle"
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 15}" text-anchor="{anchor}">'
            f"{_edge_label(edges[j])}{'+' if overflow and j == last else ''}</text>"
        )
    threshold = dist.get("threshold")
    if threshold is not None and edges[0] <= threshold <= edges[-1]:
        i = min(max(bisect.bisect_right(edges, threshold) - 1, 0), len(edges) - 2)
        fraction = (threshold - edges[i]) / (edges[i + 1] - edges[i])
        x = LEFT + (i + fraction) * slot
        right_half = x > (LEFT + WIDTH - RIGHT) / 2  # label on the side with room
        parts.append(
            f'<line class="threshold" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 4}" y2="{HEIGHT - BOTTOM}"/>'
            + _text(
                "threshold-label",
                x - 4 if right_half else x + 4,
                TOP + 8,
                f"threshold {threshold:g}",
                "end" if right_half else "start",
            )
        )
    parts.append(_text("axis-label", WIDTH - RIGHT, HEIGHT - 4, escape(dist["unit"]), "end"))
    return _svg(parts, dist["title"])


def bars(dist: dict[str, Any]) -> Markup:
    """Stacked columns over categories (languages, cluster sizes)."""
    if not dist["total"]:
        return _empty(dist["title"], dist.get("note", ""))
    labels = dist["labels"]
    parts, _ = _stacked_columns(labels, dist["series"], labels)
    parts.append(_text("axis-label", WIDTH - RIGHT, HEIGHT - 4, escape(dist["unit"]), "end"))
    return _svg(parts, dist["title"])


def chart(dist: dict[str, Any]) -> Markup:
    return histogram(dist) if dist["kind"] == "histogram" else bars(dist)


def funnel(stages: list[dict[str, Any]], key: str, unit: str) -> Markup:
    """Horizontal bars per stage: what came in (light) and what went out (solid)."""
    if not stages:
        return _empty(f"{unit} per stage", "no stages")
    row, label_w, value_w = 28, 130, 150
    width = WIDTH + 80
    height = TOP + row * len(stages) + 8
    top = max(stages[0][f"{key}_in"], 1)
    bar_w = width - label_w - value_w
    parts = []
    for i, stage in enumerate(stages):
        y = TOP + i * row
        w_in = bar_w * stage[f"{key}_in"] / top
        w_out = bar_w * stage[f"{key}_out"] / top
        kept = 100 * stage[f"{key}_out"] / stage[f"{key}_in"] if stage[f"{key}_in"] else 100
        tip = f"{stage['name']}: {stage[f'{key}_in']:,} in, {stage[f'{key}_out']:,} out ({kept:.1f}% kept)"
        parts.append(
            f'<g class="funnel-row"><title>{escape(tip)}</title>'
            + _text("stage-label", label_w - 8, y + 17, escape(stage["name"]), "end")
            + _rect(label_w, y + 4, max(w_in, 1), row - 8, 'class="in" rx="3"')
            + _rect(label_w, y + 4, max(w_out, 1), row - 8, 'class="out" rx="3"')
            + _text(
                "value",
                label_w + bar_w + 8,
                y + 17,
                f'{short_number(stage[f"{key}_out"])} <tspan class="muted">· {kept:.1f}% kept</tspan>',
            )
            + "</g>"
        )
    return _svg(parts, f"{unit} per stage", width, height)


def paired_funnel(rows: list[dict[str, Any]], this_name: str, other_name: str) -> Markup:
    """Documents out per stage in two runs, one pair of bars per stage."""
    if not rows:
        return _empty("comparison", "no stages")
    row_h, label_w, value_w = 34, 130, 120
    width = WIDTH + 80
    height = TOP + row_h * len(rows) + 8
    top = max(max((r[side] or {}).get("docs_in", 0) for r in rows for side in ("this", "other")), 1)
    bar_w = width - label_w - value_w
    parts = []
    for i, r in enumerate(rows):
        y = TOP + i * row_h
        parts.append(_text("stage-label", label_w - 8, y + 19, escape(r["name"]), "end"))
        for j, (side, name) in enumerate((("this", this_name), ("other", other_name))):
            stage = r[side]
            if stage is None:
                continue
            w = bar_w * stage["docs_out"] / top
            yy = y + 3 + j * 14
            parts.append(
                f"<g><title>{escape(name)}: {stage['docs_out']:,} documents out of {r['name']}</title>"
                + _rect(label_w, yy, max(w, 1), 12, f'class="run-{side}" rx="2"')
                + _text("value small", label_w + w + 6, yy + 10, short_number(stage["docs_out"]))
                + "</g>"
            )
    return _svg(parts, "documents out per stage, both runs", width, height)


def ablation(variants: list[dict[str, Any]]) -> Markup:
    """Domain and general bits per byte per ablation variant: a dot at the mean of the seeds and a
    whisker from the lowest to the highest seed. The y axis spans the values, not from 0: the
    differences that matter are a few percent."""
    roles = [("domain", SERIES_COLORS[0]), ("general", SERIES_COLORS[1])]
    values = [v for row in variants for role, _ in roles for v in row[role]["seeds"]]
    if not values:
        return _empty("ablation", "no finished ablation run")
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or 0.05
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    parts = []
    for fraction in (0, 0.5, 1):
        value = low + (high - low) * fraction
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
        )
        parts.append(_text("tick", LEFT - 6, y(value) + 4, f"{value:.3f}", "end"))
    slot = plot_w / len(variants)
    for i, row in enumerate(variants):
        for r, (role, color) in enumerate(roles):
            stats = row[role]
            if stats["mean"] is None:
                continue
            x = LEFT + slot * (i + (r + 1) / (len(roles) + 1))
            tip = f"{row['variant']} {role}: {stats['mean']:.4f} bits/byte, seeds " + ", ".join(
                f"{v:.4f}" for v in stats["seeds"]
            )
            parts.append(f'<g class="bar" data-variant="{escape(row["variant"])}" data-role="{role}">')
            parts.append(f"<title>{escape(tip)}</title>")
            top, bottom = y(max(stats["seeds"])), y(min(stats["seeds"]))
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{bottom:.1f}" '
                f'stroke="{color}" stroke-width="2"/>'
            )
            for end in (top, bottom):
                parts.append(
                    f'<line x1="{x - 4:.1f}" x2="{x + 4:.1f}" y1="{end:.1f}" y2="{end:.1f}" '
                    f'stroke="{color}"/>'
                )
            parts.append(f'<circle cx="{x:.1f}" cy="{y(stats["mean"]):.1f}" r="4" fill="{color}"/></g>')
        parts.append(
            _text("tick", LEFT + slot * (i + 0.5), HEIGHT - BOTTOM + 15, escape(row["variant"]), "middle")
        )
    parts.append(
        f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>'
    )
    return _svg(parts, "bits per byte per ablation variant")

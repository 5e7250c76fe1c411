"""The terminal summary of a report: the funnel as a rich table, then the headline numbers.

Strings from the run (its name, reasons, file names) are escaped: rich would read `[/]` in them as
markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.report.charts import short_number

FILES_SHOWN = 10  # input files listed with their skipped records (all are in report.json)


def _reasons(counts: dict[str, int]) -> str:
    return ", ".join(f"{escape(reason)} {n:,}" for reason, n in counts.items())


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def funnel_table(report: dict[str, Any], width: int = 100) -> Table:
    """The funnel as a table that fits `width` columns (the drop reason gives way)."""
    unit = report["token_unit"]
    table = Table(
        title=f"Curation funnel · {escape(report['run']['name'])}", title_justify="left", header_style="bold"
    )
    stages = report["stages"]
    docs = len(f"{stages[0]['docs_in']:,}") if stages else 0
    tokens = len(f"{stages[0]['tokens_in']:,}") if stages else 0
    table.add_column("Step", no_wrap=True, min_width=max([len(s["name"]) for s in stages] + [7]))
    for column, width in (
        ("Docs in", docs),
        ("Docs out", docs),
        ("Kept", 6),
        (f"{unit.capitalize()} out", tokens),
    ):
        table.add_column(column, justify="right", no_wrap=True, min_width=max(len(column), width))
    fixed = sum(column.min_width for column in table.columns) + 3 * (len(table.columns) + 1) + 1
    table.add_column("Top drop reason", no_wrap=True, overflow="ellipsis", max_width=max(12, width - fixed))
    for stage in stages:
        reason = next(iter(stage["dropped"].items()), None)
        table.add_row(
            escape(stage["name"]),
            f"{stage['docs_in']:,}",
            f"{stage['docs_out']:,}",
            _pct(stage["docs_out"], stage["docs_in"]),
            f"{stage['tokens_out']:,}",
            f"{escape(reason[0])} ({reason[1]:,})" if reason else "[dim]—[/dim]",
        )
    totals = report["totals"]
    table.add_section()
    table.add_row(
        "[bold]overall[/bold]",
        f"{totals['docs_read']:,}",
        f"[bold]{totals['docs_kept']:,}[/bold]",
        _pct(totals["docs_kept"], totals["docs_read"]),
        f"[bold]{totals['tokens_kept']:,}[/bold]",
        "",
    )
    return table


def genre_table(report: dict[str, Any]) -> Table:
    """Documents read and kept per source and genre (`sources[].genre`)."""
    table = Table(title="Per genre", title_justify="left", header_style="bold")
    for column in (
        "Source",
        "Genre",
        "Docs read",
        "Docs kept",
        "Kept",
        f"{report['token_unit'].capitalize()} kept",
    ):
        table.add_column(column, justify="left" if column in ("Source", "Genre") else "right", no_wrap=True)
    for row in report["genres"]:
        table.add_row(
            escape(row["source"]),
            escape(row["genre"]),
            f"{row['docs_read']:,}",
            f"{row['docs_kept']:,}",
            _pct(row["docs_kept"], row["docs_read"]),
            f"{row['tokens_kept']:,}",
        )
    return table


def comparison_table(report: dict[str, Any]) -> Table:
    comparison = report["comparison"]
    table = Table(
        title=f"Compared with {escape(comparison['other']['name'])}",
        title_justify="left",
        header_style="bold",
    )
    for column in ("Step", "Docs out (this)", "Docs out (other)", "Δ docs", "Δ " + report["token_unit"]):
        table.add_column(column, justify="left" if column == "Step" else "right")
    for row in comparison["stages"]:
        table.add_row(
            escape(row["name"]),
            f"{row['this']['docs_out']:,}" if row["this"] else "—",
            f"{row['other']['docs_out']:,}" if row["other"] else "—",
            f"{row['delta_docs_out']:+,}" if row["delta_docs_out"] is not None else "—",
            f"{row['delta_tokens_out']:+,}" if row["delta_tokens_out"] is not None else "—",
        )
    return table


def print_summary(
    report: dict[str, Any], html_path: Path | None = None, console: Console | None = None
) -> None:
    console = console or Console()
    console.print(funnel_table(report, console.width))
    if report.get("genres"):
        console.print(genre_table(report))
    totals, unit = report["totals"], report["token_unit"]
    fraction = report["kept_token_fraction"]
    console.print(
        f"kept {totals['docs_kept']:,} of {totals['docs_read']:,} documents, "
        f"{short_number(totals['tokens_kept'])} {unit}; "
        f"kept {unit.rstrip('s')} fraction [bold]{'—' if fraction is None else f'{100 * fraction:.1f}%'}"
        "[/bold]"
    )
    skipped = report["skipped_records"]
    if skipped:
        console.print(f"[yellow]skipped records: {sum(skipped.values()):,}[/yellow] ({_reasons(skipped)})")
        by_file = report.get("skipped_records_by_file") or {}
        for path, reasons in list(by_file.items())[:FILES_SHOWN]:
            console.print(f"  {escape(path)}: {_reasons(reasons)}", soft_wrap=True)
        if len(by_file) > FILES_SHOWN:
            console.print(f"  ... and {len(by_file) - FILES_SHOWN:,} more files (report.json)")
    for row in report.get("quality_calibration") or []:
        console.print(
            f"quality rule fitted to seeds: {escape(row['source'])}"
            f" ({escape(row['genre'] or 'whole source')}) {row['filter']}.{row['rule']}"
            f" {row['default']} -> {row['calibrated']}"
        )
    classifier = (report.get("metadata") or {}).get("domain_classifier")
    if classifier:
        console.print(
            f"domain classifier ({classifier['family']}), held out at the run's threshold"
            f" {classifier['threshold']:.4f}: precision {classifier['precision']:.3f}, recall"
            f" {classifier['recall']:.3f}, F1 {classifier['f1']:.3f} (classes, seed files weighted equally)"
        )
        for warning in classifier.get("warnings", []):
            console.print(f"[yellow]domain classifier: {escape(warning)}[/yellow]")
    if report.get("comparison"):
        moved = report["comparison"]["moved"]
        console.print(comparison_table(report))
        console.print(
            f"moved: {moved['kept_to_dropped']:,} kept here but dropped there, "
            f"{moved['dropped_to_kept']:,} dropped here but kept there"
        )
    if html_path is not None:
        console.print(f"report: [link={html_path.resolve().as_uri()}]{escape(str(html_path))}[/link]")

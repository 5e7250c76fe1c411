"""report.html in a real headless Chromium: no console errors, no network, every chart drawn,
the numbers shown are report.json's, the sample viewer and near-dup pager page. A screenshot of the
whole page is saved (its path is printed) for a person to look at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from headless_browser import chromium_page
from report_rundir import make_run

from pipeline.report import build_report
from pipeline.rundir import RunDir


@pytest.fixture(scope="module")
def compared(tmp_path_factory) -> tuple[Path, dict]:
    """A report of a run compared with the same data under a stricter domain threshold."""
    base = tmp_path_factory.mktemp("browser")
    loose = make_run(base / "loose", docs_per_source=300, tokenizer=True, domain_threshold=0.5)
    strict = make_run(base / "strict", docs_per_source=300, tokenizer=True, domain_threshold=0.7)
    report = build_report(loose, compare=strict)
    return RunDir(loose).comparison(strict), report


@pytest.fixture(scope="module")
def page(compared, tmp_path_factory):
    html, _ = compared
    with chromium_page(tmp_path_factory.mktemp("chromium-profile")) as (page, log):
        page.goto(html.resolve().as_uri())
        page.wait_for_load_state("load")
        yield page, log


def number(text: str) -> int:
    return int(text.replace(",", "").replace("+", "").strip())


def test_page_loads_offline_without_console_errors(page):
    page, log = page
    assert page.title().endswith("data report")
    assert log.errors == []
    assert log.requests == []  # self-contained: nothing fetched beyond the file itself


def test_every_chart_draws_something(page, compared):
    page, _ = page
    _, report = compared
    charts = page.eval_on_selector_all(
        "figure.chart",
        """figures => figures.map(f => ({
            key: f.dataset.chart,
            width: f.querySelector('svg').getBoundingClientRect().width,
            bars: Array.from(f.querySelectorAll('svg rect')).filter(r => {
                const box = r.getBoundingClientRect(); return box.width > 0 && box.height > 0; }).length,
        }))""",
    )
    keys = {chart["key"] for chart in charts}
    assert set(report["distributions"]) <= keys
    assert {"funnel-docs", "funnel-tokens", "compare-funnel"} <= keys
    for chart in charts:
        assert chart["width"] > 200, chart
        assert chart["bars"] > 0, chart
    for key, dist in report["distributions"].items():  # charts with data draw one bar or more per series
        drawn = next(chart for chart in charts if chart["key"] == key)
        assert drawn["bars"] >= sum(1 for counts in dist["series"].values() if sum(counts)), key


def test_numbers_shown_are_those_of_report_json(page, compared):
    page, _ = page
    _, report = compared
    rows = page.eval_on_selector_all(
        "#funnel-table tbody tr",
        """rows => rows.map(r => ({stage: r.dataset.stage, cells: Object.fromEntries(
            Array.from(r.querySelectorAll('td[data-key]')).map(td => [td.dataset.key, td.textContent]))}))""",
    )
    assert [row["stage"] for row in rows] == [stage["name"] for stage in report["stages"]]
    for row, stage in zip(rows, report["stages"], strict=True):
        for key in ("docs_in", "docs_out", "tokens_in", "tokens_out"):
            assert number(row["cells"][key]) == stage[key], (stage["name"], key)
        assert number(row["cells"]["dropped"]) == sum(stage["dropped"].values())
    cards = dict(
        page.eval_on_selector_all(
            ".kpi-value[data-key]", "els => els.map(e => [e.dataset.key, e.textContent])"
        )
    )
    assert number(cards["docs_read"]) == report["totals"]["docs_read"]
    assert number(cards["docs_kept"]) == report["totals"]["docs_kept"]
    assert cards["kept_token_fraction"] == f"{100 * report['kept_token_fraction']:.1f}%"
    assert number(cards["kept_to_dropped"]) == report["comparison"]["moved"]["kept_to_dropped"]
    for stage in report["stages"]:
        shown = page.eval_on_selector_all(
            f'.reasons[data-step="{stage["name"]}"] .hbar-value', "els => els.map(e => e.textContent)"
        )
        assert [number(n) for n in shown] == list(stage["dropped"].values())


def test_sample_viewer_pages_through_kept_and_dropped_documents(page, compared):
    page, _ = page
    _, report = compared
    viewer = page.locator("#viewer")
    first_id = page.locator("#sv-doc").get_attribute("data-doc-id")
    position = page.locator("#sv-position").text_content()
    assert position.startswith("1 / ")
    page.click("#sv-next")
    assert page.locator("#sv-position").text_content().startswith("2 / ")
    assert page.locator("#sv-doc").get_attribute("data-doc-id") != first_id
    page.keyboard.press("ArrowLeft")
    assert page.locator("#sv-doc").get_attribute("data-doc-id") == first_id
    assert viewer.locator(".badge.reason").count() == 1  # a dropped document shows its reason

    # the final kept set, paged to a document with PII placeholders: they are highlighted
    labels = page.eval_on_selector_all("#sv-group option", "os => os.map(o => [o.value, o.textContent])")
    final = next(value for value, label in labels if label.startswith("final · kept set"))
    page.select_option("#sv-group", final)
    kept = report["samples"]["kept"]["kept"]
    with_pii = next(
        i for i, sample in enumerate(kept) if "<EMAIL>" in sample["text"] or "<PHONE>" in sample["text"]
    )
    for _ in range(with_pii):
        page.click("#sv-next")
    assert page.locator("#sv-doc").get_attribute("data-doc-id") == kept[with_pii]["id"]
    assert page.locator("#sv-doc mark.pii").count() >= 1
    assert viewer.locator(".badge.reason").count() == 0

    # a reason filter keeps only that reason's documents
    language = next(value for value, label in labels if label.startswith("language · dropped"))
    page.select_option("#sv-group", language)
    reason = next(iter(report["stages"][2]["dropped"]))
    page.select_option("#sv-reason", reason)
    count = sum(1 for s in report["samples"]["language"]["dropped"] if s["reason"] == reason)
    assert page.locator("#sv-position").text_content() == f"1 / {count}"
    assert page.locator("#sv-doc .badge.reason").text_content() == reason

    # the documents that moved between the two runs are there too
    moved = next(value for value, label in labels if label.startswith("moved"))
    page.select_option("#sv-group", moved)
    assert "other run: dropped by domain" in page.locator("#sv-doc").text_content()


def test_near_duplicate_pairs_page_side_by_side(page, compared):
    page, _ = page
    _, report = compared
    pairs = report["near_duplicates"]
    assert page.locator(".pair:not([hidden])").count() == 1
    assert page.locator("#pair-position").text_content() == f"1 / {len(pairs)}"
    page.click("#pair-next")
    visible = page.locator(".pair:not([hidden])")
    assert visible.get_attribute("data-pair") == "1"
    assert pairs[1]["dropped"]["id"] in visible.text_content()
    assert pairs[1]["kept"]["id"] in visible.text_content()
    assert visible.locator("del").count() + visible.locator("ins").count() > 0


def test_screenshot_for_a_person(page, tmp_path_factory):
    page, log = page
    path = tmp_path_factory.mktemp("screenshots") / "report.png"
    page.evaluate("window.scrollTo(0, 0)")  # else the sticky header lands mid-page
    page.screenshot(path=str(path), full_page=True)
    print(f"\nreport screenshot: {path}")
    assert path.stat().st_size > 50_000
    assert log.errors == []


def test_report_json_and_html_agree_on_disk(compared):
    html, report = compared
    stored = json.loads((html.parent / "report.json").read_text())
    assert stored["stages"] == report["stages"]
    assert "<script src" not in html.read_text() and "https://cdn" not in html.read_text()

"""The report on real `dapt curate` output: the demo corpus curated at two domain thresholds (the
comparison a user makes after a threshold change), and the real-data run when its config exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from headless_browser import chromium_page

from pipeline.config import load_config
from pipeline.curate import run_curate
from pipeline.report import build_report
from pipeline.report.collect import read_documents
from pipeline.rundir import RunDir

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent


def curate(config_path: Path, output: Path, *overrides: str) -> RunDir:
    config = load_config(
        config_path, [f"run.output_dir={output}", "tracking.wandb.mode=disabled", *overrides]
    )
    run_curate(config)
    return RunDir(output)


def open_without_errors(html: Path, profile: Path) -> dict:
    with chromium_page(profile) as (page, log):
        page.goto(html.resolve().as_uri())
        charts = page.eval_on_selector_all(
            "figure.chart svg", "svgs => svgs.map(s => s.querySelectorAll('rect').length)"
        )
        shown = page.locator("#sv-position").text_content()
        assert log.errors == [] and log.requests == []
    return {"charts": charts, "viewer": shown}


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory) -> tuple[RunDir, RunDir]:
    base = tmp_path_factory.mktemp("curated")
    loose = curate(REPO / "configs" / "demo.yaml", base / "loose")
    scores = sorted(
        doc["metadata"]["domain_score"]
        for path in (loose.curated / "finance").glob("*.jsonl.gz")
        for doc in read_documents(path)
    )
    median = scores[len(scores) // 2]  # a stricter threshold that must move documents
    strict = curate(REPO / "configs" / "demo.yaml", base / "strict", f"curate.domain.threshold={median}")
    return loose, strict


def test_curation_writes_a_report_whose_counts_add_up(demo_runs):
    loose, _ = demo_runs
    report = json.loads(loose.report_json.read_text())  # written by `dapt curate` itself
    stats = json.loads((loose.logs / "curate" / "pipeline.json").read_text())
    assert [s["name"] for s in report["stages"]] == stats["steps"]
    for stage in report["stages"]:
        assert stage["docs_in"] == stage["docs_out"] + sum(stage["dropped"].values())
    assert report["stages"][0]["docs_in"] == sum(stats["docs_read"].values())
    assert report["token_unit"] == "tokens" and 0 < report["kept_token_fraction"] < 1
    assert report["samples"]["kept"]["kept"] and report["near_duplicates"]


def test_comparison_of_two_domain_thresholds_opens_in_chromium(demo_runs, tmp_path):
    loose, strict = demo_runs
    report = build_report(loose.root, compare=strict.root)
    moved = report["comparison"]["moved"]
    assert moved["kept_to_dropped"] > 0
    assert {t["to"] for t in moved["transitions"] if t["from"] == "kept"} == {"domain"}
    # a stricter threshold keeps more only where a duplicate's twin is now dropped by it
    assert {t["from"] for t in moved["transitions"] if t["to"] == "kept"} <= {
        "exact_dedup",
        "url_dedup",
        "minhash_dedup",
    }
    page = open_without_errors(loose.comparison(strict.root), tmp_path / "profile")
    assert all(n > 0 for n in page["charts"]) and page["viewer"].startswith("1 / ")


def test_real_data_report_opens_in_chromium(shared_data, tmp_path):
    config = REPO / "configs" / "finance-real.yaml"
    if not config.is_file():
        pytest.skip(f"{config} is not in this checkout")
    run = curate(config, tmp_path / "real")
    page = open_without_errors(run.report_html, tmp_path / "profile")
    assert all(n > 0 for n in page["charts"])

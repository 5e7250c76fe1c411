"""The data-quality report on curated run directories written with datatrove's JsonlWriter:
report.json's funnel adds up and matches the files, samples and near-dup pairs are right, bad input
is a clear error, comparison finds what moved, the terminal summary and W&B logging work."""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from report_rundir import STEPS, make_run
from rich.console import Console
from tokenizers import Tokenizer

from pipeline.errors import DaptError
from pipeline.report import build_report
from pipeline.report.collect import ReportConsistencyError, collect_report, read_documents
from pipeline.report.summary import print_summary
from pipeline.rundir import RunDir


def documents(folder: Path) -> list[dict]:
    return [doc for path in sorted(folder.glob("*.jsonl.gz")) for doc in read_documents(path)]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    root = make_run(tmp_path_factory.mktemp("report") / "run", docs_per_source=240, tokenizer=True)
    build_report(root)
    return root


@pytest.fixture(scope="module")
def report(run) -> dict:
    return json.loads(RunDir(run).report_json.read_text())


def test_funnel_adds_up_and_matches_the_curation_counts(run, report):
    stats = json.loads((run / "logs" / "curate" / "pipeline.json").read_text())
    assert [stage["name"] for stage in report["stages"]] == STEPS
    assert report["stages"][0]["docs_in"] == sum(stats["docs_read"].values()) == 480
    previous_out = report["stages"][0]["docs_in"]
    for stage in report["stages"]:
        assert stage["docs_in"] == stage["docs_out"] + sum(stage["dropped"].values()), stage["name"]
        assert stage["docs_in"] == previous_out
        assert stage["tokens_in"] >= stage["tokens_out"] and stage["bytes_in"] >= stage["bytes_out"]
        for source, counts in stats["counts"].items():
            by_source = stage["by_source"][source]
            if stage["name"] in counts:
                assert by_source["docs_out"] == counts[stage["name"]]["out"]
                assert by_source["dropped"] == counts[stage["name"]]["dropped"]
            else:  # the general source skips the domain filter: passed on unchanged
                assert not by_source["ran"] and by_source["docs_in"] == by_source["docs_out"]
        previous_out = stage["docs_out"]
    assert report["stages"][-1]["docs_out"] == report["totals"]["docs_kept"] > 0
    assert report["skipped_records"] == {"non_html_payload": 5, "bad_gzip_member": 2, "undecodable_bytes": 1}
    assert report["totals"]["records_skipped"] == 8


def test_tokens_are_counted_with_the_run_tokenizer(run, report):
    tokenizer = Tokenizer.from_file(str(run / "tokenizer" / "tokenizer.json"))
    kept = [doc["text"] for source in ("finance", "general") for doc in documents(run / "curated" / source)]
    expected = sum(len(e.ids) for e in tokenizer.encode_batch(kept, add_special_tokens=False))
    assert report["token_unit"] == "tokens"
    assert report["totals"]["tokens_kept"] == report["stages"][-1]["tokens_out"] == expected
    extract = next(stage for stage in report["stages"] if stage["name"] == "extract")
    assert report["kept_token_fraction"] == round(expected / extract["tokens_out"], 6)
    # before extraction a document's text is HTML: it counts no tokens
    assert extract["tokens_in"] == extract["tokens_out"] == report["stages"][0]["tokens_in"]


def test_samples_are_capped_cover_every_reason_and_have_the_right_fate(run, report):
    cap = report["samples_per_step"]
    dropped_ids = {}
    for step in STEPS:
        for source in ("finance", "general"):
            for doc in documents(run / "rejected" / step / source):
                dropped_ids[doc["id"]] = (STEPS.index(step), doc["metadata"]["filter_reason"])
    for index, stage in enumerate(report["stages"]):
        samples = report["samples"][stage["name"]]
        assert len(samples["dropped"]) <= cap and len(samples["kept"]) <= cap
        if len(stage["dropped"]) <= cap:
            assert {s["reason"] for s in samples["dropped"]} == set(stage["dropped"])
        for sample in samples["dropped"]:
            assert dropped_ids[sample["id"]] == (index, sample["reason"])
        for sample in samples["kept"]:  # passed this step: dropped later or kept
            assert dropped_ids.get(sample["id"], (len(STEPS),))[0] > index
    assert len(report["samples"]["kept"]["kept"]) == cap
    assert all(len(s["text"]) <= report["sample_text_chars"] for s in report["samples"]["kept"]["kept"])


@pytest.mark.parametrize("cluster_ids", [False, True], ids=["cluster-sizes-only", "cluster-ids"])
def test_near_duplicate_pairs_show_the_kept_document_they_duplicate(tmp_path, cluster_ids):
    root = make_run(tmp_path / "run", docs_per_source=300, cluster_ids=cluster_ids)
    truth = {
        doc["id"]: doc["metadata"]["fixture_duplicate_of"]
        for source in ("finance", "general")
        for doc in documents(root / "rejected" / "minhash_dedup" / source)
    }
    report = collect_report(RunDir(root))
    pairs = report["near_duplicates"]
    assert pairs and len(pairs) == min(len(truth), 20)
    for pair in pairs:
        assert pair["kept"]["id"] == truth[pair["dropped"]["id"]]
        assert 0.5 < pair["similarity"] < 1
        assert pair["matched_by"] == ("cluster_id" if cluster_ids else "similarity")
    sizes = report["distributions"]["near_dup_cluster_sizes"]
    assert (
        sum(n * size for n, size in zip(sizes["series"]["clusters"][:4], (2, 3, 4, 5), strict=True))
        <= len(truth) * 2
    )
    assert sizes["total"] == len(set(truth.values()))


def test_counts_that_do_not_add_up_are_a_bug(tmp_path):
    root = make_run(tmp_path / "run", docs_per_source=60)
    path = root / "logs" / "curate" / "pipeline.json"
    stats = json.loads(path.read_text())
    stats["counts"]["finance"]["language"]["out"] += 1
    path.write_text(json.dumps(stats))
    with pytest.raises(ReportConsistencyError, match="'finance', step 'language'"):
        collect_report(RunDir(root))


def test_a_lost_rejected_file_is_a_bug(tmp_path):
    root = make_run(tmp_path / "run", docs_per_source=200)
    next((root / "rejected" / "language" / "general").glob("*.jsonl.gz")).unlink()
    with pytest.raises(ReportConsistencyError, match="rejected/language/general/ holds"):
        collect_report(RunDir(root))


def test_an_uncurated_run_is_a_user_error(tmp_path):
    with pytest.raises(DaptError, match="run directory not found"):
        build_report(tmp_path / "nowhere")
    (tmp_path / "run").mkdir()
    with pytest.raises(DaptError, match=r"pipeline.json: not found; run `dapt curate`"):
        build_report(tmp_path / "run")


def test_a_malformed_document_file_names_the_file_and_line(tmp_path):
    root = make_run(tmp_path / "run", docs_per_source=60)
    path = sorted((root / "curated" / "finance").glob("*.jsonl.gz"))[0]
    lines = gzip.decompress(path.read_bytes()).splitlines(keepends=True)
    lines.insert(1, b'{"text": "cut short\n')
    path.write_bytes(gzip.compress(b"".join(lines)))
    with pytest.raises(DaptError, match=rf"{path.name}:2: not valid JSON"):
        collect_report(RunDir(root))


def test_without_a_tokenizer_the_report_counts_words(tmp_path):
    root = make_run(tmp_path / "run", docs_per_source=60)
    report = collect_report(RunDir(root))
    kept = [doc["text"] for source in ("finance", "general") for doc in documents(root / "curated" / source)]
    assert report["token_unit"] == "words"
    assert report["totals"]["tokens_kept"] == sum(len(text.split()) for text in kept)


def test_comparison_finds_the_documents_a_higher_domain_threshold_drops(tmp_path):
    loose = make_run(tmp_path / "loose", docs_per_source=300, domain_threshold=0.5)
    strict = make_run(tmp_path / "strict", docs_per_source=300, domain_threshold=0.7)
    report = build_report(loose, compare=strict)
    comparison = report["comparison"]

    def kept_ids(root: Path) -> set[str]:
        return {
            doc["id"] for source in ("finance", "general") for doc in documents(root / "curated" / source)
        }

    lost = kept_ids(loose) - kept_ids(strict)
    moved = comparison["moved"]
    assert moved["kept_to_dropped"] == len(lost) > 0
    assert moved["dropped_to_kept"] == len(kept_ids(strict) - kept_ids(loose)) == 0
    assert moved["only_in_this_run"] == moved["only_in_other_run"] == 0
    to_domain = next(t for t in moved["transitions"] if (t["from"], t["to"]) == ("kept", "domain"))
    assert to_domain["reasons"] == {"domain_score_below_threshold": to_domain["documents"]}
    samples = next(s for s in moved["samples"] if (s["from"], s["to"]) == ("kept", "domain"))["documents"]
    assert samples and all(0.5 <= s["signals"]["domain_score"] < 0.7 for s in samples)
    assert {"key": "curate.domain.threshold", "this": 0.5, "other": 0.7} in comparison["config_changes"]
    domain = next(row for row in comparison["stages"] if row["name"] == "domain")
    assert domain["delta_docs_out"] == domain["other"]["docs_out"] - domain["this"]["docs_out"] < 0
    # the comparison goes beside the run's own report, which stays as it was
    stored = json.loads((loose / "report" / "compare-strict.json").read_text())
    assert stored["comparison"]["moved"]["kept_to_dropped"] == len(lost)
    assert "comparison" not in json.loads(RunDir(loose).report_json.read_text())
    assert 'id="comparison"' not in RunDir(loose).report_html.read_text()
    assert "kept_to_dropped" in (loose / "report" / "compare-strict.html").read_text()


def test_terminal_summary_shows_the_funnel(report, capsys):
    console = Console(record=True, width=140)
    print_summary(report, console=console)
    text = console.export_text()
    for stage in report["stages"]:
        assert stage["name"] in text
        assert f"{stage['docs_out']:,}" in text
    assert f"kept {report['totals']['docs_kept']:,} of {report['totals']['docs_read']:,} documents" in text
    assert "skipped records: 8" in text


def test_dapt_report_command_prints_the_summary(run, capsys):
    from pipeline.cli import main

    assert main(["report", str(run)]) == 0
    out = capsys.readouterr().out
    assert "Curation funnel" in out and "minhash_dedup" in out
    assert main(["report", str(run / "missing")]) == 2


def wandb_log_payload(path: Path) -> bytes:
    """The records of an offline `.wandb` file (a LevelDB log: 32 KiB blocks of records, each with a
    7-byte header, split across blocks when long) joined, so that strings in them can be found."""
    data, block, pos, payload = path.read_bytes(), 32768, 7, bytearray()
    while pos + 7 <= len(data):
        space = block - pos % block
        length, kind = int.from_bytes(data[pos + 4 : pos + 6], "little"), data[pos + 6]
        if space < 7 or (length == 0 and kind == 0):  # block trailer or padding
            pos += space
            continue
        payload += data[pos + 7 : pos + 7 + length]
        pos += 7 + length
    return bytes(payload)


def test_tracking_logs_the_funnel_and_the_html_to_wandb_offline(tmp_path):
    root = make_run(tmp_path / "run", docs_per_source=80, wandb_mode="offline")
    report = build_report(root)
    runs = list((root / "wandb").glob("offline-run-*"))
    assert len(runs) == 1
    funnel_file = next((runs[0] / "files" / "media" / "table" / "report").glob("funnel_*.table.json"))
    funnel = json.loads(funnel_file.read_text())
    assert [row[0] for row in funnel["data"]] == STEPS
    assert [row[2] for row in funnel["data"]] == [stage["docs_out"] for stage in report["stages"]]
    log_file = next(runs[0].glob("run-*.wandb"))
    deadline = time.monotonic() + 20  # wandb-core may still be writing the last records
    while b"run-data-report" not in (records := wandb_log_payload(log_file)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert b"run-data-report" in records  # the artifact with report.html and report.json
    assert b"report/kept_token_fraction" in records

    build_report(root)  # a second report of the run resumes the same W&B run
    folders = sorted((root / "wandb").glob("offline-run-*"))
    run_id = json.loads((root / "report" / "wandb.json").read_text())["id"]
    # wandb adds "-1" to the folder name when both reports start within the same second
    same_run = re.compile(rf"offline-run-\d{{8}}_\d{{6}}-{run_id}(-\d+)?")
    assert len(folders) == 2 and all(same_run.fullmatch(folder.name) for folder in folders)


def test_tracking_disabled_logs_nothing(run):
    assert not (run / "wandb").exists()


def test_reasons_in_samples_match_the_step_counts(report):
    for stage in report["stages"]:
        reasons = Counter(s["reason"] for s in report["samples"][stage["name"]]["dropped"])
        assert set(reasons) <= set(stage["dropped"])


def test_the_planned_mix_warns_about_a_source_repeated_many_times(tmp_path, caplog):
    from pipeline.train.data import MAX_EPOCHS, mix_epochs, repetition_warnings

    assert mix_epochs({"fin": 1000, "gen": 100}, {"fin": 0.8, "gen": 0.2}, 2000) == {"fin": 1.6, "gen": 4.0}
    assert repetition_warnings({"fin": 1.6, "gen": MAX_EPOCHS}) == []
    (warning,) = repetition_warnings({"fin": 1.6, "gen": 56.0})
    assert "'gen' 56.0 times" in warning

    root = make_run(tmp_path / "run", docs_per_source=80, tokenizer=True)
    stats_path = root / "logs" / "curate" / "pipeline.json"
    stats = json.loads(stats_path.read_text())
    tokens = stats["tokens"] = {"finance": 50_000, "general": 5_000}  # in the token shards
    # half of the steps on the general source: enough of them to read its tokens ten times over
    per_step = 8 * 256  # the default micro-batch and sequence length, one process
    steps = int(10 * tokens["general"] / (0.5 * per_step)) + 1
    mix = {"finance": 0.5, "general": 0.5}
    stats["config"]["train"].update(mix=mix, max_steps=steps, eval_tokens=0)
    stats_path.write_text(json.dumps(stats))
    report = build_report(root)
    plan = report["mix_plan"]
    assert plan["train_tokens"] == steps * per_step and plan["epochs"]["general"] > 10
    assert any("'general'" in w for w in plan["warnings"]) and "repeats source 'general'" in caplog.text
    assert json.loads(RunDir(root).report_json.read_text())["mix_plan"]["warnings"] == plan["warnings"]


def test_domain_scores_per_source_with_the_runs_threshold(run, report):
    """Each domain source's score histogram, with the threshold line the run used; sources that
    are not domain-filtered have no series."""
    chart = report["distributions"]["domain_score_by_source"]
    assert list(chart["series"]) == ["finance"]
    scored = [
        doc["metadata"]["domain_score"]
        for path in (run / "curated" / "finance", run / "rejected" / "domain" / "finance")
        for doc in documents(path)
    ]
    assert sum(chart["series"]["finance"]) >= len(scored) > 0
    assert chart["threshold"] == report["distributions"]["domain_score"]["threshold"] == 0.5
    assert "domain_score_by_source" in (run / "report" / "report.html").read_text()

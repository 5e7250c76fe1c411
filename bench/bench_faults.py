"""Fault script: `dapt curate` on hostile and broken inputs, one run per case; prints per case the
exit code, the peak RSS, the documents written to curated/ and those report.json says were kept,
and the skips counted (or the error's last line).

    nice .venv/bin/python bench/bench_faults.py [--cases bomb,jsonl_bad_utf8,...] [--baseline DIR]
                                                [--kill-above-mb 2000] [--data ../shared/data]

Each case runs in a fresh process with every filter off (the reader and the counts are what is
measured) on one task. `--baseline DIR` runs the same cases with DIR's code (e.g. /work/main) for a
before/after table. A watchdog kills a run whose process tree passes --kill-above-mb (the machine
is shared): such a run shows exit code -9 and "killed". Peak RSS is the largest process's
(`ru_maxrss` of the waited-for descendants).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
PAGE = "<html><head><title>{0}</title></head><body><p>Page {0}: rates, bonds and earnings.</p></body></html>"
ALL_OFF = {
    "executor": {"tasks": 1, "workers": 1},
    "url": {"enabled": False},
    "language": {"enabled": False},
    "quality": {"gopher_repetition": False, "gopher_quality": False, "c4": False, "fineweb": False},
    "domain": {"enabled": False},
    "toxicity": {"enabled": False},
    "pii": {"enabled": False},
    "dedup": {"exact": False, "url": False, "minhash": {"enabled": False}},
}


# ----------------------------------------------------------------------------------- inputs
def gzip_bomb(mib: int) -> bytes:
    """A gzip stream of `mib` MiB of HTML-ish text, from one compressed MiB repeated."""
    block = (b"<p>" + b"a" * 1021) * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    size = (mib * len(block)) & 0xFFFFFFFF
    trailer = crc.to_bytes(4, "little") + size.to_bytes(4, "little")
    return (
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        + first
        + repeated * (mib - 1)
        + compressor.flush()
        + trailer
    )


def write_warc(path: Path, bodies: list[tuple[bytes, list[tuple[str, str]]]], gzipped: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for i, (body, headers) in enumerate(bodies):
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            url = f"https://example.com/{i}"
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            )


def html_pages(n: int) -> list[tuple[bytes, list[tuple[str, str]]]]:
    return [(PAGE.format(i).encode(), [("Content-Type", "text/html")]) for i in range(n)]


def jsonl_lines(n: int) -> list[bytes]:
    return [
        json.dumps({"id": str(i), "text": f"Document {i} on rates and bonds. " * 10}).encode()
        for i in range(n)
    ]


def case_bomb(folder: Path) -> dict:
    """1 GiB of text, gzip Content-Encoding, in a ~5 KB .warc.gz; then 10 normal pages."""
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    write_warc(folder / "bomb.warc.gz", [(gzip_bomb(1024), headers), *html_pages(10)])
    return {"format": "warc", "paths": [str(folder / "bomb.warc.gz")]}


def case_jsonl_bad_utf8(folder: Path) -> dict:
    """1,000 documents, line 98 in Latin-1 (datatrove's reader lost the 902 after it)."""
    lines = jsonl_lines(1000)
    lines[97] = b'{"id": "97", "text": "caf\xe9 cr\xe8me"}'
    (folder / "docs.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return {"format": "jsonl", "paths": [str(folder / "docs.jsonl")]}


def case_jsonl_mixed(folder: Path) -> dict:
    """1,000 lines: 10 each of bad JSON, a JSON array, no text field, empty text."""
    lines = jsonl_lines(1000)
    for i in range(10):
        lines[i * 90 + 1] = b'{"id": "cut", "text": '
        lines[i * 90 + 2] = b"[1, 2, 3]"
        lines[i * 90 + 3] = b'{"id": "x", "body": "no text key"}'
        lines[i * 90 + 4] = b'{"id": "y", "text": ""}'
    (folder / "docs.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return {"format": "jsonl", "paths": [str(folder / "docs.jsonl")]}


def case_jsonl_gz_truncated(folder: Path) -> dict:
    data = gzip.compress(b"\n".join(jsonl_lines(1000)) + b"\n")
    (folder / "docs.jsonl.gz").write_bytes(data[: len(data) // 2])
    return {"format": "jsonl", "paths": [str(folder / "docs.jsonl.gz")]}


def case_binary_named_jsonl(folder: Path) -> dict:
    """1 MB of random bytes named .jsonl, beside a good file of 100 documents."""
    (folder / "binary.jsonl").write_bytes(random.Random(0).randbytes(1 << 20))
    (folder / "good.jsonl").write_bytes(b"\n".join(jsonl_lines(100)) + b"\n")
    return {"format": "jsonl", "paths": [str(folder)]}


def case_jsonl_huge_line(folder: Path) -> dict:
    """One 512 MB line (no newline inside) between two documents."""
    with open(folder / "docs.jsonl", "wb") as f:
        f.write(jsonl_lines(1)[0] + b'\n{"text": "')
        chunk = b"x" * (1 << 20)
        for _ in range(512):
            f.write(chunk)
        f.write(b'"}\n' + jsonl_lines(2)[1] + b"\n")
    return {"format": "jsonl", "paths": [str(folder / "docs.jsonl")]}


def case_content_length_overrun(folder: Path) -> dict:
    """20 pages, uncompressed; page 5's Content-Length 2,000 bytes too long."""
    write_warc(folder / "pages.warc", html_pages(20), gzipped=False)
    data = (folder / "pages.warc").read_bytes()
    start = 0
    for _ in range(6):
        start = data.index(b"WARC/1.", start + 1)
    at = data.index(b"Content-Length: ", start) + len(b"Content-Length: ")
    end = data.index(b"\r\n", at)
    (folder / "pages.warc").write_bytes(data[:at] + str(int(data[at:end]) + 2000).encode() + data[end:])
    return {"format": "warc", "paths": [str(folder / "pages.warc")]}


def case_truncated_real_warc(folder: Path, data: Path) -> dict:
    """../shared/data's real-pages WARC (640 pages), its last 3 KB cut off."""
    real = data / "web" / "real-pages" / "real_pages_constructed.warc.gz"
    content = real.read_bytes()
    (folder / "real-truncated.warc.gz").write_bytes(content[:-3000])
    return {"format": "warc", "paths": [str(folder / "real-truncated.warc.gz")]}


def case_parquet_without_text(folder: Path) -> dict:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["a", "b"], "content": ["x", "y"]}), folder / "part.parquet")
    return {"format": "parquet", "paths": [str(folder / "part.parquet")]}


def case_empty_folder(folder: Path) -> dict:
    (folder / "empty").mkdir()
    return {"format": "warc", "paths": [str(folder / "empty")]}


CASES: dict[str, Callable[..., dict]] = {
    "bomb": case_bomb,
    "jsonl_bad_utf8": case_jsonl_bad_utf8,
    "jsonl_mixed": case_jsonl_mixed,
    "jsonl_gz_truncated": case_jsonl_gz_truncated,
    "binary_named_jsonl": case_binary_named_jsonl,
    "jsonl_huge_line": case_jsonl_huge_line,
    "content_length_overrun": case_content_length_overrun,
    "truncated_real_warc": case_truncated_real_warc,
    "parquet_without_text": case_parquet_without_text,
    "empty_folder": case_empty_folder,
}


# ----------------------------------------------------------------------------------- running
MEASURE = """
import resource, subprocess, sys, tempfile, time
import psutil
limit = int(sys.argv[1]) << 20
log = tempfile.TemporaryFile()
process = subprocess.Popen(sys.argv[2:], stdout=log, stderr=log)
killed = False
def tree():
    try:
        parent = psutil.Process(process.pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return []
while process.poll() is None:
    processes = tree()
    try:
        rss = sum(p.memory_info().rss for p in processes)
    except psutil.Error:
        rss = 0
    if rss > limit:
        killed = True
        for p in reversed(processes):
            p.kill()
    time.sleep(0.02)
log.seek(0)
sys.stderr.write(log.read().decode(errors="replace"))
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print("RESULT", process.returncode, peak_mb, int(killed))
"""


def run_case(name: str, code: Path, work: Path, data: Path, kill_above_mb: int) -> dict:
    folder = work / name
    folder.mkdir(parents=True)
    maker = CASES[name]
    source = maker(folder, data) if name == "truncated_real_warc" else maker(folder)
    config = {
        "run": {"name": name, "output_dir": str(folder / "run"), "seed": 0},
        "sources": [{"name": "input", "role": "general", **source}],
        "curate": ALL_OFF,
        "tokenizer": {"train": {"algorithm": "bpe", "vocab_size": 512}},
        "tracking": {"wandb": {"mode": "disabled"}},
    }
    (folder / "config.yaml").write_text(yaml.safe_dump(config))
    command = [sys.executable, "-m", "pipeline.cli", "-q", "curate", str(folder / "config.yaml")]
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1", "HF_HUB_OFFLINE": "1"}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(kill_above_mb), *command],
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
    )
    wall = time.monotonic() - started
    returncode, rss_mb, killed = (int(x) for x in done.stdout.rsplit("RESULT", 1)[1].split())
    report_path = folder / "run" / "report" / "report.json"
    result = {
        "case": name,
        "exit": returncode,
        "peak_rss_mb": rss_mb,
        "killed": bool(killed),
        "wall_s": round(wall, 1),
    }
    result["docs_written"] = 0
    for path in (folder / "run" / "curated" / "input").glob("*.jsonl.gz"):
        with gzip.open(path) as f:
            result["docs_written"] += sum(1 for _ in f)
    if returncode == 0 and report_path.is_file():
        report = json.loads(report_path.read_text())
        result["report_docs_kept"] = report["totals"]["docs_kept"]
        result["skipped"] = report["skipped_records"]
    else:
        errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
        last = errors or done.stderr.strip().splitlines() or [""]
        result["error"] = last[-1].strip()[:200]
    return result


def table(results: list[dict], title: str) -> str:
    lines = [
        f"{title}",
        "| case | exit | peak RSS (MB) | docs written | report.json: docs kept | counted skips / error |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        if r["killed"]:
            outcome = f"killed by the watchdog above {r['limit_mb']} MB"
        elif "skipped" in r:
            outcome = ", ".join(f"{k} {v:,}" for k, v in r["skipped"].items()) or "none"
        else:
            outcome = r.get("error", "")
        reported = f"{r['report_docs_kept']:,}" if "report_docs_kept" in r else "—"
        cells = [r["case"], r["exit"], f"{r['peak_rss_mb']:,}", f"{r['docs_written']:,}", reported, outcome]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated, from: " + ", ".join(CASES))
    parser.add_argument("--baseline", type=Path, help="another checkout to run the same cases with")
    parser.add_argument("--kill-above-mb", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    names = args.cases.split(",")
    unknown = sorted(set(names) - set(CASES))
    if unknown:
        parser.error(f"unknown case(s) {unknown}")
    if "truncated_real_warc" in names and not (args.data / "web" / "real-pages").is_dir():
        print(f"{args.data}: no real-pages WARC, skipping truncated_real_warc")
        names.remove("truncated_real_warc")
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    results = {}
    for label, code in [
        ("dapt (this checkout)", REPO),
        *([("baseline", args.baseline)] if args.baseline else []),
    ]:
        with tempfile.TemporaryDirectory(prefix="dapt-faults-") as work:
            rows = []
            for name in names:
                row = run_case(name, code.resolve(), Path(work), args.data, args.kill_above_mb)
                row["limit_mb"] = args.kill_above_mb
                print(json.dumps(row), flush=True)
                rows.append(row)
        results[label] = rows
        print(table(rows, f"\n{label}: {code}"))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

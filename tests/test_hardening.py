"""Hostile and broken inputs to curation: bounded memory, every lost record counted (per file too),
counts from what was written, one writer per run directory, no orphaned workers, clear errors."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zlib
from collections import Counter
from pathlib import Path

import pytest
import yaml
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from filters.readers import SkipRecord, WebArchiveReader, decode_body
from pipeline.config import SourceConfig, load_config
from pipeline.curate import run_curate
from pipeline.curate.steps import reader_for
from pipeline.errors import DaptError
from pipeline.rundir import RunDir

REPO = Path(__file__).resolve().parent.parent
PAGE = "<html><head><title>{0}</title></head><body><p>Page number {0} of the test.</p></body></html>"
ALL_OFF = {
    "url": {"enabled": False},
    "language": {"enabled": False},
    "quality": {"gopher_repetition": False, "gopher_quality": False, "c4": False, "fineweb": False},
    "domain": {"enabled": False},
    "toxicity": {"enabled": False},
    "pii": {"enabled": False},
    "dedup": {"exact": False, "url": False, "minhash": {"enabled": False}},
}


# ----------------------------------------------------------------------------------- helpers
def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}


def gzip_bomb(mib: int, chunk: bytes = b"<p>" + b"a" * 1021) -> bytes:
    """A gzip stream of `mib` MiB of text, built from one compressed MiB repeated (fast)."""
    block = chunk * ((1 << 20) // len(chunk))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = (crc & 0xFFFFFFFF).to_bytes(4, "little") + ((mib * len(block)) & 0xFFFFFFFF).to_bytes(
        4, "little"
    )
    return header + first + repeated * (mib - 1) + compressor.flush() + trailer


def response(writer: WARCWriter, url: str, body: bytes, headers: list[tuple[str, str]]):
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)


def write_pages(path: Path, n: int, gzipped: bool) -> None:
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for i in range(n):
            body = PAGE.format(i).encode()
            writer.write_record(
                response(writer, f"https://example.com/{i}", body, [("Content-Type", "text/html")])
            )


def read_stats(reader) -> Counter:
    return Counter({key: value.total for key, value in reader.stats.stats.items()})


def peak_rss_mb_of(code: str, *args: str) -> tuple[int, str]:
    """Run `code` in a child Python; (its peak RSS in MB, its stdout)."""
    # VmHWM, not ru_maxrss: exec carries the forking process's peak into ru_maxrss (a large pytest
    # process would be measured instead of the child)
    script = code + (
        "\nhwm = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]"
        "\nprint('RSS', hwm // 1024)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env(), timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rss = int(done.stdout.rsplit("RSS", 1)[1])
    return rss, done.stdout


def write_config(path: Path, output: Path, sources: list[dict], name: str = "test", **curate) -> Path:
    config = {
        "run": {"name": name, "output_dir": str(output), "seed": 1},
        "sources": sources,
        "curate": {"executor": {"tasks": 1, "workers": 1}, **ALL_OFF, **curate},
        "tokenizer": {"train": {"algorithm": "bpe", "vocab_size": 512}},
        "tracking": {"wandb": {"mode": "disabled"}},
    }
    path.write_text(yaml.safe_dump(config))
    return path


# ----------------------------------------------------------------------------------- memory bombs
READ_ONE = """
import sys
from filters.readers import WebArchiveReader
reader = WebArchiveReader(sys.argv[1], glob_pattern=sys.argv[2])
docs = list(reader.run())
print("DOCS", len(docs), "TOO_LARGE", reader.stats.stats["skipped_too_large"].total)
"""


def test_a_gzip_bomb_in_a_warc_is_skipped_with_bounded_memory(tmp_path):
    """256 MiB of text in a few KB of .warc.gz (gzip Content-Encoding inside a gzip member): the
    reader stops at curate.max_decoded_bytes (32 MB) and counts it; the next page is still read."""
    path = tmp_path / "bomb.warc.gz"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
        writer.write_record(response(writer, "https://bomb.example/", gzip_bomb(256), headers))
        ok = gzip.compress(PAGE.format("after").encode())
        writer.write_record(response(writer, "https://ok.example/", ok, headers))
    assert path.stat().st_size < 20_000
    rss, out = peak_rss_mb_of(READ_ONE, str(tmp_path), path.name)
    assert "DOCS 1 TOO_LARGE 1" in out
    assert rss < 200, f"peak RSS {rss} MB reading a 256 MiB gzip bomb"


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "zstd", "gzip, gzip", "br, zstd"])
def test_every_content_encoding_is_inflated_within_the_limit(coding):
    import brotli
    import zstandard

    text = b"<html><body>" + b"finance " * 200_000 + b"</body></html>"  # 1.6 MB
    encoders = {
        "gzip": gzip.compress,
        "deflate": zlib.compress,
        "br": brotli.compress,
        "zstd": zstandard.ZstdCompressor().compress,
    }
    body = text
    for name in [c.strip() for c in coding.split(",")]:
        body = encoders[name](body)
    assert decode_body(body, {"content-encoding": coding}, max_bytes=2 << 20) == text
    with pytest.raises(SkipRecord, match="too_large"):
        decode_body(body, {"content-encoding": coding}, max_bytes=1 << 20)


def test_a_mislabelled_or_broken_body_keeps_what_decodes():
    """A body that is not in the encoding its header names is taken as it is (servers mislabel);
    one cut midway keeps what decoded before the cut."""
    text = b"<html><body>" + " ".join(map(str, range(50_000))).encode() + b"</body></html>"
    assert decode_body(text, {"content-encoding": "gzip"}) == text
    encoded = gzip.compress(text)
    cut = decode_body(encoded[: len(encoded) // 2], {"content-encoding": "gzip"})
    assert 0 < len(cut) < len(text) and text.startswith(cut)


# ----------------------------------------------------------------------------------- JSONL, Parquet
def test_jsonl_loses_only_the_bad_lines_and_counts_each(tmp_path):
    """datatrove's JsonlReader dropped the rest of the file at one non-UTF-8 line (902 of 1,000)."""
    lines = [json.dumps({"id": str(i), "text": f"document {i}"}).encode() for i in range(1000)]
    lines[98] = b'{"id": "98", "text": "caf\xe9"}'  # Latin-1, not UTF-8
    lines[200] = b'{"id": "200", "text": '  # cut JSON
    lines[300] = b"[1, 2, 3]"
    lines[400] = b'{"id": "400", "body": "no text key"}'
    lines[500] = b'{"id": "500", "text": ""}'
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "docs.jsonl").write_bytes(b"\n".join(lines) + b"\n\n")
    source = SourceConfig(name="s", format="jsonl", paths=[str(folder)])
    reader = reader_for(source, RunDir(tmp_path / "run"), tmp_path / "work")
    docs = list(reader.run())
    assert len(docs) == 995
    stats = read_stats(reader)
    assert {k: stats[f"skipped_{k}"] for k in ("bad_utf8", "bad_json", "not_an_object", "no_text")} == {
        "bad_utf8": 1,
        "bad_json": 1,
        "not_an_object": 1,
        "no_text": 2,
    }
    from filters.readers import skips_by_file

    assert skips_by_file(stats) == {
        str(folder / "docs.jsonl"): {"bad_utf8": 1, "bad_json": 1, "not_an_object": 1, "no_text": 2}
    }


def test_a_truncated_jsonl_gz_is_a_counted_skip(tmp_path):
    data = gzip.compress(
        b"".join(json.dumps({"text": f"line {i} " * 50}).encode() + b"\n" for i in range(500))
    )
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    source = SourceConfig(name="s", format="jsonl", paths=[str(tmp_path / "cut.jsonl.gz")])
    reader = reader_for(source, RunDir(tmp_path / "run"), tmp_path / "work")
    docs = list(reader.run())
    assert 0 < len(docs) < 500
    assert read_stats(reader)["skipped_truncated_file"] == 1


def test_parquet_without_the_text_column_names_the_file_and_its_columns(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["a"], "content": ["some text"]}), tmp_path / "part.parquet")
    source = {"name": "p", "format": "parquet", "paths": [str(tmp_path / "part.parquet")]}
    config = load_config(write_config(tmp_path / "c.yaml", tmp_path / "run", [source]))
    with pytest.raises(DaptError, match=r"part\.parquet: no column 'text'.*columns: id, content"):
        run_curate(config)


# ----------------------------------------------------------------------------------- WARC framing
@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "one gzip stream"])
def test_a_content_length_too_long_does_not_swallow_the_next_record(tmp_path, gzipped):
    plain = tmp_path / "pages.warc"
    write_pages(plain, 3, gzipped=False)
    data = plain.read_bytes()
    second = data.index(b"WARC/1.", 10)
    length_at = data.index(b"Content-Length: ", second) + len(b"Content-Length: ")
    end = data.index(b"\r\n", length_at)
    declared = int(data[length_at:end])
    data = data[:length_at] + str(declared + 300).encode() + data[end:]  # runs into the third record
    path = tmp_path / ("bad.warc.gz" if gzipped else "bad.warc")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    plain.unlink()
    reader = WebArchiveReader(str(tmp_path), glob_pattern=path.name)
    docs = list(reader.run())
    assert [d.metadata["url"] for d in docs] == ["https://example.com/0", "https://example.com/2"]
    assert not any("WARC-" in d.text for d in docs)
    assert read_stats(reader)["skipped_bad_content_length"] == 1


# ----------------------------------------------------------------------------------- curation runs
@pytest.fixture(scope="module")
def all_off_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path, Path]:
    """`dapt curate` with every filter off, on 200 JSONL documents and a truncated WARC, run named
    with rich markup."""
    folder = tmp_path_factory.mktemp("all-off")
    with gzip.open(folder / "docs.jsonl.gz", "wt") as f:
        for i in range(200):
            f.write(
                json.dumps({"id": str(i), "text": f"Document {i} talks about markets and rates. " * 20})
                + "\n"
            )
    write_pages(folder / "pages.warc.gz", 4, gzipped=True)
    data = (folder / "pages.warc.gz").read_bytes()
    truncated = folder / "truncated.warc.gz"
    truncated.write_bytes(data[:-60])
    sources = [
        {"name": "docs", "format": "jsonl", "paths": [str(folder / "docs.jsonl.gz")], "role": "general"},
        {"name": "web", "format": "warc", "paths": [str(truncated)]},
    ]
    config = write_config(folder / "c.yaml", folder / "run", sources, name="x[/]y [bold]")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "curate", str(config)],
        capture_output=True,
        text=True,
        env=env(),
        timeout=600,
    )
    return done, folder / "run", truncated


@pytest.mark.slow
def test_with_every_filter_off_the_report_counts_what_was_written(all_off_run):
    done, run, _ = all_off_run
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((run / "report" / "report.json").read_text())
    shard_tokens = sum(path.stat().st_size // 2 for path in (run / "tokens").glob("*/*.ds"))  # uint16
    assert report["totals"]["docs_read"] == 203
    assert report["totals"]["docs_kept"] == 203
    assert report["totals"]["tokens_kept"] > 0
    # the shards add one EOS per document to the text's tokens
    assert report["totals"]["tokens_kept"] == shard_tokens - 203
    assert [s["docs_kept"] for s in report["sources"]] == [200, 3]


@pytest.mark.slow
def test_a_run_name_with_rich_markup_is_printed_as_it_is(all_off_run):
    done, _, _ = all_off_run
    assert done.returncode == 0, done.stderr[-3000:]
    assert "x[/]y [bold]" in done.stdout


@pytest.mark.slow
def test_a_truncated_warc_is_named_in_the_skip_counts(all_off_run):
    done, run, truncated = all_off_run
    report = json.loads((run / "report" / "report.json").read_text())
    assert report["skipped_records_by_file"] == {str(truncated): {"truncated_record": 1}}
    assert f"{truncated}: truncated_record 1" in done.stdout
    html = (run / "report" / "report.html").read_text()
    assert f"<code>{truncated}</code></td><td>truncated_record 1" in html


@pytest.mark.slow
def test_inputs_that_yield_no_documents_say_which_and_why(tmp_path):
    (tmp_path / "bad.jsonl").write_bytes(b"\xff\xfe not utf-8\n[1, 2]\n")
    source = {"name": "broken", "format": "jsonl", "paths": [str(tmp_path / "bad.jsonl")]}
    config = load_config(write_config(tmp_path / "c.yaml", tmp_path / "run", [source]))
    with pytest.raises(DaptError) as error:
        run_curate(config)
    message = str(error.value)
    assert "yielded no documents" in message and "run `dapt curate`" not in message
    assert "broken" in message and "bad.jsonl" in message
    assert "bad_utf8 1" in message and "not_an_object 1" in message


def test_an_empty_input_folder_is_reported_before_any_work(tmp_path):
    """Before training the domain classifier, and leaving nothing that blocks the next run."""
    empty = tmp_path / "empty"
    empty.mkdir()
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("\n".join(f"finance text number {i} about rates" for i in range(50)))
    source = {"name": "web", "format": "warc", "paths": [str(empty)]}
    domain = {"enabled": True, "positive": [str(seeds)], "negative": [str(seeds)]}
    config = load_config(write_config(tmp_path / "c.yaml", tmp_path / "run", [source], domain=domain))
    with pytest.raises(DaptError, match=rf"source 'web': no input file in {empty}"):
        run_curate(config)
    assert not (tmp_path / "run" / "work").exists()
    assert not (tmp_path / "run" / "config.yaml").exists()


def test_force_refuses_a_curated_folder_that_is_a_symlink(tmp_path):
    (tmp_path / "docs.jsonl").write_text(json.dumps({"text": "hello"}) + "\n")
    source = {"name": "s", "format": "jsonl", "paths": [str(tmp_path / "docs.jsonl")]}
    config = load_config(write_config(tmp_path / "c.yaml", tmp_path / "run", [source]))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "s").mkdir(parents=True)
    (elsewhere / "s" / "keep.jsonl.gz").write_bytes(b"")
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "curated").symlink_to(elsewhere)
    with pytest.raises(DaptError, match="symbolic link"):
        run_curate(config, force=True)
    assert (elsewhere / "s" / "keep.jsonl.gz").exists()


# ----------------------------------------------------------------------------------- processes
HOLD_LOCK = """
import sys, time
from pipeline.rundir import run_lock
with run_lock(sys.argv[1], "curate"):
    print("locked", flush=True)
    time.sleep(600)
"""


def test_a_second_writer_of_a_run_directory_exits_2_naming_the_holder(tmp_path):
    (tmp_path / "docs.jsonl").write_text(json.dumps({"text": "hello"}) + "\n")
    source = {"name": "s", "format": "jsonl", "paths": [str(tmp_path / "docs.jsonl")]}
    config = write_config(tmp_path / "c.yaml", tmp_path / "run", [source])
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / "run")], stdout=subprocess.PIPE, text=True, env=env()
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        for command in (["curate"], ["train"], ["crawl"], ["tokenizer", "train"]):
            done = subprocess.run(
                [sys.executable, "-m", "pipeline.cli", *command, str(config)],
                capture_output=True,
                text=True,
                env=env(),
                timeout=300,
            )
            assert done.returncode == 2, (command, done.stderr[-2000:])
            assert f"in use by another dapt process (PID {holder.pid}, dapt curate)" in done.stderr
        launched = subprocess.run(  # what `accelerate launch -m pipeline.train` runs on rank 0
            [sys.executable, "-m", "pipeline.train", str(config)], capture_output=True, text=True, env=env()
        )
        assert launched.returncode == 2 and f"PID {holder.pid}" in launched.stderr
    finally:
        holder.kill()
        holder.wait()
    from pipeline.rundir import run_lock

    with run_lock(tmp_path / "run", "curate"):  # a killed holder leaves no stale lock
        pass


SLEEPING_STAGE = """
import sys, time
from pipeline.config import load_config
from pipeline.curate.executors import run_stage
from pipeline.curate.stages import Stage
from pipeline.rundir import RunDir

def sleep(data, rank, world_size):
    time.sleep(600)
    yield from data or []

config = load_config(sys.argv[1])
run_stage(config, RunDir(config.run.output_dir), Stage("s", "sleep", [sleep], tasks=2))
"""


def descendants(pid: int) -> set[int]:
    found, frontier = set(), [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            children = {int(c) for c in task.read_text().split()}
            frontier += children - found
            found |= children
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_curation_workers_die_with_a_killed_parent(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(
        yaml.safe_dump(
            {"run": {"output_dir": str(tmp_path / "run")}, "curate": {"executor": {"tasks": 2, "workers": 2}}}
        )
    )
    parent = subprocess.Popen([sys.executable, "-c", SLEEPING_STAGE, str(config)], env=env())
    children: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(children) < 3 and time.monotonic() < deadline:  # the manager and two workers
            time.sleep(0.2)
            children = descendants(parent.pid)
        assert len(children) >= 3, children
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(map(alive, children)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in children if alive(pid)]
    finally:
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


# ----------------------------------------------------------------------------------- report viewer
VIEWER = """
const fs = require("fs");
const created = [];
function element(tag) {
  const node = { tagName: tag, childNodes: [], dataset: {}, addEventListener() {},
    appendChild(child) { this.childNodes.push(child); return child; } };
  created.push(node);
  return node;
}
const byId = {};
global.document = {
  getElementById: (id) =>
    id === "viewer-data" ? { textContent: process.argv[3] } : (byId[id] ||= element("div")),
  createElement: element, querySelectorAll: () => [], addEventListener() {},
};
eval(fs.readFileSync(process.argv[2], "utf8"));
console.log(JSON.stringify({
  links: created.filter((n) => n.tagName === "a").map((n) => n.href),
  shown: created.filter((n) => n.tagName === "span").map((n) => n.textContent),
}));
"""


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.com/a", True),
        ("javascript:alert(document.cookie)", False),
        ("data:text/html,x", False),
    ],
)
def test_the_report_viewer_links_only_http_urls(tmp_path, url, linked):
    import shutil

    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    doc = {
        "id": "1",
        "fate": "dropped",
        "reason": "r",
        "text": "t",
        "url": url,
        "source": "s",
        "tokens": 1,
        "chars": 1,
    }
    data = {"groups": [{"section": "url", "label": "dropped", "total": 1, "docs": [doc]}]}
    script = tmp_path / "viewer.js"
    script.write_text(textwrap.dedent(VIEWER))
    done = subprocess.run(
        ["node", str(script), str(REPO / "pipeline" / "report" / "report.js"), json.dumps(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["links"] == ([url] if linked else [])
    assert linked or url in result["shown"]

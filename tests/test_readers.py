"""Web archive readers on generated archives (malformed ones included) and on the real data."""

from __future__ import annotations

import gzip
import io
import os
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from filters.readers import HtmlFolderReader, WebArchiveReader, decode_html

PAGE = "<html><head><title>{title}</title></head><body><p>{body}</p></body></html>"


def http_response(writer: WARCWriter, url: str, body: bytes, headers: list[tuple[str, str]], status="200 OK"):
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)


def write_warc(path: Path, pages: list[tuple[str, str]], gzipped: bool = True) -> list[str]:
    """A WARC of request + HTML response records, one per (url, html); returns the record ids."""
    ids = []
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for url, html in pages:
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            )
            record = http_response(
                writer, url, html.encode("utf-8"), [("Content-Type", "text/html; charset=utf-8")]
            )
            writer.write_record(record)
            ids.append(record.rec_headers.get_header("WARC-Record-ID"))
    return ids


def read_all(path: Path, rank: int = 0, world_size: int = 1) -> tuple[list, Counter]:
    reader = WebArchiveReader(str(path.parent), glob_pattern=path.name)
    docs = list(reader.run(rank=rank, world_size=world_size))
    stats = Counter({key: value.total for key, value in reader.stats.stats.items()})
    return docs, stats


def test_reads_html_responses_with_record_ids(tmp_path):
    path = tmp_path / "ok.warc.gz"
    ids = write_warc(
        path, [(f"https://example.com/{i}", PAGE.format(title=i, body=f"page {i}")) for i in range(3)]
    )
    docs, stats = read_all(path)
    assert [d.id for d in docs] == ids
    assert docs[0].metadata["url"] == "https://example.com/0"
    assert docs[0].metadata["content_type"] == "text/html"
    assert "page 0" in docs[0].text
    assert stats["ignored_request"] == 3 and stats["ignored_warcinfo"] == 0


def test_skips_and_counts_what_is_not_a_document(tmp_path):
    path = tmp_path / "mixed.warc"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=False)
        write = writer.write_record
        write(
            http_response(
                writer,
                "https://a.com/img",
                b"\x89PNG\r\n\x1a\n" + os.urandom(64),
                [("Content-Type", "image/png")],
            )
        )
        write(
            http_response(
                writer,
                "https://a.com/404",
                b"<html>gone</html>",
                [("Content-Type", "text/html")],
                "404 Not Found",
            )
        )
        write(
            http_response(writer, "https://a.com/old", b"", [("Location", "https://a.com/new")], "301 Moved")
        )
        write(
            http_response(
                writer, "https://a.com/bin", os.urandom(4000), [("Content-Type", "text/html; charset=utf-8")]
            )
        )
        write(http_response(writer, "https://a.com/ok", PAGE.format(title="t", body="fine").encode(), []))
    docs, stats = read_all(path)
    assert [d.metadata["url"] for d in docs] == ["https://a.com/ok"]  # no Content-Type: sniffed as HTML
    assert stats["skipped_non_html"] == 1
    assert stats["skipped_http_error_status"] == 1
    assert stats["skipped_http_redirect"] == 1
    assert stats["skipped_undecodable"] == 1


def test_sniffs_the_charset_when_headers_lack_it(tmp_path):
    html = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 cr\xe8me \u2013 10 \u20ac</p>'
    html += "</body></html>"
    path = tmp_path / "charset.warc.gz"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        writer.write_record(
            http_response(writer, "https://a.com/", html.encode("cp1252"), [("Content-Type", "text/html")])
        )
    docs, _ = read_all(path)
    assert "Café crème – 10 €" in docs[0].text
    assert decode_html("Grüße".encode())[0] == "Grüße"  # no declaration: UTF-8 first


def test_bad_gzip_member_is_skipped_and_reading_goes_on(tmp_path):
    good = tmp_path / "good.warc.gz"
    write_warc(good, [(f"https://b.com/{i}", PAGE.format(title=i, body=f"text {i}")) for i in range(3)])
    data = good.read_bytes()
    members = [i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)]
    # corrupt the deflate data of the 4th member (request, response, request, RESPONSE 1, ...)
    start = members[3]
    broken = bytearray(data)
    broken[start + 30 : start + 60] = b"\xff" * 30
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(bytes(broken))
    docs, stats = read_all(path)
    assert [d.metadata["url"] for d in docs] == ["https://b.com/0", "https://b.com/2"]
    assert stats["skipped_bad_gzip_member"] == 1


@pytest.mark.parametrize("gzipped", [False, True])
def test_truncated_last_record_is_skipped(tmp_path, gzipped):
    full = tmp_path / ("full.warc.gz" if gzipped else "full.warc")
    write_warc(
        full,
        [
            (
                f"https://c.com/{i}",
                PAGE.format(title=i, body=" ".join(os.urandom(4).hex() for _ in range(400))),
            )
            for i in range(2)
        ],
        gzipped,
    )
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(full.read_bytes()[:-900])
    docs, stats = read_all(path)
    assert [d.metadata["url"] for d in docs] == ["https://c.com/0"]
    assert stats["skipped_truncated_record"] + stats["skipped_bad_gzip_member"] == 1


def test_merged_headers_and_null_date_are_repaired(tmp_path):
    """A Wayback-style record: HTTP headers merged into the WARC headers, `WARC-Date: null`."""
    html = PAGE.format(title="wayback", body="archived text").encode()
    record = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: null\r\n"
        b"WARC-Target-URI: http://web.archive.org/web/2011/http://d.com/\r\n"
        b"X-Archive-Orig-Server: IIS\r\nWARC-Record-ID: <urn:uuid:0b0e6e62-8e39-4d8b-9c49-0e9d1c0a7a11>\r\n"
        b"Content-Type: text/html; charset=utf-8\r\nContent-Length: "
        + str(len(html) + 2).encode()
        + b"\r\n\r\n"
        b"\r\n" + html + b"\r\n\r\n"
    )
    path = tmp_path / "wayback.warc.gz"
    path.write_bytes(gzip.compress(record))
    docs, stats = read_all(path)
    assert len(docs) == 1 and "archived text" in docs[0].text
    assert docs[0].metadata["date"] is None
    assert docs[0].id == "<urn:uuid:0b0e6e62-8e39-4d8b-9c49-0e9d1c0a7a11>"
    assert stats["repaired_warc_date_null"] == 1 and stats["repaired_missing_http_headers"] == 1


def test_arc_file_whose_records_are_not_followed_by_newlines(tmp_path):
    """Like the 2008 Common Crawl ARC files: the file header record has no trailing newline."""

    def arc_record(url: str, body: bytes) -> bytes:
        http = b"HTTP/1.1 200 OK\r\nContent-Type:text/html; charset=utf-8\r\n\r\n" + body
        return f"{url} 10.0.0.1 20080509190241 text/html {len(http)}\n".encode() + http

    header_body = b"1 0 CommonCrawl\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = f"filedesc://x.arc.gz 0.0.0.0 20080619093439 text/plain {len(header_body)}\n".encode() + header_body
    arc += arc_record("http://e.com/1", PAGE.format(title=1, body="first").encode()) + b"\n"
    arc += arc_record("http://e.com/2", PAGE.format(title=2, body="second").encode()) + b"\n"
    path = tmp_path / "old.arc"
    path.write_bytes(arc)
    docs, _ = read_all(path)
    assert [d.metadata["url"] for d in docs] == ["http://e.com/1", "http://e.com/2"]
    again, _ = read_all(path)
    assert [d.id for d in docs] == [d.id for d in again]  # ARC ids are stable across reads


def test_wet_conversion_records_are_text(tmp_path):
    path = tmp_path / "x.warc.wet.gz"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        text = b"Plain extracted text.\nSecond line."
        writer.write_record(
            writer.create_warc_record("https://f.com/", "conversion", payload=io.BytesIO(text))
        )
    docs, _ = read_all(path)
    assert (
        docs[0].text.startswith("Plain extracted text.") and docs[0].metadata["content_type"] == "text/plain"
    )


def test_a_file_that_is_not_an_archive_is_skipped(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    docs, stats = read_all(path)
    assert docs == [] and stats["skipped_not_an_archive"] == 1


@pytest.mark.parametrize("layout", ["gzip per record", "plain", "one gzip stream", "a broken member"])
@pytest.mark.parametrize("tasks", [2, 3])
def test_one_file_split_between_tasks_reads_each_record_once(tmp_path, layout, tasks):
    """Tasks of one big archive: together exactly the documents and counts of a single task, each
    with a fair share (by bytes; by record for a single gzip stream, which has no byte offsets)."""
    big = tmp_path / "big.warc"
    sizes = [200, 9000, 300, 300, 8000, 250, 400, 7000, 350]  # uneven pages, as real crawls are
    pages = [(f"https://g.com/{i}", PAGE.format(title=i, body="w " * n)) for i, n in enumerate(sizes)]
    write_warc(big, pages, gzipped=layout != "plain")
    if layout == "one gzip stream":
        big.write_bytes(gzip.compress(gzip.decompress(big.read_bytes())))
    if layout == "a broken member":
        data = bytearray(big.read_bytes())
        members = [i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)]
        data[members[7] + 30 : members[7] + 60] = b"\xff" * 30  # the 4th response
        big.write_bytes(bytes(data))
    whole_docs, whole_stats = read_all(big)
    parts = [read_all(big, rank, tasks) for rank in range(tasks)]

    ids = [d.id for docs, _ in parts for d in docs]
    assert sorted(ids) == sorted(d.id for d in whole_docs) and len(set(ids)) == len(ids)
    counts = sum((stats for _, stats in parts), Counter())
    ours = ("skipped_", "ignored_", "repaired_")
    assert {k: v for k, v in counts.items() if k.startswith(ours)} == {
        k: v for k, v in whole_stats.items() if k.startswith(ours)
    }
    text = [sum(len(d.text) for d in docs) for docs, _ in parts]
    if layout == "one gzip stream":
        lengths = [len(docs) for docs, _ in parts]
        assert max(lengths) - min(lengths) <= 1
    else:
        assert min(text) > 0.2 * sum(text)  # by bytes: no task is left (almost) idle


def test_html_folder_reader(tmp_path):
    (tmp_path / "a.html").write_text(PAGE.format(title="a", body="alpha"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html.gz").write_bytes(gzip.compress(PAGE.format(title="b", body="beta").encode()))
    (tmp_path / "notes.txt").write_text("not html")
    reader = HtmlFolderReader(str(tmp_path))
    docs = sorted(reader.run(), key=lambda d: d.id)
    assert [d.id for d in docs] == ["a.html", "sub/b.html.gz"]
    assert "beta" in docs[1].text and docs[1].metadata["url"].startswith("file://")


def test_every_real_web_archive_passes_through(shared_data):
    """All of ../shared/data/web (malformed/ included): no crash, every skip counted."""
    web = shared_data / "web"
    reader = WebArchiveReader(str(web))
    docs = list(reader.run())
    stats = Counter({key: value.total for key, value in reader.stats.stats.items()})
    by_file = Counter(d.metadata["file_path"].split("/web/")[1].split("/")[0] for d in docs)
    assert by_file["real-pages"] == 640
    assert by_file["malformed"] >= 250  # 2008/2010 ARC files and the Wayback WARC
    assert stats["repaired_warc_date_null"] == 128
    assert len({d.id for d in docs}) == len(docs)
    assert stats["skipped_not_an_archive"] >= 1  # LICENSE files, JSONL, the manifest


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "hf"])
def test_text_sources(tmp_path, fmt):
    """JSONL, Parquet and a local Hugging Face dataset folder, read through the source config."""
    import datasets

    from pipeline.config import SourceConfig
    from pipeline.curate.steps import reader_for
    from pipeline.rundir import RunDir

    rows = {"doc_id": ["a", "b"], "body": ["first text", "second text"], "url": ["https://x.org/a", None]}
    folder = tmp_path / "data"
    folder.mkdir()
    table = datasets.Dataset.from_dict(rows)
    if fmt == "parquet":
        table.to_parquet(str(folder / "part.parquet"))
    else:
        table.to_json(str(folder / "part.jsonl"))
    paths = [str(folder)] if fmt == "hf" else [str(folder / "*")]
    source = SourceConfig(name="s", format=fmt, paths=paths, text_key="body", id_key="doc_id")
    reader = reader_for(source, RunDir(tmp_path / "run"), tmp_path / "work")
    docs = sorted(reader.run(), key=lambda d: d.id)
    assert [(d.id, d.text) for d in docs] == [("a", "first text"), ("b", "second text")]
    assert docs[0].metadata["url"] == "https://x.org/a"


def test_a_book_is_cut_into_parts_that_url_dedup_keeps_apart(tmp_path):
    """`format: text` cuts a book at paragraph breaks into ~1,000-word parts; each part has its own
    id and URL, so URL dedup (which keeps one document per URL) keeps every part."""
    from pipeline.config import SourceConfig
    from pipeline.curate.stages import document_url
    from pipeline.curate.steps import reader_for
    from pipeline.rundir import RunDir

    book = tmp_path / "book.txt"
    book.write_text("\n\n".join(f"Chapter {i}. " + "word " * 400 for i in range(9)))
    source = SourceConfig(name="books", format="text", paths=[str(book)])
    docs = list(reader_for(source, RunDir(tmp_path / "run"), tmp_path / "work").run())
    assert len(docs) == 3 and all(len(d.text.split()) >= 1000 for d in docs)
    assert len({d.id for d in docs}) == len({document_url(d) for d in docs}) == 3
    assert all(document_url(d).startswith("file://") for d in docs)

"""Readers for web archives (WARC, WET, ARC; gzipped or not), folders of HTML files and JSONL.

Fills a gap in datatrove: its WarcReader stops at the first malformed record (or drops records
without saying why), mis-parses records whose HTTP headers were merged into the WARC headers, and
does not read ARC files. These readers use warcio record by record, parse the HTTP envelope
themselves, resynchronize after a broken record (next gzip member, next `WARC/` or ARC header
line), and count every record they do not turn into a document by reason through
`stat_update("skipped_<reason>")`; recoverable oddities are kept and counted as
`repaired_<reason>`, records that are not documents (requests, metadata...) as `ignored_<type>`.
Every skip is also counted per input file (`file_skipped:<reason>:<path>`, see `skip_stat`).

Memory stays bounded whatever the input: a record, an HTML file, a JSONL line and a decoded HTTP
body larger than `max_bytes` are skipped (`skipped_too_large`), and compressed bodies are inflated
with a bounded output size (pipeline/content_encoding.py, shared with the crawler: a few KB of
gzip can hold GBs of text).

datatrove's JsonlReader drops the rest of a file at its first non-UTF-8 line, and skips bad JSON
and text-less lines with one warning: JsonlDocumentReader decodes line by line and counts each
line it loses.
"""

from __future__ import annotations

import gzip
import io
import itertools
import os
import re
import uuid
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

from datatrove.data import DocumentsPipeline
from datatrove.io import get_shard_from_paths_file
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.utils.logging import logger
from warcio.timeutils import timestamp_to_iso_date

from pipeline.content_encoding import BoundedDecoder, ContentDecodingError

HTML_TYPES = ("text/html", "application/xhtml+xml")
DOCUMENT_RECORDS = ("response", "conversion")  # HTTP responses (WARC, ARC) and WET text
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_RECORD_START = re.compile(
    rb"(?:^|\n)(WARC/\d+\.\d+\r?\n|[a-z]+://\S+ \S+ \d{14} \S+ \d+\r?\n)"
)  # a WARC version line or an ARC v1 header line (url ip date mime length)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html|<head|<body|<title|<div|<p[\s>]|<table", re.IGNORECASE)
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}
_MAX_REPLACEMENT_FRACTION = 0.01
_NEXT_WARC_HEADER = re.compile(rb"\nWARC/1\.[01]\r?\n[A-Za-z-]+:")  # a record inside a record's block
MAX_BYTES = 32 << 20  # curate.max_decoded_bytes's default
FILE_SKIPPED = "file_skipped:"  # stat key prefix of the per-file skip counts


def skip_stat(reason: str, filepath: str) -> str:
    """The stat key counting `reason` skips in one input file."""
    return f"{FILE_SKIPPED}{reason}:{filepath}"


def skips_by_file(stats: dict[str, float]) -> dict[str, dict[str, int]]:
    """{file: {reason: n}} from a reader's stats (the inverse of `skip_stat`)."""
    by_file: dict[str, Counter] = {}
    for key, value in stats.items():
        if key.startswith(FILE_SKIPPED) and value:
            reason, _, path = key.removeprefix(FILE_SKIPPED).partition(":")
            by_file.setdefault(path, Counter())[reason] += int(value)
    return {path: dict(reasons) for path, reasons in sorted(by_file.items())}


class RecordOverrun(Exception):
    """A record's Content-Length runs into the next record: the reader resynchronizes on it."""


class SkipRecord(Exception):
    """A record that cannot become a document; `reason` names why (a stat label)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ----------------------------------------------------------------------------------- decoding
def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _WHATWG_ALIASES.get(name, name)
    try:
        return io.TextIOWrapper(io.BytesIO(), encoding=name).encoding
    except LookupError:
        return None


def charset_of(content_type: str | None) -> str | None:
    """The `charset=` parameter of a Content-Type header value."""
    if content_type:
        for part in content_type.split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset":
                return value
    return None


def decode_html(payload: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode an HTML payload: declared charset, BOM, <meta charset>, UTF-8, then a detected one.

    Returns (text, encoding); raises SkipRecord("undecodable") when nothing decodes cleanly.
    """
    from resiliparse.parse.encoding import detect_encoding

    if payload.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8"]
    else:
        meta = _META_CHARSET.search(payload[:4096])
        candidates = [declared, meta and meta.group(1).decode("ascii", "ignore"), "utf-8"]
    candidates.append(detect_encoding(payload[:65536]))
    tried = []
    for name in candidates:
        codec = _codec(name)
        if codec is None or codec in tried:
            continue
        tried.append(codec)
        try:
            return payload.decode(codec), codec
        except UnicodeDecodeError:
            continue
    # nothing decodes strictly: accept the best guess when only a few bytes are broken
    codec = tried[-1] if tried else "utf-8"
    text = payload.decode(codec, errors="replace")
    if text.count("\ufffd") <= _MAX_REPLACEMENT_FRACTION * max(len(text), 1):
        return text, codec
    raise SkipRecord("undecodable")


def looks_like_html(payload: bytes) -> bool:
    return bool(_HTML_SNIFF.search(payload[:2048]))


# ----------------------------------------------------------------------------------- HTTP envelope
def split_http(block: bytes) -> tuple[int, dict[str, str], bytes] | None:
    """Split a response block into (status, headers with lower-case names, body); None if the
    block does not start with an HTTP status line."""
    if not block.lstrip()[:5].upper().startswith(b"HTTP/"):
        return None
    block = block.lstrip()
    match = re.search(rb"\r?\n\r?\n", block)
    head, body = (block[: match.start()], block[match.end() :]) if match else (block, b"")
    lines = head.decode("iso-8859-1").splitlines()
    parts = lines[0].split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return status, headers, body


def decode_body(body: bytes, headers: dict[str, str], max_bytes: int = MAX_BYTES) -> bytes:
    """Undo chunked transfer encoding and the content encodings (gzip, deflate, br, zstd, stacked),
    never holding more than `max_bytes` of output: SkipRecord("too_large") beyond it. As warcio's
    readers do, a body that does not decode from its first bytes is taken as not encoded (servers
    mislabel bodies), and one that breaks midway keeps what decoded before."""
    if "chunked" in (headers.get("transfer-encoding") or "").lower():
        from warcio.bufferedreaders import ChunkedDataReader

        body = ChunkedDataReader(io.BytesIO(body)).read()  # no larger than the record
    decoder = BoundedDecoder(headers.get("content-encoding") or "")
    if decoder.layers:
        decoded = bytearray()
        try:
            for piece in itertools.chain(decoder.feed(body), decoder.finish()):
                decoded += piece
                if len(decoded) > max_bytes:
                    raise SkipRecord("too_large")
        except ContentDecodingError:
            pass
        body = bytes(decoded) if decoded else body
    if len(body) > max_bytes:
        raise SkipRecord("too_large")
    return body


def read_bounded(f, max_bytes: int) -> bytes:
    """All of `f`, or SkipRecord("too_large") after reading `max_bytes` + 1 bytes of it."""
    data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SkipRecord("too_large")
    return data


# ----------------------------------------------------------------------------------- archives
def _find_next_record(f, start: int, gzipped: bool) -> int | None:
    """Offset of the next gzip member (or WARC/ARC record header) at or after `start`."""
    block_size, overlap = 1 << 20, 256
    pos = start
    while True:
        f.seek(pos)
        chunk = f.read(block_size)
        if not chunk:
            return None
        if gzipped:
            at = chunk.find(_GZIP_MAGIC)
            if at >= 0:
                return pos + at
        else:
            match = _RECORD_START.search(chunk, 1 if pos == start else 0)
            if match:
                return pos + match.start(1)
        if len(chunk) < block_size:
            return None
        pos += block_size - overlap


def _gzip_member_per_record(f, probe: int = 4 << 20) -> bool:
    """Whether a gzipped archive is record-per-member (seekable, the WARC norm): its first member
    ends within the first `probe` bytes and another one follows (a file that is one member is
    read as a single stream: it may hold many records)."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        decompressor.decompress(f.read(probe), 1 << 20)  # output bounded: a member may be a bomb
        while decompressor.unconsumed_tail and not decompressor.eof:
            decompressor.decompress(decompressor.unconsumed_tail, 1 << 20)
        return decompressor.eof and bool(decompressor.unused_data or f.read(1))
    except zlib.error:
        return True  # a broken first member: member-wise reading skips it
    finally:
        f.seek(0)


def _starts_like_an_archive(f) -> bool:
    """The first line is a WARC version line or an ARC header line."""
    from warcio.bufferedreaders import DecompressingBufferedReader

    try:
        first = DecompressingBufferedReader(f).readline(4096).lstrip()
    except (OSError, EOFError, zlib.error):
        return True  # let the record loop count the broken member
    finally:
        f.seek(0)
    return bool(_RECORD_START.match(b"\n" + first))


class _TolerantArchiveIterator:
    """warcio's ArchiveIterator, tolerant of a record not followed by blank lines (common in real
    ARC files): warcio drops the next line, i.e. the next record's header; this keeps it."""

    def __new__(cls, *args, **kwargs):
        from warcio.archiveiterator import ArchiveIterator

        class Tolerant(ArchiveIterator):
            def _consume_blanklines(self):
                empty_size = 0
                while True:
                    line = self.reader.readline()
                    if not line or line.strip():
                        return line or None, empty_size
                    empty_size += len(line)

        return Tolerant(*args, **kwargs)


def _failure_reason(exc: BaseException, f, offset: int, gzipped: bool) -> str:
    """Why the record at `offset` broke: its gzip member does not inflate, or its bytes do not
    parse (warcio reads a member it cannot inflate as raw bytes, so look at the member itself)."""
    if isinstance(exc, RecordOverrun):
        return "bad_content_length"
    if isinstance(exc, (zlib.error, EOFError)) or (gzipped and isinstance(exc, OSError)):
        return "bad_gzip_member"
    if gzipped:
        try:
            f.seek(offset)
            zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(f.read(1 << 16), 1 << 20)
        except zlib.error:
            return "bad_gzip_member"
    return "unparseable_record"


class _Part:
    """Which records of one archive a task takes: those starting in its share of the file's bytes
    (every task walks the records from the start, so that all agree on where records begin, and
    stops after its share). A single-stream gzip has no byte offsets of its own: there, task r of n
    takes every n-th record."""

    def __init__(self, f, rank: int, size: int):
        self.rank, self.size, self.number = rank, size, -1
        self.bounds = None
        if size > 1 and not isinstance(f, gzip.GzipFile):
            length = f.seek(0, os.SEEK_END)
            f.seek(0)
            self.bounds = (length * rank // size, length * (rank + 1) // size)

    def past(self, offset: int) -> bool:
        return self.bounds is not None and offset >= self.bounds[1]

    def owns(self, offset: int, document: bool = True) -> bool:
        """Whether the record starting at `offset` is this task's; call once per record, in file
        order. Every n-th counts documents (and broken records) only: requests and responses
        alternate in most WARCs; other records are then the first task's."""
        if self.size == 1:
            return True
        if self.bounds is not None:
            return self.bounds[0] <= offset < self.bounds[1]
        if not document:
            return self.rank == 0
        self.number += 1
        return self.number % self.size == self.rank


class _CountingReader(BaseDiskReader):
    """A disk reader that counts each skipped record by reason, in total and per input file, and
    reads no record (line, file) larger than `max_bytes`."""

    def __init__(self, data_folder, paths_file=None, max_bytes: int = MAX_BYTES, **kwargs):
        super().__init__(data_folder, paths_file, **kwargs)
        self.max_bytes = max_bytes

    def count_skip(self, reason: str, filepath: str) -> None:
        self.stat_update(f"skipped_{reason}", skip_stat(reason, self.data_folder.resolve_paths(filepath)))


class WebArchiveReader(_CountingReader):
    """Read WARC, WET and ARC files (plain or gzipped): one document per HTML response (raw HTML,
    extracted later) or WET conversion record (plain text).

    Document: `text` (HTML or text), `id` (WARC-Record-ID; for ARC a stable id from file and
    offset), metadata `url`, `date`, `content_type` ("text/html" or "text/plain").
    """

    name = "🕸 Web archive"
    _requires_dependencies = ["warcio", "resiliparse"]

    def __init__(self, data_folder, paths_file=None, **kwargs):
        super().__init__(data_folder, paths_file, **kwargs)
        self._record_shard = (0, 1)  # (rank, world_size) over the records of each file

    def run(self, data: DocumentsPipeline = None, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Shard by file when there are at least as many files as tasks, else within each file: task
        r of n takes the records that start in the r-th n-th of the file's bytes (one big WARC still
        uses all tasks, in balanced parts)."""
        if data:
            yield from data
        if self.paths_file:
            files = list(get_shard_from_paths_file(self.paths_file, 0, 1))
        else:
            files = self.data_folder.get_shard(0, 1, recursive=self.recursive, glob_pattern=self.glob_pattern)
        if len(files) >= world_size:
            files, self._record_shard = files[rank::world_size], (0, 1)
        else:
            self._record_shard = (rank, world_size)
        for doc in self.read_files_shard(files):
            self.update_doc_stats(doc)
            yield doc

    def read_file(self, filepath: str) -> DocumentsPipeline:
        with self.data_folder.open(filepath, "rb", compression=None) as f:
            for index, data in enumerate(self.records(f, filepath)):
                with self.track_time():
                    document = self.get_document_from_dict(data, filepath, index)
                if document:
                    yield document

    def records(self, f, filepath: str) -> Iterator[dict]:
        """Documents (as dicts) of this task's records of one open archive, resynchronizing after
        broken records (each counted by the task whose part of the file it starts in)."""
        shard_rank, shard_size = self._record_shard
        gzipped = f.read(3) == _GZIP_MAGIC
        f.seek(0)
        if gzipped and not _gzip_member_per_record(f):
            # one gzip stream for the whole file: read it decompressed, resync on record headers
            f, gzipped = gzip.GzipFile(fileobj=f, mode="rb"), False
        if not _starts_like_an_archive(f):
            if shard_rank == 0:
                self.count_skip("not_an_archive", filepath)
                logger.warning(f"{filepath}: not a WARC/WET/ARC file, skipped")
            return
        mine = _Part(f, shard_rank, shard_size)
        position = 0
        while position is not None:
            f.seek(position)
            archive = _TolerantArchiveIterator(f, no_record_parse=True)
            try:
                for record in archive:
                    if mine.past(archive.offset):
                        return
                    if record.rec_type not in DOCUMENT_RECORDS:
                        if mine.owns(archive.offset, document=False):
                            self.stat_update(f"ignored_{record.rec_type}")
                        continue
                    if not mine.owns(archive.offset):
                        continue
                    try:
                        data = self.process_record(record, filepath, archive.offset)
                    except SkipRecord as skip:
                        self.count_skip(skip.reason, filepath)
                        continue
                    yield data
                return
            except Exception as exc:  # a broken record: count it, then find the next one
                reason = _failure_reason(exc, f, archive.offset, gzipped)
                if mine.owns(archive.offset):
                    self.count_skip(reason, filepath)
                    logger.warning(
                        f"{filepath}: skipped a broken record at byte {archive.offset} ({reason}: {exc})"
                    )
                try:
                    position = _find_next_record(f, max(archive.offset, position) + 1, gzipped)
                except (OSError, EOFError, zlib.error):  # the rest of a single gzip stream is corrupt
                    position = None

    def process_record(self, record, filepath: str, offset: int) -> dict:
        """One response or conversion record -> a document dict (SkipRecord if it cannot be one)."""
        declared_length = record.length
        if declared_length is not None and declared_length > self.max_bytes:
            raise SkipRecord("too_large")
        # stream errors here are broken records: the caller resyncs
        block = read_bounded(record.raw_stream, self.max_bytes)
        if record.format != "arc" and _NEXT_WARC_HEADER.search(block):
            raise RecordOverrun(f"Content-Length {declared_length} runs into the next record")
        if declared_length is not None and len(block) < declared_length:
            raise SkipRecord("truncated_record")
        try:
            return self._document(record, block, filepath, offset)
        except SkipRecord:
            raise
        except Exception as exc:  # anything else about one record's bytes: skip it, keep reading
            logger.warning(f"{filepath}: unparseable record at byte {offset}: {exc!r}")
            raise SkipRecord("unparseable_record") from exc

    def _document(self, record, block: bytes, filepath: str, offset: int) -> dict:
        rec_type, headers = record.rec_type, record.rec_headers
        url = headers.get_header("WARC-Target-URI") or headers.get_header("uri")
        date = headers.get_header("WARC-Date")
        if record.format == "arc":
            date = timestamp_to_iso_date(headers.get_header("archive-date") or "") or None
        if date is None or date.strip().lower() in ("null", "none", ""):
            self.stat_update("repaired_warc_date_null")
            date = None
        record_id = headers.get_header("WARC-Record-ID")
        if not record_id:  # ARC records have none: a stable one from the file and offset
            record_id = (
                f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{PurePosixPath(filepath).name}@{offset}')}>"
            )
        if rec_type == "conversion":  # WET: text already extracted
            text = block.decode("utf-8", errors="replace")
            return {"text": text, "id": record_id, "url": url, "date": date, "content_type": "text/plain"}
        payload, content_type = self._http_payload(block, headers)
        if not payload.strip():
            raise SkipRecord("empty_payload")
        html_type = content_type.split(";")[0].strip().lower() if content_type else None
        if html_type not in HTML_TYPES and not (html_type is None and looks_like_html(payload)):
            raise SkipRecord("non_html")
        text, _ = decode_html(payload, charset_of(content_type))
        return {"text": text, "id": record_id, "url": url, "date": date, "content_type": "text/html"}

    def _http_payload(self, block: bytes, headers) -> tuple[bytes, str | None]:
        """The decoded HTTP body and its Content-Type; records with no HTTP envelope whose WARC
        headers say HTML (archives that merged the HTTP headers into the WARC ones) are kept."""
        http = split_http(block)
        if http is None:
            warc_type = headers.get_header("Content-Type") or ""
            if "html" in warc_type.lower() and "application/http" not in warc_type.lower():
                self.stat_update("repaired_missing_http_headers")
                return block.lstrip(b"\r\n"), warc_type
            raise SkipRecord("missing_http_headers")
        status, http_headers, body = http
        if 300 <= status < 400:
            raise SkipRecord("http_redirect")
        if status >= 400 or status < 100:
            raise SkipRecord("http_error_status")
        content_type = http_headers.get("content-type") or headers.get_header("WARC-Identified-Payload-Type")
        return decode_body(body, http_headers, self.max_bytes), content_type


class HtmlFolderReader(_CountingReader):
    """Read a folder of HTML files (.html, .htm, .xhtml, optionally .gz): one document per file,
    `id` = the path relative to the folder, metadata `url` = a file:// URL of it."""

    name = "📂 HTML files"
    _requires_dependencies = ["resiliparse"]

    def read_file(self, filepath: str) -> DocumentsPipeline:
        if not filepath.lower().removesuffix(".gz").endswith(HTML_SUFFIXES):
            self.stat_update("ignored_non_html_file")
            return
        try:
            with self.data_folder.open(filepath, "rb", compression="infer") as f:
                payload = read_bounded(f, self.max_bytes)
            with self.track_time():
                if not payload.strip():
                    raise SkipRecord("empty_payload")
                text, _ = decode_html(payload)
        except (EOFError, OSError, zlib.error):  # a truncated or corrupt .gz
            self.count_skip("truncated_file", filepath)
            return
        except SkipRecord as skip:
            self.count_skip(skip.reason, filepath)
            return
        url = "file://" + self.data_folder.resolve_paths(filepath)
        data = {"text": text, "id": filepath, "url": url, "content_type": "text/html"}
        document = self.get_document_from_dict(data, filepath, 0)
        if document:
            yield document


class JsonlDocumentReader(_CountingReader):
    """Read JSONL(.gz) files line by line: one document per JSON object with a non-empty string
    under `text_key`. A line that is not UTF-8, not JSON, not an object, without text, or over
    `max_bytes` is skipped and counted (`bad_utf8`, `bad_json`, `not_an_object`, `no_text`,
    `too_large`); a truncated or corrupt .gz ends its file with `truncated_file`."""

    name = "🐿 Jsonl"

    def read_file(self, filepath: str) -> DocumentsPipeline:
        with self.data_folder.open(filepath, "rb", compression="infer") as f:
            index = -1
            try:
                while line := f.readline(self.max_bytes + 1):
                    index += 1
                    if len(line) > self.max_bytes and not line.endswith(b"\n"):
                        while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                            pass  # the rest of the over-long line
                        self.count_skip("too_large", filepath)
                        continue
                    if not line.strip():
                        continue
                    try:
                        with self.track_time():
                            document = self.get_document_from_dict(self._parse(line), filepath, index)
                    except SkipRecord as skip:
                        self.count_skip(skip.reason, filepath)
                        continue
                    if document:
                        yield document
            except (EOFError, OSError, zlib.error) as exc:  # a truncated or corrupt .gz
                self.count_skip("truncated_file", filepath)
                logger.warning(f"{filepath}: unreadable after line {index + 1} ({exc}): the rest is skipped")

    def _parse(self, line: bytes) -> dict:
        import orjson

        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise SkipRecord("bad_utf8") from None
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise SkipRecord("bad_json") from None
        if not isinstance(data, dict):
            raise SkipRecord("not_an_object")
        value = data.get(self.text_key)
        if not isinstance(value, str) or not value.strip():
            raise SkipRecord("no_text")
        return data

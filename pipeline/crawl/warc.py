"""The crawl's WARC files: request + response records, rotated by size, written as NAME.partial
and renamed to NAME when closed.

warcio writes every record as its own gzip member, so a partial file cut at a committed offset
is a valid WARC: that is how an interrupted crawl drops the records it had not committed.
"""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from pipeline.crawl.fetcher import Response
from pipeline.errors import DaptError
from pipeline.rundir import fsync_path

# The stored body is decoded, so these headers no longer describe it: renamed as Common Crawl does.
RENAMED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


class WarcArchive:
    def __init__(self, folder: Path, prefix: str, rotate_bytes: int, warcinfo: dict[str, str]):
        self.folder = folder
        self.prefix = prefix
        self.rotate_bytes = rotate_bytes
        self.warcinfo = warcinfo
        self.current: str | None = None
        self._file: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def partial_path(self, name: str) -> Path:
        return self.folder / f"{name}.partial"

    def file_name(self, index: int) -> str:
        return f"{self.prefix}-{index:05d}.warc.gz"

    # ------------------------------------------------------------------ recovery
    def recover(self, name: str, committed_bytes: int) -> str:
        """Bring a file an interrupted crawl left open back to its committed size. Returns "open" (it is
        the current file again), "closed" (it had been renamed already) or "dropped" (nothing committed)."""
        partial = self.partial_path(name)
        if not partial.exists():
            return "closed" if (self.folder / name).exists() else "dropped"
        if partial.stat().st_size < committed_bytes:
            raise DaptError(
                f"{partial} is shorter than its committed {committed_bytes} bytes (disk trouble?): "
                "restart the crawl with --force"
            )
        with open(partial, "r+b") as f:
            f.truncate(committed_bytes)
            os.fsync(f.fileno())
        if committed_bytes == 0:
            partial.unlink()
            return "dropped"
        self._open(name)
        return "open"

    def remove_strays(self, known: set[str]) -> list[Path]:
        """Delete partial files the frontier does not know (created just before a kill: nothing committed)."""
        strays = [p for p in self.folder.glob("*.partial") if p.name.removesuffix(".partial") not in known]
        for path in strays:
            path.unlink()
        return strays

    # ------------------------------------------------------------------ writing
    def open(self, name: str) -> None:
        self.partial_path(name).touch(exist_ok=False)
        self._open(name)

    def _open(self, name: str) -> None:
        self.current = name
        self._file = open(self.partial_path(name), "ab")  # noqa: SIM115 (kept open across batches)
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")

    @property
    def size(self) -> int:
        return self._file.tell() if self._file is not None else 0

    @property
    def full(self) -> bool:
        return self._file is not None and self.size >= self.rotate_bytes

    def write(self, responses: list[Response]) -> list[int]:
        """Append the request and response records of `responses` to the current file and fsync it.
        Returns the offset of each response record."""
        assert self._writer is not None and self._file is not None, "open a file first"
        if self.size == 0:
            info = self._writer.create_warcinfo_record(self.current, self.warcinfo)
            self._writer.write_record(info)
        offsets = []
        for response in responses:
            request_record, response_record = self._records(response)
            self._writer.write_record(request_record)
            offsets.append(self.size)
            self._writer.write_record(response_record)
        self._file.flush()
        os.fsync(self._file.fileno())
        return offsets

    def close(self) -> str | None:
        """Close the current file and give it its final name; returns that name."""
        if self._file is None:
            return None
        name = self.current
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self.partial_path(name), self.folder / name)
        fsync_path(self.folder)
        self._file = self._writer = self.current = None
        return name

    def _records(self, response: Response):
        date = datetime_to_iso_date(
            datetime.datetime.fromtimestamp(response.started_at, datetime.timezone.utc).replace(tzinfo=None),
            use_micros=True,
        )
        headers = [
            (f"X-Crawler-{key}" if key.lower() in RENAMED_HEADERS else key, value)
            for key, value in ((k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw)
        ]
        body = response.body or b""
        headers.append(("Content-Length", str(len(body))))
        warc_headers = {"WARC-Date": date, "WARC-Identified-Payload-Type": response.mime_type}
        if response.ip_address:
            warc_headers["WARC-IP-Address"] = response.ip_address
        if response.truncated:
            warc_headers["WARC-Truncated"] = "length"
        response_record = self._writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            warc_headers_dict=warc_headers,
            http_headers=StatusAndHeaders(
                f"{response.status} {response.reason}", headers, protocol=response.http_version
            ),
        )
        parts = urlsplit(response.url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        request_record = self._writer.create_warc_record(
            response.url,
            "request",
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response_record.rec_headers.get_header("WARC-Record-ID"),
            },
            http_headers=StatusAndHeaders(
                f"GET {target} {response.http_version}", response.request_headers, is_http_request=True
            ),
        )
        return request_record, response_record

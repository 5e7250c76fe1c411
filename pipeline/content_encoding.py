"""Content-Encoding decoded with bounded output: gzip, deflate, br, zstd, stacked in any order;
used by the crawler (bodies as they arrive) and by curation (bodies inside WARC records).

httpx's decoders inflate a whole network chunk in one call: 1.6 KB of brotli is 1 GiB of output
before the size limit is looked at. Here every layer hands on at most PIECE_BYTES per call, and
the caller stops pulling once it has what it keeps: a bomb costs a few MiB, whatever its ratio.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import brotli
import zstandard

PIECE_BYTES = 64 * 1024
# zstd's decompressobj has no output bound, but a block (at most 128 KiB of output) takes at least
# 4 input bytes: fed ZSTD_FEED bytes at a time, one call gives at most 2 MiB
ZSTD_FEED = 64


class ContentDecodingError(Exception):
    """The body is not valid in the Content-Encoding the server named."""


class _Zlib:
    """gzip (one member) or deflate (zlib-wrapped, or raw as some servers send it)."""

    def __init__(self, encoding: str):
        self.raw_fallback = encoding == "deflate"
        self.inflate = zlib.decompressobj(zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            while not self.inflate.eof:
                piece = self.inflate.decompress(data, PIECE_BYTES)
                self.raw_fallback = False
                data = self.inflate.unconsumed_tail
                if piece:
                    yield piece
                if not data and len(piece) < PIECE_BYTES:  # a full piece may leave output inside zlib
                    break
        except zlib.error as exc:
            if not self.raw_fallback:
                raise ContentDecodingError(f"{exc}") from None
            self.raw_fallback = False
            self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            yield from self.feed(data)

    def finish(self) -> Iterator[bytes]:
        yield from ()


class _Brotli:
    def __init__(self, encoding: str):
        self.inflate = brotli.Decompressor()
        self.seen_data = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        self.seen_data = self.seen_data or bool(data)
        try:
            piece = self.inflate.process(data, output_buffer_limit=PIECE_BYTES)
            while piece:  # output held back by the limit comes with empty input, until there is none
                yield piece
                piece = self.inflate.process(b"", output_buffer_limit=PIECE_BYTES)
        except brotli.error as exc:
            raise ContentDecodingError(f"brotli: {exc}") from None

    def finish(self) -> Iterator[bytes]:
        if self.seen_data and not self.inflate.is_finished():
            raise ContentDecodingError("brotli: the body ends mid-stream")
        yield from ()


class _Zstd:
    def __init__(self, encoding: str):
        self.inflate = zstandard.ZstdDecompressor().decompressobj()
        self.seen_data = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        self.seen_data = self.seen_data or bool(data)
        try:
            for start in range(0, len(data), ZSTD_FEED):
                piece = data[start : start + ZSTD_FEED]
                while piece:
                    output = self.inflate.decompress(piece)
                    if output:
                        yield output
                    piece = self.inflate.unused_data if self.inflate.eof else b""
                    if piece:  # another frame follows
                        self.inflate = zstandard.ZstdDecompressor().decompressobj()
        except zstandard.ZstdError as exc:
            raise ContentDecodingError(f"zstd: {exc}") from None

    def finish(self) -> Iterator[bytes]:
        if self.seen_data and not self.inflate.eof:
            raise ContentDecodingError("zstd: the body ends mid-frame")
        yield from ()


DECODERS = {"gzip": _Zlib, "x-gzip": _Zlib, "deflate": _Zlib, "br": _Brotli, "zstd": _Zstd}
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what we ask for: every one is bounded here


class BoundedDecoder:
    """Decodes a body sent with `content_encoding` (a header value, layers in the order they were
    applied; `identity` and names we do not know are passed through as httpx does)."""

    def __init__(self, content_encoding: str):
        names = [name.strip().lower() for name in content_encoding.split(",")]
        self.layers = [DECODERS[name](name) for name in reversed(names) if name in DECODERS]

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded output of the next raw bytes, lazily, in pieces of at most PIECE_BYTES."""
        return self._through(0, data)

    def finish(self) -> Iterator[bytes]:
        """What the layers still hold at the end of the body; raises if one ends mid-stream."""
        for index, layer in enumerate(self.layers):
            for piece in layer.finish():
                yield from self._through(index + 1, piece)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self.layers):
            yield data
            return
        for piece in self.layers[index].feed(data):
            yield from self._through(index + 1, piece)

"""One GET of one URL, bounded in time and size: the response, or a FetchError saying what went wrong."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

from pipeline.content_encoding import BoundedDecoder, ContentDecodingError
from pipeline.crawl.client import BlockedAddress


@dataclass
class Response:
    """A response as the WARC stores it: the body is decoded (no Content-Encoding left) and cut at the
    size limit (`truncated`); `body` is None when it was not read (not 2xx, or an unwanted type)."""

    url: str
    status: int
    reason: str
    http_version: str
    request_headers: list[tuple[str, str]]
    headers: httpx.Headers
    body: bytes | None
    truncated: bool
    started_at: float  # epoch seconds: the WARC-Date
    elapsed_s: float
    ip_address: str | None

    @property
    def mime_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset":
                return value.strip().strip("\"'") or None
        return None


class FetchError(Exception):
    """No (whole) response: `outcome` names what went wrong, `retryable` whether trying again may help."""

    def __init__(self, outcome: str, message: str, retryable: bool):
        super().__init__(message)
        self.outcome = outcome
        self.retryable = retryable


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int,
    timeout_s: float,
    content_types: set[str] | None,
    follow_redirects: bool = False,
) -> Response:
    """GET `url`; read the body only for 2xx responses of an accepted type (`content_types` None: any)."""
    try:
        return await asyncio.wait_for(
            _get(client, url, max_bytes, content_types, follow_redirects), timeout_s
        )
    except asyncio.TimeoutError:
        raise FetchError("timeout", f"no whole response within {timeout_s:g} s", retryable=True) from None
    except httpx.TimeoutException as exc:
        raise FetchError(
            "timeout", f"{type(exc).__name__}: {exc or 'no bytes in time'}", retryable=True
        ) from None
    except httpx.ConnectError as exc:
        if isinstance(exc.__cause__, BlockedAddress):
            raise FetchError("blocked_address", str(exc), retryable=False) from None
        raise FetchError("network_error", f"ConnectError: {exc}", retryable=True) from None
    except (httpx.DecodingError, ContentDecodingError) as exc:
        raise FetchError("decoding_error", str(exc), retryable=False) from None
    except (httpx.InvalidURL, UnicodeError) as exc:  # queued before URLs were checked; robots.txt redirects
        raise FetchError("invalid_url", f"{type(exc).__name__}: {exc}", retryable=False) from None
    except (httpx.TransportError, httpx.TooManyRedirects) as exc:
        raise FetchError("network_error", f"{type(exc).__name__}: {exc}", retryable=True) from None


async def _get(client, url, max_bytes, content_types, follow_redirects) -> Response:
    started_at, start = time.time(), time.monotonic()
    request = client.build_request("GET", url)
    response = await client.send(request, stream=True, follow_redirects=follow_redirects)
    try:
        result = Response(
            url=str(response.url),
            status=response.status_code,
            reason=response.reason_phrase,
            http_version=response.http_version,
            request_headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],
            headers=response.headers,
            body=None,
            truncated=False,
            started_at=started_at,
            elapsed_s=0.0,
            ip_address=_peer_address(response),
        )
        if 200 <= response.status_code < 300 and (content_types is None or result.mime_type in content_types):
            result.body, result.truncated = await _read_body(response, max_bytes)
        result.elapsed_s = time.monotonic() - start
        return result
    finally:
        await response.aclose()


async def _read_body(response: httpx.Response, max_bytes: int) -> tuple[bytes, bool]:
    """(body decoded and cut at `max_bytes`, whether it was cut): nothing past the limit is inflated."""
    chunks, size = [], 0
    async with contextlib.aclosing(_decoded(response)) as decoded:
        async for chunk in decoded:
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                return b"".join(chunks)[:max_bytes], True
    return b"".join(chunks), False


async def _decoded(response: httpx.Response) -> AsyncIterator[bytes]:
    decoder = BoundedDecoder(",".join(response.headers.get_list("content-encoding")))
    async for raw in response.aiter_raw():
        for chunk in decoder.feed(raw):
            yield chunk
    for chunk in decoder.finish():
        yield chunk


def _peer_address(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    address = stream.get_extra_info("server_addr") if stream is not None else None
    return address[0] if address else None


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds asked by a Retry-After header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

"""The crawler's HTTP client: httpx, our User-Agent, no cookies, and an SSRF guard at connect time."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpcore
import httpx

from pipeline.config import CrawlConfig

DNS_CACHE_S = 300.0


class BlockedAddress(httpcore.ConnectError):
    """The host resolves to an address the crawl must not reach (private, loopback, link-local...)."""


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses; IPv4-mapped IPv6 is judged as the IPv4 it maps."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, refuses it if ANY address is not public, then connects to a checked
    address: the check holds for every connection (redirect targets included) and leaves no window
    for DNS rebinding. TLS still verifies the host name (httpcore passes it as SNI separately)."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private
        self.inner = httpcore.AnyIOBackend()
        self.resolved: dict[str, tuple[float, list[str]]] = {}  # host -> (expiry, addresses)

    async def resolve(self, host: str, timeout: float | None) -> list[str]:
        """The addresses of `host` (an IP literal as is), cached for DNS_CACHE_S."""
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        expiry, addresses = self.resolved.get(host, (0.0, []))
        if expiry > time.monotonic():
            return addresses
        try:
            infos = await asyncio.wait_for(
                asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM), timeout
            )
        except (OSError, asyncio.TimeoutError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        self.resolved[host] = (time.monotonic() + DNS_CACHE_S, addresses)
        return addresses

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = await self.resolve(host, timeout)
        blocked = [a for a in addresses if not is_public_address(a)]
        if blocked and not self.allow_private:
            raise BlockedAddress(f"{host} resolves to non-public address {blocked[0]} (SSRF guard)")
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                return await self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        raise error

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def make_client(config: CrawlConfig) -> httpx.AsyncClient:
    """An httpx client for the crawl: redirects are not followed (the crawler schedules each hop)."""
    limits = httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency)
    ssl_context = httpx.create_ssl_context(trust_env=False)
    transport = httpx.AsyncHTTPTransport(verify=ssl_context, limits=limits, trust_env=False)
    # httpx has no hook on the address it connects to; httpcore's pool takes a network backend that does
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(config.allow_private_addresses),
    )
    timeout = httpx.Timeout(
        connect=config.connect_timeout_s, read=config.read_timeout_s, write=config.read_timeout_s, pool=None
    )
    return httpx.AsyncClient(
        transport=transport,
        headers={"User-Agent": config.user_agent_header},
        timeout=timeout,
        follow_redirects=False,
        max_redirects=5,  # only robots.txt follows redirects in the client (RFC 9309: at least 5)
        trust_env=False,
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),  # keeps no cookie
    )

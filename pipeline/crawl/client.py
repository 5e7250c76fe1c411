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
from pipeline.content_encoding import ACCEPT_ENCODING

DNS_CACHE_S = 300.0


class BlockedAddress(httpcore.ConnectError):
    """The host resolves to an address the crawl must not reach (private, loopback, link-local...)."""


# Special-purpose blocks refused although `is_global` (whose tables vary with the Python version) may
# call them public: IETF protocol assignments (192.0.0.0/24 whole: DS-Lite's 192.0.0.8...), the 6to4
# relay anycast, benchmarking; IPv4-compatible and SIIT-translated IPv6 (not routed), the local-use
# NAT64 prefix, discard-only, IETF protocol assignments (Teredo included), documentation, 6to4,
# SRv6 SIDs, site-local. Only IPv4-mapped and well-known NAT64 addresses may carry a public IPv4.
REFUSED_NETWORKS = [
    ipaddress.ip_network(block)
    for block in (
        "192.0.0.0/24",
        "192.88.99.0/24",
        "198.18.0.0/15",
        "::/96",
        "::ffff:0:0:0/96",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "2002::/16",
        "3fff::/20",
        "5f00::/16",
        "fec0::/10",
    )
]
EMBEDDING_LAST_32_BITS = [
    ipaddress.ip_network(block) for block in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48")
]


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (mapped, compatible, SIIT-translated, NAT64, 6to4,
    Teredo server and client): a connection to it may reach them."""
    if ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    if ip.sixtofour:
        return [ip.sixtofour]
    if ip.teredo:
        return list(ip.teredo)
    if any(ip in net for net in EMBEDDING_LAST_32_BITS):
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses. An IPv6 address that carries an IPv4 one is
    public only if both are (IPv4-mapped `::ffff:a.b.c.d` is judged as the IPv4 address alone)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return is_public_address(str(ip.ipv4_mapped))
        if not all(is_public_address(str(v4)) for v4 in embedded_ipv4(ip)):
            return False
    return ip.is_global and not ip.is_multicast and not any(ip in net for net in REFUSED_NETWORKS)


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
        headers={"User-Agent": config.user_agent_header, "Accept-Encoding": ACCEPT_ENCODING},
        timeout=timeout,
        follow_redirects=False,
        max_redirects=5,  # only robots.txt follows redirects in the client (RFC 9309: at least 5)
        trust_env=False,
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),  # keeps no cookie
    )

"""PII scrubbing: replaces emails, phone numbers, IP addresses, credit-card numbers, US SSNs and IBANs
with typed placeholders (<EMAIL>, <PHONE>, <IP_ADDRESS>, <CREDIT_CARD>, <SSN>, <IBAN>), counting
each type in the stats (`pii_<type>`) and in `doc.metadata["pii"]`.

Fills a gap in datatrove: its PIIFormatter covers only emails and IPv4 addresses, replaces them
with look-alike fake values (so the model learns fake addresses, and nothing says a span was
removed), and counts nothing.

Every pattern is checked beyond its shape, so that finance text (dates, amounts, percentages,
CUSIPs, file numbers, fiscal years, "10-K", table rows of figures) stays untouched: card numbers
pass the Luhn check, an issuer prefix and a card's grouping; SSNs have valid area/group/serial
numbers; IBANs have their country's length and pass mod-97; IPs must be public addresses. Phone
numbers are found by Google's libphonenumber (the `phonenumbers` package): valid numbers of the
configured regions in national form, e.g. "(703)-465-3500" for US, and of any region in
international form ("+44 20 7946 0958"); a document whose URL has a country-code domain also gets
its country's national forms ("(02) 9876 5432" on a .au page). National forms of other regions stay
off by default: their number plans accept rows of figures such as "1,134 439" (AU) or "4 402 - 319
725" (GB).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import phonenumbers
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.typeshelper import StatHints

PII_TYPES = ("email", "phone", "ip", "credit_card", "ssn", "iban")
PLACEHOLDERS = {
    "email": "<EMAIL>",
    "phone": "<PHONE>",
    "ip": "<IP_ADDRESS>",
    "credit_card": "<CREDIT_CARD>",
    "ssn": "<SSN>",
    "iban": "<IBAN>",
}

# A number must not be glued to more digits, letters or number punctuation: "1,234-567-8901" or
# "x408-555-0134" are parts of something else. The test before a number comes right after its
# first character (`\d(?<![\w.,/+-]\d)`, not `(?<![\w.,/+-])\d`): Python's regex engine scans
# for a pattern that starts with a character class several times faster.
_FIRST_DIGIT = r"\d(?<![\w.,/+-]\d)"
_NOT_BEFORE = r"(?![\w/+-]|[.,]\w)"

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}\b"
)

# IBAN: country code, 2 check digits, then the account in groups of 4 (printed form) or unbroken.
_IBAN = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
# Lengths from the SWIFT IBAN registry.
_IBAN_REGISTRY = """
AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29
ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20
LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29
RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20
"""
_IBAN_LENGTHS = {entry[:2]: int(entry[2:]) for entry in _IBAN_REGISTRY.split()}

# Card numbers: 13-19 digits, unbroken or in the groups cards print (4-4-4-4[-1..3], Amex 4-6-5,
# Diners 4-6-4), one kind of separator.
_CARD = re.compile(
    _FIRST_DIGIT
    + r"(?:\d{12,18}|\d{3}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{3}([ -])\d{6}\2\d{4,5})"
    + _NOT_BEFORE
)
# Issuer prefixes and the lengths they issue: Visa 4 (16, 19; 13-digit Visas are long gone, and
# bare 13-digit numbers are common in filings), Mastercard 51-55 and 2221-2720, Amex 34/37 (15),
# Discover 6011/65/644-649, JCB 3528-3589, Diners 300-305/36/38-39, UnionPay 62.
_CARD_BRANDS = (
    (re.compile(r"4"), (16, 19)),
    (re.compile(r"5[1-5]|2(?:2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)"), (16,)),
    (re.compile(r"3[47]"), (15,)),
    (re.compile(r"6011|65|64[4-9]|35(?:2[89]|[3-8])|62"), (16, 17, 18, 19)),
    (re.compile(r"30[0-5]|3[689]"), (14, 15, 16, 17, 18, 19)),
)

_SSN = re.compile(_FIRST_DIGIT + r"\d\d(?<!000|666)(?<!9\d\d)-(?!00)\d{2}-(?!0000)\d{4}" + _NOT_BEFORE)

# IPv4, and IPv6 in full or :: form; both validated by the ipaddress module.
_IPV4 = re.compile(r"\d(?<![\w.]\d)\d{0,2}\.(?:\d{1,3}\.){2}\d{1,3}(?!\w|\.\d)")
_IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4})(?![\w:])"
)


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a card number (digits only)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    """Country length and the ISO 13616 mod-97 check of an IBAN (spaces allowed)."""
    iban = candidate.replace(" ", "")
    if _IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _card_valid(candidate: str) -> bool:
    digits = re.sub(r"[ -]", "", candidate)
    lengths = next((lengths for prefix, lengths in _CARD_BRANDS if prefix.match(digits)), ())
    if len(digits) not in lengths or not luhn_valid(digits):
        return False
    groups = [len(group) for group in re.split(r"[ -]", candidate)]
    return len(groups) == 1 or (groups == [4, 6, 5]) == (len(digits) == 15)


def _public_ip(candidate: str) -> bool:
    try:
        return ipaddress.ip_address(candidate).is_global
    except ValueError:
        return False


def _public_ipv6(candidate: str) -> bool:
    # at least three groups: "B::" in uuencoded data is a valid address, not an IP in text
    return len(re.findall(r"[0-9A-Fa-f]+", candidate)) >= 3 and _public_ip(candidate)


# phonenumbers' matcher is pure Python, ~10x slower than all the patterns here over a whole filing:
# it reads only windows around runs of at least 7 digits with phone punctuation between them.
_PHONE_RUN = re.compile(r"[+(]?\d[\d \xa0().\-/\u2010-\u2015]{5,}\d")
_PHONE_CONTEXT = 30  # characters either side of a run: room for "ext. 12" and the matcher's checks
# Some national plans (DE) accept 12.03.2019, which is a date: a match holding a date is left alone.
_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}([./-])\d{1,2}\1(?:19|20)\d\d|(?:19|20)\d\d([./-])\d{1,2}\2\d{1,2})(?!\d)"
)


def _phone_windows(text: str) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for run in _PHONE_RUN.finditer(text):
        if sum(char.isdigit() for char in run.group(0)) < 7:
            continue
        start, end = max(0, run.start() - _PHONE_CONTEXT), min(len(text), run.end() + _PHONE_CONTEXT)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _standalone(text: str, start: int, end: int) -> bool:
    """Whether a number the matcher found stands alone, as a written phone number does: not glued to
    words or other figures ("1,640 617 147 2,404", "KB-2022-003240"), no date inside, and (unless
    written with +) no one-digit group but a leading 1 or a trailing switchboard "-0" ("303 (2) 301 280")."""
    before, raw = text[start - 1 : start], text[start:end]
    if before.isalnum() or before in (",", ".") or (before == "-" and text[start - 2 : start - 1].isalnum()):
        return False
    if text[end : end + 1].isalnum() or (
        text[end : end + 1] in (",", ".") and text[end + 1 : end + 2].isdigit()
    ):
        return False
    if _DATE.search(raw):
        return False
    groups = re.findall(r"\d+", raw)
    if raw.startswith("+") or len(groups) < 2:
        return True
    return all(len(g) > 1 for g in groups[1:-1]) and (len(groups[-1]) > 1 or raw[-2] == "-")


def replace_phones(text: str, regions: Iterable[str]) -> tuple[str, int]:
    """Replace the valid phone numbers (libphonenumber's VALID leniency) of `regions` with <PHONE>."""
    spans: list[tuple[int, int]] = []
    for start, end in _phone_windows(text):
        window = text[start:end]
        for region in regions:
            matcher = phonenumbers.PhoneNumberMatcher(window, region, phonenumbers.Leniency.VALID)
            spans += [
                (start + match.start, start + match.end)
                for match in matcher
                if _standalone(text, start + match.start, start + match.end)
            ]
    pieces: list[str] = []
    done = 0
    for start, end in sorted(spans):
        if start >= done:
            pieces += [text[done:start], PLACEHOLDERS["phone"]]
            done = end
    if not pieces:
        return text, 0
    pieces.append(text[done:])
    return "".join(pieces), len(pieces) // 2


def url_region(url: str | None) -> str | None:
    """The phone region of a URL's country-code domain ("example.com.au" -> "AU"), if it has one."""
    host = urlsplit(url).hostname if url else None
    code = host.rsplit(".", 1)[-1].upper() if host else ""
    code = "GB" if code == "UK" else code
    return code if len(code) == 2 and code in phonenumbers.SUPPORTED_REGIONS else None


# In order: longer and stricter shapes first, so that a card number or an IP address ("93.184.216.34")
# is not taken for a phone, nor "+81 158-23-2012" for an SSN (phones run between them, see
# PiiScrubber.scrub). The slow IPv6
# pattern runs only where a cheap necessary test (a gate: a regex starting with a literal, which
# Python's engine finds fast) matches.
_BEFORE_PHONES: tuple[tuple[str, re.Pattern, Callable[[str], bool] | None, re.Pattern | None], ...] = (
    ("email", _EMAIL, None, re.compile("@")),
    ("iban", _IBAN, iban_valid, None),
    ("credit_card", _CARD, _card_valid, None),
    ("ip", _IPV6, _public_ipv6, re.compile(r":[0-9A-Fa-f]{0,4}:")),
    ("ip", _IPV4, _public_ip, None),
)
_AFTER_PHONES: tuple[tuple[str, re.Pattern, Callable[[str], bool] | None, re.Pattern | None], ...] = (
    ("ssn", _SSN, None, None),
)


def _replace_valid(
    text: str, pattern: re.Pattern, is_valid: Callable[[str], bool] | None, placeholder: str
) -> tuple[str, int]:
    """Replace the valid matches of `pattern`. Unlike re.sub, a match that fails validation is not
    skipped whole: the search resumes one character later, so that in "2025 4111 1111 1111 1111"
    the card number after the year is still found."""
    pieces: list[str] = []
    done = position = 0
    while (match := pattern.search(text, position)) is not None:
        if is_valid is None or is_valid(match.group(0)):
            pieces += [text[done : match.start()], placeholder]
            done = position = match.end()
        else:
            position = match.start() + 1
    if not pieces:
        return text, 0
    pieces.append(text[done:])
    return "".join(pieces), len(pieces) // 2


class PiiScrubber(BaseFormatter):
    """Replaces the PII of `types` (a subset of PII_TYPES) with typed placeholders; phone numbers in
    the national forms of `phone_regions` (ISO 3166 codes) and in international form."""

    name = "🕵️ PII scrubber"

    def __init__(self, types: Iterable[str] = PII_TYPES, phone_regions: Iterable[str] = ("US",)):
        super().__init__()
        self.types = tuple(types)
        self.phone_regions = tuple(phone_regions)
        unknown = set(self.types) - set(PII_TYPES)
        if unknown:
            raise ValueError(f"unknown PII types {sorted(unknown)}; known: {', '.join(PII_TYPES)}")
        unknown = set(self.phone_regions) - phonenumbers.SUPPORTED_REGIONS
        if unknown:
            raise ValueError(f"unknown phone regions {sorted(unknown)}: ISO 3166 codes such as US, GB, AU")

    def scrub(self, text: str, url: str | None = None) -> tuple[str, dict[str, int]]:
        """The text with PII replaced, and the number of replacements per type; `url`, the page's
        address, adds its country-code domain's phone region."""
        counts = dict.fromkeys(self.types, 0)
        text = self._replace_patterns(text, _BEFORE_PHONES, counts)
        if "phone" in counts:
            region = url_region(url)
            regions = self.phone_regions + ((region,) if region and region not in self.phone_regions else ())
            text, counts["phone"] = replace_phones(text, regions)
        return self._replace_patterns(text, _AFTER_PHONES, counts), counts

    @staticmethod
    def _replace_patterns(text: str, scrubbers, counts: dict[str, int]) -> str:
        for pii_type, pattern, is_valid, gate in scrubbers:
            if pii_type in counts and (gate is None or gate.search(text)):
                text, found = _replace_valid(text, pattern, is_valid, PLACEHOLDERS[pii_type])
                counts[pii_type] += found
        return text

    def format(self, text: str) -> str:
        return self.scrub(text)[0]

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                doc.text, counts = self.scrub(doc.text, doc.metadata.get("url"))
            doc.metadata["pii"] = counts
            for pii_type, count in counts.items():
                if count:
                    self.stat_update(f"pii_{pii_type}", value=count)
            yield doc

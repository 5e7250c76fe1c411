"""PII scrubbing: replaces emails, phone numbers, IP addresses, credit-card numbers, US SSNs and IBANs
with typed placeholders (<EMAIL>, <PHONE>, <IP_ADDRESS>, <CREDIT_CARD>, <SSN>, <IBAN>), counting
each type in the stats (`pii_<type>`) and in `doc.metadata["pii"]`.

Fills a gap in datatrove: its PIIFormatter covers only emails and IPv4 addresses, replaces them
with look-alike fake values (so the model learns fake addresses, and nothing says a span was
removed), and counts nothing.

Every pattern is checked beyond its shape, so that finance text (dates, amounts, percentages,
CUSIPs, file numbers, fiscal years, "10-K", table rows of figures) stays untouched: card numbers
pass the Luhn check, an issuer prefix and a card's grouping; SSNs have valid area/group/serial
numbers; IBANs have their country's length and pass mod-97; phone numbers need separators (or a
leading +) and a valid North American area code and exchange; IPs must be public addresses.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable

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

# Phones: North American numbers with separators, "(212) 555-0134", "212-555-0134", "212.555.0134",
# "+1 212 555 0134", "1-800-555-0134" (area code and exchange start with 2-9); international
# numbers written with a leading +country code. Each alternative starts with the character it
# consumes, the test before it right after (as in _FIRST_DIGIT).
_EXTENSION = r"(?:[ ]?(?:x|ext\.?)[ ]?\d{1,5})?"
_PHONE_PARENS = re.compile(
    r"(?:\+1[ .-]?\(|1(?<![\w.,/+-]1)[ .-]?\(|\((?<![\w.,/+-]\())[2-9]\d\d\)[ ]?[2-9]\d\d[ .-]\d{4}"
    + _EXTENSION
    + _NOT_BEFORE
)
_PHONE_DASHED = re.compile(
    r"(?:\+1[ .-]?[2-9]|1(?<![\w.,/+-]1)[.-][2-9]|[2-9](?<![\w.,/+-][2-9]))\d\d([.-])[2-9]\d\d\1\d{4}"
    + _EXTENSION
    + _NOT_BEFORE
)
_PHONE_PLUS_SPACED = re.compile(r"\+(?<![\w.,/+-]\+)1 [2-9]\d\d [2-9]\d\d \d{4}" + _NOT_BEFORE)
_PHONE_INTERNATIONAL = re.compile(
    r"\+(?<![\w.,/+-]\+)[2-9]\d{0,2}(?:[ .-]?\(0\))?(?:[ .-]?\d{1,5}){2,6}" + _NOT_BEFORE
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


def _international_phone(candidate: str) -> bool:
    return 8 <= sum(char.isdigit() for char in candidate) <= 15


# In order: longer and stricter shapes first, so that a card number is not taken for a phone, nor
# "+81 158-23-2012" for an SSN. The two slow patterns run only where a cheap necessary test (a
# gate: a regex starting with a literal, which Python's engine finds fast) matches.
_SCRUBBERS: tuple[tuple[str, re.Pattern, Callable[[str], bool] | None, re.Pattern | None], ...] = (
    ("email", _EMAIL, None, re.compile("@")),
    ("iban", _IBAN, iban_valid, None),
    ("credit_card", _CARD, _card_valid, None),
    ("phone", _PHONE_INTERNATIONAL, _international_phone, None),
    ("ssn", _SSN, None, None),
    ("ip", _IPV6, _public_ipv6, re.compile(r":[0-9A-Fa-f]{0,4}:")),
    ("ip", _IPV4, _public_ip, None),
    ("phone", _PHONE_PARENS, None, None),
    ("phone", _PHONE_DASHED, None, None),
    ("phone", _PHONE_PLUS_SPACED, None, None),
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
    """Replaces the PII of `types` (a subset of PII_TYPES) with typed placeholders."""

    name = "🕵️ PII scrubber"

    def __init__(self, types: Iterable[str] = PII_TYPES):
        super().__init__()
        self.types = tuple(types)
        unknown = set(self.types) - set(PII_TYPES)
        if unknown:
            raise ValueError(f"unknown PII types {sorted(unknown)}; known: {', '.join(PII_TYPES)}")

    def scrub(self, text: str) -> tuple[str, dict[str, int]]:
        """The text with PII replaced, and the number of replacements per type."""
        counts = dict.fromkeys(self.types, 0)
        for pii_type, pattern, is_valid, gate in _SCRUBBERS:
            if pii_type in counts and (gate is None or gate.search(text)):
                text, found = _replace_valid(text, pattern, is_valid, PLACEHOLDERS[pii_type])
                counts[pii_type] += found
        return text, counts

    def format(self, text: str) -> str:
        return self.scrub(text)[0]

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                doc.text, counts = self.scrub(doc.text)
            doc.metadata["pii"] = counts
            for pii_type, count in counts.items():
                if count:
                    self.stat_update(f"pii_{pii_type}", value=count)
            yield doc

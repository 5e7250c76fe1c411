"""PiiScrubber: typed placeholders, counts in stats and metadata, no false positives on finance text."""

from __future__ import annotations

import pytest
from datatrove.data import Document

from filters.pii import PLACEHOLDERS, PiiScrubber, iban_valid, luhn_valid
from pipeline.classifier import read_documents


@pytest.fixture(scope="module")
def scrubber():
    return PiiScrubber()


@pytest.mark.parametrize(
    "pii_type, value",
    [
        ("email", "jane.doe+news@mail.example.co.uk"),
        ("phone", "(212) 555-0134"),
        ("phone", "212-555-0134"),
        ("phone", "212.555.0134"),
        ("phone", "+1 212 555 0134"),
        ("phone", "1-800-555-0199 ext. 12"),
        ("phone", "+44 20 7946 0958"),
        ("phone", "+49 (0)30 1234567"),
        ("phone", "+33 1 23 45 67 89"),
        ("phone", "(703)-465-3500"),  # as printed on a real 10-K cover page
        ("phone", "(703)\xa0465-3500"),
        ("phone", "+61 2 9876 5432"),
        ("ip", "93.184.216.34"),
        ("ip", "2001:4860:4860::8888"),
        ("credit_card", "4111 1111 1111 1111"),
        ("credit_card", "5555-5555-5555-4444"),
        ("credit_card", "378282246310005"),
        ("credit_card", "3782 822463 10005"),
        ("ssn", "078-05-1120"),
        ("iban", "DE89 3704 0044 0532 0130 00"),
        ("iban", "GB82WEST12345698765432"),
    ],
)
def test_replaces_each_type_with_its_placeholder(scrubber, pii_type, value):
    text, counts = scrubber.scrub(f"Contact: {value}. Thanks.")
    assert text == f"Contact: {PLACEHOLDERS[pii_type]}. Thanks."
    assert counts[pii_type] == 1 and sum(counts.values()) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Net sales were $391,035 million in fiscal 2024, up 2.0% from 2023-09-30.",
        "See our Annual Report on Form 10-K, Commission File No. 001-36743, pages 12-15.",
        "CUSIP 037833100, CIK 0000320193, ISIN US0378331005, EIN 94-2404110.",
        "Accession No. 0000320193-24-000123; Registration No. 333-123456.",
        "Net sales 2025 2024 2023 2022 and 1,234,567 and 4,111,111,111,111,111.",
        "Patents 4398046521351 4398046521353 and order 1234567890123456.",
        "Sections 10.1.2.3 and version 1.2.3.4.5; pi is 3.14159265358979; 192.168.0.1 is private.",
        "The meeting ran 09:30:00 to 12:30:45 on 2024-11-01; see note 3:16.",
        "Invalid card 4111 1111 1111 1112, SSNs 000-12-3456 666-12-3456 123-00-4567.",
        "Invalid IBAN DE89 3704 0044 0532 0130 01 (a wrong check digit).",
        "Phone-like parts of numbers: 1-234-567-8901-2, x408-555-0134, 123-456-7890 (area code 123).",
        "Revenue | $391,035 | $383,285 | $394,328 and 1,134 439 58 | 4 402 - 319 725 746",
        "Commission File Number 001-36743; CUSIP 594918104; dated 12/31/2024, 2024-12-31 and 31.12.2024.",
        # rows of a fixed-width table in a 20-F, and a case number in a 10-K
        "Retired members 519 402 172 1,093; expenses 1,640 617 147 2,404",
        "profit sharing 303 (2) 301 280 - 28",
        "Mohammed v Asda Stores limited (KB-2022-003240).",
    ],
)
def test_leaves_finance_numbers_alone(scrubber, text):
    scrubbed, counts = scrubber.scrub(text)
    assert scrubbed == text, counts


def test_phone_inside_international_number_is_not_an_ssn(scrubber):
    assert scrubber.scrub("Tel +81 158-23-2012")[0] == "Tel <PHONE>"


def test_national_forms_of_the_configured_regions_and_of_the_page_country():
    australian = "Sydney office: (02) 9876 5432."
    assert PiiScrubber().scrub(australian)[0] == australian  # not a US number
    assert PiiScrubber(phone_regions=("US", "AU")).scrub(australian)[0] == "Sydney office: <PHONE>."
    assert (
        PiiScrubber().scrub(australian, url="https://www.example.com.au/contact")[0]
        == "Sydney office: <PHONE>."
    )
    london = "Tel 020 7946 0958"
    assert PiiScrubber().scrub(london, url="https://example.co.uk/")[0] == "Tel <PHONE>"
    with pytest.raises(ValueError, match="unknown phone regions"):
        PiiScrubber(phone_regions=("XX",))


def test_dates_in_a_region_that_writes_them_like_phone_numbers():
    text = "Kundenbewertung 23.11.2019 um 08:11 Uhr; 18:34 19.10.2019; Tel. 030/226 343-0"
    scrubbed = PiiScrubber().scrub(text, url="https://www.example.de/")[0]
    assert scrubbed == "Kundenbewertung 23.11.2019 um 08:11 Uhr; 18:34 19.10.2019; Tel. <PHONE>"


def test_a_failed_candidate_does_not_hide_the_number_after_it(scrubber):
    assert scrubber.scrub("in fiscal 2025 4111 1111 1111 1111")[0] == "in fiscal 2025 <CREDIT_CARD>"


def test_run_counts_types_in_stats_and_metadata():
    step = PiiScrubber()
    docs = [
        Document(
            text="Mail a@b.com or b@c.org, call (415) 555-0100.", id="1", metadata={"url": "https://a.au/"}
        ),
        Document(text="Nothing to see here.", id="2"),
    ]
    out = list(step.run(iter(docs)))
    assert out[0].text == "Mail <EMAIL> or <EMAIL>, call <PHONE>."
    assert out[0].metadata["pii"] == {"email": 2, "phone": 1, "ip": 0, "credit_card": 0, "ssn": 0, "iban": 0}
    assert out[1].metadata["pii"] == dict.fromkeys(("email", "phone", "ip", "credit_card", "ssn", "iban"), 0)
    assert step.stats["pii_email"].total == 2
    assert step.stats["pii_phone"].total == 1


def test_only_the_chosen_types():
    text, counts = PiiScrubber(types=("email",)).scrub("a@b.com (415) 555-0100")
    assert text == "<EMAIL> (415) 555-0100" and counts == {"email": 1}
    with pytest.raises(ValueError, match="unknown PII types"):
        PiiScrubber(types=("email", "passport"))


def test_checksums():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert iban_valid("DE89 3704 0044 0532 0130 00") and not iban_valid("DE88 3704 0044 0532 0130 00")
    assert not iban_valid("DE89 3704 0044 0532 0130")  # German IBANs have 22 characters


def test_real_sec_filings_have_few_detections_and_no_false_card_ssn_iban(shared_data):
    """SEC filings hold registrants' phone numbers and investor-relations emails (real contact
    data, replaced on purpose), and no card numbers, SSNs or IBANs: any such hit is a false positive."""
    scrubber = PiiScrubber()
    totals = dict.fromkeys(PLACEHOLDERS, 0)
    words = 0
    for path in sorted((shared_data / "finance" / "sec-filings").glob("*.gz"))[::3]:
        text = next(read_documents(path))
        words += len(text.split())
        for pii_type, count in scrubber.scrub(text)[1].items():
            totals[pii_type] += count
    assert totals["credit_card"] == totals["ssn"] == totals["iban"] == totals["ip"] == 0, totals
    assert 0 < totals["phone"] + totals["email"] < words / 5000, (totals, words)

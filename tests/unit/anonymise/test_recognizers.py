"""Regex/checksum recognisers: fast, no deduce needed."""
from datetime import date

import pytest

from bot.anonymise import recognizers as r


def kinds(spans, text):
    return {(s.kind, text[s.start:s.end]) for s in r.resolve_overlaps(spans)}


@pytest.mark.parametrize("iban,ok", [
    ("NL91ABNA0417164300", True), ("NL91 ABNA 0417 1643 00", True), ("BE68539007547034", True),
    ("NL92ABNA0417164300", False), ("DE89370400440532013000", True),
])
def test_iban_checksum(iban, ok):
    assert r.iban_is_valid(iban) is ok


@pytest.mark.parametrize("bsn,ok", [("111222333", True), ("123456782", True), ("123456789", False), ("000000000", False)])
def test_bsn_elfproef(bsn, ok):
    assert r.bsn_is_valid(bsn) is ok


@pytest.mark.parametrize("phone", [
    "06-12345678", "0612345678", "06 12 34 56 78", "+31 6 1234 5678", "0031 6 12345678", "020-1234567",
    "(020) 123 45 67", "+48 512 345 678", "+40 721 234 567", "+359 88 123 4567", "+380 50 123 45 67",
    "+234 803 123 4567", "+84 912 345 678", "0048512345678",
])
def test_phone_formats(phone):
    text = f"bel {phone} vandaag"
    assert ("TELEFOON", phone) in kinds(r.find_numbers(text), text)


def test_bsn_wins_over_long_number_and_context_bsn():
    text = "bsn 111222333, sofinummer 12345678"
    got = kinds(r.find_numbers(text), text)
    assert ("BSN", "111222333") in got and ("BSN", "12345678") in got


@pytest.mark.parametrize("plate", [
    "AB-12-34", "12-34-AB", "12-AB-34", "AB-12-CD", "AB-CD-12", "12-AB-CD", "12-ABC-3", "1-ABC-23",
    "AB-123-C", "A-123-BC", "ABC-12-D", "A-12-BCD", "1-AB-234", "123-AB-4", "12-abc-3",
])
def test_all_sidecodes(plate):
    text = f"een auto met {plate} stond er"
    assert ("KENTEKEN", plate) in kinds(r.find_plates(text), text)


def test_foreign_plate_after_context():
    text = "kenteken WA 12345 bij de kas"
    assert ("KENTEKEN", "WA 12345") in kinds(r.find_plates(text), text)


def test_postcodes_and_not_years():
    text = "Postcode 3511 AB en 7311ab, maar in 2024 is het druk"
    got = kinds(r.find_postcodes(text), text)
    assert ("POSTCODE", "3511 AB") in got and ("POSTCODE", "7311ab") in got
    assert not any("2024" in v for _, v in got)


def test_addresses_but_not_quantities():
    text = "Ze woont op de Kerkstraat 12a, werkt op de Laan van Meerdervoort 140 en zit 12 uur per dag in de haven 12 uur"
    got = kinds(r.find_addresses(text), text)
    assert ("ADRES", "Kerkstraat 12a") in got
    assert any("Meerdervoort 140" in v for _, v in got)
    assert not any(v.startswith("haven") for _, v in got)


def test_email_url_handles():
    text = "mail piotr.k@gmail.com, zie www.escort-x.nl/p?id=3 en https://jobs.example.pl/x, insta: kasia_99 @maria.ro"
    got = kinds(r.find_all_structured(text, lambda w: False), text)
    assert ("EMAIL", "piotr.k@gmail.com") in got
    assert ("URL", "www.escort-x.nl/p?id=3") in got
    assert ("URL", "https://jobs.example.pl/x") in got
    assert ("ACCOUNT", "kasia_99") in got and ("ACCOUNT", "@maria.ro") in got


def test_documents():
    text = "paspoortnummer NX4R8T6P2, ID-kaart: AB1234567, oekraïens paspoort FA123456"
    got = {v for k, v in kinds(r.find_documents(text), text) if k == "DOCUMENT"}
    assert {"NX4R8T6P2", "AB1234567", "FA123456"} <= got


def test_birth_dates_only():
    today = date(2025, 6, 1)
    text = "geboren 03-04-1998, op 12 maart 2025 gezien, geboortedatum 2009-05-01, geboren in 2007"
    got = {v for k, v in kinds(r.find_birth_dates(text, today), text)}
    assert {"03-04-1998", "2009-05-01", "2007"} <= got
    assert "12 maart 2025" not in got


def test_overlaps_merge_to_union_with_highest_priority():
    spans = [r.Span(0, 5, "PERSOON"), r.Span(3, 10, "TELEFOON")]
    assert r.resolve_overlaps(spans) == [r.Span(0, 10, "TELEFOON")]

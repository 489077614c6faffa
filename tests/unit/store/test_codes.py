"""Reference codes: readable, random, self-checking."""
from __future__ import annotations

import re

import pytest

from bot.store.codes import ALPHABET, InvalidReferenceCode, new_reference_code, normalize_reference_code


def test_shape_and_alphabet():
    codes = {new_reference_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:200]:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    assert not set("ILOU") & set(ALPHABET)


def test_people_can_type_it_sloppily():
    code = new_reference_code()
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalize_reference_code(f"  {sloppy} ") == code


def test_every_single_typo_and_most_swaps_are_caught():
    code = new_reference_code().replace("-", "")
    for i in range(len(code)):
        for ch in ALPHABET:
            if ch != code[i]:
                with pytest.raises(InvalidReferenceCode):
                    normalize_reference_code(code[:i] + ch + code[i + 1:])
    swaps_caught = 0
    swaps = 0
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swaps += 1
            try:
                normalize_reference_code(code[:i] + code[i + 1] + code[i] + code[i + 2:])
            except InvalidReferenceCode:
                swaps_caught += 1
    assert swaps_caught >= swaps - 1


@pytest.mark.parametrize("text", ["", "ABCD-EFGH", "ABCD-EFGH-JKM!", "ABCD-EFGH-JKMN-P"])
def test_malformed(text):
    with pytest.raises(InvalidReferenceCode):
        normalize_reference_code(text)

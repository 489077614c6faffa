"""Reference codes: easy to read aloud, impossible to guess, with a check character.

A code is 12 characters in three groups of four, e.g. ``K7QH-2MXD-9RW4``. The alphabet is
Crockford's base-32 (digits and capitals without I, L, O and U), so nothing looks or sounds
like something else when written down or read over the phone. Eleven characters come from
:mod:`secrets` (55 bits: guessing one valid code takes on average 2**54 tries); the twelfth
is a Luhn mod-32 check character, which catches every single typo and almost every swap of
two neighbouring characters before the database is asked.
"""
from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
# What people type for a character that is not in the alphabet (Crockford's rules).
_ALIASES = {"O": "0", "I": "1", "L": "1", "U": "V"}
RANDOM_CHARS = 11
GROUP = 4


class InvalidReferenceCode(ValueError):
    """The text is not a well-formed reference code (wrong length, character or check)."""


def _luhn_sum(chars: str, first_factor: int) -> int:
    """Luhn mod N (N=32) sum, from the right, doubling every other character."""
    n = len(ALPHABET)
    factor, total = first_factor, 0
    for char in reversed(chars):
        addend = factor * _INDEX[char]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return total


def _check_char(payload: str) -> str:
    """The character that makes the whole code check to 0."""
    n = len(ALPHABET)
    # the check character will stand rightmost (factor 1), so the payload starts at 2
    return ALPHABET[(n - _luhn_sum(payload, 2) % n) % n]


def _valid(code: str) -> bool:
    return _luhn_sum(code, 1) % len(ALPHABET) == 0


def format_code(raw: str) -> str:
    return "-".join(raw[i:i + GROUP] for i in range(0, len(raw), GROUP))


def new_reference_code() -> str:
    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return format_code(payload + _check_char(payload))


def normalize_reference_code(text: str) -> str:
    """Canonical ``XXXX-XXXX-XXXX`` form of what a person typed, or InvalidReferenceCode.

    Case, spaces, dashes and dots are ignored; O/I/L/U are read as 0/1/1/V.
    """
    raw = "".join(ch for ch in str(text).upper() if ch not in " -._\t\n")
    raw = "".join(_ALIASES.get(ch, ch) for ch in raw)
    if len(raw) != RANDOM_CHARS + 1:
        raise InvalidReferenceCode(f"een meldcode heeft {RANDOM_CHARS + 1} tekens, dit zijn er {len(raw)}")
    bad = sorted({ch for ch in raw if ch not in _INDEX})
    if bad:
        raise InvalidReferenceCode(f"ongeldige teken(s) in de meldcode: {''.join(bad)}")
    if not _valid(raw):
        raise InvalidReferenceCode("de meldcode klopt niet (controleteken); controleer de tekens")
    return format_code(raw)

"""Passphrases of plain words, for a file that leaves Casebook (a transfer pack).

Made from `resources/passwords/passphrase-words.txt` with the operating system's
random numbers. Words rather than letters so that one DSL can read it to
another over the phone: five words from the list give about 46 bits, and the
age format's scrypt makes each guess cost about a second.
"""

from __future__ import annotations

import math
import secrets
from functools import cache

from app import resources

WORDS_FILE = "passwords/passphrase-words.txt"


@cache
def word_list() -> tuple[str, ...]:
    lines = resources.read_text(WORDS_FILE).splitlines()
    words = sorted({w.strip() for w in lines if w.strip() and not w.startswith("#")})
    return tuple(words)


def new_passphrase(words: int = 5) -> str:
    """`words` plain words, lower case, separated by single hyphens."""
    if words < 1:
        raise ValueError("a passphrase needs at least one word")
    choices = word_list()
    return "-".join(secrets.choice(choices) for _ in range(words))


def strength_bits(words: int = 5) -> float:
    return words * math.log2(len(word_list()))


def normalise(text: str) -> str:
    """A passphrase as typed back: case, spaces and hyphens between words do not matter."""
    parts = text.replace("-", " ").split()
    return "-".join(p.lower() for p in parts)

"""Passphrases of a few plain words, for the files that leave Casebook: encrypted copies
and transfer packs.

Each word is drawn with `secrets` from resources/passphrase/words.txt (over a
thousand everyday words, about 10 bits each: five words give about 50 bits),
joined by hyphens so the passphrase can be read out on the phone and typed
without doubt. Casebook never keeps one: it is shown once, and only the fact
that one was set goes in the audit trail.
"""

from __future__ import annotations

import math
import secrets
from functools import cache

from app import resources

WORD_LIST = "passphrase/words.txt"
SEPARATOR = "-"
MIN_WORDS = 3


@cache
def word_list() -> tuple[str, ...]:
    """The bundled words, read once."""
    lines = resources.read_text(WORD_LIST).splitlines()
    chosen = {w.strip() for w in lines if w.strip() and not w.startswith("#")}
    return tuple(sorted(chosen))


def new_passphrase(words: int = 5) -> str:
    """A new passphrase of `words` plain words: 'maple-harbour-quill-otter-lantern'."""
    if words < MIN_WORDS:
        raise ValueError(f"a passphrase has at least {MIN_WORDS} words")
    pool = word_list()
    return SEPARATOR.join(secrets.choice(pool) for _ in range(words))


def strength_bits(words: int = 5) -> float:
    """How many bits of chance a passphrase of `words` words holds."""
    return words * math.log2(len(word_list()))


def normalise(text: str) -> str:
    """A passphrase as typed back: case, spaces and hyphens between words do not matter."""
    parts = text.replace("-", " ").split()
    return "-".join(p.lower() for p in parts)

"""The password rule and a strength hint for staff accounts (no Qt).

A password is refused when it is shorter than 10 characters or when an offline
guesser would find it too soon. The key file can be attacked away from the
laptop, so the estimate is zxcvbn's (offline: its frequency lists of breached
passwords, words and names, and its patterns: repeats, runs, keyboard rows,
dates, swapped letters), with more words it is told to try first: a short list
a UK school meets (resources/passwords/school-words.txt), the school's name,
and the person's own names and user name. A password must need at least
MIN_GUESSES guesses (zxcvbn's top score). Three or four unrelated words do.

The feedback is in Casebook's own words, not zxcvbn's. zxcvbn is imported on
the first check (it takes some 25 ms and is not needed to paint the sign-in
window), and only the first MAX_SCORED characters are scored, so a very long
paste cannot stall the window.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

MIN_LENGTH = 10
MIN_GUESSES = 1e10  # zxcvbn's score 4: "very unguessable" even offline
MAX_SCORED = 64  # zxcvbn refuses more than 72 characters, and slows on long inputs
WORD_LIST = "passwords/school-words.txt"

TOO_SHORT = f"Use at least {MIN_LENGTH} characters."
PERSONAL = "Avoid common words and your user name."
INSTEAD = "Use three or four unrelated words instead."
ADVICE = {
    "school": "The school's name is one of the first things a guesser tries.",
    "list": "Words such as safeguarding, school, the seasons or the months are tried first.",
    "common": "This is one of the most common passwords, or very like one.",
    "repeat": "Repeated letters or numbers, such as aaa or 111, are tried first.",
    "sequence": "Runs such as abc or 1234 are tried first.",
    "spatial": "Rows of keys, such as qwerty, are tried first.",
    "date": "Years and dates are tried first.",
    "word": "A common word or name is tried first, even with capitals, numbers or symbols added.",
    "other": "It would be guessed too soon.",
}

_ZXCVBN_LOCK = threading.Lock()  # zxcvbn keeps the extra words in a module global
_school_words: tuple[str, ...] | None = None


class Strength(NamedTuple):  # not a dataclass: this loads before the first window
    score: int  # 0 weak .. 4 strong
    label: str
    problem: str | None  # why it cannot be used; None when acceptable


def assess(password: str, username: str = "", *, others: Sequence[str] = ()) -> Strength:
    """The verdict on a new password for `username`.

    `others` are further words that must not make the password: the person's
    full name, the school's name.
    """
    if len(password) < MIN_LENGTH:
        return Strength(0, "Too short", TOO_SHORT)
    name = username.strip().casefold()
    # A very short user name would otherwise rule out most good passwords.
    if len(name) >= 4 and name in password.casefold():
        return Strength(0, "Too easy to guess", PERSONAL)
    personal = _words_of([username, *others[:1]])
    school = _words_of(others[1:])
    scored = password[:MAX_SCORED]
    result = _estimate(scored, [*personal, *school, *school_words()])
    guesses = float(result["guesses"])
    kind = ""
    # zxcvbn charges much for joining parts, so "StAidansAcademy1" can look strong:
    # what is left without the person's and the school's names must hold up alone.
    rest, removed = _without(scored, personal + school)
    if removed:
        left = float(_estimate(rest, list(school_words()))["guesses"]) if rest else 1.0
        if left < guesses:
            guesses = left
            kind = "personal" if removed & set(personal) else "school"
    if guesses >= MIN_GUESSES:
        label = "Very strong" if guesses >= 1e14 else "Strong" if guesses >= 1e12 else "Good"
        return Strength(4, label, None)
    kind = kind or _weakest_part(result["sequence"], set(personal), set(school))
    problem = PERSONAL if kind == "personal" else f"{ADVICE[kind]} {INSTEAD}"
    return Strength(min(int(result["score"]), 2), "Too easy to guess", problem)


def _without(password: str, words: list[str]) -> tuple[str, set[str]]:
    """The password's letters and digits with every given word (of three letters or
    more) taken out, and which words were found."""
    rest = "".join(ch for ch in password.casefold() if ch.isalnum())
    removed: set[str] = set()
    for word in sorted({w for w in words if len(w) >= 3 and w.isalnum()}, key=len, reverse=True):
        if word in rest:
            rest = rest.replace(word, "")
            removed.add(word)
    return rest, removed


def school_words() -> tuple[str, ...]:
    """The bundled list (resources/passwords/school-words.txt), read once."""
    global _school_words
    if _school_words is None:
        from app import resources

        lines = resources.read_text(WORD_LIST).splitlines()
        _school_words = tuple(
            w.strip().casefold() for w in lines if w.strip() and not w.startswith("#")
        )
    return _school_words


def _words_of(texts: Iterable[str]) -> list[str]:
    """Each text whole, run together, and word by word (of three letters or more)."""
    found: list[str] = []
    for text in texts:
        folded = text.strip().casefold()
        if not folded:
            continue
        parts = [p for p in re.split(r"[\W_]+", folded.replace("'", "")) if p]
        candidates = [folded, "".join(parts), *(p for p in parts if len(p) >= 3)]
        found.extend(c for c in candidates if c and c not in found)
    return found


def _estimate(password: str, user_inputs: list[str]) -> dict[str, Any]:
    from zxcvbn import zxcvbn  # slow to import: only when a password is checked

    with _ZXCVBN_LOCK:
        return dict(zxcvbn(password, user_inputs=user_inputs))


def _weakest_part(sequence: list[dict[str, Any]], personal: set[str], school: set[str]) -> str:
    """Which kind of weakness to explain: the person's names first, then the longest part."""
    kinds = []
    for match in sequence:
        pattern = match.get("pattern")
        word = str(match.get("matched_word", ""))
        if pattern == "dictionary":
            source = match.get("dictionary_name")
            if source == "user_inputs":
                kind = "personal" if word in personal else "school" if word in school else "list"
            elif source == "passwords":
                kind = "common"
            else:
                kind = "word"
        elif pattern in ("repeat", "sequence", "spatial", "date"):
            kind = str(pattern)
        elif pattern == "regex" and match.get("regex_name") == "recent_year":
            kind = "date"
        else:
            continue  # characters no list or pattern explains: not the weakness
        kinds.append((kind, len(str(match.get("token", "")))))
    if any(kind == "personal" for kind, _ in kinds):
        return "personal"
    if not kinds:
        return "other"
    return max(kinds, key=lambda k: k[1])[0]

"""Redaction for one child's extract: the other children by part and initials only.

Each child has their own child protection file, so the extract for one child
must not let another be identified. In every piece of free text:

- every other child's full name, each of its parts (first name, surname, the
  halves of a double-barrelled name), any nickname recorded for them and any
  earlier spelling of their name is replaced by their part and initials:
  "Tom's phone" becomes "the child who shared it (T. J.)'s phone", in any case
  ("TOM") and with or without accents ("Zoe" for "Zoë"), never inside another
  word ("Tomás", "Tomlinson");
- a passage (a sentence or a line) that names another child and speaks of
  their own circumstances (social care, a plan, an earlier referral, SEND...)
  is left out entirely: initials beside such facts still point at one child;
- words the DSL marks in the redaction preview are replaced too;
- a word the DSL marks "keep" in the preview (an adult who shares a child's
  surname, "PC 1234 Khan"; a name that is also a common word, "Will") is
  printed as typed, and counted. Another child's full name is never kept: the
  DSL is told so (`RedactionLog.refused`).

The extract's own child keeps their name; where another child's name is also
part of it, that word is printed as it is and the preview says so. Every
replacement and every passage left out is logged (`RedactionLog`) so the DSL
can check them before printing; the counts, never the names, reach the
extract and the audit trail. The words come from resources/record/redaction.json.

Plain Python: no database, no Qt.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from app import resources
from app.textfold import fold

WORDS_FILE = "record/redaction.json"
# A name part this short, or one of these particles, is not looked for on its own:
# "de" or "al" would be replaced in every French phrase or "al fresco".
MIN_PART_LETTERS = 2
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "la",
        "le",
        "da",
        "di",
        "del",
        "della",
        "du",
        "bin",
        "bint",
        "ibn",
        "al",
        "el",
        "mac",
        "st",
        "ap",
        "ab",
    ]
)
# Separators between several nicknames in the one field.
NICKNAME_SEPARATORS = re.compile(r"[,;/\n]|\s+or\s+", re.IGNORECASE)
# What a listed word is: another child's name, a word the DSL marked, or one they kept.
NAME, MARKED, KEPT = "name", "marked", "kept"
_TAG = re.compile(r"<[^<>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
# Where one passage ends: a line break, or a sentence's end before the next one.
_PASSAGE_END = re.compile(r"(\n+|(?<=[.!?])\s+)")


@cache
def words() -> dict[str, Any]:
    """The wording (resources/record/redaction.json), read once."""
    data: dict[str, Any] = resources.load_json(WORDS_FILE)
    return data


def clean_name(name: str | None) -> str:
    """A name as letters and spaces for matching and initials: markup left out."""
    text = unicodedata.normalize("NFC", name or "")
    text = _TAG.sub(" ", text)
    text = _ENTITY.sub(" ", text)
    return " ".join(text.split())


def initials(name: str | None) -> str:
    """'Łukasz O'Brien-Nowak' -> 'Ł. O.'; 'Ağça <b>Yılmaz</b> & Co' -> 'A. Y. C.'.

    From the letters of the name only: a tag typed into it is not part of it, and
    a part with no letter in it ("&") gives no initial.
    """
    letters = []
    for part in clean_name(name).split():
        first = next((c for c in part if c.isalpha()), "")
        if first:
            letters.append(f"{first.upper()}.")
    return " ".join(letters) or "?"


def role_words(roles: Iterable[str] | None) -> str:
    """The part a child had, as the extract names them: 'the child who shared it'."""
    given = {str(r) for r in roles or ()}
    by_role: dict[str, str] = words()["child_by_role"]
    for code, phrase in by_role.items():
        if code in given:
            return phrase
    return str(words()["no_role"])


def nicknames(value: str | None) -> list[str]:
    """The nicknames recorded for a child ('Jay, JJ or Jay-Jay' -> three)."""
    if not value:
        return []
    return [n.strip() for n in NICKNAME_SEPARATORS.split(value) if n and n.strip()]


@dataclass(frozen=True)
class Person:
    """A young person as redaction sees them."""

    id: int
    name: str
    roles: tuple[str, ...] = ()
    known_as: tuple[str, ...] = ()  # nicknames
    earlier_names: tuple[str, ...] = ()  # from the amendment history

    @property
    def label(self) -> str:
        """How an extract names them: 'the child who shared it (T. J.)'."""
        return f"{role_words(self.roles)} ({initials(self.name)})"

    def variants(self) -> set[str]:
        """Every way their name may have been typed: whole, in parts, nicknames."""
        out: set[str] = set()
        for full in (self.name, *self.earlier_names):
            name = clean_name(full)
            if not name:
                continue
            out.add(name)
            for part in name.split():
                out.add(part)
                if "-" in part:
                    out.update(p for p in part.split("-") if p)
        for nick in self.known_as:
            cleaned = clean_name(nick)
            if cleaned:
                out.add(cleaned)
        return {v for v in out if _worth_matching(v)}


def _worth_matching(variant: str) -> bool:
    letters = sum(c.isalpha() for c in variant)
    if letters < MIN_PART_LETTERS:
        return False
    return " " in variant or variant.casefold() not in PARTICLES


def _key(text: str) -> str:
    return (fold(" ".join(text.split())) or "").casefold()


def _letter_pattern(ch: str) -> str:
    """One character of a name, matching it with or without its accent."""
    folded = fold(ch) or ch
    if folded == ch.casefold() or len(folded) != 1:
        return re.escape(ch)
    return f"[{re.escape(ch)}{re.escape(folded)}]"


def _variant_pattern(variant: str) -> str:
    parts = ["".join(_letter_pattern(c) for c in p) for p in variant.split()]
    # Any run of spaces (a line break too) between the words; never inside a longer word.
    return r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"


@dataclass(frozen=True)
class Replacement:
    where: str  # the section of the extract
    found: str  # the words as they were typed
    printed_as: str
    marked: bool = False  # a word the DSL marked, rather than a child's name
    kept: bool = False  # a child's name the DSL chose to keep: printed as typed


@dataclass(frozen=True)
class LeftOut:
    where: str
    passage: str  # as typed: shown to the DSL in the preview, never printed
    about: str  # the other child, by part and initials


@dataclass
class RedactionLog:
    """What one extract's redaction did, for the preview and the extract's own note."""

    replacements: list[Replacement] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    # Words of another child's name that are also the extract's own child's, printed as typed.
    kept: list[str] = field(default_factory=list)
    # Words the DSL asked to keep that are another child's full name: replaced all the same.
    refused: list[str] = field(default_factory=list)
    # The words the DSL marked to redact and asked to keep, as given.
    marked: tuple[str, ...] = ()
    asked_keep: tuple[str, ...] = ()

    def _found(self, *, only_kept: bool = False) -> set[str]:
        """The words the extract's replacements were made for (or only those kept as typed)."""
        return {_key(r.found) for r in self.replacements if r.kept or not only_kept}

    @property
    def marked_not_found(self) -> list[str]:
        """Marked words found nowhere the extract prints: misspelt, perhaps, so nothing
        was redacted for them (said to the DSL, who may think the word is gone)."""
        found = self._found()
        return [w for w in self.marked if _key(w) not in found]

    @property
    def keep_unused(self) -> list[str]:
        """Words asked to be kept that no replacement is of: keeping them changes nothing."""
        found = self._found(only_kept=True)
        refused = {_key(w) for w in self.refused}
        return [w for w in self.asked_keep if _key(w) not in found | refused]

    @property
    def names_replaced(self) -> int:
        return sum(not r.marked and not r.kept for r in self.replacements)

    @property
    def kept_by_dsl(self) -> int:
        """How many times a word the DSL chose to keep was printed as typed."""
        return sum(r.kept for r in self.replacements)

    @property
    def marked_replaced(self) -> int:
        return sum(r.marked for r in self.replacements)

    def summary(self) -> str:
        """Counts only, for the extract and the audit trail: never a name."""
        return (
            f"{_count(self.names_replaced, 'name')} replaced by part and initials, "
            f"{_count(len(self.left_out), 'passage')} about other young people left out, "
            f"{_count(self.marked_replaced, 'marked word')} redacted"
            + (
                f", {_count(self.kept_by_dsl, 'word')} kept as typed by the DSL"
                if self.kept_by_dsl
                else ""
            )
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def marked_words(text: str | Sequence[str]) -> tuple[str, ...]:
    """The words the DSL marked, from one per line or separated by commas."""
    items = [text] if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in items:
        for word in re.split(r"[,;\n]", item or ""):
            word = " ".join(word.split())
            if word and word.casefold() not in {w.casefold() for w in out}:
                out.append(word)
    return tuple(out)


class Redactor:
    """Redacts each piece of free text of one child's extract, and logs what it did."""

    def __init__(
        self,
        child: Person,
        others: Sequence[Person],
        marked: Sequence[str] = (),
        keep: Sequence[str] = (),
    ) -> None:
        self.log = RedactionLog(marked=marked_words(marked), asked_keep=marked_words(keep))
        self.where = ""
        own = child.variants()
        own_keys = {_key(v) for v in own}
        marked_keys = {_key(w) for w in marked_words(marked)}
        # Another child's full name (or an earlier one) is always replaced, whatever is kept.
        full_keys = {
            _key(clean_name(n)) for p in others for n in (p.name, *p.earlier_names) if clean_name(n)
        }
        keep_keys: set[str] = set()
        for word in marked_words(keep):
            if _key(word) in full_keys:
                self.log.refused.append(word)
            elif _key(word) not in marked_keys:  # marked to redact as well: redacted
                keep_keys.add(_key(word))
        # variant, label (None: the child's own name), NAME / MARKED / KEPT
        entries: list[tuple[str, str | None, str]] = []
        seen: set[str] = set()
        for person in others:
            for variant in sorted(person.variants(), key=len, reverse=True):
                key = _key(variant)
                if key in own_keys:
                    if variant not in self.log.kept:
                        self.log.kept.append(variant)
                    continue
                if key not in seen:
                    seen.add(key)
                    entries.append((variant, person.label, KEPT if key in keep_keys else NAME))
        for variant in own:
            entries.append((variant, None, NAME))
        for word in marked_words(marked):
            if _key(word) not in seen:
                seen.add(_key(word))
                entries.append((word, str(words()["marked"]), MARKED))
        # Longest first: "Anna Maria Nowak" wins over "Anna", and the child's own
        # "Anna Nowak-Smith" over another's "Anna Nowak".
        entries.sort(key=lambda e: len(e[0]), reverse=True)
        self._entries = entries
        self._names = (
            re.compile(
                "|".join(f"(?P<n{i}>{_variant_pattern(v)})" for i, (v, _, _) in enumerate(entries)),
                re.IGNORECASE,
            )
            if any(label is not None for _, label, _ in entries)
            else None
        )
        terms: list[str] = list(words()["circumstances"])
        # Acronyms only in capitals: "SEND" is a need, "send" is what happened.
        self._circumstances = [
            re.compile("|".join(_variant_pattern(t) for t in chosen), flags)
            for chosen, flags in (
                ([t for t in terms if not t.isupper()], re.IGNORECASE),
                ([t for t in terms if t.isupper()], 0),
            )
            if chosen
        ]

    def _hits(self, text: str) -> list[tuple[re.Match[str], str | None, str]]:
        assert self._names is not None
        out = []
        for m in self._names.finditer(text):
            _variant, label, kind = self._entries[int((m.lastgroup or "n0")[1:])]
            out.append((m, label, kind))
        return out

    def __call__(self, text: str) -> str:
        if self._names is None or not text:
            return text
        pieces = _PASSAGE_END.split(text)
        passages, separators = pieces[0::2], [*pieces[1::2], ""]
        out: list[str] = []
        i = 0
        while i < len(passages):
            # "Jayden Okafor:" above a list of lines: the lines up to the next blank
            # line are about that child too, and are left out with it.
            end = i + 1
            if passages[i].rstrip().endswith(":") and self._about(passages[i]) is not None:
                while end < len(passages) and "\n\n" not in separators[end - 1]:
                    end += 1
            group = "".join(
                p + sep for p, sep in zip(passages[i:end], separators[i:end], strict=True)
            )
            group = group[: len(group) - len(separators[end - 1])]
            if end > i + 1 and self._left_out(group, self._about(passages[i])):
                out.append(str(words()["left_out"]))
                out.append(separators[end - 1])
                i = end
                continue
            out.append(self._passage(passages[i]))
            out.append(separators[i])
            i += 1
        return "".join(out)

    def _about(self, passage: str) -> str | None:
        """The other child a passage names first, by part and initials; None if none."""
        hits = self._hits(passage)
        # A word the DSL kept is not a child's name there: it makes no passage about one.
        return next((label for _, label, kind in hits if label and kind == NAME), None)

    def _left_out(self, passage: str, about: str | None) -> bool:
        """A passage naming another child and their own circumstances is logged, left out."""
        if about is None or not any(c.search(passage) for c in self._circumstances):
            return False
        self.log.left_out.append(LeftOut(self.where, passage, about))
        return True

    def _passage(self, passage: str) -> str:
        hits = self._hits(passage)
        if self._left_out(passage, self._about(passage)):
            return str(words()["left_out"])
        out, last = [], 0
        for m, label, kind in hits:
            out.append(passage[last : m.start()])
            if label is None:
                out.append(m.group())
            elif kind == KEPT:
                out.append(m.group())
                self.log.replacements.append(
                    Replacement(self.where, m.group(), m.group(), kept=True)
                )
            else:
                out.append(label)
                self.log.replacements.append(
                    Replacement(self.where, m.group(), label, kind == MARKED)
                )
            last = m.end()
        out.append(passage[last:])
        return "".join(out)

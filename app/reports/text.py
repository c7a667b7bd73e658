"""Text from the database on its way to paper.

`markup()` is the one door every stored value goes through before a reportlab
`Paragraph`: it cleans the text (`plain()`) and escapes `&`, `<` and `>` so a
child's name or a note is printed exactly as typed and never read as markup.
Text drawn straight on the canvas (header, footer) goes through `plain()`.

`NameScrubber` replaces full names with initials; a per-child extract uses
`app.services.redaction`, which does more (first names, nicknames, passages).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from html import escape
from typing import Any

from app.services import redaction

# C0/C1 control characters except tab and newline, lone surrogates and the two
# "noncharacters": none can be drawn, and some upset PDF text extraction.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def plain(value: Any) -> str:
    """Text that can be drawn: None is blank, lines end in \\n, composed characters (NFC)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _UNPRINTABLE.sub("", text)


def markup(value: Any) -> str:
    """The escaping helper: a stored value as Paragraph markup that shows it as typed.

    Runs of spaces are kept (a Paragraph would collapse them) and each line
    break becomes <br/>.
    """
    # html's escape: xml.sax's would bring urllib and http.client into the first print.
    text = escape(plain(value), quote=False).replace('"', "&quot;").replace("'", "&#39;")
    text = re.sub(r"  +", lambda m: " " + "&nbsp;" * (len(m.group()) - 1), text)
    return text.replace("\n", "<br/>")


def initials(name: str) -> str:
    """'Łukasz Nowak' -> 'Ł. N.'; 'Mary-Kate Smith-Jones' -> 'M. S.'; from letters, never markup."""
    return redaction.initials(name)


def _name_pattern(name: str) -> str:
    # Any run of spaces between the parts, and not inside a longer word.
    parts = [re.escape(p) for p in plain(name).split()]
    return r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)"


class NameScrubber:
    """Replaces other children's full names with their initials, case-insensitively.

    The subject child's own name is left alone, even where another child's
    name is part of it ("Anna Nowak" inside "Anna Nowak-Smith").
    """

    def __init__(self, keep: Iterable[str], replace: dict[str, str]) -> None:
        def key(name: str) -> str:
            return " ".join(plain(name).split()).casefold()

        kept = {key(n) for n in keep if key(n)}
        # Longest first, so "Anna Maria Nowak" wins over "Anna Maria".
        others = sorted(
            ((n, by) for n, by in replace.items() if key(n) and key(n) not in kept),
            key=lambda item: len(key(item[0])),
            reverse=True,
        )
        self._by = [by for _, by in others]
        self._others = (
            re.compile(
                "|".join(f"(?P<n{i}>{_name_pattern(n)})" for i, (n, _) in enumerate(others)),
                re.IGNORECASE,
            )
            if others
            else None
        )
        keep_names = sorted((n for n in keep if key(n)), key=len, reverse=True)
        self._keep = (
            re.compile("|".join(_name_pattern(n) for n in keep_names), re.IGNORECASE)
            if keep_names
            else None
        )

    def _swap(self, match: re.Match[str]) -> str:
        group = match.lastgroup or ""
        return self._by[int(group[1:])] if group.startswith("n") else match.group()

    def _scrub_part(self, text: str) -> str:
        return self._others.sub(self._swap, text) if self._others is not None else text

    def __call__(self, text: str) -> str:
        if self._others is None or not text:
            return text
        if self._keep is None:
            return self._scrub_part(text)
        out, last = [], 0
        for kept in self._keep.finditer(text):
            out.append(self._scrub_part(text[last : kept.start()]))
            out.append(kept.group())
            last = kept.end()
        out.append(self._scrub_part(text[last:]))
        return "".join(out)

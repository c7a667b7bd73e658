"""Text folding for search: case and accents do not matter ("zoe" finds "Zoë")."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str | None:
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()

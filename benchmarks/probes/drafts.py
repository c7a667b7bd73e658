"""Autosave in a fresh process: one wizard page saved as a draft, again and again.

Signed in first (not timed), a new draft case made, then the same page saved
with its last words changing, as when the DSL is still typing.

    python -m benchmarks.probes.drafts DB USER < password    # JSON: samples_ms
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.probes import signed_in_as_in_the_window

REPEATS = 15
PAGE = "incident"

_SENTENCES = (
    "Ffion told her Head of Year at break that a photo of her had been sent round the "
    "Year 9 group chat on Snapchat the night before. ",
    "She said she had sent it only to Łukasz O'Brien, who she has been seeing since "
    "October, and that he had promised to delete it. ",
    "She thinks at least three other pupils \u2013 possibly more \u2013 have now seen it; "
    'one of them messaged her saying "everyone\'s got it now". ',
    "The image was described by Ffion as a semi-nude mirror selfie; staff have not viewed "
    "it and will not. ",
    "Ffion was tearful but calm; she asked that her parents not be told yet because her "
    "dad \u201cwill go mad\u201d. ",
)


def _description(revision: int) -> str:
    """About 2 000 characters of typed notes; the tail changes as if still typing."""
    text = ""
    while len(text) < 1_980:
        text += _SENTENCES[len(text) % len(_SENTENCES)]
    return f"{text[:1_980]} (edit {revision:04d})"


def page_fields(revision: int) -> dict[str, Any]:
    """A realistic, fictional incident page: 15 fields, valid or not, exactly as typed."""
    return {
        "description": _description(revision),
        "assessment": "potentially_illegal",
        "explicitness": "Semi-nude, as described by the pupil; not viewed by staff.",
        "coercion_or_threats": "not_known",
        "coercion_details": "",
        "how_widely_shared": "Year 9 Snapchat group (about 30 pupils); possibly further.",
        "was_viewed": False,
        "immediate_support_needed": "Pastoral lead to stay with her this afternoon.",
        "other_children_involved": "Łukasz O'Brien (Year 10); three unnamed Year 9 pupils.",
        "deletion": "Pupils asked to delete; not yet confirmed.",
        "came_to_light_at": "2024-11-14T10:45",
        "reported_by": "Head of Year",
        "platforms": ["snapchat", "whatsapp"],
        "devices_taken": 0,
        "young_people": [
            {"name": "Ffion Nowak", "year_group": "Year 9", "roles": ["pictured", "created"]},
            {"name": "Łukasz O'Brien", "year_group": "Year 10", "roles": ["received"]},
        ],
    }


def main(db: Path, username: str, password: str) -> list[float]:
    from app.services import cases

    ws = signed_in_as_in_the_window(db, username, password)
    try:
        case_id = cases.create_case(ws).id
        pages = [page_fields(n) for n in range(REPEATS)]
        samples = []
        for page in pages:
            start = time.perf_counter()
            cases.save_draft_page(ws, case_id, PAGE, page)
            samples.append((time.perf_counter() - start) * 1e3)
        if cases.draft_pages(ws, case_id)[PAGE] != pages[-1]:
            raise RuntimeError("the last page saved did not read back as it was saved")
        return samples
    finally:
        ws.close()


if __name__ == "__main__":
    secret = sys.stdin.readline().rstrip("\n")
    print(json.dumps({"samples_ms": main(Path(sys.argv[1]), sys.argv[2], secret)}))

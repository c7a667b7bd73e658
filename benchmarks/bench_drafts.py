"""Autosave: saving one wizard page as a draft on the 10 000-case database."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

from app.services import cases
from benchmarks.fixtures import Fixtures
from benchmarks.registry import Measurement, benchmark, time_calls

SAVES = 30
WARMUP = 3
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
    """A realistic incident page: 15 fields, valid or not, exactly as typed."""
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


def fsync_ms(directory: Path, repeats: int = 20) -> float:
    """Median cost of one 4 KiB write + fsync here: each save commits with one."""
    path = directory / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    samples = []
    try:
        for _ in range(repeats):
            os.write(fd, b"\0" * 4096)
            start = time.perf_counter()
            os.fsync(fd)
            samples.append((time.perf_counter() - start) * 1_000)
    finally:
        os.close(fd)
        path.unlink()
    return statistics.median(samples)


@benchmark("page_save_ms", unit="ms", target=20)
def page_save(fx: Fixtures) -> Measurement:
    """cases.save_draft_page: one page, saved again and again to the same draft case."""
    ws = fx.training()
    case_id = cases.create_case(ws).id
    pages = [page_fields(n) for n in range(WARMUP + SAVES)]
    feed = iter(pages)
    samples = time_calls(
        lambda: cases.save_draft_page(ws, case_id, PAGE, next(feed)),
        repeats=SAVES,
        warmup=WARMUP,
    )
    saved = cases.draft_pages(ws, case_id)[PAGE]
    if saved != pages[-1]:
        raise RuntimeError("the last page saved did not read back as it was saved")
    note = (
        f"each save commits with one fsync (synchronous=FULL); "
        f"fsync on this disk: {fsync_ms(fx.root):.2f} ms"
    )
    return Measurement.median_of(samples, note=note)

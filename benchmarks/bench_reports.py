"""The printed case record against a bare reportlab document of the same size.

A full case (the demo case with the most young people, its chronology filled
to 20 entries and two amendments) is printed with its history, as the first
PDF of a fresh process (probes/pdf.py). The floor (floors/bare_report.py) is a
fresh process that lays out as many paragraphs, of the same lengths, in the
same embedded font family. Both include importing reportlab.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks import proc
from benchmarks.fixtures import PASSWORD, USERNAME, kdf_env
from benchmarks.registry import Context, Figure, benchmark, median

CHRONOLOGY_ENTRIES = 20
DEMO_CASES = 12
AS_OF = date(2026, 3, 2)
FONTS = proc.ROOT / "resources" / "fonts"


def full_case(db: Path) -> str:
    """A small database whose fullest case has every section of the record filled."""
    from app import printing
    from app.models import CaseStatus
    from app.services import cases, followup, queries
    from app.services.workspace import create_database
    from app.training import populate

    with kdf_env("fast"):
        ws, _recovery = create_database(
            db, USERNAME, PASSWORD, "Benchmark DSL", "Casebook Benchmark School"
        )
    try:
        populate(ws, DEMO_CASES, AS_OF)
        lines = [c for c in queries.list_cases(ws) if c.status != CaseStatus.DRAFT]
        line = max(lines, key=lambda c: (len(printing.children(ws, c.reference)), c.reference))
        record = cases.load_case(ws, line.reference, audit_view=False)
        start = record.case.came_to_light_at or datetime(2025, 1, 6, 9)
        for k in range(CHRONOLOGY_ENTRIES - len(record.rows("chronology"))):
            followup.add_chronology_entry(
                ws,
                record.case.id,
                start + timedelta(days=k, hours=1),
                f"Check-in {k + 1} with the pastoral lead: pupil says things are calmer; "
                "no new messages. Mother told by phone & agrees with the plan <as before>.",
            )
        person = record.rows("young_people")[0]
        cases.amend(
            ws, record.case.id, "young_people", person.id, "year_group", "Year 10", "Moved up"
        )
        cases.amend(
            ws,
            record.case.id,
            "cases",
            record.case.id,
            "summary",
            "Image shared to a group chat; see the chronology.",
            "Summary tightened after the review",
        )
        return line.reference
    finally:
        ws.close()


@benchmark("reports", "case_pdf_ratio")
def case_pdf(ctx: Context) -> list[Figure]:
    db = ctx.fx.scratch("reports") / "casebook.db"
    reference = full_case(db)
    secret = f"{PASSWORD}\n".encode()
    first = proc.probe("pdf", str(db), USERNAME, reference, stdin=secret).result()
    sizes = json.dumps(first["paragraphs"]).encode() + b"\n"
    app, bare = proc.alternate(
        ctx.samples,
        lambda: proc.probe("pdf", str(db), USERNAME, reference, stdin=secret).result(),
        lambda: proc.floor("bare_report.py", str(FONTS), str(first["pages"]), stdin=sizes).result(),
    )
    ms = [a["ms"] for a in app]
    return [
        Figure(
            "case_pdf_ratio",
            median(ms),
            "ms",
            median([b["ms"] for b in bare]),
            1.1,
            "ratio",
            samples=ms,
            note=(
                f"case {reference} with its history, first PDF in a fresh process: "
                f"{first['pages']} pages, {len(first['paragraphs'])} lines; "
                f"the bare document: {bare[0]['pages']} pages, as many paragraphs"
            ),
        )
    ]

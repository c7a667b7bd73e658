"""The printed case record: a full case with 20 chronology entries, as a PDF."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pypdf

from app.models import CaseStatus
from app.services import cases, followup, printing, queries
from app.services.demo import populate
from app.services.workspace import Workspace, create_database
from benchmarks.fixtures import PASSWORD, USERNAME, Fixtures, kdf_env
from benchmarks.registry import Measurement, benchmark, time_calls

CHRONOLOGY_ENTRIES = 20
DEMO_CASES = 12
AS_OF = date(2026, 3, 2)


def full_case(ws: Workspace) -> str:
    """A demo case with the most young people, its chronology filled to 20 entries
    and two amendments, so every section of the record has something in it."""
    populate(ws, DEMO_CASES, AS_OF)
    lines = [c for c in queries.list_cases(ws) if c.status != CaseStatus.DRAFT]
    reference = max(lines, key=lambda c: (len(printing.children(ws, c.reference)), c.reference))
    record = cases.load_case(ws, reference.reference, audit_view=False)
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
        ws, record.case.id, "young_people", person.id, "year_group", "Year 10", "Moved up a year"
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
    return reference.reference


@benchmark("case_pdf_ms", unit="ms", target=200)
def case_pdf(fx: Fixtures) -> Measurement:
    """printing.case_pdf end to end: read the case, render it with its history, log it."""
    path = fx.scratch("reports.casebook")
    with kdf_env("fast"):
        ws, _recovery = create_database(
            path, USERNAME, PASSWORD, "Benchmark DSL", "Casebook Benchmark School"
        )
    try:
        reference = full_case(ws)

        def render() -> bytes:
            return printing.case_pdf(ws, reference, include_history=True, purpose="exported")

        pages = len(pypdf.PdfReader(io.BytesIO(render())).pages)
        samples = time_calls(render, repeats=15, warmup=2)
    finally:
        ws.close()
    return Measurement.median_of(
        samples,
        note=f"case {reference}: {CHRONOLOGY_ENTRIES} chronology entries, {pages} pages",
    )

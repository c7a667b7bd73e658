"""The governors' figures PDF: counts, the marking, and no names or references."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from app import printing
from app.services import audit, dashboard, figures
from app.training import create_training_database
from tests.conftest import PASSWORD


def test_governors_pdf_has_the_counts_and_names_nobody(tmp_path: Path) -> None:
    ws, _ = create_training_database(
        tmp_path / "demo.db", "trainer", PASSWORD, 60, as_of=date(2026, 11, 2)
    )
    try:
        year = figures.school_years(ws)[1]
        shown = figures.figures(ws, year)
        pdf = printing.figures_pdf(ws, year)
        text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
        text = " ".join(text.split())
        assert f"figures for {year}" in text
        # "26 cases", "1 case": never "26 case(s)" (as it said before).
        noun = "case" if shown.cases == 1 else "cases"
        assert f"{shown.cases:,} {noun} opened" in text and "case(s)" not in text
        assert "OFFICIAL-SENSITIVE: CHILD PROTECTION" in text and "Page 1 of" in text
        assert "TRAINING DATA" in text
        for label in ("By term", "By pathway", "By classification", "by year group"):
            assert label in text
        assert text.index("Year 7 ") < text.index("Year 10 ")
        for row in dashboard.case_rows(ws):
            assert row.reference not in text
            for name in row.young_people:
                assert name not in text
        with ws.read() as s:
            last = audit.entries_for(s)[-1]
        assert (last.action, last.detail) == ("exported", f"governors' figures {year}")
    finally:
        ws.close()

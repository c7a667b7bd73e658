"""Printed records (reportlab; never imports Qt).

`render_case_pdf` turns a loaded case into the PDF for the child protection
file, or one child's extract for their own file.
"""

from __future__ import annotations

from app.reports.record import redaction_log, render_case_extract, render_case_pdf

__all__ = ["redaction_log", "render_case_extract", "render_case_pdf"]

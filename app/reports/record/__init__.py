"""The printed case record, one small renderer per section.

`document` composes the pages; `writer` holds the blocks every section is
built from (and the one way a stored value reaches the page); `audience`
decides what a per-child extract leaves out and redacts (app.services.redaction).
"""

from __future__ import annotations

from app.reports.record.document import redaction_log, render_case_extract, render_case_pdf

__all__ = ["redaction_log", "render_case_extract", "render_case_pdf"]

"""The printed record of one case, the first in a fresh process.

Signed in first (not timed), then timed from importing the printing service
(reportlab and the embedded font come with it, as on first Print) to the PDF's
bytes: the case read, rendered with its history, and logged.

    python -m benchmarks.probes.pdf DB USER REFERENCE < password
        JSON: ms, pages, paragraphs (the PDF's text lines, for the floor's size)
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path


def main(db: Path, username: str, password: str, reference: str) -> dict[str, object]:
    from benchmarks.probes import signed_in_as_in_the_window

    ws = signed_in_as_in_the_window(db, username, password)
    try:
        start = time.perf_counter()
        from app import printing

        data = printing.case_pdf(ws, reference, include_history=True, purpose="exported")
        ms = (time.perf_counter() - start) * 1e3
    finally:
        ws.close()
    import pypdf

    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    lines = [ln for p in pages for ln in (p.extract_text() or "").splitlines() if ln.strip()]
    # Only the length of each line leaves this process, never its (fictional) text.
    return {"ms": ms, "pages": len(pages), "paragraphs": [len(ln) for ln in lines]}


if __name__ == "__main__":
    secret = sys.stdin.readline().rstrip("\n")
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], secret, sys.argv[3])))

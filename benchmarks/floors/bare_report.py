"""Floor for the printed record: a bare reportlab document of the same size.

As many paragraphs as the case PDF has lines of text, each as long as its
line, in the same embedded font family (DejaVu Sans, three faces) on A4, spaced
to fill as many pages, written to memory. Timed from importing reportlab to
the bytes.

    bare_report.py FONTS_DIR PAGES < JSON list of paragraph lengths    # JSON: ms, pages
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

WORDS = ("the", "pupil", "said", "things", "are", "calmer", "now", "and", "no", "new", "messages")


def text(length: int) -> str:
    out: list[str] = []
    n = 0
    while n < length:
        word = WORDS[len(out) % len(WORDS)]
        out.append(word)
        n += len(word) + 1
    return " ".join(out)[:length]


lengths = json.loads(sys.stdin.readline())
fonts, pages = Path(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
import io  # noqa: E402 (the imports are part of what is timed)

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

for name, file in (
    ("BareSans", "DejaVuSans.ttf"),
    ("BareSans-Bold", "DejaVuSans-Bold.ttf"),
    ("BareSans-Oblique", "DejaVuSans-Oblique.ttf"),
):
    pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
style = getSampleStyleSheet()["BodyText"]
out = io.BytesIO()
doc = SimpleDocTemplate(out, pagesize=A4)
style.fontName = "BareSans"
style.spaceBefore = style.spaceAfter = 0
style.leading = (doc.height - 12) / (len(lengths) / pages)  # the frame's padding: 12 pt
style.fontSize = min(9.0, style.leading - 1.5)
doc.build([Paragraph(text(n), style) for n in lengths])
ms = (time.perf_counter() - start) * 1e3
print(json.dumps({"ms": ms, "pages": doc.page, "bytes": len(out.getvalue())}))

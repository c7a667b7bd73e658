"""Printers that write a file rather than paper.

"Microsoft Print to PDF", "Microsoft XPS Document Writer" and OneNote look like
printers, but each writes an **unencrypted** file (or a OneNote page, which
may sync to the cloud) and leaves Qt's `outputFileName()` empty, so they cannot
be told from paper by that. Casebook treats printing to one as an export: the
same warning as Save as PDF, and "exported" in the audit trail. No Qt here.
"""

from __future__ import annotations

import re
from typing import Literal

# Matched against the printer's name, case-insensitively, anywhere in it.
_VIRTUAL = re.compile(
    r"print to pdf|xps document writer|onenote|\bpdf\b|cups-pdf|pdfcreator|pdf24"
    r"|cutepdf|dopdf|bullzip|foxit (?:reader )?pdf|adobe pdf|nitro pdf|print to file"
    r"|send to kindle|fax",
    re.IGNORECASE,
)


def is_virtual_printer(name: str) -> bool:
    """True for a printer that saves a file or sends the pages elsewhere, not to paper."""
    return bool(_VIRTUAL.search(name))


def purpose(printer_name: str, output_file: str) -> Literal["printed", "exported"]:
    """Exported when a file is written (chosen in the dialog, or by a virtual printer)."""
    return "exported" if output_file or is_virtual_printer(printer_name) else "printed"

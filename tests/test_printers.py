"""Printing to a printer that writes a file counts as an export (Windows names)."""

from __future__ import annotations

import pytest

from app.desktop.printers import is_virtual_printer, purpose

VIRTUAL = [
    "Microsoft Print to PDF",
    "Microsoft XPS Document Writer",
    "OneNote (Desktop)",
    "OneNote for Windows 10",
    "Send To OneNote 2016",
    "Adobe PDF",
    "PDF24",
    "CutePDF Writer",
    "PDFCreator",
    "Fax",
    "PDF",  # CUPS-PDF on Linux
]
PAPER = [
    "HP LaserJet Pro M404dn (Staff room)",
    "\\\\print-server\\Office-Colour",
    "Canon iR-ADV C5535 PCL6",
    "Brother HL-L2350DW series",
    "Kyocera ECOSYS P2040dn KX",
]


@pytest.mark.parametrize("name", VIRTUAL)
def test_printers_that_write_a_file_are_recognised(name: str) -> None:
    assert is_virtual_printer(name)
    assert purpose(name, "") == "exported"


@pytest.mark.parametrize("name", PAPER)
def test_paper_printers_print(name: str) -> None:
    assert not is_virtual_printer(name)
    assert purpose(name, "") == "printed"


def test_a_file_chosen_in_the_print_dialog_is_an_export_whatever_the_printer() -> None:
    assert purpose(PAPER[0], "/home/dsl/record.pdf") == "exported"

"""An encrypted copy of a PDF, for sending to an agency.

AES-256 (PDF 2.0's standard security handler, revision 6), written by pypdf with
the `cryptography` package: every PDF reader opens it with the passphrase, and
nothing of it can be read without. The owner password is random and thrown
away, so nobody can lift the protection without the passphrase. All in memory:
no temporary file is written.
"""

from __future__ import annotations

import secrets
from io import BytesIO

ALGORITHM = "AES-256"


def encrypt_pdf(data: bytes, passphrase: str) -> bytes:
    """`data` (a PDF) encrypted so that it opens only with `passphrase`."""
    from pypdf import PdfReader, PdfWriter  # here: only saving an encrypted copy needs it

    if not passphrase:
        raise ValueError("an encrypted copy needs a passphrase")
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.encrypt(
        user_password=passphrase,
        owner_password=secrets.token_urlsafe(32),
        algorithm=ALGORITHM,
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()

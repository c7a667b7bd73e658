"""Printing and exporting a case record, written to the audit trail.

Every printed or saved copy of a record leaves the encrypted database, so each
one is logged: who, when, which case, and whether it was the whole record or
one child's extract (by the young person's number, never their name), with
how many redactions the extract carries. An encrypted copy for an agency is
also logged with its recipient and the fact that a passphrase was set (never
the passphrase), and noted in the case's chronology.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select

from app import validation
from app.dates import format_date
from app.errors import InvalidInput, RecordNotFound
from app.models import YoungPerson
from app.reports import redaction_log, render_case_extract, render_case_pdf
from app.security.passphrase import new_passphrase
from app.services import audit, seal
from app.services.cases import add_record_line, case_history, get_case, load_case
from app.services.redaction import RedactionLog, marked_words
from app.services.settings import DEFAULTS
from app.services.workspace import Workspace
from app.storage.fileio import atomic_write
from app.textfold import fold
from app.vocabulary import ROLE_WORDS

if TYPE_CHECKING:
    from app.services import transfer
    from app.services.audit_view import TrailFilter

Purpose = Literal["printed", "exported", "previewed"]

ACTIONS: dict[str, str] = {
    "printed": audit.Action.PRINTED,
    "exported": audit.Action.EXPORTED,
    "previewed": audit.Action.VIEWED,
}


@dataclass(frozen=True)
class Child:
    """A young person in a case, for choosing whose extract to print."""

    id: int
    name: str
    roles: tuple[str, ...]


def children(ws: Workspace, reference: str) -> list[Child]:
    """The young people in a case, in the order they were recorded."""
    with ws.read() as s:
        case = get_case(s, reference)
        rows = s.execute(
            select(YoungPerson).where(YoungPerson.case_id == case.id).order_by(YoungPerson.id)
        ).scalars()
        return [Child(p.id, p.name, tuple(p.roles or ())) for p in rows]


def find_child(ws: Workspace, reference: str, name: str) -> Child:
    """The young person in the case with this name (case and accents need not match)."""
    wanted = " ".join(name.split())
    found = children(ws, reference)
    exact = [c for c in found if " ".join(c.name.split()).casefold() == wanted.casefold()]
    if len(exact) == 1:
        return exact[0]
    folded = [c for c in found if fold(" ".join(c.name.split())) == fold(wanted)]
    if len(folded) == 1:
        return folded[0]
    if len(exact) > 1 or len(folded) > 1:
        raise InvalidInput(f"More than one young person in case {reference.strip()} has that name.")
    # Never echo the name: it is child data and this may reach a terminal.
    raise RecordNotFound(f"No young person in case {reference.strip()} has that name.")


def describe(child_id: int | None) -> str:
    """The audit detail: what was printed, without a name."""
    return "case record" if child_id is None else f"extract for young person #{child_id}"


MAX_RECIPIENT = 200  # characters: a person, their role and their agency
KEEP_FULL_NAME = (
    "A young person's full name is always replaced in an extract, so it cannot be kept as "
    "typed. Keep only a single word (a surname an adult shares, say), or nothing."
)


@dataclass(frozen=True)
class EncryptedCopy:
    """An encrypted PDF and its passphrase: shown once, never kept."""

    data: bytes
    passphrase: str
    redactions: RedactionLog  # empty for the whole record


def redacted_by(ws: Workspace) -> str:
    """Who redacted an extract, as it says on the extract: their name and role."""
    role = ROLE_WORDS.get(ws.account.role, "")
    return f"{ws.account.display_name} ({role})" if role else ws.account.display_name


def _render(
    ws: Workspace,
    reference: str,
    child_id: int | None,
    include_history: bool,
    redact: Sequence[str],
    keep: Sequence[str] = (),
) -> tuple[str, bytes, RedactionLog]:
    record = load_case(ws, reference, audit_view=False)
    settings = ws.settings()
    # An extract looks for earlier spellings of names in the history, printed or not.
    history = case_history(ws, record.case.id) if include_history or child_id is not None else None
    pdf, log = render_case_extract(
        record,
        school=settings["school_name"],
        # A blank marking would leave pages unmarked: fall back to the default.
        marking=settings["protective_marking"].strip() or DEFAULTS["protective_marking"],
        printed_by=ws.account.display_name,
        training=settings["training"] == "1",
        history=history if include_history else None,
        child_id=child_id,
        seal=seal.current(ws).code,
        name_history=history,
        redact=marked_words(redact),
        keep=marked_words(keep),
        redacted_by=redacted_by(ws),
    )
    if log.refused:  # nothing is logged or written: the full name stays replaced
        raise InvalidInput(KEEP_FULL_NAME)
    return record.case.reference, pdf, log


def redaction_detail(child_id: int | None, log: RedactionLog) -> str:
    """What the audit entry of an extract adds: its redaction, in counts."""
    return "" if child_id is None else f"; redacted: {log.summary()}"


def case_pdf(
    ws: Workspace,
    reference: str,
    *,
    child_id: int | None = None,
    include_history: bool = False,
    purpose: Purpose,
    redact: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> bytes:
    """Render the record (or one child's extract) and log it as printed or exported.

    "previewed" logs the on-screen preview as a view; printing from the
    preview is logged separately with `log_output`. `redact`: words the DSL
    marked in the redaction preview, redacted in an extract too.
    """
    return case_output(
        ws,
        reference,
        child_id=child_id,
        include_history=include_history,
        purpose=purpose,
        redact=redact,
        keep=keep,
    )[0]


def case_output(
    ws: Workspace,
    reference: str,
    *,
    child_id: int | None = None,
    include_history: bool = False,
    purpose: Purpose,
    redact: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> tuple[bytes, RedactionLog]:
    """`case_pdf`, with what the extract's redaction did (to say, and to log a print
    made later from the preview)."""
    if purpose not in ACTIONS:
        raise InvalidInput(f"Unknown purpose {purpose!r}.")
    case_reference, pdf, log = _render(ws, reference, child_id, include_history, redact, keep)
    log_output(
        ws,
        case_reference,
        child_id=child_id,
        purpose=purpose,
        redactions=redaction_detail(child_id, log),
    )
    return pdf, log


def redaction_preview(
    ws: Workspace,
    reference: str,
    child_id: int,
    *,
    include_history: bool = False,
    redact: Sequence[str] = (),
    keep: Sequence[str] = (),
) -> RedactionLog:
    """What an extract's redaction will do, for the DSL to check before it is printed.

    Logged as a view of the case: the preview shows what was typed about the others.
    """
    record = load_case(ws, reference, audit_view=False)
    history = case_history(ws, record.case.id)
    log = redaction_log(
        record,
        child_id,
        history=history if include_history else None,
        name_history=history,
        redact=marked_words(redact),
        keep=marked_words(keep),
    )
    with ws.write() as s:
        ws.audit(
            s,
            audit.Action.VIEWED,
            record.case.reference,
            f"redaction preview of {describe(child_id)}",
        )
    return log


def check_recipient(recipient: str | None) -> str:
    """Who an encrypted copy is for, as typed: required, one line, not too long."""
    text = validation.text(
        recipient, "Who the copy is for", required=True, max_length=MAX_RECIPIENT
    )
    assert text is not None
    if not text.isprintable():
        raise InvalidInput("Who the copy is for goes on one line: take out the line break.")
    return " ".join(text.split())


def encrypted_case_pdf(
    ws: Workspace,
    reference: str,
    *,
    recipient: str,
    child_id: int | None = None,
    include_history: bool = False,
    redact: Sequence[str] = (),
    keep: Sequence[str] = (),
    words: int = 5,
) -> EncryptedCopy:
    """The record (or an extract) as an AES-256 encrypted PDF with a new passphrase.

    Logged as an export with its recipient and the fact that a passphrase was set
    (never the passphrase), and noted in the case's chronology, in one transaction.
    """
    from app.reports.encrypted import encrypt_pdf

    to = check_recipient(recipient)
    case_reference, pdf, log = _render(ws, reference, child_id, include_history, redact, keep)
    passphrase = new_passphrase(words)
    data = encrypt_pdf(pdf, passphrase)
    what = describe(child_id)
    detail = (
        f"encrypted copy of the {what} for {to}; passphrase set, to be given separately"
        + redaction_detail(child_id, log)
    )
    with ws.write() as s:
        ws.audit(s, audit.Action.EXPORTED, case_reference, detail)
        add_record_line(
            s,
            ws,
            get_case(s, case_reference).id,
            f"Encrypted copy of the {_what_for_chronology(child_id)} saved for {to}. "
            "It opens with a passphrase, given to them separately.",
        )
    seal.anchor(ws, "exported")
    return EncryptedCopy(data, passphrase, log)


def _what_for_chronology(child_id: int | None) -> str:
    # The chronology is printed in every child's extract: no young person's number.
    return "case record" if child_id is None else "extract for one young person's file"


def log_output(
    ws: Workspace,
    reference: str,
    *,
    child_id: int | None = None,
    purpose: Purpose,
    redactions: str = "",
) -> None:
    """Write one audit entry for a record that was printed, exported or previewed."""
    detail = describe(child_id) + redactions
    if purpose == "previewed":
        detail = f"print preview of {detail}"
    with ws.write() as s:
        ws.audit(s, ACTIONS[purpose], reference, detail)
    if purpose != "previewed":  # a copy left Casebook: keep its seal beside the database too
        seal.anchor(ws, purpose)


def figures_pdf(ws: Workspace, school_year: str, *, purpose: Purpose = "exported") -> bytes:
    """The governors' figures for one school year, logged like any other output."""
    from app.reports.figures_report import render_figures_pdf
    from app.services.figures import figures

    settings = ws.settings()
    pdf = render_figures_pdf(
        figures(ws, school_year),
        school=settings["school_name"],
        marking=settings["protective_marking"].strip() or DEFAULTS["protective_marking"],
        printed_by=ws.account.display_name,
        training=settings["training"] == "1",
        seal=seal.current(ws).code,
    )
    with ws.write() as s:
        ws.audit(s, ACTIONS[purpose], audit.DATABASE_TARGET, f"governors' figures {school_year}")
    if purpose != "previewed":
        seal.anchor(ws, purpose)
    return pdf


def audit_trail_pdf(
    ws: Workspace, chosen: TrailFilter | None = None, *, purpose: Purpose = "exported"
) -> bytes:
    """The audit trail, filtered as the DSL chose, logged like any other output.

    Its own entry is written after the PDF is made, naming the filter and how
    many entries it holds; it is not in the PDF it describes.
    """
    from app.reports.audit_report import render_audit_pdf
    from app.services.audit_view import TrailFilter, trail_report

    chosen = chosen or TrailFilter()
    report = trail_report(ws, chosen)
    settings = ws.settings()
    pdf = render_audit_pdf(
        report,
        school=settings["school_name"],
        marking=settings["protective_marking"].strip() or DEFAULTS["protective_marking"],
        printed_by=ws.account.display_name,
        training=settings["training"] == "1",
        seal=seal.current(ws).code,
    )
    detail = f"audit trail, {len(report.rows):,} of {report.total:,} entries; filter: "
    with ws.write() as s:
        ws.audit(s, ACTIONS[purpose], audit.DATABASE_TARGET, detail + report.filter_text)
    if purpose != "previewed":
        seal.anchor(ws, purpose)
    return pdf


@dataclass(frozen=True)
class TransferPack:
    """A pack written for a new school; the passphrase is shown once and kept nowhere."""

    path: Path
    passphrase: str
    receipt_code: str
    sent: transfer.Sent


def _merged(pdfs: list[bytes]) -> bytes:
    if len(pdfs) == 1:
        return pdfs[0]
    import io

    import pypdf

    writer = pypdf.PdfWriter()
    for data in pdfs:
        writer.append(pypdf.PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _marked_training_on_every_page(pdf: bytes) -> bool:
    import io

    import pypdf

    from app.reports.layout import TRAINING_MARK

    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return all(TRAINING_MARK in (page.extract_text() or "") for page in pages)


def transfer_pack(
    ws: Workspace, reference: str, child_id: int, to_school: str, out: Path
) -> TransferPack:
    """Make the encrypted pack of one child's file for their new school, write it to `out`,
    and record the transfer (chronology, audit trail). Nothing is written on a failure."""
    from app.reports import transfer_part
    from app.security.passphrase import new_passphrase
    from app.services import transfer  # with its age library, only when a pack is made
    from app.transfer import pack

    school = transfer.school_name(to_school)
    if out.exists():
        raise InvalidInput(f"{out} already exists; choose a new file name for the pack.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {out}; check the folder and its permissions.") from exc
    settings = ws.settings()
    from_school = " ".join(settings["school_name"].split())
    if not from_school:
        raise InvalidInput(
            "Set this school's name first (School, Settings): the new school needs to know "
            "who sent the file."
        )
    training = settings["training"] == "1"
    marking = settings["protective_marking"].strip() or DEFAULTS["protective_marking"]
    child_cases = transfer.cases_of_child(ws, reference, child_id)
    made_at = pack.utc_now()
    parts, pdfs, references = [], [], []
    child_name = ""
    for item in child_cases:
        record = load_case(ws, item.reference, audit_view=False)
        history = case_history(ws, record.case.id)
        parts.append(transfer_part.case_part(record, history, item.young_person_id))
        pdfs.append(
            render_case_pdf(
                record,
                school=from_school,
                marking=marking,
                printed_by=ws.account.display_name,
                training=training,
                history=history,
                child_id=item.young_person_id,
                seal=seal.current(ws).code,
            )
        )
        references.append(record.case.reference)
        if item.young_person_id == child_id:
            child_name = next(p.name for p in record.rows("young_people") if p.id == child_id)
    extract = _merged(pdfs)
    if training and not _marked_training_on_every_page(extract):
        raise InvalidInput(
            "This is a training database and the pack could not be marked TRAINING on every "
            "page, so it was not made. Nothing was written."
        )
    receipt_code = pack.new_receipt_code()
    letter = transfer_part.cover_letter(
        child_name=child_name,
        from_school=from_school,
        to_school=school,
        sent_by=ws.account.display_name,
        sent_on=format_date(date.today()),
        references=references,
        receipt_code=receipt_code,
        training=training,
    )
    part = transfer_part.child_part(
        parts, from_school=from_school, to_school=school, made_at=made_at, training=training
    )
    passphrase = new_passphrase()
    pack_id = pack.new_pack_id()
    data = pack.build(
        pack.Pack(
            pack_id=pack_id,
            from_school=from_school,
            to_school=school,
            receipt_code=receipt_code,
            training=training,
            made_at=made_at,
            parts={
                pack.COVER_LETTER: letter.encode("utf-8"),
                pack.EXTRACT: extract,
                pack.CHILD: pack.child_json(part),
            },
        ),
        passphrase,
    )
    try:
        atomic_write(out, data)  # ciphertext only: the plaintext never left memory
    except OSError as exc:
        raise InvalidInput(f"Cannot write {out}; check the folder and its permissions.") from exc
    try:
        sent = transfer.record_sent(
            ws,
            reference=reference,
            child_id=child_id,
            to_school=school,
            pack_id=pack_id,
            pack_sha256=pack.sha256(data),
            receipt_code=receipt_code,
            references=references,
        )
    except BaseException:
        out.unlink(missing_ok=True)  # not recorded, so not sent
        raise
    seal.anchor(ws, "exported")
    return TransferPack(out, passphrase, receipt_code, sent)

"""A child's extract protects the other children (issue 16, point 3).

Every free-text field of a real case is filled with the other children's first
names, surnames and nicknames, typed as a DSL types them ("Tom's friend", "I
told Mia sorry", "TOMMO", "jayden's phone"); none may survive in the extract,
and the redaction preview must list each one. A passage about another child's
own circumstances is left out, not initialled.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from app import printing
from app.errors import InvalidInput
from app.models import Case
from app.record import schema as record_schema
from app.record.schema import Kind
from app.record.snapshot import CaseRecord, HistoryLine
from app.reports import redaction_log, render_case_extract, render_case_pdf
from app.services import audit, cases
from app.services.redaction import Person, Redactor, initials, marked_words
from app.services.workspace import Workspace
from tests.conftest import DSL, PASSWORD
from tests.helpers.cli import casebook_here
from tests.test_reports import PICTURED, SHARED, MadeCase, audit_lines, make_case, pdf_text

SUBJECT = ("Ava Brown", ["pictured", "sent"], None)
OTHERS = (
    ("Tom Fletcher", ["shared_further"], "Tommo"),
    ("Mia Wright", ["received"], "Mimi, Mimz"),
    ("Jayden Okafor", ["received", "disclosed"], "JJ"),
)
# What a DSL types, in every free-text field: first names, surnames, nicknames,
# possessives and capitals, beside words that merely contain a name.
TYPED = (
    "Tom's friend said TOMMO had it. I told Mia sorry; mimi and Mimz were there. "
    "Jayden's phone was taken from Okafor's bag; Fletcher and WRIGHT saw JJ. "
    "Ava Brown was upset. Tomlinson Road, Miami and Jaydenne are not names here."
)
LEFT_OUT = "Jayden: known to children's social care (child in need plan); earlier MASH referral."
NAME_WORDS = ("Tom", "Tommo", "Fletcher", "Mia", "Mimi", "Mimz", "Wright", "Jayden", "Okafor", "JJ")
# Fields that are not free text about the case, or that name the child in their own row.
NOT_FREE_TEXT = {("young_people", "name"), ("young_people", "known_as"), ("cases", "reference")}


def _text_fields(table: str) -> list[str]:
    spec = record_schema.tables().get(table)
    if spec is None:
        return []
    return [
        f.name
        for f in spec.fields
        if f.kind in (Kind.TEXT, Kind.LINE) and (table, f.name) not in NOT_FREE_TEXT
    ]


def named_record(ws: Workspace, made: MadeCase) -> tuple[CaseRecord, list[HistoryLine], int]:
    """The case as read for printing, its young people renamed and every free-text
    field filled with the others' names (in memory: the record is never changed)."""
    record = cases.load_case(ws, made.reference, audit_view=False)
    people = sorted(record.rows("young_people"), key=lambda p: p.id)
    for person, (name, roles, known_as) in zip(people, (SUBJECT, *OTHERS), strict=True):
        person.name, person.roles, person.known_as = name, roles, known_as
    filled = 0
    for table, rows in [("cases", [record.case]), *record.sections.items()]:
        for row in rows:
            for name in _text_fields(table):
                setattr(row, name, TYPED)
                filled += 1
    # One passage about another child's own circumstances, in the subject's own notes.
    people[0].existing_concerns = f"{LEFT_OUT} Ava is supported by her form tutor."
    history = [
        HistoryLine(
            changed_at=datetime(2026, 2, 4, 10),
            changed_by="Ann O'Neill",
            table="cases",
            row_id=record.case.id,
            field="summary",
            old_value="First told by Tom and Mia.",
            new_value=TYPED,
            reason="Jayden's account added",
        )
    ]
    return record, history, people[0].id


def render(record: CaseRecord, history: list[HistoryLine], child: int | None, **kw: object):
    return render_case_extract(
        record,
        school="St Aidan's",
        marking="OFFICIAL-SENSITIVE",
        printed_by="Ann O'Neill",
        training=False,
        history=history,
        child_id=child,
        redacted_by="Ann O'Neill (DSL)",
        **kw,  # type: ignore[arg-type]
    )


def words_of(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}


@pytest.fixture
def made(ws: Workspace) -> MadeCase:
    return make_case(ws, chronology_entries=3)


def test_no_other_childs_name_or_nickname_survives_in_any_free_text(
    ws: Workspace, made: MadeCase
) -> None:
    record, history, child = named_record(ws, made)
    data, log = render(record, history, child)
    _pages, text = pdf_text(data)
    found = words_of(text)
    for word in NAME_WORDS:
        assert word.casefold() not in found, word
    # By part and initials instead, possessives kept; the child's own name and
    # words that only contain a name are left alone.
    assert "the child who shared it (T. F.)'s friend" in text
    assert "I told the child who received it (M. W.) sorry" in text
    assert "the child who received it (J. O.)'s phone" in text
    assert "Ava Brown was upset" in text
    assert "Tomlinson Road, Miami and Jaydenne are not names here" in text
    # The other child's circumstances are left out, not initialled; the rest stays.
    assert "child in need" not in text and "J. O.: known" not in text
    assert "left out here: it belongs on their own file" in text
    assert "Ava is supported by her form tutor." in text
    # The extract says it was redacted, by whom and how much: counts, never names.
    assert (
        f"Redacted by Ann O'Neill (DSL): {log.names_replaced} names replaced by part and "
        "initials, 1 passage about other young people left out, 0 marked words redacted."
    ) in text
    assert log.names_replaced > 100


def test_the_preview_lists_each_replacement_and_each_passage_left_out(
    ws: Workspace, made: MadeCase
) -> None:
    record, history, child = named_record(ws, made)
    log = redaction_log(record, child, history=history)
    listed = {r.found.casefold() for r in log.replacements}
    for word in (*NAME_WORDS, "TOMMO", "WRIGHT"):
        assert word.casefold() in listed, word
    assert all(r.where for r in log.replacements)  # each says which section it is in
    assert {r.printed_as for r in log.replacements} == {
        "the child who shared it (T. F.)",
        "the child who received it (M. W.)",
        "the child who received it (J. O.)",
    }
    assert [(p.passage, p.about) for p in log.left_out] == [
        (LEFT_OUT, "the child who received it (J. O.)")
    ]
    assert log.left_out[0].where == "2. The young people"
    # The preview's counts are the printed extract's.
    _data, printed = render(record, history, child)
    assert printed.summary() == log.summary()


def test_words_the_dsl_marks_are_redacted_too(ws: Workspace, made: MadeCase) -> None:
    record, history, child = named_record(ws, made)
    data, log = render(record, history, child, redact=("Tomlinson Road", "miami"))
    _pages, text = pdf_text(data)
    assert "Tomlinson" not in text and "Miami" not in text
    assert "[redacted]" in text
    assert log.marked_replaced > 0
    assert {r.found for r in log.replacements if r.marked} == {"Tomlinson Road", "Miami"}


def test_the_whole_record_is_not_redacted(ws: Workspace, made: MadeCase) -> None:
    record, history, _child = named_record(ws, made)
    data = render_case_pdf(
        record, school="S", marking="M", printed_by="P", training=False, history=history
    )
    text = pdf_text(data)[1]
    assert "Tom's friend said TOMMO had it" in text
    assert "Also known as" in text and "Mimi, Mimz" in text
    assert "Redacted by" not in text


def test_an_extract_prints_its_own_childs_nickname_and_no_others() -> None:
    me = Person(1, "Ava Brown", ("pictured",), ("Avie",))
    tom = Person(2, "Tom Brown", ("received",), ("Bear",))
    redact = Redactor(me, [tom])
    # "Brown" is the child's own surname too: printed as it is, and the preview says so.
    assert redact("Avie and Tom Brown; Bear said Brown.") == (
        "Avie and the child who received it (T. B.); the child who received it (T. B.) said Brown."
    )
    assert redact.log.kept == ["Brown"]


def test_names_match_in_any_case_with_or_without_accents_never_inside_words() -> None:
    me = Person(1, "Ava Brown")
    zoe = Person(2, "Zoë Öztürk-Doğan", ("sent",), ("Zo",))
    redact = Redactor(me, [zoe])
    assert redact("ZOE, zoë's, Ozturk, Dogan and ZO; Zoey, Zoological, Dogana.") == (
        "the child who sent it (Z. Ö.), the child who sent it (Z. Ö.)'s, the child who sent "
        "it (Z. Ö.), the child who sent it (Z. Ö.) and the child who sent it (Z. Ö.); "
        "Zoey, Zoological, Dogana."
    )


def test_initials_come_from_the_letters_of_the_name_never_its_markup() -> None:
    assert initials("Ağça <b>Yılmaz</b> & Co") == "A. Y. C."
    assert initials("Łukasz O'Brien-Nowak") == "Ł. O."
    assert initials("محمد علي") == "م. ع."
    assert initials("<i></i>") == "?"
    assert Person(1, "Ağça <b>Yılmaz</b>", ("received",)).label == (
        "the child who received it (A. Y.)"
    )


def test_marked_words_are_read_from_lines_or_commas() -> None:
    assert marked_words("Rovers, the park\nRovers;  Big  Dave ") == (
        "Rovers",
        "the park",
        "Big Dave",
    )


def test_printing_an_extract_logs_the_redaction_counts_and_no_names(
    ws: Workspace, made: MadeCase
) -> None:
    child = made.children["Дмитрий Иванова"]
    before = audit_lines(ws, made.reference)
    log = printing.redaction_preview(ws, made.reference, child, redact=["group chat"])
    printing.case_pdf(ws, made.reference, child_id=child, purpose="printed", redact=["group chat"])
    after = audit_lines(ws, made.reference)[len(before) :]
    assert [(a.action, a.detail) for a in after] == [
        (audit.Action.VIEWED, f"redaction preview of extract for young person #{child}"),
        (
            audit.Action.PRINTED,
            f"extract for young person #{child}; redacted: {log.summary()}",
        ),
    ]
    assert log.marked_replaced >= 1
    for a in after:
        assert "Łukasz" not in a.detail and "group chat" not in a.detail


def test_a_list_under_another_childs_name_is_left_out_with_it() -> None:
    redact = Redactor(Person(1, "Ava Brown"), [Person(2, "Tom Jones", ("shared_further",))])
    typed = "Tom Jones:\n- known to social care\n- earlier MASH referral\n\nAva is fine."
    assert redact(typed) == (
        "[A passage about another young person is left out here: it belongs on their own "
        "file.]\n\nAva is fine."
    )
    assert [p.passage for p in redact.log.left_out] == [typed.split("\n\n")[0]]
    # A list that says nothing of their circumstances stays, by part and initials.
    assert redact("Tom:\nhad the phone\n\nAva.") == (
        "the child who shared it (T. J.):\nhad the phone\n\nAva."
    )


# -- words the DSL keeps as typed --------------------------------------------------
KHAN = Person(2, "Dáithí Khan", ("pictured",))
WILL = Person(3, "Will May", ("received",))


def test_a_word_the_dsl_keeps_is_printed_as_typed_and_counted_never_named() -> None:
    typed = "PC 1234 Khan spoke to Dáithí Khan. Will you ask May? Khan will call."
    # Without a word kept, the police officer and the common word are redacted too.
    plain = Redactor(Person(1, "Ava Brown"), [KHAN, WILL])
    assert plain(typed).startswith("PC 1234 the child in the image (D. K.) spoke to")
    redact = Redactor(Person(1, "Ava Brown"), [KHAN, WILL], keep=["khan", "Will"])
    assert redact(typed) == (
        "PC 1234 Khan spoke to the child in the image (D. K.). Will you ask the child who "
        "received it (W. M.)? Khan will call."
    )
    assert redact.log.kept_by_dsl == 4 and redact.log.names_replaced == 2
    summary = redact.log.summary()
    assert summary.endswith(", 4 words kept as typed by the DSL")
    assert "Khan" not in summary and "Will" not in summary
    # A word kept is not that child's name there: the passage is not left out for it.
    assert redact("Will has a child in need plan.") == "Will has a child in need plan."
    assert redact.log.left_out == []


def test_a_childs_full_name_is_replaced_even_when_marked_to_keep() -> None:
    earlier = Person(2, "Dáithí Khan", ("pictured",), earlier_names=("David Khan",))
    redact = Redactor(
        Person(1, "Ava Brown"), [earlier, WILL], keep=["Dáithí  Khan", "daithi khan", "David Khan"]
    )
    assert redact.log.refused == ["Dáithí Khan", "daithi khan", "David Khan"]
    assert redact("Dáithí Khan and David Khan; Dáithí.") == (
        "the child in the image (D. K.) and the child in the image (D. K.); "
        "the child in the image (D. K.)."
    )
    assert redact.log.kept_by_dsl == 0
    # A word both marked to redact and kept is redacted.
    both = Redactor(Person(1, "Ava Brown"), [KHAN], marked=["Khan"], keep=["Khan"])
    assert both("PC Khan") == "PC the child in the image (D. K.)"


def test_words_marked_or_kept_that_match_nothing_are_named_to_the_dsl() -> None:
    # "Jaydn" misspelt: Jayden would still print, so the DSL is told nothing was redacted.
    redact = Redactor(
        Person(1, "Ava Brown"),
        [KHAN],
        marked=["Jaydn", "Year 9 team"],
        keep=["Khan", "Zebedee", "Dáithí Khan"],
    )
    redact("Jayden and the year 9 team met PC Khan.")
    assert redact.log.marked_not_found == ["Jaydn"]
    # The full name is refused (said apart); only the word that matched nothing is unused.
    assert redact.log.keep_unused == ["Zebedee"]
    everything_used = Redactor(Person(1, "Ava Brown"), [KHAN], marked=["team"], keep=["Khan"])
    everything_used("PC Khan and the team.")
    assert everything_used.log.marked_not_found == everything_used.log.keep_unused == []


def _officer_named_like(ws: Workspace, made: MadeCase, reported_by: str) -> None:
    with ws.write("the officer's name") as s:
        case = s.get(Case, made.case_id)
        assert case is not None
        case.reported_by = reported_by


def test_an_extract_keeps_the_words_the_dsl_chose_and_logs_only_counts(
    ws: Workspace, made: MadeCase
) -> None:
    _officer_named_like(ws, made, "PC 1234 Nowak (Thames Valley Police)")
    child = made.children[SHARED]
    before = audit_lines(ws, made.reference)
    log = printing.redaction_preview(ws, made.reference, child, keep=["Nowak"])
    assert ("Nowak", "Nowak") in {(r.found, r.printed_as) for r in log.replacements if r.kept}
    pdf, done = printing.case_output(
        ws, made.reference, child_id=child, purpose="exported", keep=["Nowak"]
    )
    text = " ".join(pdf_text(pdf)[1].split())
    assert "PC 1234 Nowak" in text and PICTURED not in text
    assert f"{done.kept_by_dsl} word" in text and "kept as typed by the DSL" in text
    after = audit_lines(ws, made.reference)[len(before) :]
    assert after[-1].detail == f"extract for young person #{child}; redacted: {done.summary()}"
    assert "kept as typed by the DSL" in after[-1].detail and "Nowak" not in after[-1].detail


def test_keeping_a_full_name_is_refused_before_anything_is_logged(
    ws: Workspace, made: MadeCase
) -> None:
    child = made.children[SHARED]
    log = printing.redaction_preview(ws, made.reference, child, keep=[PICTURED])
    assert log.refused == [PICTURED] and log.kept_by_dsl == 0
    before = audit_lines(ws, made.reference)
    with pytest.raises(InvalidInput) as caught:
        printing.case_output(
            ws, made.reference, child_id=child, purpose="exported", keep=[PICTURED]
        )
    assert str(caught.value) == printing.KEEP_FULL_NAME
    assert PICTURED not in str(caught.value)
    assert audit_lines(ws, made.reference) == before


def test_cli_keeps_each_word_given_with_keep_and_refuses_a_full_name(
    ws: Workspace, made: MadeCase, db_path: Path, tmp_path: Path
) -> None:
    _officer_named_like(ws, made, "PC 1234 Nowak")
    ws.close()
    password = tmp_path / "pw"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    common = ["--db", db_path, "--user", DSL, "--password-file", password, "--case", made.reference]
    out = tmp_path / "extract.pdf"
    done = casebook_here(
        "export-pdf",
        *common,
        "--child",
        SHARED,
        "--keep",
        "Nowak",
        "--keep",
        "O'Brien",
        "--keep",
        "Zebedee",
        "--redact",
        "Nowakk",
        "--out",
        out,
    )
    assert done.returncode == 0, done.stderr
    assert "kept as typed by the DSL" in done.stdout and "Nowak" not in done.stdout
    assert "Nothing was redacted for the 1st --redact word" in done.stdout
    assert "The 3rd --keep word changed nothing" in done.stdout
    assert "Zebedee" not in done.stdout
    text = " ".join(pdf_text(out.read_bytes())[1].split())
    assert "PC 1234 Nowak" in text and PICTURED not in text

    for bad, says in (
        (["--keep", "Nowak"], "--keep is for an extract"),
        (["--child", SHARED, "--keep", " "], "Each --keep gives one word"),
        (["--child", SHARED, "--keep", PICTURED], "full name is always replaced"),
    ):
        target = tmp_path / "not-written.pdf"
        done = casebook_here("export-pdf", *common, *bad, "--out", target)
        assert done.returncode == 1, done.stdout
        assert says in done.stderr and len(done.stderr.splitlines()) == 1
        assert "Traceback" not in done.stderr and PICTURED not in done.stderr
        assert not target.exists()

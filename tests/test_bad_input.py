"""Awkward, hostile and broken input: stored exactly, or refused cleanly with nothing written.

Real SQLCipher files in tmp_path; each property test makes its database once and
runs every example against it.
"""

from __future__ import annotations

import gc
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import dates, validation
from app.errors import DatabaseDamaged, InvalidInput, KeySlotsDamaged, WrongPassword
from app.models import Answer
from app.services import cases, followup
from app.services.workspace import Workspace, create_database, unlock
from tests.conftest import DSL, PASSWORD, all_files, copy_database

AWKWARD = [
    "<b>bold</b>",
    "Tom & Jerry",
    'O\'Brien "Bob"',
    "Zoë Łukasz Ağaoğlu Ελένη Дмитрий",
    "😀👩‍👩‍👧",
    "שלום עליכם",
    "مرحبا",
    "\u202eRTL override",
    "a\u0000b",
    "'; DROP TABLE cases; --",
    "line one\r\nline two\n",
    "  leading and trailing spaces  ",
]
LONE_SURROGATES = ["\ud800", "\udfff", "\udc00abc", "Zoë \ud83d", "\ude00 smile"]

# st.text() never makes lone surrogates; they have their own strategy below.
texts = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(),
    st.lists(st.one_of(st.sampled_from(AWKWARD), st.text(max_size=8)), max_size=4).map("".join),
)
with_lone_surrogate = st.builds(
    lambda before, bad, after: before + bad + after,
    texts,
    st.one_of(st.sampled_from(LONE_SURROGATES), st.integers(0xD800, 0xDFFF).map(chr)),
    texts,
)

per_database = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


# -- helpers ------------------------------------------------------------------------------
def draft_case(ws: Workspace) -> int:
    return cases.create_case(ws).id


def opened_case(ws: Workspace) -> int:
    case_id = cases.create_case(ws).id
    cases.open_case(ws, case_id)
    return case_id


@dataclass(frozen=True)
class CaseState:
    """Everything a refused input might have touched."""

    summary: str | None
    next_review_on: date | None
    history: list[Any]
    drafts: dict[str, Any]
    rows: dict[str, list[tuple[Any, ...]]]


def state(ws: Workspace, case_id: int) -> CaseState:
    record = cases.load_case(ws, case_id, audit_view=False)
    return CaseState(
        summary=record.case.summary,
        next_review_on=record.case.next_review_on,
        history=cases.case_history(ws, case_id),
        drafts=cases.draft_pages(ws, case_id),
        rows={
            "actions": [(a.id, a.description) for a in record.rows("actions")],
            "reviews": [(r.id, r.notes) for r in record.rows("reviews")],
            "chronology": [(c.id, c.entry) for c in record.rows("chronology")],
        },
    )


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(all_files(folder))}


@pytest.fixture
def closed_db(tmp_path: Path, dsl_template: tuple[Path, str]) -> Path:
    """A database at rest: made, then closed (so no -wal or -shm beside it)."""
    db = tmp_path / "school" / "casebook.db"
    copy_database(dsl_template[0], db)
    ws = unlock(db, DSL, PASSWORD)
    case_id = cases.create_case(ws).id
    cases.amend(ws, case_id, "cases", case_id, "summary", "Zoë told her tutor.", "x")
    cases.open_case(ws, case_id)
    ws.close()
    assert sorted(p.name for p in db.parent.iterdir()) == [
        "casebook.db",
        "casebook.db.keys",
        "casebook.db.lock",
        "casebook.db.seals",
    ]
    return db


# -- text is stored and read back exactly -------------------------------------------------
@per_database
@given(value=texts)
def test_case_summary_round_trips_exactly(ws: Workspace, value: str) -> None:
    case_id = draft_case(ws)
    cases.amend(ws, case_id, "cases", case_id, "summary", value, "x")
    stored = cases.load_case(ws, case_id, audit_view=False).case.summary
    # An emptied optional field (nothing but spaces, too) is NULL; anything else is kept exactly.
    assert stored == (None if not value.strip() else value)


@per_database
@given(first=texts, second=texts, page=st.sampled_from(["young-people", "what-happened"]))
def test_draft_page_fields_round_trip_exactly(
    ws: Workspace, first: str, second: str, page: str
) -> None:
    case_id = draft_case(ws)
    fields = {"own_words": first, "people": [{"name": second, "year": "Year 9"}], "n": 3}
    cases.save_draft_page(ws, case_id, page, fields)
    assert cases.draft_pages(ws, case_id) == {page: fields}


@pytest.fixture
def open_case_id(ws: Workspace) -> int:
    return opened_case(ws)


@per_database
@given(description=texts)
def test_action_description_round_trips_or_blank_is_refused(
    ws: Workspace, open_case_id: int, description: str
) -> None:
    before = state(ws, open_case_id)
    if not description.strip():
        with pytest.raises(InvalidInput, match="What needs doing"):
            followup.add_action(ws, open_case_id, description)
        assert state(ws, open_case_id) == before
        return
    action_id = followup.add_action(ws, open_case_id, description)
    actions = cases.load_case(ws, open_case_id, audit_view=False).rows("actions")
    assert {a.id: a.description for a in actions}[action_id] == description
    assert len(actions) == len(before.rows["actions"]) + 1


# -- lone surrogates (broken pastes) are refused, and change nothing ---------------------
@per_database
@given(value=with_lone_surrogate)
def test_lone_surrogate_in_summary_is_refused(ws: Workspace, value: str) -> None:
    case_id = opened_case(ws)
    before = state(ws, case_id)
    with pytest.raises(InvalidInput, match="Summary contains characters that cannot be"):
        cases.amend(ws, case_id, "cases", case_id, "summary", value, "correction")
    assert state(ws, case_id) == before


@per_database
@given(value=with_lone_surrogate)
def test_lone_surrogate_in_action_is_refused(ws: Workspace, open_case_id: int, value: str) -> None:
    before = state(ws, open_case_id)
    with pytest.raises(InvalidInput, match="What needs doing contains characters"):
        followup.add_action(ws, open_case_id, value)
    assert state(ws, open_case_id) == before


@pytest.mark.parametrize("value", LONE_SURROGATES)
def test_lone_surrogate_in_draft_page_is_refused(ws: Workspace, value: str) -> None:
    case_id = draft_case(ws)
    cases.save_draft_page(ws, case_id, "account", {"own_words": "first version"})
    before = state(ws, case_id)
    with pytest.raises(InvalidInput):
        cases.save_draft_page(ws, case_id, "account", {"own_words": value})
    assert state(ws, case_id) == before


# -- length limits ------------------------------------------------------------------------
def long_text(length: int) -> str:
    chunk = 'Zoë said: "he sent it on" <b>&</b> 😀 שלום\n'
    return (chunk * (length // len(chunk) + 1))[:length]


@pytest.mark.parametrize("length", [100_000, validation.MAX_TEXT])
def test_long_note_round_trips_exactly(ws: Workspace, length: int) -> None:
    case_id = opened_case(ws)
    note = long_text(length)
    assert len(note) == length
    entry_id = followup.add_chronology_entry(ws, case_id, datetime.now() - timedelta(hours=1), note)
    rows = cases.load_case(ws, case_id, audit_view=False).rows("chronology")
    assert {r.id: r.entry for r in rows}[entry_id] == note


def test_draft_case_summary_of_100000_characters_round_trips(ws: Workspace) -> None:
    case_id = draft_case(ws)
    note = long_text(100_000)
    cases.amend(ws, case_id, "cases", case_id, "summary", note, "x")
    assert cases.load_case(ws, case_id, audit_view=False).case.summary == note


def test_over_long_note_is_refused_naming_the_field(ws: Workspace) -> None:
    case_id = opened_case(ws)
    before = state(ws, case_id)
    with pytest.raises(InvalidInput, match="What happened is too long") as refused:
        followup.add_chronology_entry(
            ws, case_id, datetime.now() - timedelta(hours=1), long_text(validation.MAX_TEXT + 1)
        )
    assert "200,000" in str(refused.value)
    with pytest.raises(InvalidInput, match="Summary is too long"):
        cases.amend(ws, case_id, "cases", case_id, "summary", long_text(200_001), "pasted twice")
    assert state(ws, case_id) == before


# -- required fields ----------------------------------------------------------------------
BLANKS = ["", "   ", "\n\t "]


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_action_description_is_refused(ws: Workspace, blank: str) -> None:
    case_id = opened_case(ws)
    before = state(ws, case_id)
    with pytest.raises(InvalidInput, match="What needs doing is required"):
        followup.add_action(ws, case_id, blank, due_on=date.today())
    assert state(ws, case_id) == before


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_review_notes_are_refused(ws: Workspace, blank: str) -> None:
    case_id = opened_case(ws)
    before = state(ws, case_id)
    with pytest.raises(InvalidInput, match="Review notes is required"):
        followup.add_review(
            ws,
            case_id,
            held_on=date.today(),
            notes=blank,
            risk_still_present=Answer.NO,
            next_review_on=date.today() + timedelta(days=14),
        )
    assert state(ws, case_id) == before


@pytest.mark.parametrize("blank", BLANKS)
def test_blank_amendment_reason_is_refused(ws: Workspace, blank: str) -> None:
    case_id = opened_case(ws)
    cases.amend(ws, case_id, "cases", case_id, "summary", "First account.", "typo")
    before = state(ws, case_id)
    assert len(before.history) == 1
    with pytest.raises(InvalidInput, match="The reason for the amendment is required"):
        cases.amend(ws, case_id, "cases", case_id, "summary", "Changed account.", blank)
    assert state(ws, case_id) == before


# -- dates --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed", ["2026-02-30", "31/02/2026", "2026-13-01", "tomorrow", "12/31/2026"]
)
def test_the_date_parser_refuses_what_is_not_a_real_date(typed: str) -> None:
    """The one parser the wizard, the case file and the services share."""
    with pytest.raises(ValueError):
        dates.parse_date(typed)


@pytest.mark.parametrize("typed", ["", "  "])
def test_a_blank_date_is_not_given(typed: str) -> None:
    assert dates.parse_date(typed) is None


def test_the_date_parser_accepts_a_real_date_the_uk_way_first() -> None:
    assert dates.parse_date(" 2024-02-29 ") == date(2024, 2, 29)
    assert dates.parse_date("01/02/2024") == date(2024, 2, 1)


def test_future_chronology_entry_is_refused(ws: Workspace) -> None:
    case_id = opened_case(ws)
    before = state(ws, case_id)
    with pytest.raises(InvalidInput, match="When it happened cannot be in the future"):
        followup.add_chronology_entry(
            ws, case_id, datetime.now() + timedelta(days=1), "Pupil told tutor."
        )
    assert state(ws, case_id) == before


def test_future_review_is_refused(ws: Workspace) -> None:
    case_id = opened_case(ws)
    before = state(ws, case_id)
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(InvalidInput, match="The review date cannot be in the future"):
        followup.add_review(
            ws,
            case_id,
            held_on=tomorrow,
            notes="Pupil settled.",
            risk_still_present=Answer.NO,
            next_review_on=tomorrow + timedelta(days=14),
        )
    assert state(ws, case_id) == before


# -- creating a database ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("username", "display_name", "password", "message"),
    [
        ("", "Ann O'Neill", PASSWORD, "user name"),
        ("   ", "Ann O'Neill", PASSWORD, "user name"),
        (DSL, "", PASSWORD, "full name"),
        (DSL, "   ", PASSWORD, "full name"),
        (DSL, "Ann O'Neill", "abc", "at least 10 characters"),
    ],
)
def test_create_database_refuses_bad_details_and_leaves_no_files(
    tmp_path: Path, username: str, display_name: str, password: str, message: str
) -> None:
    db = tmp_path / "school" / "casebook.db"
    with pytest.raises(InvalidInput, match=message):
        create_database(db, username, password, display_name)
    assert all_files(tmp_path) == []
    # Nothing half-made stands in the way of trying again.
    ws, _ = create_database(db, DSL, PASSWORD, "Ann O'Neill")
    ws.close()


# -- signing in with odd names and passwords ----------------------------------------------
@pytest.mark.parametrize(
    ("username", "password"),
    [
        (DSL, "😀😀😀😀😀😀😀😀😀😀"),
        (DSL, "\u202ecorrect horse battery"),
        (DSL, "<script>alert(1)</script>"),
        (DSL, PASSWORD + "\u0000"),
        (DSL, ""),
        ("😀", PASSWORD),
        ("\u202edsl", PASSWORD),
        ("<script>alert(1)</script>", PASSWORD),
        ("dsl\u0000", PASSWORD),
        ("שלום", "مرحبا"),
        ("", PASSWORD),
        ("x" * 1000, PASSWORD),
        pytest.param(
            DSL,
            "correct horse \ud800",
            id="lone-surrogate-password",
        ),
    ],
)
def test_odd_sign_in_is_wrong_password_and_changes_nothing(
    closed_db: Path, username: str, password: str
) -> None:
    before = files(closed_db.parent)
    with pytest.raises(WrongPassword, match="do not match"):
        unlock(closed_db, username, password)
    assert files(closed_db.parent) == before


def test_user_name_is_not_case_sensitive_but_the_password_is(closed_db: Path) -> None:
    ws = unlock(closed_db, " DSL ", PASSWORD)
    ws.close()
    with pytest.raises(WrongPassword):
        unlock(closed_db, DSL, PASSWORD.upper())


# -- damaged files ------------------------------------------------------------------------
def truncate_to_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def overwrite_at(fraction: float) -> Any:
    def damage(data: bytes) -> bytes:
        rng = random.Random(2026)  # the same damage every run
        at = int(len(data) * fraction)
        return data[:at] + rng.randbytes(64) + data[at + 64 :]

    return damage


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(truncate_to_half, id="truncated-to-half"),
        pytest.param(
            overwrite_at(0.5),
            id="random-bytes-in-the-middle",
        ),
        pytest.param(
            overwrite_at(0.1),
            id="random-bytes-early",
        ),
    ],
)
def test_damaged_database_says_restore_the_backup_and_is_left_alone(
    closed_db: Path, damage: Any
) -> None:
    closed_db.write_bytes(damage(closed_db.read_bytes()))
    before = files(closed_db.parent)

    with pytest.raises(DatabaseDamaged) as refused:
        sign_in_and_out(closed_db)
    message = str(refused.value)
    del refused
    gc.collect()  # let go of anything the exception kept open (see the next test)

    assert "damaged" in message
    assert "backup" in message
    assert files(closed_db.parent) == before  # the attempt wrote nothing to it


def test_refused_unlock_leaves_nothing_open(closed_db: Path) -> None:
    closed_db.write_bytes(truncate_to_half(closed_db.read_bytes()))
    names = sorted(p.name for p in closed_db.parent.iterdir())
    with pytest.raises(DatabaseDamaged) as refused:
        unlock(closed_db, DSL, PASSWORD)
    # The error is still held here, as it is by a window showing its message.
    assert isinstance(refused.value, DatabaseDamaged)
    assert sorted(p.name for p in closed_db.parent.iterdir()) == names


def sign_in_and_out(db: Path) -> None:
    ws = unlock(db, DSL, PASSWORD)
    ws.close()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(None, id="missing"),
        pytest.param(b"", id="empty"),
        pytest.param(b"{}", id="empty-json"),
        pytest.param(b"\x00\xffnot json at all", id="garbage"),
        pytest.param("half", id="truncated-to-half"),
        pytest.param("bad-base64", id="bad-base64-in-a-slot"),
    ],
)
def test_damaged_key_file_is_key_slots_damaged(closed_db: Path, damage: Any) -> None:
    keys = closed_db.with_name(closed_db.name + ".keys")
    good = keys.read_bytes()
    if damage is None:
        keys.unlink()
    elif damage == "half":
        keys.write_bytes(good[: len(good) // 2])
    elif damage == "bad-base64":
        damaged = good.replace(b'"salt": "', b'"salt": "!!', 1)
        assert damaged != good
        keys.write_bytes(damaged)
    else:
        keys.write_bytes(damage)
    before = files(closed_db.parent)
    with pytest.raises(KeySlotsDamaged, match="backup"):
        unlock(closed_db, DSL, PASSWORD)
    assert files(closed_db.parent) == before

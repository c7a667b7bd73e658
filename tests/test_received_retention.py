"""A file received from another school is reviewed under the retention rules, as the
school's own records are: kept to the child's date of birth + 25 years, then kept for
longer or destroyed by the DSL, and by no other path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from app.dates import format_date
from app.errors import CasebookError, InvalidInput, NotAllowed
from app.models import RetentionDecision, TransferIn, YoungPerson
from app.models.transfer import TRIGGERS
from app.services import accounts, audit, cases, retention, transfer
from app.services.verify import verify
from app.services.workspace import Workspace, unlock
from app.transfer import pack
from tests.conftest import DSL, PASSWORD, all_files
from tests.helpers.received import SENDING_SCHOOL, packs_from
from tests.helpers.transfer import open_new_school

TODAY = date.today()
LONG_AGO = "Kit Longago"  # born 1990: past retention since 2015
NO_BIRTHDAY = "Sam Nobirthday"  # no date of birth: a decision is due now
RECENT = "Alex Recent"  # born 2012: not due until 2037
CHILDREN = {LONG_AGO: date(1990, 3, 1), NO_BIRTHDAY: None, RECENT: date(2012, 5, 17)}
REASON = "Past retention; reviewed with the head"

# What migration 0008_transfer made: no removal at all.
DELETE_TRIGGER_AT_0008 = (
    "CREATE TRIGGER transfers_in_no_delete BEFORE DELETE ON transfers_in "
    "BEGIN SELECT RAISE(ABORT, 'a transferred-in file is kept as it came'); END"
)


@pytest.fixture(scope="module")
def packs(
    tmp_path_factory: pytest.TempPathFactory, dsl_template: tuple[Path, str]
) -> dict[str, pack.Opened]:
    """Each child's file as the sending school sent it: made once, imported per test."""
    return packs_from(dsl_template[0], tmp_path_factory.mktemp("sent"), CHILDREN)


@pytest.fixture
def receiver_path(tmp_path: Path) -> Path:
    return tmp_path / "new-school" / "casebook.db"


@pytest.fixture
def receiver(receiver_path: Path, dsl_template: tuple[Path, str]) -> Iterator[Workspace]:
    ws = open_new_school(receiver_path, dsl_template[0])
    yield ws
    ws.close()


def _import(ws: Workspace, packs: dict[str, pack.Opened], *names: str) -> dict[str, int]:
    return {name: transfer.import_pack(ws, packs[name]).id for name in names}


def _reference(packs: dict[str, pack.Opened], name: str) -> str:
    return transfer.received_reference(packs[name].pack_sha256)


def _received(lines: list[retention.RetentionLine]) -> dict[int, retention.RetentionLine]:
    return {line.received_id: line for line in lines if line.received_id is not None}


def _raw_refused(ws: Workspace, *statements: str) -> None:
    """Each statement, run as plain SQL outside Casebook's services, is refused."""
    conn = ws.engine.raw_connection()
    try:
        for sql in statements:
            with pytest.raises(Exception, match="kept as it came"):
                conn.cursor().execute(sql)
    finally:
        conn.rollback()
        conn.close()


def test_a_received_file_is_due_after_the_childs_birth_plus_25_years_or_with_no_birth_date(
    receiver: Workspace, packs: dict[str, pack.Opened]
) -> None:
    # The child born in 1990 is also in an open case here, and the file is linked to it:
    # the file is still reviewed on a line of its own.
    case = cases.create_case(receiver)
    with receiver.write() as s:
        person = YoungPerson(
            case_id=case.id, name=LONG_AGO, date_of_birth=CHILDREN[LONG_AGO], roles=["received"]
        )
        s.add(person)
        s.flush()
        person_id = person.id
    cases.open_case(receiver, case.id)
    linked = transfer.import_pack(receiver, packs[LONG_AGO], link_to=person_id).id
    ids = _import(receiver, packs, NO_BIRTHDAY, RECENT)

    due = retention.due_for_review(receiver)
    assert [line.reference for line in due if not line.received] == []  # the case is open
    found = _received(due)
    assert sorted(found) == [linked, ids[NO_BIRTHDAY]]
    old = found[linked]
    assert (old.case_id, old.status, old.retain_until) == (None, None, date(2015, 3, 1))
    assert found[ids[NO_BIRTHDAY]].retain_until is None
    (kept,) = [k for k in transfer.transferred_in(receiver) if k.id == linked]
    assert old.label == f"File received from {SENDING_SCHOOL} on {format_date(kept.imported_at)}"
    assert old.child_name == LONG_AGO
    # Its own reference: stable, never a case's (a case's starts with its year).
    assert old.reference == _reference(packs, LONG_AGO)
    assert old.reference.startswith("RF-") and len(old.reference) <= 16
    assert old.reference != found[ids[NO_BIRTHDAY]].reference

    # Born 17 May 2012: not due the day before its 25 years are up, due on the day.
    assert ids[RECENT] not in _received(retention.due_for_review(receiver, date(2037, 5, 16)))
    assert ids[RECENT] in _received(retention.due_for_review(receiver, date(2037, 5, 17)))


def test_keeping_a_received_file_takes_it_off_the_list_until_the_date_to_look_again(
    receiver: Workspace, packs: dict[str, pack.Opened]
) -> None:
    received = _import(receiver, packs, NO_BIRTHDAY)[NO_BIRTHDAY]
    again = TODAY + timedelta(days=365)
    with pytest.raises(InvalidInput, match="reason"):
        retention.record_keep_received(receiver, received, "  ", again)
    retention.record_keep_received(receiver, received, "Police asked us to keep it", again)
    assert received not in _received(retention.due_for_review(receiver))
    assert received not in _received(retention.due_for_review(receiver, again - timedelta(1)))
    assert received in _received(retention.due_for_review(receiver, again))
    reference = _reference(packs, NO_BIRTHDAY)
    with receiver.read() as s:
        assert [e.detail for e in audit.entries_for(s, reference)] == ["retention: kept"]
    assert [k.id for k in transfer.transferred_in(receiver)] == [received]


def test_destroying_a_received_file_leaves_only_the_tombstone_and_the_audit_entry(
    receiver: Workspace, receiver_path: Path, packs: dict[str, pack.Opened]
) -> None:
    ids = _import(receiver, packs, LONG_AGO, NO_BIRTHDAY, RECENT)
    target = ids[LONG_AGO]
    with pytest.raises(InvalidInput, match="reason"):
        retention.destroy_received(receiver, target, " ")
    with pytest.raises(InvalidInput, match="past their retention date"):
        retention.destroy_received(receiver, ids[RECENT], REASON)

    retention.destroy_received(receiver, target, REASON)

    # The file (the child's part and the sending school's extract) is gone; the others stay.
    assert [k.id for k in transfer.transferred_in(receiver)] == [ids[NO_BIRTHDAY], ids[RECENT]]
    assert target not in _received(retention.due_for_review(receiver))
    reference = _reference(packs, LONG_AGO)
    with receiver.read() as s:
        assert s.get(TransferIn, target) is None
        tombstone = s.execute(
            select(RetentionDecision).where(RetentionDecision.reference == reference)
        ).scalar_one()
        assert (tombstone.decision, tombstone.reason) == ("destroy", REASON)
        assert tombstone.decided_by_id == receiver.account.id
        assert [e.detail for e in audit.entries_for(s, reference)] == ["retention: destroyed"]
    # The child's name is nowhere in the database now, nor in any file beside it.
    conn = receiver.engine.raw_connection()
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608 (its own names)
            assert LONG_AGO not in repr(rows), table
    finally:
        conn.close()
    for path in all_files(receiver_path.parent):
        assert LONG_AGO.encode() not in path.read_bytes(), path.name
    # The import's audit entry still names the pack: verify knows this removal was the DSL's.
    report = verify(receiver)
    assert report.sound, report.problems
    # The same pack does not bring the destroyed file back.
    with pytest.raises(transfer.DestroyedBefore, match="destroyed under the retention rules"):
        transfer.import_pack(receiver, packs[LONG_AGO])
    assert len(transfer.transferred_in(receiver)) == 2


def test_only_the_dsl_keeps_or_destroys_a_received_file(
    tmp_path: Path, dsl_template: tuple[Path, str], packs: dict[str, pack.Opened]
) -> None:
    path = tmp_path / "new-school" / "casebook.db"
    dsl = open_new_school(path, dsl_template[0])
    received = _import(dsl, packs, NO_BIRTHDAY)[NO_BIRTHDAY]
    accounts.add_account(dsl, "deputy", "Dee Puty", "a long secret phrase")
    dsl.close()
    deputy = unlock(path, "deputy", "a long secret phrase")
    try:
        with pytest.raises(NotAllowed, match="Only the DSL"):
            retention.destroy_received(deputy, received, REASON)
        with pytest.raises(NotAllowed, match="Only the DSL"):
            retention.record_keep_received(deputy, received, "Keep", TODAY + timedelta(30))
        assert [k.id for k in transfer.transferred_in(deputy)] == [received]
    finally:
        deputy.close()


def test_a_received_file_cannot_be_removed_any_other_way(
    receiver: Workspace, packs: dict[str, pack.Opened]
) -> None:
    _import(receiver, packs, LONG_AGO)
    _raw_refused(receiver, "DELETE FROM transfers_in", "UPDATE transfers_in SET child_name = 'x'")
    # An amendment's permit is not the retention decision's.
    conn = receiver.engine.raw_connection()
    try:
        conn.cursor().execute("INSERT INTO write_permits (purpose) VALUES ('amendment')")
        with pytest.raises(Exception, match="kept as it came"):
            conn.cursor().execute("DELETE FROM transfers_in")
    finally:
        conn.rollback()
        conn.close()
    # Nor through Casebook's own session, outside the retention path.
    with pytest.raises(CasebookError), receiver.write() as s:
        s.execute(delete(TransferIn))
    assert len(transfer.transferred_in(receiver)) == 1

    # Someone with the key who forges the permit gets the row out, and verify says so.
    conn = receiver.engine.raw_connection()
    try:
        cursor = conn.cursor()
        cursor.execute("INSERT INTO write_permits (purpose) VALUES ('retention')")
        cursor.execute("DELETE FROM transfers_in")
        cursor.execute("DELETE FROM write_permits")
        conn.commit()
    finally:
        conn.close()
    (problem,) = verify(receiver).problems
    assert problem.startswith("a file transferred in (pack sha256 ")
    assert problem.endswith("is missing: it was removed outside Casebook")


def _as_made_by_0008(ws: Workspace) -> None:
    """The database as the version before this one left it: the delete trigger of
    0008_transfer, and that revision."""
    conn = ws.engine.raw_connection()
    try:
        cursor = conn.cursor()
        cursor.execute("DROP TRIGGER transfers_in_no_delete")
        cursor.execute(DELETE_TRIGGER_AT_0008)
        cursor.execute("UPDATE alembic_version SET version_num = '0008_transfer'")
        conn.commit()
    finally:
        conn.close()


def _delete_trigger(ws: Workspace) -> str:
    conn = ws.engine.raw_connection()
    try:
        (sql,) = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'transfers_in_no_delete'"
        ).fetchone()
        return str(sql)
    finally:
        conn.close()


def test_a_database_from_0008_keeps_its_received_file_and_then_lets_the_dsl_destroy_it(
    tmp_path: Path, dsl_template: tuple[Path, str], packs: dict[str, pack.Opened]
) -> None:
    path = tmp_path / "new-school" / "casebook.db"
    old = open_new_school(path, dsl_template[0])
    try:
        received = _import(old, packs, LONG_AGO)[LONG_AGO]
        _as_made_by_0008(old)
        # Before the upgrade nothing removes it, the retention path included.
        with pytest.raises(CasebookError):
            retention.destroy_received(old, received, REASON)
    finally:
        old.close()

    ws = unlock(path, DSL, PASSWORD)  # signing in upgrades it, after keeping a copy
    try:
        assert path.with_name(f"{path.name}.before-0008_transfer").exists()
        assert _delete_trigger(ws) == TRIGGERS["transfers_in_no_delete"]
        (kept,) = transfer.transferred_in(ws)
        assert (kept.id, kept.child_name) == (received, LONG_AGO)
        assert transfer.transferred_in_pdf(ws, received) == packs[LONG_AGO].parts[pack.EXTRACT]
        report = verify(ws)
        assert report.sound, report.problems
        _raw_refused(ws, "DELETE FROM transfers_in")

        retention.destroy_received(ws, received, REASON)
        assert transfer.transferred_in(ws) == []
        report = verify(ws)
        assert report.sound, report.problems
    finally:
        ws.close()

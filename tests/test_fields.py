"""The action's fields are listed once: a field added to the table alone is read and
written in the TOML, shown in the JSON report, exported, and undone by history replay."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from improvetrack.figures.history import replay
from improvetrack.figures.progress import compute
from improvetrack.files.store import dumps, parse
from improvetrack.model import fields
from improvetrack.model.changes import Stamp, set_field
from improvetrack.model.register import Register
from improvetrack.render.data import action_data
from improvetrack.sheets.export import csv_text
from tests.conftest import MINIMAL

NOTE = fields.Field("delivery_note", fields.TEXT, "delivery_note", ("Delivery note",))

REGISTER = (
    MINIMAL
    + """
[actions.ASM-1]
area = "assessments"
title = "Audit case files"
owner = "Sam"
created = 2026-09-01
due = 2027-03-31
delivery_note = "Signed off by the board"
"""
)


@pytest.fixture
def noted(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The table with one more field, and everything worked out from it worked out again."""
    monkeypatch.setattr(fields, "ACTION_FIELDS", (*fields.ACTION_FIELDS, NOTE))
    fields.refresh()
    yield
    monkeypatch.undo()
    fields.refresh()


def _register() -> Register:
    return parse(REGISTER, "improvetrack.toml")


def test_the_table_names_each_field_once_in_the_files_order() -> None:
    names = [field.name for field in fields.ACTION_FIELDS]
    assert len(names) == len(set(names))
    assert names[:4] == ["area", "title", "owner", "status"]
    assert fields.by_name()["timescale"].stands_for == "due"
    assert "evidence" not in fields.replayed() and "due" in fields.replayed()


def test_without_the_field_its_key_is_the_users_own() -> None:
    action = _register().actions["ASM-1"]
    assert action.extra == {"delivery_note": "Signed off by the board"}
    assert "delivery_note" not in action_data(compute(_register(), date(2026, 9, 1)).actions[0])


def test_an_added_field_is_read_and_written_in_the_toml(noted: None) -> None:
    register = _register()
    assert fields.value(register.actions["ASM-1"], "delivery_note") == "Signed off by the board"
    text = dumps(register)
    assert 'created = 2026-09-01\ndelivery_note = "Signed off by the board"\n' in text
    assert dumps(parse(text, "again.toml")) == text


def test_an_added_field_is_checked_for_its_type(noted: None) -> None:
    from improvetrack.errors import ImprovetrackError

    with pytest.raises(ImprovetrackError, match=r"actions\.ASM-1\.delivery_note: expected text"):
        parse(REGISTER.replace('"Signed off by the board"', "3"), "improvetrack.toml")


def test_an_added_field_is_in_the_json_report(noted: None) -> None:
    data = action_data(compute(_register(), date(2026, 9, 1)).actions[0])
    assert data["delivery_note"] == "Signed off by the board"
    assert list(data)[-2:] == ["latest_update", "delivery_note"]


def test_an_added_field_is_a_column_of_the_export(noted: None) -> None:
    rows = list(csv.reader(io.StringIO(csv_text(compute(_register(), date(2026, 9, 1))))))
    header, row = rows[0], rows[1]
    assert header[-1] == "Delivery note"
    assert row[-1] == "Signed off by the board"
    assert row[header.index("Owner")] == "Sam"


def test_a_logged_change_of_an_added_field_is_undone_by_replay(noted: None) -> None:
    register = _register()
    action = register.actions["ASM-1"]
    stamp = Stamp(by="Sam", at=datetime(2026, 10, 5, 9, tzinfo=UTC), today=date(2026, 10, 5))
    assert set_field(action, "delivery_note", "Agreed at the October board", stamp)
    register = parse(dumps(register), "improvetrack.toml")
    then = replay(register, date(2026, 10, 1)).register.actions["ASM-1"]
    now = replay(register, date(2026, 10, 6)).register.actions["ASM-1"]
    assert fields.value(then, "delivery_note") == "Signed off by the board"
    assert fields.value(now, "delivery_note") == "Agreed at the October board"


def test_an_added_field_is_a_column_of_the_excel_export(noted: None) -> None:
    from openpyxl import load_workbook

    from improvetrack.sheets.workbook import workbook

    book = load_workbook(io.BytesIO(workbook(compute(_register(), date(2026, 9, 1)))))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = next(row for row in rows if "Owner" in row)
    values = rows[rows.index(header) + 1]
    assert "Delivery note" in header
    assert values[header.index("Delivery note")] == "Signed off by the board"

"""The working-day cache: the same answers as counting, and never a planted one."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from improvetrack.figures.deadlines import count_working_days
from improvetrack.files import cache
from improvetrack.files.cache import add_working_days


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("IMPROVETRACK_CACHE", str(where))
    return where


def test_a_kept_answer_is_the_counted_one_and_is_not_counted_again(folder: Path) -> None:
    calls: list[tuple[date, int]] = []

    def count(start: date, days: int) -> date:
        calls.append((start, days))
        return count_working_days(start, days)

    first = cache.working_days(date(2023, 5, 9), 70, count)
    again = cache.working_days(date(2023, 5, 9), 70, count)
    assert first == again == date(2023, 8, 16)  # the Stockton check
    assert calls == [(date(2023, 5, 9), 70)]
    assert oct(os.stat(folder / cache.NAME).st_mode & 0o777) == "0o600"


def test_the_deadline_is_the_same_with_and_without_the_cache(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = add_working_days(date(2026, 12, 18), 20)
    monkeypatch.setenv("IMPROVETRACK_CACHE", "off")
    assert (
        add_working_days(date(2026, 12, 18), 20)
        == kept
        == count_working_days(date(2026, 12, 18), 20)
    )
    assert not (folder / cache.NAME).exists() or kept


def _plant(folder: Path, answer: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / cache.NAME
    identity = cache.holidays_identity()
    path.write_text(json.dumps({"holidays": identity, "working_days": {"2023-05-09+70": answer}}))
    path.chmod(0o600)
    return path


def test_a_kept_answer_is_used_only_from_a_file_nobody_else_can_write(folder: Path) -> None:
    path = _plant(folder, "2099-01-01")
    assert add_working_days(date(2023, 5, 9), 70) == date(2099, 1, 1)  # trusted: ours, 0600
    path = _plant(folder, "2099-01-01")
    path.chmod(0o666)
    assert add_working_days(date(2023, 5, 9), 70) == date(2023, 8, 16)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_cache_owned_by_someone_else_is_ignored(folder: Path) -> None:
    path = _plant(folder, "2099-01-01")
    os.chown(path, 65534, 65534)
    assert add_working_days(date(2023, 5, 9), 70) == date(2023, 8, 16)


def test_a_broken_or_linked_cache_is_worked_around(folder: Path, tmp_path: Path) -> None:
    folder.mkdir(parents=True)
    (folder / cache.NAME).write_text("{not json")
    assert add_working_days(date(2023, 5, 9), 70) == date(2023, 8, 16)
    (folder / cache.NAME).unlink()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(
        json.dumps(
            {"holidays": cache.holidays_identity(), "working_days": {"2023-05-09+70": "2099-01-01"}}
        )
    )
    (folder / cache.NAME).symlink_to(elsewhere)
    assert add_working_days(date(2023, 5, 9), 70) == date(2023, 8, 16)


def test_a_cache_that_cannot_be_written_is_no_error(folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be")
    assert add_working_days(date(2023, 5, 9), 70) == date(2023, 8, 16)

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvetrack.dates import parse_date
from improvetrack.errors import UsageError

AS_OF = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-31", date(2027, 3, 31)),
        ("31/03/2027", date(2027, 3, 31)),
        ("1/4/2027", date(2027, 4, 1)),
        ("+0d", AS_OF),
        ("+10d", date(2026, 12, 7)),
        ("+2w", date(2026, 12, 11)),
        (" +2W ", date(2026, 12, 11)),
        ("-2w", date(2026, 11, 13)),
        ("-1d", date(2026, 11, 26)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_date(text, AS_OF) == expected


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "2027-3-31", "03/31/2027", "31/13/2027", "2027-02-30", "2d", "+2m"]
)
def test_refused_forms_name_the_accepted_ones(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_date(text, AS_OF, what="--due")
    message = str(caught.value)
    assert message.startswith("--due: ")
    assert "2027-03-31" in message


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_a_usage_error(text: str) -> None:
    try:
        result = parse_date(text, AS_OF)
    except UsageError:
        return
    assert isinstance(result, date)

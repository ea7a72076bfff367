from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from improvetrack.errors import UsageError
from improvetrack.model.dates import parse_date

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
        # Every form the SPEC names, as people write them in sheets and on the command line.
        ("31-03-2027", date(2027, 3, 31)),
        ("31.03.2027", date(2027, 3, 31)),
        ("31.03.25", date(2025, 3, 31)),
        ("31/3/25", date(2025, 3, 31)),
        ("1-4-27", date(2027, 4, 1)),
        ("31-Mar-2025", date(2025, 3, 31)),
        ("31-mar-25", date(2025, 3, 31)),
        ("31 March 2025", date(2025, 3, 31)),
        ("31st March 2025", date(2025, 3, 31)),
        ("1 Sept 2025", date(2025, 9, 1)),
        # A month alone is its last day.
        ("March 2025", date(2025, 3, 31)),
        ("Mar 25", date(2025, 3, 31)),
        ("Mar-25", date(2025, 3, 31)),
        ("Feb 2028", date(2028, 2, 29)),
        ("End Oct 24", date(2024, 10, 31)),
        ("end of October 2024", date(2024, 10, 31)),
        ("by June 2026", date(2026, 6, 30)),
        # A quarter of the UK financial year (April to March) is its last day.
        ("Q1 2025/26", date(2025, 6, 30)),
        ("Q2 2025/26", date(2025, 9, 30)),
        ("q3 2025-26", date(2025, 12, 31)),
        ("Q4 2025/26", date(2026, 3, 31)),
        ("Qtr 2 25/26", date(2025, 9, 30)),
        ("Q2 2025/2026", date(2025, 9, 30)),
        ("2025/26 Q2", date(2025, 9, 30)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_date(text, AS_OF) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tomorrow",
        "2027-3-31",
        "03/31/2027",
        "31/13/2027",
        "2027-02-30",
        "2d",
        "+2m",
        "31/03-2027",  # two different separators
        "Smarch 2025",
        "31 Foo 2025",
        "Q5 2025/26",
        "Q2 2025/27",  # a financial year is one year and the next
        "Ongoing",
        "\u0663\u0661/03/2027",  # Arabic-Indic digits, which int() would read
    ],
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


def test_a_refusal_names_every_form() -> None:
    with pytest.raises(UsageError) as caught:
        parse_date("soon", AS_OF, what="--due")
    for form in ("DD-MM-YYYY", "31-Mar-2025", "March 2025", "Q2 2025/26", "+Nw"):
        assert form in str(caught.value)


def test_impossible_numbers_say_the_date_is_not_real() -> None:
    with pytest.raises(UsageError, match=r"'31-02-2027' is not a real date"):
        parse_date("31-02-2027", AS_OF)
    with pytest.raises(UsageError, match="not 2025/27"):
        parse_date("Q2 2025/27", AS_OF)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2027-02-28", date(2027, 2, 28)),
        ("28/02/2027", date(2027, 2, 28)),
        ("28.2.27", date(2027, 2, 28)),
        ("28th February, 2027", date(2027, 2, 28)),
        ("31/02/2027", False),  # the form of a day, with numbers no day has
        ("March 2027", None),  # a month, not a day: a hint must not name one day of it
        ("Q1 2027/28", None),
        ("+2w", None),
        ("Jo Smith", None),
    ],
)
def test_named_day_reads_only_the_forms_of_an_exact_day(text: str, day: object) -> None:
    from improvetrack.model.dates import named_day

    assert named_day(text) == day


def test_a_date_out_of_range_is_said_once_as_typed() -> None:
    """An ISO date is not said twice; another form says which day it was read as."""
    with pytest.raises(UsageError) as iso:
        parse_date("1800-01-01", date(2026, 11, 27), what="--as-of")
    assert str(iso.value).startswith("--as-of: '1800-01-01' is outside the dates a plan can use")
    with pytest.raises(UsageError) as other:
        parse_date("31/12/1899", date(2026, 11, 27), what="--as-of")
    assert str(other.value).startswith("--as-of: '31/12/1899' is 1899-12-31, outside the dates")

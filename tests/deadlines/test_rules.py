"""Table-driven tests of the working-day calendar and the statutory counting rules."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from caseflow.deadlines.calendar import WorkCalendar
from caseflow.deadlines.rules import (
    PROVISIONAL_ZH,
    add_days,
    add_months,
    add_working_days,
    hearing_notice_ok,
    paused_days_between,
    working_days_left,
    working_days_strictly_between,
)

D = date.fromisoformat
CAL = WorkCalendar()
# An administrator entered the 2027 notice as far as New Year's Day: 01-01 is a rest day.
CAL_2027 = WorkCalendar(overrides={D("2027-01-01"): False}, loaded_years={2027})


# --- the calendar -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cal", "day", "workday", "covered", "name"),
    [
        (CAL, "2026-10-01", False, True, "国庆节"),
        (CAL, "2026-10-03", False, True, "国庆节"),  # a Saturday inside the block is named too
        (CAL, "2026-10-07", False, True, "国庆节"),
        (CAL, "2026-10-08", True, True, None),
        (
            CAL,
            "2026-10-10",
            True,
            True,
            None,
        ),  # make-up Saturday: package says (False, 'National Day')
        (CAL, "2026-09-20", True, True, None),  # make-up Sunday
        (CAL, "2026-09-25", False, True, "中秋节"),
        (CAL, "2026-02-17", False, True, "春节"),
        (CAL, "2026-02-14", True, True, None),
        (CAL, "2026-02-28", True, True, None),
        (CAL, "2026-04-05", False, True, "清明节"),
        (CAL, "2026-05-05", False, True, "劳动节"),
        (CAL, "2026-05-09", True, True, None),
        (CAL, "2026-06-19", False, True, "端午节"),
        (CAL, "2026-01-02", False, True, "元旦"),
        (CAL, "2026-01-04", True, True, None),
        (CAL, "2026-10-11", False, True, None),  # ordinary Sunday
        (CAL, "2027-01-01", True, False, None),  # no data: weekends only
        (CAL, "2027-01-02", False, False, None),
        (CAL, "2003-10-01", True, False, None),  # before the package's range
        (CAL_2027, "2027-01-01", False, True, None),
        (CAL_2027, "2027-01-04", True, True, None),
    ],
)
def test_calendar_day(cal: WorkCalendar, day: str, workday: bool, covered: bool, name: str | None):
    d = D(day)
    assert cal.is_workday(d) is workday
    assert cal.is_covered(d) is covered
    assert cal.holiday_name(d) == name


def test_override_wins_over_package():
    cal = WorkCalendar(overrides={D("2026-10-08"): False, D("2026-10-04"): True})
    assert not cal.is_workday(D("2026-10-08"))
    assert cal.is_workday(D("2026-10-04"))
    assert cal.holiday_name(D("2026-10-04")) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-10-01", "2026-10-08"),
        ("2026-10-08", "2026-10-08"),
        ("2026-10-10", "2026-10-10"),
        ("2026-02-15", "2026-02-24"),
        ("2026-09-19", "2026-09-20"),
        ("2027-01-02", "2027-01-04"),
    ],
)
def test_next_workday(day: str, expected: str):
    assert CAL.next_workday(D(day)) == D(expected)


def test_package_never_called_outside_its_years(monkeypatch: pytest.MonkeyPatch):
    def guard(real):
        def wrapped(d, *args, **kwargs):
            assert 2004 <= d.year <= 2026, f"package called for {d}"
            return real(d, *args, **kwargs)

        return wrapped

    for fn in ("is_workday", "get_holiday_detail", "is_holiday"):
        monkeypatch.setattr(chinese_calendar, fn, guard(getattr(chinese_calendar, fn)))
    due = add_working_days(CAL, D("2026-12-20"), 30)
    assert due.due_on == D("2027-01-29") and due.provisional
    assert add_months(CAL, D("2027-05-31"), 1).due_on == D("2027-06-30")


def test_agrees_with_package_find_workday_from_working_days_across_2026():
    start = D("2026-01-01")
    while start <= D("2026-11-15"):
        if chinese_calendar.is_workday(start):
            for n in (1, 3, 5, 15, 20):
                expected = chinese_calendar.find_workday(n, start)
                assert add_working_days(CAL, start, n).due_on == expected
        start += timedelta(days=1)


def test_package_quirk_find_workday_from_a_rest_day_counts_one_too_many():
    # find_workday first moves a rest-day start to the next working day and then counts n more,
    # so it never returns the first working day after a holiday. Rule 2 of DOMAIN.md §9 does.
    assert chinese_calendar.find_workday(1, D("2026-01-01")) == D("2026-01-05")
    assert add_working_days(CAL, D("2026-01-01"), 1).due_on == D("2026-01-04")
    assert chinese_calendar.find_workday(1, D("2026-10-03")) == D("2026-10-09")
    assert add_working_days(CAL, D("2026-10-03"), 1).due_on == D("2026-10-08")


def test_package_quirk_get_workdays_without_weekends_drops_makeup_days():
    days = chinese_calendar.get_workdays(D("2026-10-01"), D("2026-10-12"), include_weekends=False)
    assert D("2026-10-10") not in days
    assert D("2026-10-10") in chinese_calendar.get_workdays(D("2026-10-01"), D("2026-10-12"))


# --- N working days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cal", "start", "n", "due", "provisional"),
    [
        (CAL, "2026-09-28", 5, "2026-10-10", False),  # National Day; make-up Saturday counts
        (CAL, "2026-09-30", 1, "2026-10-08", False),
        (CAL, "2026-09-18", 1, "2026-09-20", False),  # make-up Sunday
        (CAL, "2026-09-24", 1, "2026-09-28", False),  # Mid-autumn 09-25..27
        (CAL, "2026-09-15", 20, "2026-10-19", False),  # T8 publication across both holidays
        (CAL, "2026-02-13", 1, "2026-02-14", False),  # Spring Festival make-up Saturday
        (CAL, "2026-02-13", 2, "2026-02-24", False),
        (CAL, "2026-02-13", 6, "2026-02-28", False),
        (CAL, "2026-04-30", 1, "2026-05-06", False),  # Labour Day 05-01..05
        (CAL, "2026-04-30", 4, "2026-05-09", False),  # make-up Saturday 05-09
        (CAL, "2026-06-18", 1, "2026-06-22", False),  # Dragon Boat 06-19..21
        (CAL, "2026-04-03", 1, "2026-04-07", False),  # Tomb-sweeping 04-04..06
        (CAL, "2025-12-31", 1, "2026-01-04", False),  # New Year; make-up Sunday 01-04
        (CAL, "2026-12-30", 5, "2027-01-06", True),  # 2027: weekends only, 01-01 counted
        (CAL, "2027-03-01", 5, "2027-03-08", True),
        (CAL_2027, "2026-12-30", 5, "2027-01-07", False),  # override makes 01-01 a rest day
        (WorkCalendar({D("2027-01-01"): False}), "2026-12-30", 5, "2027-01-07", True),
    ],
)
def test_add_working_days(cal: WorkCalendar, start: str, n: int, due: str, provisional: bool):
    result = add_working_days(cal, D(start), n)
    assert result.due_on == D(due)
    assert result.provisional is provisional
    assert (PROVISIONAL_ZH in result.basis) is provisional
    assert result.basis_en


def test_add_working_days_basis():
    result = add_working_days(CAL, D("2026-09-28"), 5)
    assert result.basis == (
        "自2026-09-28（不计当日）起算5个工作日，跳过国庆节假期（10-01至10-07）；"
        "10-10为调休工作日，计入；至2026-10-10。"
    )
    assert "National Day holiday (10-01 to 10-07)" in result.basis_en
    spring = add_working_days(CAL, D("2026-02-13"), 6).basis
    assert "春节假期（02-15至02-23）" in spring and "02-14、02-28为调休工作日，计入" in spring
    both = add_working_days(CAL, D("2026-09-15"), 20).basis
    assert "中秋节假期（09-25至09-27）" in both and "国庆节假期（10-01至10-07）" in both
    assert (
        "跳过休息日（2027-01-01至2027-01-03）"
        in add_working_days(CAL_2027, D("2026-12-30"), 5).basis
    )


def test_add_working_days_rejects_zero():
    with pytest.raises(ValueError):
        add_working_days(CAL, D("2026-09-28"), 0)


# --- N days -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cal", "start", "n", "paused", "roll", "due", "provisional", "phrase"),
    [
        (
            CAL,
            "2026-09-16",
            15,
            0,
            True,
            "2026-10-08",
            False,
            "落在休息日（国庆节），顺延至2026-10-08",
        ),
        (CAL, "2026-09-16", 15, 0, False, "2026-10-01", False, "不顺延"),
        (CAL, "2026-09-10", 15, 0, True, "2026-09-28", False, "落在休息日（中秋节）"),
        (CAL, "2026-03-06", 15, 0, True, "2026-03-23", False, "落在休息日（周末）"),
        (CAL, "2026-09-05", 15, 0, True, "2026-09-20", False, "09-20为调休工作日，不顺延"),
        (CAL, "2026-02-01", 15, 0, True, "2026-02-24", False, "落在休息日（春节）"),
        (CAL, "2026-09-01", 15, 15, True, "2026-10-08", False, "加中止期间15日，为10-01"),
        (CAL, "2026-09-01", 15, 12, True, "2026-09-28", False, "加中止期间12日"),
        (CAL, "2026-12-20", 15, 0, True, "2027-01-04", True, PROVISIONAL_ZH),
        (CAL, "2026-12-17", 15, 0, True, "2027-01-01", True, PROVISIONAL_ZH),
        (CAL_2027, "2026-12-17", 15, 0, True, "2027-01-04", False, "顺延至2027-01-04"),
        (CAL, "2026-12-01", 30, 0, True, "2026-12-31", False, "为12-31；至2026-12-31"),
    ],
)
def test_add_days(
    cal: WorkCalendar,
    start: str,
    n: int,
    paused: int,
    roll: bool,
    due: str,
    provisional: bool,
    phrase: str,
):
    result = add_days(cal, D(start), n, paused_days=paused, roll=roll)
    assert result.due_on == D(due)
    assert result.provisional is provisional
    assert phrase in result.basis


# --- N months -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "paused", "roll", "due", "provisional", "phrase"),
    [
        # DOMAIN.md §9 rule 4: a make-up Saturday stays.
        ("2025-11-30", 3, 0, True, "2026-02-28", False, "2026-02-28为调休工作日，不顺延"),
        # DOMAIN.md §9 rule 6: filing + 4 months = 05-31 (Sunday) -> 06-01.
        (
            "2026-01-31",
            4,
            0,
            True,
            "2026-06-01",
            False,
            "至05-31，落在休息日（周末），顺延至2026-06-01",
        ),
        ("2026-01-31", 4, 0, False, "2026-05-31", False, "不顺延"),
        ("2026-01-31", 3, 0, True, "2026-04-30", False, "4月无31日，取月末"),
        ("2026-01-31", 1, 0, True, "2026-02-28", False, "2月无31日，取月末"),
        ("2026-03-31", 6, 0, True, "2026-09-30", False, "9月无31日，取月末"),
        ("2023-11-30", 3, 0, True, "2024-02-29", False, "2月无30日"),  # leap year
        ("2026-07-01", 3, 0, True, "2026-10-08", False, "落在休息日（国庆节）"),
        ("2026-06-26", 3, 0, True, "2026-09-28", False, "落在休息日（中秋节）"),
        # Paused days go on the UNROLLED date: 09-26 + 3 = 09-29, not 09-28 + 3 = 10-01 -> 10-08.
        ("2026-06-26", 3, 3, True, "2026-09-29", False, "至09-26，加中止期间3日，为09-29"),
        ("2026-06-01", 4, 0, True, "2026-10-08", False, "顺延至2026-10-08"),
        ("2026-11-30", 3, 0, True, "2027-03-01", True, PROVISIONAL_ZH),
        ("2027-11-30", 3, 0, True, "2028-02-29", True, "2月无30日"),
    ],
)
def test_add_months(
    start: str, n: int, paused: int, roll: bool, due: str, provisional: bool, phrase: str
):
    result = add_months(CAL, D(start), n, paused_days=paused, roll=roll)
    assert result.due_on == D(due)
    assert result.provisional is provisional
    assert phrase in result.basis


def test_extension_methods_differ_before_rolling():
    original = add_months(CAL, D("2026-01-31"), 3, roll=False).due_on
    assert original == D("2026-04-30")
    assert add_months(CAL, original, 1, roll=False).due_on == D("2026-05-30")
    assert add_months(CAL, D("2026-01-31"), 4, roll=False).due_on == D("2026-05-31")


def test_negative_inputs_rejected():
    with pytest.raises(ValueError):
        add_days(CAL, D("2026-01-01"), 15, paused_days=-1)
    with pytest.raises(ValueError):
        add_months(CAL, D("2026-01-01"), -1)
    with pytest.raises(ValueError):
        paused_days_between(D("2026-03-22"), D("2026-03-10"))


# --- helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suspended", "resumed", "days"),
    [
        ("2026-03-10", "2026-03-22", 12),
        ("2026-03-10", "2026-03-10", 0),
        ("2026-12-30", "2027-01-02", 3),
    ],
)
def test_paused_days_between(suspended: str, resumed: str, days: int):
    assert paused_days_between(D(suspended), D(resumed)) == days


@pytest.mark.parametrize(
    ("a", "b", "count"),
    [
        ("2026-09-30", "2026-10-09", 1),  # only 10-08
        ("2026-09-18", "2026-09-22", 2),  # make-up Sunday 09-20 and Monday 09-21
        ("2026-10-07", "2026-10-12", 3),  # 10-08, 10-09, 10-10
        ("2026-03-10", "2026-03-11", 0),
        ("2026-03-11", "2026-03-10", 0),
        ("2026-12-30", "2027-01-05", 3),  # 12-31, 2027-01-01 (weekends only), 01-04
    ],
)
def test_working_days_strictly_between(a: str, b: str, count: int):
    assert working_days_strictly_between(CAL, D(a), D(b)) == count


@pytest.mark.parametrize(
    ("notice", "hearing", "reading", "minimum", "ok"),
    [
        ("2026-03-10", "2026-03-16", "safe", 3, True),  # 11, 12, 13 between
        ("2026-03-11", "2026-03-16", "safe", 3, False),  # 12, 13 only
        ("2026-03-11", "2026-03-16", "literal", 3, True),  # 11 is the 3rd working day before
        ("2026-03-12", "2026-03-16", "literal", 3, False),
        ("2026-10-07", "2026-10-12", "safe", 3, True),  # 10-08, 10-09, make-up 10-10
        ("2026-10-08", "2026-10-12", "safe", 3, False),
        ("2026-10-08", "2026-10-12", "literal", 3, True),
        ("2026-10-09", "2026-10-12", "literal", 3, False),
        ("2026-09-30", "2026-10-12", "safe", 3, True),
        ("2026-09-30", "2026-10-12", "safe", 5, False),  # 10-08..10-10 only: the holiday eats it
        ("2026-09-29", "2026-10-12", "literal", 5, True),  # 09-29, 09-30, 10-08, 10-09, 10-10
        ("2026-09-30", "2026-10-12", "literal", 5, False),
    ],
)
def test_hearing_notice_ok(notice: str, hearing: str, reading: str, minimum: int, ok: bool):
    assert hearing_notice_ok(CAL, D(notice), D(hearing), reading=reading, minimum=minimum) is ok


def test_hearing_notice_default_is_safe_and_unknown_reading_rejected():
    assert hearing_notice_ok(CAL, D("2026-10-08"), D("2026-10-12")) is False
    with pytest.raises(ValueError):
        hearing_notice_ok(CAL, D("2026-10-08"), D("2026-10-12"), reading="loose")


@pytest.mark.parametrize(
    ("today", "due", "left"),
    [
        ("2026-09-28", "2026-10-10", 5),  # 09-29, 09-30, 10-08, 10-09, 10-10
        ("2026-09-30", "2026-10-08", 1),
        ("2026-10-03", "2026-10-08", 1),  # counted from a rest day
        ("2026-10-10", "2026-10-10", 0),
        ("2026-10-11", "2026-10-10", -1),  # overdue on a Sunday: still negative
        ("2026-10-12", "2026-10-10", -1),
        ("2026-10-14", "2026-10-10", -3),
        ("2026-09-30", "2026-10-09", 2),
    ],
)
def test_working_days_left(today: str, due: str, left: int):
    assert working_days_left(CAL, D(today), D(due)) == left

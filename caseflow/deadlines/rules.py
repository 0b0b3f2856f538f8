"""Statutory counting rules (DOMAIN.md §9) as pure functions that explain their result."""

from __future__ import annotations

import calendar as _stdcal
from dataclasses import dataclass
from datetime import date, timedelta

from caseflow.deadlines.calendar import WorkCalendar

ONE_DAY = timedelta(days=1)
PROVISIONAL_ZH = "（暂按周末推算，待公布当年节假日安排）"
PROVISIONAL_EN = (
    " (provisional: counted with weekends only until that year's holiday schedule is loaded)"
)


@dataclass(frozen=True)
class Due:
    """A computed deadline, whether it is provisional, and how it was counted."""

    due_on: date
    provisional: bool
    basis: str
    basis_en: str


def _days(a: date, b: date) -> list[date]:
    """Return the dates from a to b inclusive."""
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


class _Fmt:
    """Format dates short (MM-DD) when the whole computation stays within one year."""

    def __init__(self, first: date, last: date) -> None:
        """Remember whether first..last lie in one year."""
        self.short = first.year == last.year

    def __call__(self, d: date) -> str:
        """Return d as MM-DD or YYYY-MM-DD."""
        return d.strftime("%m-%d") if self.short else d.isoformat()


def _rest_runs(cal: WorkCalendar, days: list[date]) -> list[list[date]]:
    """Return the runs of consecutive rest days that contain a holiday or a weekday rest day."""
    runs: list[list[date]] = []
    run: list[date] = []
    for d in [*days, None]:
        if d is not None and not cal.is_workday(d):
            run.append(d)
            continue
        if any(cal.holiday_name(x) or x.weekday() < 5 for x in run):
            runs.append(run)
        run = []
    return runs


def _names(cal: WorkCalendar, run: list[date]) -> tuple[list[str], list[str]]:
    """Return the holiday names (Chinese, English) in a run, in order of first appearance."""
    zh: list[str] = []
    en: list[str] = []
    for d in run:
        name = cal.holiday_name(d)
        if name and name not in zh:
            zh.append(name)
            en.append(cal.holiday_name_en(d) or name)
    return zh, en


def _skip_text(cal: WorkCalendar, days: list[date], f: _Fmt) -> tuple[str, str]:
    """Describe the holiday runs among days as a skip clause."""
    parts_zh: list[str] = []
    parts_en: list[str] = []
    for run in _rest_runs(cal, days):
        span = f(run[0]) if len(run) == 1 else f"{f(run[0])}至{f(run[-1])}"
        span_en = f(run[0]) if len(run) == 1 else f"{f(run[0])} to {f(run[-1])}"
        zh, en = _names(cal, run)
        if zh:
            parts_zh.append(f"{'、'.join(zh)}假期（{span}）")
            parts_en.append(f"the {' / '.join(en)} holiday ({span_en})")
        else:
            parts_zh.append(f"休息日（{span}）")
            parts_en.append(f"rest days ({span_en})")
    if not parts_zh:
        return "", ""
    return f"，跳过{'、'.join(parts_zh)}", f", skipping {'; '.join(parts_en)}"


def _makeup_text(cal: WorkCalendar, days: list[date], f: _Fmt) -> tuple[str, str]:
    """Describe the weekend working days counted among days."""
    made = [d for d in days if d.weekday() >= 5 and cal.is_workday(d)]
    if not made:
        return "", ""
    listed = "、".join(f(d) for d in made)
    listed_en = ", ".join(f(d) for d in made)
    if len(made) > 1:
        en = f"; {listed_en} are make-up working days and count"
    else:
        en = f"; {listed_en} is a make-up working day and counts"
    return f"；{listed}为调休工作日，计入", en


def _finish(cal: WorkCalendar, start: date, due: date, zh: str, en: str) -> Due:
    """Add the provisional note when any examined day lies in an uncovered year."""
    examined = _days(start + ONE_DAY, due) if due > start else [due]
    provisional = any(not cal.is_covered(d) for d in examined)
    if provisional:
        years = sorted({d.year for d in examined if not cal.is_covered(d)})
        zh += PROVISIONAL_ZH
        en += PROVISIONAL_EN.replace("that year's", "the " + "/".join(map(str, years)))
    return Due(due, provisional, zh, en)


def add_working_days(cal: WorkCalendar, start: date, n: int) -> Due:
    """Return the n-th working day after start (start itself never counts)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    d, counted = start, 0
    while counted < n:
        d += ONE_DAY
        if cal.is_workday(d):
            counted += 1
    f = _Fmt(start, d)
    days = _days(start + ONE_DAY, d)
    skip_zh, skip_en = _skip_text(cal, days, f)
    mk_zh, mk_en = _makeup_text(cal, days, f)
    zh = f"自{start.isoformat()}（不计当日）起算{n}个工作日{skip_zh}{mk_zh}；至{d.isoformat()}。"
    en = (
        f"Counted {n} working day{'s' if n != 1 else ''} from {start.isoformat()} "
        f"(that day excluded){skip_en}{mk_en}; due {d.isoformat()}."
    )
    return _finish(cal, start, d, zh, en)


def _tail(
    cal: WorkCalendar, start: date, unrolled: date, roll: bool
) -> tuple[date, str, str, _Fmt]:
    """Roll unrolled forward to a working day if asked; return it, both clauses and a formatter."""
    due = cal.next_workday(unrolled) if roll else unrolled
    f = _Fmt(start, due)
    if cal.is_workday(unrolled):
        if unrolled.weekday() < 5:
            return due, "", "", f
        zh = f"；{f(unrolled)}为调休工作日，不顺延"
        return due, zh, f"; {f(unrolled)} is a make-up working day, so it stays", f
    if not roll:
        return due, "，落在休息日，本期限不顺延", ", a rest day; this period does not roll", f
    zh_names, en_names = _names(cal, _days(unrolled, due - ONE_DAY))
    weekend = all(d.weekday() >= 5 for d in _days(unrolled, due - ONE_DAY))
    why = f"（{'、'.join(zh_names)}）" if zh_names else ("（周末）" if weekend else "")
    why_en = f" ({' / '.join(en_names)})" if en_names else (" (weekend)" if weekend else "")
    zh = f"，落在休息日{why}，顺延至{due.isoformat()}。"
    return due, zh, f", a rest day{why_en}, rolled forward to {due.isoformat()}.", f


def _end(roll_clause: str, due: date, lang: str = "zh") -> str:
    """Close the sentence with the due date unless the roll clause already named it."""
    if roll_clause.endswith(("。", ".")):
        return roll_clause
    if lang == "zh":
        return f"{roll_clause}；至{due.isoformat()}。"
    return f"{roll_clause}; due {due.isoformat()}."


def _pause_text(paused_days: int) -> tuple[str, str]:
    """Describe the suspension days added."""
    if paused_days < 0:
        raise ValueError("paused_days must not be negative")
    if not paused_days:
        return "", ""
    return f"，加中止期间{paused_days}日", f", plus {paused_days} suspended day(s)"


def add_days(
    cal: WorkCalendar, start: date, n: int, *, paused_days: int = 0, roll: bool = True
) -> Due:
    """Return start + n (+ paused) days, rolled to the next working day if it is a rest day."""
    if n < 0:
        raise ValueError("n must not be negative")
    p_zh, p_en = _pause_text(paused_days)
    unrolled = start + timedelta(days=n + paused_days)
    due, r_zh, r_en, f = _tail(cal, start, unrolled, roll)
    zh = f"自{start.isoformat()}（不计当日）起算{n}日{p_zh}，为{f(unrolled)}{_end(r_zh, due)}"
    en = (
        f"Counted {n} day{'s' if n != 1 else ''} from {start.isoformat()} (that day excluded)"
        f"{p_en}, reaching {f(unrolled)}{_end(r_en, due, 'en')}"
    )
    return _finish(cal, start, due, zh, en)


def add_months(
    cal: WorkCalendar, start: date, n: int, *, paused_days: int = 0, roll: bool = True
) -> Due:
    """Return the same day n months later (clamped to month end), plus pauses, then rolled."""
    if n < 0:
        raise ValueError("n must not be negative")
    p_zh, p_en = _pause_text(paused_days)
    months = start.year * 12 + start.month - 1 + n
    year, month = divmod(months, 12)
    last = _stdcal.monthrange(year, month + 1)[1]
    base = date(year, month + 1, min(start.day, last))
    unrolled = base + timedelta(days=paused_days)
    due, r_zh, r_en, f = _tail(cal, start, unrolled, roll)
    c_zh = c_en = ""
    if start.day > last:
        c_zh = f"（{month + 1}月无{start.day}日，取月末）"
        c_en = f" (month {month + 1} has no day {start.day}: last day of the month)"
    at_zh = f"，为{f(unrolled)}" if paused_days else ""
    at_en = f", reaching {f(unrolled)}" if paused_days else ""
    zh = f"自{start.isoformat()}起算{n}个月，至{f(base)}{c_zh}{p_zh}{at_zh}{_end(r_zh, due)}"
    en = (
        f"Counted {n} month{'s' if n != 1 else ''} from {start.isoformat()} to {f(base)}{c_en}"
        f"{p_en}{at_en}{_end(r_en, due, 'en')}"
    )
    return _finish(cal, start, due, zh, en)


def paused_days_between(suspended_on: date, resumed_on: date) -> int:
    """Return the calendar days suspended (suspension day included, resumption day excluded)."""
    if resumed_on < suspended_on:
        raise ValueError("resumed_on is before suspended_on")
    return (resumed_on - suspended_on).days


def working_days_strictly_between(cal: WorkCalendar, a: date, b: date) -> int:
    """Count the working days d with a < d < b."""
    if b - a <= ONE_DAY:
        return 0
    return sum(1 for d in _days(a + ONE_DAY, b - ONE_DAY) if cal.is_workday(d))


def hearing_notice_ok(
    cal: WorkCalendar,
    notice_received_on: date,
    hearing_on: date,
    *,
    reading: str = "safe",
    minimum: int = 3,
) -> bool:
    """Tell whether the hearing notice came early enough under the chosen reading."""
    if reading == "safe":
        return working_days_strictly_between(cal, notice_received_on, hearing_on) >= minimum
    if reading == "literal":
        # On or before the minimum-th working day before the hearing, i.e. at least `minimum`
        # working days in [notice, hearing).
        inclusive = working_days_strictly_between(cal, notice_received_on - ONE_DAY, hearing_on)
        return inclusive >= minimum
    raise ValueError(f"unknown reading {reading!r}: use 'safe' or 'literal'")


def working_days_left(cal: WorkCalendar, today: date, due_on: date) -> int:
    """Count working days after today up to due_on; negative (at least 1) once overdue."""
    if today <= due_on:
        return working_days_strictly_between(cal, today, due_on + ONE_DAY)
    overdue = working_days_strictly_between(cal, due_on, today + ONE_DAY)
    return -max(overdue, 1)

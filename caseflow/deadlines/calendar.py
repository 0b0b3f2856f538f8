"""Working-day calendar: official data from chinese_calendar, admin overrides, weekend fallback."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache

import chinese_calendar
from chinese_calendar import constants as _cc_constants

HOLIDAY_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
}


def _package_years() -> range:
    """Return the years the installed chinese_calendar has official data for."""
    years = {d.year for d in _cc_constants.holidays} | {d.year for d in _cc_constants.workdays}
    return range(min(years), max(years) + 1)


PACKAGE_YEARS: range = _package_years()


@cache
def _package_workday(d: date) -> bool | None:
    """Return the package's verdict for d (None outside its data); cached: the data never change.

    chinese_calendar validates every call with min/max over its whole table, which made one
    case's clocks cost milliseconds.
    """
    if d.year not in PACKAGE_YEARS:
        return None
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return None


@cache
def _package_holiday(d: date) -> tuple[bool, str | None]:
    """Return the package's (on_holiday, English name) for d, cached."""
    try:
        return chinese_calendar.get_holiday_detail(d)
    except NotImplementedError:
        return False, None


def _zh_name(english: str) -> str:
    """Translate one of chinese_calendar's English holiday names into Chinese."""
    if english in HOLIDAY_NAMES_ZH:
        return HOLIDAY_NAMES_ZH[english]
    try:
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english


class WorkCalendar:
    """Decide working days: override, then the package's official data, then weekends only."""

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        loaded_years: Iterable[int] = (),
    ) -> None:
        """Keep the admin overrides (date -> is working day) and the years declared complete."""
        self._overrides: dict[date, bool] = dict(overrides or {})
        self._loaded_years: frozenset[int] = frozenset(loaded_years)

    def _in_package(self, d: date) -> bool:
        """Tell whether the package has official data for d's year."""
        return d.year in PACKAGE_YEARS

    def is_workday(self, d: date) -> bool:
        """Tell whether d is a working day."""
        if d in self._overrides:
            return self._overrides[d]
        official = _package_workday(d)
        if official is not None:
            return official
        return d.weekday() < 5

    def is_covered(self, d: date) -> bool:
        """Tell whether d's year has an official calendar (package data or admin-loaded)."""
        return self._in_package(d) or d.year in self._loaded_years

    def holiday_name(self, d: date) -> str | None:
        """Return the Chinese name of the statutory holiday d is a rest day of, else None."""
        if self.is_workday(d) or not self._in_package(d):
            return None
        on_holiday, name = _package_holiday(d)
        if not on_holiday or not name:
            return None
        return _zh_name(name)

    def holiday_name_en(self, d: date) -> str | None:
        """Return the English name of the statutory holiday d is a rest day of, else None."""
        zh = self.holiday_name(d)
        if zh is None:
            return None
        return _package_holiday(d)[1]

    def next_workday(self, d: date) -> date:
        """Return d if it is a working day, else the next working day."""
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

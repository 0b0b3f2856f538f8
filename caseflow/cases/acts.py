"""Helpers every act on a case shares: the optimistic-lock check and the act's legal date.

Imports models only (no room's services, views or forms).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from caseflow.cases.models import Case
from caseflow.errors import Conflict, ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.timeutil import today


def check_version(case: Case, version: Any) -> None:
    """Refuse (409 stale_version) when the client's version is not the current one."""
    if version is None:
        return
    if not isinstance(version, int) or isinstance(version, bool) or version != case.version:
        raise Conflict(N_("案件已被他人修改，请刷新后重试。"), code="stale_version")


def legal_date(on: Any, case: Case) -> date:
    """Validate the act's legal date: not in the future, not before the request arrived."""
    if on in (None, ""):
        return today()
    if isinstance(on, date):
        parsed = on
    else:
        try:
            parsed = date.fromisoformat(on) if isinstance(on, str) and len(on) == 10 else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationFailed(N_("提交的内容有误。"), fields={"on": N_("日期格式应为 YYYY-MM-DD。")})
    if parsed > today():
        raise ValidationFailed(N_("提交的内容有误。"), fields={"on": N_("行为日期不能晚于今天。")})
    if parsed < case.received_on:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"on": N_("行为日期不能早于收件日期。")})
    return parsed

"""The dashboard's short memo: reused within its lifetime, off when set to 0."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.reports.cache import cached_kpis
from tests.factories import open_case_via_api, unit


@pytest.mark.parametrize("app_config", [{"KPI_CACHE_SECONDS": 60}])
def test_memo_is_reused_within_its_lifetime(app, client, api, app_config):
    registry = app.extensions["caseflow.workflows"]
    args = (unit("370900"), date(2026, 1, 1), date(2026, 12, 31), date(2026, 11, 25), registry)
    first, at = cached_kpis(*args)
    open_case_via_api(client, api("370982001-officer"))
    again, at_again = cached_kpis(*args)
    assert again == first and at_again == at


def test_memo_off_recomputes(app, client, api):
    registry = app.extensions["caseflow.workflows"]
    args = (unit("370900"), date(2026, 1, 1), date(2026, 12, 31), date(2026, 11, 25), registry)
    first, _ = cached_kpis(*args)
    open_case_via_api(client, api("370982001-officer"))
    again, _ = cached_kpis(*args)
    assert again["received"] == first["received"] + 1

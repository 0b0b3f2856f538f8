"""The KPIs under the 2025 Measures (issue 13 item 6), over cases driven through the real API
with real 2026 dates on the official calendar (Spring Festival 02-15..02-23, make-up Saturdays
02-14 and 02-28).

- Filing (Art. 20): 5 working days, or 5 + 5 after the head's `extend_acceptance`; the two are
  counted apart (`accepted_within_5wd`, `accepted_within_extended`).
- Net handling days (Art. 37): every period not counted is subtracted, a day once, whatever
  its kind: a public notice overlapping an appraisal and a suspension.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseflow.deadlines.models import CaseClock
from caseflow.extensions import db
from caseflow.reports.kpis import compute_kpis
from tests.cases.test_api_transitions import fire
from tests.conftest import V1_PINS
from tests.factories import officers, open_case_via_api, unit

ACCEPT = {"conditions_confirmed": True, "court_action_filed": False}
FEBRUARY = "from=2026-02-01&to=2026-02-28"
MAY = "from=2026-05-01&to=2026-05-31"


@pytest.fixture
def app_config() -> dict[str, object]:
    """New cases open under the 2025 Measures (the real default; the suite pins v1)."""
    return {"WORKFLOW_VERSIONS": {}}


def _open(client, api, received_on="2026-02-09"):  # type: ignore[no-untyped-def]
    return open_case_via_api(client, api("370982-officer"), received_on=received_on,
                             intake_unit=None, confirm_duplicate=True)


def _accept(client, api, case, on):  # type: ignore[no-untyped-def]
    data = {**ACCEPT, "panel": officers("370982")} if case["workflow_version"] >= 2 else ACCEPT
    db.session.commit()
    return fire(client, api("370982-officer"), case, "accept", on=on, data=data)


def plain(client, api):  # type: ignore[no-untyped-def]
    """Received Monday 02-09, filed Friday 02-13: within 5 working days (due 02-14)."""
    return _accept(client, api, _open(client, api), "2026-02-13")


def extended(client, api):  # type: ignore[no-untyped-def]
    """Filing extended on 02-12 (due 02-14 → 02-28), filed 02-27; then a public notice
    03-02..03-12, an appraisal 03-10..04-09 and a suspension 03-16..03-24 (their union:
    03-02..04-09, 39 days); withdrawn 05-15."""
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = _open(client, api)
    case = fire(client, supervisor, case, "extend_acceptance", on="2026-02-12",
                note="需核实专利权有效性，经负责人批准延长立案期限。")
    acceptance = next(d for d in case["deadlines"] if d["kind"] == "acceptance")
    assert acceptance["due_on"] == "2026-02-28"
    case = _accept(client, api, case, "2026-02-27")
    respondent = case["respondents"][0]["id"]
    case = fire(client, officer, case, "serve_request", on="2026-03-02",
                data={"receipts": [{"party": respondent, "received_on": "2026-03-04"}]})
    for trigger, on, kind in (("open_period", "2026-03-02", "public_notice"),
                              ("open_period", "2026-03-10", "appraisal"),
                              ("close_period", "2026-03-13", "public_notice")):
        case = fire(client, officer, case, trigger, on=on, data={"kind": kind})
    case = fire(client, supervisor, case, "suspend", on="2026-03-16",
                data={"ground": "depends_on_other_case"}, note="须以另一案的审理结果为依据。")
    case = fire(client, supervisor, case, "resume", on="2026-03-25")
    case = fire(client, officer, case, "close_period", on="2026-04-10", data={"kind": "appraisal"})
    return fire(client, officer, case, "withdraw", on="2026-05-15")


def late(client, api):  # type: ignore[no-untyped-def]
    """Filed 02-24, after its 5 working days (due 02-14), not extended."""
    return _accept(client, api, _open(client, api), "2026-02-24")


def old_rules(app, client, api):  # type: ignore[no-untyped-def]
    """A case under the 2015 rules (v1), filed in time: 5 working days, never extended."""
    app.config["WORKFLOW_VERSIONS"] = dict(V1_PINS)
    try:
        case = _open(client, api)
    finally:
        app.config["WORKFLOW_VERSIONS"] = {}
    assert case["workflow_version"] == 1
    return _accept(client, api, case, "2026-02-11")


@pytest.fixture
def cases(app, client, api):  # type: ignore[no-untyped-def]
    return {"plain": plain(client, api), "extended": extended(client, api),
            "late": late(client, api), "old": old_rules(app, client, api)}


def _kpis(client, headers, query):  # type: ignore[no-untyped-def]
    r = client.get(f"/api/v1/reports/kpis?{query}&unit=370982", headers=headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _listed(client, headers, url):  # type: ignore[no-untyped-def]
    body = client.get(url + "&per_page=100", headers=headers).get_json()
    return {item["id"] for item in body["items"]}


def test_filing_within_5_working_days_and_within_the_extended_period_are_counted_apart(
        client, api, cases):
    supervisor = api("370982-supervisor")
    ids = {name: case["id"] for name, case in cases.items()}
    body = _kpis(client, supervisor, FEBRUARY)
    assert (body["received"], body["accepted"]) == (4, 4)
    assert body["accepted_within_limit_rate"] == 3 / 4
    assert (body["accepted_within_5wd"], body["accepted_within_extended"]) == (2, 1)
    assert _listed(client, supervisor, body["lists"]["accepted_within_5wd"]) == {
        ids["plain"], ids["old"]}
    assert _listed(client, supervisor, body["lists"]["accepted_within_extended"]) == {
        ids["extended"]}
    assert _listed(client, supervisor, body["lists"]["accepted_within_limit_rate"]) == set(
        ids.values())
    direct = compute_kpis(unit("370982"), date(2026, 2, 1), date(2026, 2, 28),
                          date(2026, 11, 25))
    assert (direct["accepted_within_5wd"], direct["accepted_within_extended"]) == (2, 1)
    spec = client.get("/api/v1/openapi.json").get_json()
    figures = spec["components"]["schemas"]["KpisOut"]["properties"]
    assert {"accepted_within_5wd", "accepted_within_extended"} <= set(figures)


def test_net_handling_days_subtract_every_period_not_counted_once(client, api, cases):
    closure = db.session.scalar(select(CaseClock).where(
        CaseClock.case_id == cases["extended"]["id"], CaseClock.kind == "closure"))
    # 11 days of notice + 31 of appraisal + 9 of suspension listed; their union is 39 days
    assert closure.paused_days == 39
    assert closure.stopped_on == date(2026, 5, 15) and closure.due_on == date(2026, 7, 6)
    body = _kpis(client, api("370982-supervisor"), MAY)
    assert body["closed"] == 1 and body["closed_by_type"] == {"withdrawn": 1}
    # 02-27 → 05-15 is 77 days, less the 39 not counted
    assert body["net_days_mean"] == body["net_days_median"] == 38.0
    assert (body["on_time"], body["on_time_rate"]) == (1, 1.0)


def test_the_dashboard_names_the_new_figures_in_both_languages(client, login, cases):
    page = login("370982-supervisor").get(f"/reports/kpis?{FEBRUARY}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    row = html.split('id="kpi-accepted_within_extended"')[1].split("</tr>")[0]
    assert "延长期限内立案" in row and 'data-value="1"' in row
    row = html.split('id="kpi-accepted_within_5wd"')[1].split("</tr>")[0]
    assert "五个工作日内立案" in row and 'data-value="2"' in row
    assert "中止天数" not in html and "重叠的日子只计一次" in html
    client.post("/lang/en", data={"next": "/"})
    html = client.get(f"/reports/kpis?{FEBRUARY}").get_data(as_text=True)
    assert "Filed within 5 working days" in html and "Filed within the extended period" in html
    assert "a day in two of them counted once" in html

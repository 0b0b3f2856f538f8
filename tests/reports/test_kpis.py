"""KPIs over a known set of cases driven through real transitions (tests/reports/scenario.py)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import openpyxl
import pytest

from caseflow.extensions import db
from caseflow.reports.kpis import KEYS, compute_kpis, kpi_case_ids
from tests.factories import unit
from tests.reports.scenario import build

YEAR = "from=2026-01-01&to=2026-12-31"
BY_TYPE = {"decision": 2, "rejected": 1, "withdrawn": 1, "agreement": 1, "terminated": 1,
           "not_opened": 1, "returned_to_court": 1}
#: 新泰市 (370982): A1, A2, C, D, E, F, G, H, J, K
XINTAI = {
    "received": 10, "accepted": 7, "refused": 2, "accepted_within_limit_rate": 3 / 4,
    "accepted_within_5wd": 3, "accepted_within_extended": 0,  # the 2015 rules extend no filing
    "closed": 8, "closed_by_type": BY_TYPE, "on_time": 2, "on_time_rate": 2 / 3,
    # net days: A1 72 − 20 suspended = 52, A2 106, D 17, E 29, F 25, H 9
    "net_days_mean": 238 / 6, "net_days_median": 27.0,
    "mediation_concluded": 3, "mediation_succeeded": 2, "mediation_success_rate": 2 / 3,
    "decisions": 2, "infringement_established": 1, "infringement_established_rate": 0.5,
    "confirmations_applied": 1, "confirmations_confirmed": 1, "court_linked_received": 1,
    "court_linked_returned": 1, "overdue_open": 1, "provisional_open": 0,
    "near_deadline_open": 1,
}
#: the city adds 泰山区's T: received and accepted in time, overdue, provisional
CITY = dict(XINTAI, received=11, accepted=8, accepted_within_limit_rate=4 / 5,
            accepted_within_5wd=4, overdue_open=2, provisional_open=1)


@pytest.fixture
def cases(client, api):  # type: ignore[no-untyped-def]
    return build(client, api)


def _kpis(client, headers, query):  # type: ignore[no-untyped-def]
    r = client.get(f"/api/v1/reports/kpis?{query}", headers=headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _listed(client, headers, url):  # type: ignore[no-untyped-def]
    body = client.get(url + "&per_page=100", headers=headers).get_json()
    assert body["total"] == len(body["items"])
    return {item["id"] for item in body["items"]}


def test_every_kpi_for_the_city_and_for_xintai(client, api, cases):
    supervisor = api("370900-supervisor")
    for code, expected in (("370900", CITY), ("370982", XINTAI)):
        body = _kpis(client, supervisor, f"{YEAR}&unit={code}")
        assert {k: body[k] for k in KEYS} == expected, code
        assert set(body) == set(KEYS) | {"period", "unit", "lists"}
        assert body["period"] == {"from": "2026-01-01", "to": "2026-12-31"}
        assert body["unit"]["code"] == code
        direct = compute_kpis(unit(code), date(2026, 1, 1), date(2026, 12, 31),
                              date(2026, 11, 25))
        assert direct == expected
    county = _kpis(client, api("370982-supervisor"), YEAR)  # the default unit is one's own
    assert county["unit"]["code"] == "370982" and county["received"] == 10


def test_period_bounds_are_inclusive_and_default_to_this_year(client, api, cases):
    supervisor = api("370900-supervisor")
    body = _kpis(client, supervisor, "from=2026-05-11&to=2026-05-15")
    assert (body["decisions"], body["closed"], body["on_time"]) == (1, 1, 1)  # A1 only
    assert body["closed_by_type"] == {"decision": 1} and body["net_days_median"] == 52.0
    assert body["received"] == 0 and body["accepted_within_limit_rate"] is None
    assert body["overdue_open"] == 2  # open-case figures are as of today, whatever the period
    empty = _kpis(client, supervisor, "from=2025-01-01&to=2025-12-31")
    assert empty["closed"] == 0 and empty["closed_by_type"] == {}
    assert [empty[k] for k in ("on_time_rate", "net_days_mean", "mediation_success_rate",
                               "infringement_established_rate")] == [None] * 4
    default = _kpis(client, supervisor, "")
    assert default["period"] == {"from": "2026-01-01", "to": "2026-11-25"}
    assert default["received"] == 11


def test_drill_down_lists_are_exactly_the_cases_behind_each_figure(client, api, cases):
    supervisor = api("370900-supervisor")
    ids = {name: case["id"] for name, case in cases.items()}
    body = _kpis(client, supervisor, f"{YEAR}&unit=370900")
    expected = {
        "received": set(ids.values()), "refused": {ids["C"], ids["G"]},
        "accepted_within_limit_rate": {ids[n] for n in ("A1", "A2", "D", "K", "T")},
        "on_time": {ids["A1"], ids["D"]}, "on_time_rate": {ids["A1"], ids["A2"], ids["D"]},
        "closed_by_type.decision": {ids["A1"], ids["A2"]},
        "net_days_median": {ids[n] for n in ("A1", "A2", "D", "E", "F", "H")},
        "mediation_concluded": {ids["E"], ids["F"], ids["H"]},
        "mediation_succeeded": {ids["E"], ids["H"]},
        "infringement_established": {ids["A1"]}, "court_linked_returned": {ids["H"]},
        "overdue_open": {ids["J"], ids["T"]}, "near_deadline_open": {ids["K"]},
        "provisional_open": {ids["T"]},
    }
    for figure, want in expected.items():
        assert _listed(client, supervisor, body["lists"][figure]) == want, figure
    county = _kpis(client, supervisor, f"{YEAR}&unit=370982")
    assert _listed(client, supervisor, county["lists"]["received"]) == set(ids.values()) - {
        ids["T"]}
    select_ids = kpi_case_ids(unit("370982"), date(2026, 1, 1), date(2026, 12, 31),
                              date(2026, 11, 25), "overdue_open")
    assert set(db.session.scalars(select_ids)) == {ids["J"]}
    r = client.get(f"/api/v1/reports/kpis/cases?figure=nonsense&{YEAR}", headers=supervisor)
    assert r.status_code == 422 and "figure" in r.get_json()["error"]["fields"]


def _row_values(page: str) -> dict[str, str]:
    rows = re.findall(r'<tr id="kpi-([\w-]+)">.*?data-value="([^"]*)"', page, re.S)
    return {key.replace("closed_by_type-", "closed_by_type."): value for key, value in rows}


def _shown(expected: dict) -> dict[str, str]:
    out = {k: "" if v is None else str(v) for k, v in expected.items() if k != "closed_by_type"}
    out.update({f"closed_by_type.{k}": str(v) for k, v in expected["closed_by_type"].items()})
    return out


def test_dashboard_page_shows_every_figure_with_links_and_svg(app, client, api, cases, login):
    page = login("370900-supervisor").get(f"/reports/kpis?{YEAR}&unit=370900")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert _row_values(html) == _shown(CITY)
    assert "/reports/kpis/cases?figure=on_time&amp;from=2026-01-01" in html
    assert html.count("<svg") == 2 and "<script>" not in html and "style=" not in html
    assert "按期结案率" in html and "结案方式：撤回请求" in html and "统计口径说明" in html
    assert 'href="/reports/oversight?unit=370900"' in html
    county = app.test_client()
    county.post("/login", data={"username": "370982-supervisor", "password": "caseflow-demo"})
    html = county.get(f"/reports/kpis?{YEAR}").get_data(as_text=True)
    assert _row_values(html) == _shown(XINTAI)
    assert 'value="370982"' in html and 'value="370902"' not in html  # no other county
    assert 'href="/reports/kpis"' in html  # the supervisor's nav link
    listing = county.get(f"/reports/kpis/cases?figure=refused&{YEAR}").get_data(as_text=True)
    assert cases["C"]["receipt_number"] in listing and cases["G"]["receipt_number"] in listing
    assert "共 2 件" in listing
    oversight = county.get("/reports/oversight").get_data(as_text=True)
    pending = oversight.split('id="oversight-decision_pending"')[1].split("</section>")[0]
    assert cases["K"]["number"] in pending
    unsigned = oversight.split('id="oversight-unsigned"')[1].split("</section>")[0]
    assert cases["J"]["receipt_number"] in unsigned
    missed = oversight.split('id="oversight-missed"')[1]
    assert cases["J"]["receipt_number"] in missed and cases["T"]["number"] not in missed
    assert cases["K"]["number"] not in missed  # its reply clock stopped late, but it is stopped
    assert county.get("/reports/oversight?unit=370902").status_code == 404
    assert county.get(f"/reports/kpis/cases?figure=nope&{YEAR}").status_code == 404


def test_scope_roles_and_bad_arguments(app, client, api):
    county = api("370982-supervisor")
    url = "/api/v1/reports/kpis"
    assert client.get(f"{url}?unit=370902", headers=county).status_code == 404
    assert client.get(f"{url}?unit=370900", headers=county).status_code == 404
    for bad in ("unit=999999", "from=2026-13-01", "from=2026-02-01&to=2026-01-01"):
        r = client.get(f"{url}?{bad}", headers=county)
        assert r.status_code == 422, bad
    for role in ("370982-officer", "370982-mediator", "370900-officer"):
        assert client.get(url, headers=api(role)).status_code == 403
        assert client.get(f"{url}/cases?figure=received", headers=api(role)).status_code == 403
    assert client.get(url).status_code == 401
    officer = app.test_client()
    officer.post("/login", data={"username": "370982-officer", "password": "caseflow-demo"})
    for path in ("/reports/kpis", "/reports/oversight", "/reports/kpis.csv", "/reports/kpis.xlsx"):
        assert officer.get(path).status_code == 403, path
    assert "/reports/kpis" not in officer.get("/cases").get_data(as_text=True)
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/reports/kpis", "/reports/kpis/cases"} <= set(spec["paths"])


def _csv(client, url) -> list[list[str]]:  # type: ignore[no-untyped-def]
    # buffered: read the streamed body inside the request, as a WSGI server does (RequestClient
    # swaps app contexts around each request, so a stream read afterwards would pop the wrong one)
    response = client.get(url, buffered=True)
    assert response.status_code == 200, url
    data = response.get_data()
    assert data.startswith("\ufeff".encode()), data[:10]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_exports_are_scoped_and_open_in_a_spreadsheet(app, client, cases, login):
    county = app.test_client()
    county.post("/login", data={"username": "370982-supervisor", "password": "caseflow-demo"})
    rows = _csv(county, "/reports/cases.csv")
    assert rows[0][:3] == ["案号", "收件编号", "程序"]
    units = {row[9] for row in rows[1:]}
    assert len(rows) == 11 and units == {"新泰市市场监督管理局"}
    filtered = _csv(county, "/reports/cases.csv?workflow=prelitigation_mediation")
    assert len(filtered) == 4  # header + E, F, G
    r = county.get("/reports/cases.xlsx", buffered=True)  # closes (deletes) the temp file
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(r.get_data()), read_only=True).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][:2] == ("案号", "收件编号") and len(table) == 11
    assert {row[9] for row in table[1:]} == {"新泰市市场监督管理局"}
    assert len(_csv(login("370900-supervisor"), "/reports/cases.csv")) == 12
    officer = app.test_client()
    officer.post("/login", data={"username": "370902-officer", "password": "caseflow-demo"})
    assert [row[1] for row in _csv(officer, "/reports/cases.csv")[1:]] == [
        cases["T"]["receipt_number"]]
    kpis = _csv(county, f"/reports/kpis.csv?{YEAR}")
    assert kpis[0][:4] == ["统计单位", "起始日期", "截止日期", "指标代码"]
    values = {row[3]: row[5] for row in kpis[1:]}
    assert values["received"] == "10" and values["closed_by_type.decision"] == "2"
    book = openpyxl.load_workbook(io.BytesIO(county.get(f"/reports/kpis.xlsx?{YEAR}",
                                                        buffered=True).get_data()))
    kpi_rows = list(book.active.iter_rows(values_only=True))
    assert kpi_rows[0][3] == "指标代码"
    assert {row[3]: row[5] for row in kpi_rows[1:]}["on_time_rate"] == pytest.approx(2 / 3)


def test_an_event_figure_on_a_trigger_the_scan_skips_is_refused() -> None:
    from caseflow.reports import conditions

    assert conditions.counted_destinations([("confirm", "confirmed"), ("accept", "filed")]) == [
        "confirmed"]
    with pytest.raises(ValueError, match="COUNTED_TRIGGERS"):
        conditions._trigger("accept")

"""The case summary's print view: the file on one page (numbers, procedure, parties, patent,
units, officers, dates, deadlines with their basis, documents with 文号 and service per
recipient, evidence), A4 print CSS served by the app, no navigation or forms; 404 elsewhere."""

from __future__ import annotations

import re

from caseflow.cases.models import Case
from caseflow.deadlines.services import list_clocks
from caseflow.extensions import db
from tests.documents.helpers import only
from tests.documents.test_service import issued_notice, serve, upload


def _printed_case(client, api):  # type: ignore[no-untyped-def]
    case, notice = issued_notice(client, api)
    officer = api("370982-officer")
    proof = upload(client, officer, case["id"])
    serve(client, officer, notice["id"], party=notice["recipients"][0]["party"],
          method="direct", sent_on="2026-11-20", served_on="2026-11-21",
          proof_evidence_id=proof["id"])
    return case, only(client, officer, case["id"], "acceptance_notice"), proof


def test_the_print_view_holds_the_case_summary(client, api, login):
    case, notice, proof = _printed_case(client, api)
    login("370982-officer")
    detail = client.get(f"/cases/{case['id']}").get_data(as_text=True)
    assert f'href="/cases/{case["id"]}/print" id="print-link"' in detail  # 打印 on the case page
    r = client.get(f"/cases/{case['id']}/print")
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    row = db.session.get(Case, case["id"])
    assert row is not None and row.number
    for expected in (row.number, row.receipt_number, "行政裁决", "专利行政执法办法", "新泰市市场监督管理局",
                     "泰安市岱宗茶业有限公司", "王五", "200930231150.3", "包装盒（茶叶）",
                     "2026-09-28", "2026-09-30", notice["number"], "受理通知书",
                     "已送达 2026-11-21", "直接送达", f"送达凭证 #{proof['id']}", proof["filename"], proof["sha256"][:16]):
        assert expected in page, expected
    clocks = list_clocks(row)
    assert clocks and all(c.basis in page for c in clocks)  # deadlines with their basis
    assert "11010519491231002X" not in page  # the respondent's ID number stays masked
    assert "<nav" not in page and "<form" not in page
    css = client.get("/static/css/print.css")
    assert "@media print" in css.get_data(as_text=True) and "size: A4" in css.get_data(as_text=True)
    css.close()
    links = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert links and all(link.startswith("/") for link in links), links  # no CDN
    assert 'href="/static/css/print.css"' in page


def test_the_print_view_in_english(client, api, login):
    case, notice, _proof = _printed_case(client, api)
    login("370982-officer")
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    page = client.get(f"/cases/{case['id']}/print").get_data(as_text=True)
    assert "Case summary" in page and "Key dates" in page and "Print" in page
    assert notice["number"] in page  # the document keeps its Chinese 文号


def test_the_print_view_is_404_outside_the_unit_and_403_for_an_admin(client, api, login):
    case, _notice, _proof = _printed_case(client, api)
    login("370911-officer")
    assert client.get(f"/cases/{case['id']}/print").status_code == 404
    assert client.get("/cases/999999/print").status_code == 404
    client.post("/logout")
    login("370900-supervisor")  # the city above sees it
    assert client.get(f"/cases/{case['id']}/print").status_code == 200
    client.post("/logout")
    login("admin")
    assert client.get(f"/cases/{case['id']}/print").status_code == 403

"""A whole adjudication under the 2025 Measures (v2) through the JSON API alone, next to an
open case that keeps the 2015 rules (v1) in the same database.

Real 2026 dates on the official calendar: the Mid-Autumn Festival (09-25..09-27) and National
Day (10-01..10-07) are rest days; Saturday 10-10 is a make-up working day.
"""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.audit.services import verify_chain
from caseflow.extensions import db
from caseflow.reports.kpis import compute_kpis
from tests.cases.test_api_transitions import fire
from tests.conftest import V1_PINS
from tests.factories import intake_payload, officers, open_case_via_api, unit

M81 = "《专利纠纷行政裁决和调解办法》"
M2015 = "《专利行政执法办法》（2015年）"
PANEL = ["370982-officer2", "370982-officer", "370982-officer3"]  # the lead first
FOREIGN = {"kind": "organization", "name": "Sunrise Trading Co., Ltd.",
           "address": "Room 1201, 8 Queen's Road Central, Hong Kong",
           "no_domicile_in_china": True}
ACCEPT = {"conditions_confirmed": True, "court_action_filed": False}
PROPOSAL = {"outcome": "infringement",
            "reasons": "被控侵权产品与涉案外观设计构成近似，落入其保护范围。",
            "orders": "责令被请求人立即停止销售被控侵权的茶叶包装盒，并销毁库存。",
            "votes_for": 2, "votes_against": 1}
DISSENT = "少数意见认为两者整体视觉效果存在明显区别，不构成近似。"
WHERE = "http://amr.taian.gov.cn/xzcj/2026-0001.html"


@pytest.fixture
def app_config() -> dict[str, object]:
    """New cases open under the 2025 Measures (the real default; the suite pins v1)."""
    return {"WORKFLOW_VERSIONS": {}}


def _clocks(case):  # type: ignore[no-untyped-def]
    return {(d["kind"], d.get("party")): d for d in case["deadlines"]}


def _due(case):  # type: ignore[no-untyped-def]
    return {key: (d["due_on"], d["status"]) for key, d in _clocks(case).items()}


def _open_v1_case(app, client, api):  # type: ignore[no-untyped-def]
    """Take in, accept and serve a case with the 2015 rules pinned, as before 2025-02-01."""
    app.config["WORKFLOW_VERSIONS"] = dict(V1_PINS)
    try:
        old = open_case_via_api(client, api("370982001-officer"), received_on="2026-09-24")
    finally:
        app.config["WORKFLOW_VERSIONS"] = {}
    officer = api("370982-officer")
    old = fire(client, officer, old, "accept", on="2026-09-30", data=ACCEPT)
    return fire(client, officer, old, "serve_request", on="2026-10-12")


def test_a_v2_adjudication_from_intake_to_closure_beside_an_open_v1_case(app, client, api):
    officers("370982")
    db.session.commit()
    old = _open_v1_case(app, client, api)
    assert (old["workflow_version"], old["rules"]["name"]) == (1, "measures_2015")
    v1_deadlines = old["deadlines"]

    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    # intake at a station on Thursday 09-24, one respondent without a domicile in China
    case = open_case_via_api(client, api("370982001-officer"), received_on="2026-09-24",
                             respondents=[*intake_payload()["respondents"], FOREIGN],
                             confirm_duplicate=True)
    assert (case["workflow_version"], case["rules"]["name"]) == (2, "measures_2025")
    assert case["handling_unit"]["code"] == "370982"
    local, foreign = (p["id"] for p in case["respondents"])
    assert [p["no_domicile_in_china"] for p in case["respondents"]] == [False, True]

    # Art. 20: filed within 5 working days (09-28, 29, 30, 10-08, 10-09) by a panel of three
    refused = fire(client, officer, case, "accept", on="2026-09-29", data=ACCEPT, status=422)
    assert set(refused["error"]["fields"]) == {"panel"}
    case = fire(client, officer, case, "accept", on="2026-09-29", data={**ACCEPT, "panel": PANEL})
    assert case["status"] == "filed" and case["number"] == "新泰市监知裁〔2026〕2号"  # v1 filed 1号
    assert [(m["username"], m["lead"]) for m in case["panel"]] == [
        ("370982-officer2", True), ("370982-officer", False), ("370982-officer3", False)]
    assert _due(case)[("acceptance", None)] == ("2026-10-09", "met")
    assert _due(case)[("recusal_window", None)] == ("2026-10-09", "info")
    # serve_copy: 5 working days, the make-up Saturday 10-10 counting: 10-12
    assert _due(case)[("serve_copy", None)] == ("2026-10-12", "missed")  # as of 11-25, unserved

    # Art. 22: each respondent's reply clock, 15 days or 30 without a domicile in China
    case = fire(client, officer, case, "serve_request", on="2026-10-09",
                data={"receipts": [{"party": local, "received_on": "2026-10-12"},
                                   {"party": foreign, "received_on": "2026-10-13"}]})
    due = _due(case)
    assert due[("serve_copy", None)] == ("2026-10-12", "met")
    assert due[("reply", local)][0] == "2026-10-27" and due[("reply", foreign)][0] == "2026-11-12"
    refused = fire(client, officer, case, "start_investigation", on="2026-10-28", status=409)
    assert refused["error"]["code"] == "reply_pending"  # the foreign respondent has until 11-12
    for party, received, forwarded in ((local, "2026-10-26", "2026-10-28"),
                                       (foreign, "2026-11-02", "2026-11-03")):
        case = fire(client, officer, case, "receive_reply", on=received, data={"party": party})
        case = fire(client, officer, case, "forward_reply", on=forwarded, data={"party": party})
    due = _due(case)
    assert due[("reply", local)] == ("2026-10-27", "met")
    assert due[("reply", foreign)] == ("2026-11-12", "met")
    assert due[("forward_reply", local)] == ("2026-11-02", "met")  # 5 WD from 10-26
    assert due[("forward_reply", foreign)] == ("2026-11-09", "met")
    case = fire(client, officer, case, "start_investigation", on="2026-11-03")

    # Art. 26: three working days strictly between the notice and the hearing
    short = fire(client, officer, case, "schedule_hearing", on="2026-11-04", status=422,
                 data={"hearing_on": "2026-11-11", "notice_received_on": "2026-11-06"})
    assert short["error"]["code"] == "hearing_notice_too_short"
    case = fire(client, officer, case, "schedule_hearing", on="2026-11-04",
                data={"hearing_on": "2026-11-11", "notice_received_on": "2026-11-05"})
    case = fire(client, officer, case, "hold_hearing", on="2026-11-11",
                data={"record": "双方到庭陈述意见并质证，被请求人委托代理人到庭。"})
    assert case["status"] == "heard"

    # Art. 25: the panel's proposal by majority, the dissent recorded
    refused = fire(client, officer, case, "submit_decision", on="2026-11-12", data=PROPOSAL,
                   status=422)
    assert refused["error"]["code"] == "dissent_required"
    case = fire(client, officer, case, "submit_decision", on="2026-11-12",
                data={**PROPOSAL, "dissent": DISSENT})
    assert case["status"] == "decision_pending"
    fire(client, officer, case, "approve_decision", on="2026-11-13", status=403)
    changed = fire(client, supervisor, case, "approve_decision", on="2026-11-13",
                   data={"outcome": "no_infringement"}, status=422)
    assert changed["error"]["code"] != "validation_failed"  # refused as a change of outcome
    case = fire(client, supervisor, case, "approve_decision", on="2026-11-13")
    assert case["status"] == "decided"
    # Art. 83: 20 working days from Friday 11-13
    assert _due(case)[("publication", None)] == ("2026-12-11", "running")

    unchecked = fire(client, officer, case, "publish", on="2026-11-16",
                     data={"where": WHERE, "redaction_checked": False}, status=422)
    assert unchecked["error"]["code"] == "redaction_not_checked"
    case = fire(client, officer, case, "publish", on="2026-11-16",
                data={"where": WHERE, "redaction_checked": True})
    assert _due(case)[("publication", None)] == ("2026-12-11", "met")

    requester = case["requesters"][0]["id"]
    case = fire(client, officer, case, "close", on="2026-11-20",
                data={"receipts": [{"party": requester, "received_on": "2026-11-17"},
                                   {"party": local, "received_on": "2026-11-18"},
                                   {"party": foreign, "received_on": "2026-11-19"}]})
    assert (case["status"], case["closure_type"], case["closed_on"]) == (
        "closed", "decision", "2026-11-20")
    due = _due(case)
    # one appeal clock per party: 15 days from each receipt (Patent Law Art. 65)
    assert {key: value for key, value in due.items() if key[0] == "appeal"} == {
        ("appeal", requester): ("2026-12-02", "running"),
        ("appeal", local): ("2026-12-03", "running"),
        ("appeal", foreign): ("2026-12-04", "running")}
    assert due[("closure", None)] == ("2026-12-29", "met")  # 3 months from filing on 09-29

    # every basis names the article of the 2025 Measures it counts by
    clocks = _clocks(case)
    for key, article in ((("acceptance", None), "第二十条"), (("serve_copy", None), "第二十二条"),
                         (("reply", foreign), "第二十二条"), (("closure", None), "第三十七条"),
                         (("publication", None), "第八十三条"),
                         (("appeal", local), "第三十一条")):
        assert clocks[key]["basis"].endswith(f"依据：{M81}{article}。"), key
        assert M2015 not in clocks[key]["basis"]

    events = client.get(f"/api/v1/cases/{case['id']}/events", headers=officer).get_json()
    by_trigger = {e["data"].get("trigger"): e for e in events if e["action"] == "transition"}
    assert by_trigger["submit_decision"]["data"]["inputs"] == {**PROPOSAL, "dissent": DISSENT}
    assert by_trigger["approve_decision"]["actor"] == "370982-supervisor"
    assert by_trigger["publish"]["data"]["inputs"] == {"where": WHERE, "redaction_checked": True}
    assert by_trigger["publish"]["from_status"] == by_trigger["publish"]["to_status"] == "decided"
    assert [e["data"] for e in events if e["action"] == "panel_named"] == [
        {"panel": PANEL, "lead": PANEL[0]}]

    # the v1 case, still open, keeps the 2015 clocks, unchanged by everything above
    old = client.get(f"/api/v1/cases/{old['id']}", headers=officer).get_json()
    assert (old["workflow_version"], old["status"]) == (1, "awaiting_reply")
    assert old["deadlines"] == v1_deadlines
    clocks = _clocks(old)
    assert clocks[("acceptance", None)]["due_on"] == "2026-10-09"
    assert clocks[("closure", None)]["due_on"] == "2026-12-30"  # 3 months from 09-30
    assert clocks[("reply", None)]["due_on"] == "2026-10-27"  # one clock, 15 days from 10-12
    for kind in ("acceptance", "closure", "reply"):
        assert clocks[(kind, None)]["basis"].endswith(f"依据：{M2015}。"), kind
        assert M81 not in clocks[(kind, None)]["basis"], kind
    assert "recusal_window" not in {d["kind"] for d in old["deadlines"]}

    # the chain verifies, by the command and through the API
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and result.output.startswith("OK: "), result.output
    assert verify_chain().ok
    verdict = client.get("/api/v1/audit/verify", headers=supervisor).get_json()
    assert verdict["ok"] is True and verdict["first_bad_seq"] is None


def test_the_approved_v2_decision_counts_as_infringement_established(app, client, api):
    """Regression: the approval of a v2 proposal carries no `outcome` input (the panel's
    stands), and the KPI read it from there, so no v2 decision ever counted as infringement."""
    officers("370982")
    db.session.commit()
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = open_case_via_api(client, api("370982001-officer"), received_on="2026-09-24")
    case = fire(client, officer, case, "accept", on="2026-09-29", data={**ACCEPT, "panel": PANEL})
    respondent = case["respondents"][0]["id"]
    case = fire(client, officer, case, "serve_request", on="2026-10-09",
                data={"receipts": [{"party": respondent, "received_on": "2026-10-12"}]})
    case = fire(client, officer, case, "receive_reply", on="2026-10-26",
                data={"party": respondent})
    case = fire(client, officer, case, "start_investigation", on="2026-10-27")
    case = fire(client, officer, case, "submit_decision", on="2026-11-12",
                data={**PROPOSAL, "dissent": DISSENT})
    fire(client, supervisor, case, "approve_decision", on="2026-11-13")
    kpis = client.get("/api/v1/reports/kpis?from=2026-11-01&to=2026-11-30",
                      headers=supervisor).get_json()
    assert (kpis["decisions"], kpis["infringement_established"]) == (1, 1)
    assert kpis["infringement_established_rate"] == 1.0
    direct = compute_kpis(unit("370982"), date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 25))
    assert direct["infringement_established"] == 1


def test_the_filing_period_is_extended_on_the_acts_date_not_today(client, api):
    """Regression: `extend_acceptance` recorded afterwards (as of today, 11-25) with its real
    date, on or before the due date, was refused as too late: the early guard check judged
    today instead of the act's date."""
    supervisor = api("370982-supervisor")
    case = open_case_via_api(client, api("370982-officer"), received_on="2026-02-09",
                             intake_unit=None)
    # Monday 02-09: 5 working days end on the make-up Saturday 02-14
    assert _due(case)[("acceptance", None)][0] == "2026-02-14"
    before = client.get(f"/api/v1/cases/{case['id']}/events", headers=supervisor).get_json()
    late = fire(client, supervisor, case, "extend_acceptance", on="2026-02-16", status=422,
                note="材料需核实。")
    assert late["error"]["code"] == "extension_too_late"
    after = client.get(f"/api/v1/cases/{case['id']}/events", headers=supervisor).get_json()
    assert after == before
    case = fire(client, supervisor, case, "extend_acceptance", on="2026-02-14",
                note="需核实专利权有效性，经负责人批准延长立案期限。")
    # 5 more: 02-15..02-23 are the Spring Festival, then 02-24..02-27 and Saturday 02-28
    acceptance = _clocks(case)[("acceptance", None)]
    assert acceptance["due_on"] == "2026-02-28"
    assert acceptance["basis"].endswith("依据：《专利纠纷行政裁决和调解办法》第二十条。")
    again = fire(client, supervisor, case, "extend_acceptance", on="2026-02-24", status=409,
                 note="再次延长。")
    assert again["error"]["code"] == "already_extended"

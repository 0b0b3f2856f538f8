"""Service dates drive the clocks of a v2 case (issue 14 item 4): the respondent's reply period
runs from its registered service of the 答辩通知书, each party's appeal period from its service
of the decision; without a registered service the typed receipt dates still count, and a v1
case keeps its typed dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from caseflow.deadlines.calendar import WorkCalendar
from caseflow.deadlines.clocks import Act, CaseFacts, compute_clocks
from caseflow.deadlines.periods import merge_periods
from caseflow.extensions import db
from caseflow.workflow import load_all
from tests.cases.test_api_transitions import fire
from tests.documents.helpers import issue, only
from tests.documents.test_service import serve, upload
from tests.factories import officers, open_case_via_api

D = date.fromisoformat
PANEL = ["370982-officer2", "370982-officer", "370982-officer3"]
ACCEPT = {"conditions_confirmed": True, "court_action_filed": False}
V2 = load_all(Path(__file__).parents[2] / "workflows")[("adjudication", 2)]


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"WORKFLOW_VERSIONS": {}}  # new cases under the 2025 Measures (v2)


def _due(case):  # type: ignore[no-untyped-def]
    return {(d["kind"], d.get("party")): d["due_on"] for d in case["deadlines"]}


def _case(client, api):  # type: ignore[no-untyped-def]
    officers("370982")
    db.session.commit()
    officer = api("370982-officer")
    case = open_case_via_api(client, api("370982001-officer"), received_on="2026-09-24",
                             confirm_duplicate=True)
    assert case["workflow_version"] == 2
    case = fire(client, officer, case, "accept", on="2026-09-29", data={**ACCEPT, "panel": PANEL})
    respondent = case["respondents"][0]["id"]
    case = fire(client, officer, case, "serve_request", on="2026-10-09",
                data={"receipts": [{"party": respondent, "received_on": "2026-10-12"}]})
    return case, respondent


def test_the_reply_clock_runs_from_the_registered_service_of_the_reply_notice(client, api):
    case, respondent = _case(client, api)
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    # without a registered service: the typed receipt, 10-12 + 15 days
    assert _due(case)[("reply", respondent)] == "2026-10-27"
    notice = issue(client, supervisor, only(client, supervisor, case["id"], "reply_notice"))
    service = serve(client, officer, notice["id"], party=respondent, method="post",
                    sent_on="2026-10-12", tracking_number="EMS1000000001CN")
    got = client.get(f"/api/v1/cases/{case['id']}", headers=officer).get_json()
    assert _due(got)[("reply", respondent)] == "2026-10-27"  # sent, not yet served
    proof = upload(client, officer, case["id"], "邮件签收记录.pdf")
    r = client.patch(f"/api/v1/documents/{notice['id']}/services/{service['id']}",
                     json={"served_on": "2026-10-14", "proof_evidence_id": proof["id"]},
                     headers=officer)
    assert r.status_code == 200, r.get_json()
    got = client.get(f"/api/v1/cases/{case['id']}", headers=officer).get_json()
    # served on Wednesday 10-14: 15 days -> Thursday 10-29 (a working day, no roll)
    assert _due(got)[("reply", respondent)] == "2026-10-29"


def test_a_v1_case_keeps_its_typed_receipt_dates(app, client, api):
    app.config["WORKFLOW_VERSIONS"] = {"adjudication": 1}
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = open_case_via_api(client, api("370982001-officer"), confirm_duplicate=True)
    assert case["workflow_version"] == 1
    case = fire(client, officer, case, "accept", on="2026-09-30", data=ACCEPT)
    case = fire(client, officer, case, "serve_request", on="2026-10-12")
    before = _due(case)
    notice = issue(client, supervisor, only(client, supervisor, case["id"], "reply_notice"))
    serve(client, officer, notice["id"], party=case["respondents"][0]["id"], method="direct",
          sent_on="2026-10-14", served_on="2026-10-14")
    assert _due(client.get(f"/api/v1/cases/{case['id']}", headers=officer).get_json()) == before


def _replay(acts: list[Act]) -> dict:  # type: ignore[type-arg]
    periods = merge_periods({}, "measures_2025")
    clocks = compute_clocks(V2, CaseFacts(D("2026-09-24")), acts, WorkCalendar(), periods,
                            {"service_drives_clocks": True, "serve_copy_met_by": "dispatch"})
    return {(c.kind, c.party_id): (c.started_on.isoformat(), c.due_on.isoformat() if c.due_on
                                   else None) for c in clocks}


def _served(kind: str, party: int, on: str) -> Act:
    return Act("document_service_proven", D(on), None,
               {"kind": kind, "party": party, "served_on": on})


def test_each_partys_appeal_clock_runs_from_its_service_of_the_decision():
    close = Act("transition", D("2026-11-20"), "close",
                {"receipts": [{"party": 1, "received_on": "2026-11-17"},
                              {"party": 2, "received_on": "2026-11-18"}]})
    path = [Act("intake", D("2026-09-24")),
            Act("transition", D("2026-11-13"), "approve_decision", to_status="decided")]
    # typed receipts only: 11-17 + 15 = 12-02, 11-18 + 15 = 12-03
    typed = _replay([*path, close])
    assert typed[("appeal", 1)] == ("2026-11-17", "2026-12-02")
    assert typed[("appeal", 2)] == ("2026-11-18", "2026-12-03")
    # party 1's service registered before closing, party 2's after: both count
    served = _replay([*path, _served("decision", 1, "2026-11-16"), close,
                      _served("decision", 2, "2026-11-19")])
    assert served[("appeal", 1)] == ("2026-11-16", "2026-12-01")
    assert served[("appeal", 2)] == ("2026-11-19", "2026-12-04")
    # another kind's service (the acceptance notice) drives no clock
    assert _replay([*path, _served("acceptance_notice", 1, "2026-11-16"), close]) == typed


def test_typed_receipts_must_agree_with_a_registered_service(app, client, api):
    from caseflow.cases.models import Case
    from caseflow.documents.service_dates import check_receipts_agree
    from caseflow.errors import ValidationFailed
    from tests.documents.test_service import issued_kind

    case, respondent = _case(client, api)
    decision, parties = issued_kind(app, case["id"], "decision")
    assert respondent in parties
    serve(client, api("370982-officer"), decision, party=respondent, method="direct",
          sent_on="2026-11-20", served_on="2026-11-20")
    row = db.session.get(Case, case["id"])
    requester = case["requesters"][0]["id"]
    agreeing = {"receipts": [{"party": requester, "received_on": D("2026-11-18")},
                             {"party": respondent, "received_on": D("2026-11-20")}]}
    check_receipts_agree(row, "close", agreeing, "measures_2025")  # no service of the requester
    check_receipts_agree(row, "close", {"receipts": [{"party": respondent,
                                                      "received_on": D("2026-11-19")}]},
                         "measures_2015")  # a v1 case keeps its typed dates
    with pytest.raises(ValidationFailed) as refused:
        check_receipts_agree(row, "close", {"receipts": [
            {"party": requester, "received_on": D("2026-11-18")},
            {"party": respondent, "received_on": D("2026-11-19")}]}, "measures_2025")
    assert refused.value.code == "receipt_disagrees"
    assert refused.value.fields == {"receipts[1].received_on": "与送达登记的送达日期（2026-11-20）不一致。"}

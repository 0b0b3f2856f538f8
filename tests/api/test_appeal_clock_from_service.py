"""Through the API alone: a v2 adjudication is decided, its 行政裁决书 issued and served on each
party on a different day (POST /api/v1/documents/<id>/services); `close` without receipts takes
the register's dates and each party's appeal clock runs from its own service (Art. 31(5), issue
14 item 4); receipts that disagree with the register are refused and nothing is written.

Real 2026 dates: Monday 11-16 + 15 days = Tuesday 12-01; Wednesday 11-18 + 15 = Thursday 12-03.
"""

from __future__ import annotations

import pytest

from tests.cases.test_api_transitions import fire
from tests.documents.helpers import documents, issue
from tests.documents.test_service_clocks import _case
from tests.factories import written

PROPOSAL = {"outcome": "infringement",
            "reasons": "被控侵权产品落入涉案专利权的保护范围。",
            "orders": "责令被请求人立即停止销售被控侵权产品。",
            "votes_for": 3, "votes_against": 0}


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"WORKFLOW_VERSIONS": {}}  # new cases under the 2025 Measures (v2)


def _get(client, headers, case_id):  # type: ignore[no-untyped-def]
    r = client.get(f"/api/v1/cases/{case_id}", headers=headers)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def _issued_decision(client, api, case):  # type: ignore[no-untyped-def]
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    kinds = client.get("/api/v1/document-kinds", headers=officer).get_json()
    fields = next(k["text"] for k in kinds if k["kind"] == "decision")
    draft = next(d for d in documents(client, officer, case["id"]) if d["kind"] == "decision")
    r = client.patch(f"/api/v1/cases/{case['id']}/documents/{draft['id']}", headers=officer,
                     json={"text": {f["name"]: "经审理查明的事实和理由。" for f in fields},
                           "version": draft["version"]})
    assert r.status_code == 200, r.get_json()
    return issue(client, supervisor, r.get_json())


def _serve(client, headers, document_id, party, on):  # type: ignore[no-untyped-def]
    r = client.post(f"/api/v1/documents/{document_id}/services", headers=headers,
                    json={"party": party, "method": "direct", "sent_on": on, "served_on": on})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_close_takes_each_partys_appeal_clock_from_its_service_of_the_decision(client, api):
    case, respondent = _case(client, api)
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    requester = case["requesters"][0]["id"]
    case = fire(client, officer, case, "start_investigation", on="2026-10-28")
    case = fire(client, officer, case, "submit_decision", on="2026-11-12", data=PROPOSAL)
    case = fire(client, supervisor, case, "approve_decision", on="2026-11-13")
    assert case["status"] == "decided"
    decision = _issued_decision(client, api, case)
    assert {r["party"] for r in decision["recipients"]} == {requester, respondent}

    # one party served only: close without receipts names the other, and writes nothing
    _serve(client, officer, decision["id"], requester, "2026-11-16")
    case = _get(client, officer, case["id"])
    before = written(case["id"])
    refused = fire(client, officer, case, "close", on="2026-11-20", status=422)
    assert set(refused["error"]["fields"]) == {"receipts"}
    assert case["respondents"][0]["name"] in refused["error"]["fields"]["receipts"]
    assert written(case["id"]) == before

    _serve(client, officer, decision["id"], respondent, "2026-11-18")
    case = _get(client, officer, case["id"])
    before = written(case["id"])
    # typed receipts that differ from the register: 422 receipt_disagrees, nothing written
    disagreeing = {"receipts": [{"party": requester, "received_on": "2026-11-16"},
                                {"party": respondent, "received_on": "2026-11-17"}]}
    refused = fire(client, officer, case, "close", on="2026-11-20", data=disagreeing,
                   status=422)
    assert refused["error"]["code"] == "receipt_disagrees"
    assert set(refused["error"]["fields"]) == {"receipts[1].received_on"}
    assert "2026-11-18" in refused["error"]["fields"]["receipts[1].received_on"]
    assert written(case["id"]) == before
    assert _get(client, officer, case["id"])["status"] == "decided"

    # no receipts: the register's dates, recorded as the act's receipts
    case = fire(client, officer, case, "close", on="2026-11-20")
    assert case["status"] == "closed"
    appeal = {d["party"]: d for d in _get(client, officer, case["id"])["deadlines"]
              if d["kind"] == "appeal"}
    assert appeal[requester]["due_on"] == "2026-12-01"
    assert appeal[respondent]["due_on"] == "2026-12-03"
    events = client.get(f"/api/v1/cases/{case['id']}/events", headers=officer)
    assert events.status_code == 200
    closing = [e for e in events.get_json() if (e.get("data") or {}).get("trigger") == "close"]
    assert len(closing) == 1  # the act records the receipts it used
    assert closing[0]["data"]["inputs"]["receipts"] == [
        {"party": requester, "received_on": "2026-11-16"},
        {"party": respondent, "received_on": "2026-11-18"}]

"""The hearing-notice rule judged against the service register (issue 14 item 4, Art. 26): a v2
hearing is not held while the register shows a party served its 口头审理通知书 fewer than 3
working days before the hearing; the register still records the late service, with a warning
that the hearing must be postponed, and the case page says so.

Real 2026 dates: the hearing is on Wednesday 11-11; service on Thursday 11-05 leaves three
working days between (11-06, 11-09, 11-10), service on Monday 11-09 only one.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from caseflow.audit.models import AuditEvent
from caseflow.deadlines.calendar import WorkCalendar
from caseflow.deadlines.rules import working_days_strictly_between
from caseflow.extensions import db
from caseflow.workflow.engine import ActionContext
from caseflow.workflow.guards import GuardRefused, is_hearing_notice_served_in_time
from tests.cases.test_api_transitions import fire
from tests.documents.helpers import documents, issue
from tests.documents.test_service import serve
from tests.documents.test_service_clocks import _case

D = date.fromisoformat
CAL = WorkCalendar()
RECORD = {"record": "双方到庭陈述意见并质证。"}


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"WORKFLOW_VERSIONS": {}}  # new cases under the 2025 Measures (v2)


class _Case:
    hearing_on = D("2026-11-11")


def _ctx(**served: str) -> ActionContext:
    names = {"1": "甲公司", "2": "乙公司"}
    return ActionContext(on=D("2026-11-11"), roles=frozenset({"officer"}),
                         workdays_between=lambda a, b: working_days_strictly_between(CAL, a, b),
                         hearing_notice_served={int(p): (names[p], D(on))
                                                for p, on in served.items()})


def test_the_rule_counts_working_days_strictly_between_service_and_hearing() -> None:
    is_hearing_notice_served_in_time(_Case(), _ctx())  # nothing registered: typed dates rule
    is_hearing_notice_served_in_time(_Case(), _ctx(**{"1": "2026-11-05", "2": "2026-11-05"}))
    with pytest.raises(GuardRefused) as refused:
        is_hearing_notice_served_in_time(_Case(), _ctx(**{"1": "2026-11-05",
                                                          "2": "2026-11-06"}))  # 11-09, 11-10
    err = refused.value
    assert (err.code, err.status, err.field) == ("hearing_notice_too_short", 422, "hearing_on")
    assert "乙公司于 2026-11-06 收到（仅 2 个工作日）" in err.message_zh
    assert "甲公司" not in err.message_zh and "第二十六条" in err.message_zh
    assert "延期口头审理" in err.message_zh
    assert "乙公司 on 2026-11-06" in err.message_en and "Art. 26" in err.message_en
    with pytest.raises(GuardRefused):  # served after the hearing day: none at all
        is_hearing_notice_served_in_time(_Case(), _ctx(**{"1": "2026-11-12"}))


def _scheduled(client, api):  # type: ignore[no-untyped-def]
    """A v2 case whose hearing (11-11) is scheduled and its notice issued."""
    case, respondent = _case(client, api)
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = fire(client, officer, case, "start_investigation", on="2026-10-28")
    case = fire(client, officer, case, "schedule_hearing", on="2026-11-04",
                data={"hearing_on": "2026-11-11", "notice_received_on": "2026-11-05"})
    return case, respondent, _issued_notice(client, officer, supervisor, case)


def _issued_notice(client, officer, supervisor, case):  # type: ignore[no-untyped-def]
    draft = [d for d in documents(client, officer, case["id"])
             if d["kind"] == "hearing_notice" and d["status"] == "draft"][-1]
    r = client.patch(f"/api/v1/cases/{case['id']}/documents/{draft['id']}", headers=officer,
                     json={"text": {"place": "本局第一调解室", "time": "上午九时"},
                           "version": draft["version"]})
    assert r.status_code == 200, r.get_json()
    return issue(client, supervisor, r.get_json())


def _get(client, headers, case):  # type: ignore[no-untyped-def]
    r = client.get(f"/api/v1/cases/{case['id']}", headers=headers)
    assert r.status_code == 200
    return r.get_json()


def test_a_late_service_is_recorded_with_a_warning_and_the_hearing_is_not_held(client, api):
    case, respondent, notice = _scheduled(client, api)
    officer = api("370982-officer")
    requester = case["requesters"][0]["id"]
    serve(client, officer, notice["id"], party=requester, method="direct",
          sent_on="2026-11-05", served_on="2026-11-05")
    # the register accepts the late service (what happened) and records the warning
    serve(client, officer, notice["id"], party=respondent, method="direct",
          sent_on="2026-11-09", served_on="2026-11-09")
    event = db.session.query(AuditEvent).filter_by(
        case_id=case["id"], action="document_served").order_by(AuditEvent.seq.desc()).first()
    assert event is not None
    warning = json.loads(event.data)["warnings"][0]
    assert warning["code"] == "hearing_must_be_postponed"
    assert "口头审理须延期" in warning["message"] and "Art. 26" in warning["message_en"]

    # the case page: the history says so, and holding the hearing is offered with the reason
    page = client.get(f"/cases/{case['id']}", headers=officer)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "口头审理须延期" in html
    assert "不足三个工作日，应至少提前三个工作日通知（第二十六条）" in html

    refused = fire(client, officer, _get(client, officer, case), "hold_hearing",
                   on="2026-11-11", data=RECORD, status=422)
    assert refused["error"]["code"] == "hearing_notice_too_short"
    assert "2026-11-09" in refused["error"]["message"]
    absent = fire(client, officer, _get(client, officer, case), "requester_absent",
                  on="2026-11-11", data={"ground": "absent"}, status=422)
    assert absent["error"]["code"] == "hearing_notice_too_short"
    assert _get(client, officer, case)["status"] == "hearing_scheduled"  # nothing written

    # postponing drafts a new notice: once it is served in time, the hearing is held
    case = fire(client, officer, _get(client, officer, case), "postpone_hearing",
                on="2026-11-11", note="被请求人收到通知不足三个工作日。",
                data={"hearing_on": "2026-11-20", "notice_received_on": "2026-11-12"})
    supervisor = api("370982-supervisor")
    new = _issued_notice(client, officer, supervisor, case)
    assert new["id"] != notice["id"]
    for party in (requester, respondent):
        serve(client, officer, new["id"], party=party, method="direct",
              sent_on="2026-11-13", served_on="2026-11-13")
    case = fire(client, officer, _get(client, officer, case), "hold_hearing",
                on="2026-11-20", data=RECORD)
    assert case["status"] == "heard"


def test_a_service_in_time_lets_the_hearing_be_held(client, api):
    case, respondent, notice = _scheduled(client, api)
    officer = api("370982-officer")
    for party in (case["requesters"][0]["id"], respondent):
        serve(client, officer, notice["id"], party=party, method="direct",
              sent_on="2026-11-05", served_on="2026-11-05")
    events = db.session.query(AuditEvent).filter_by(case_id=case["id"],
                                                    action="document_served").all()
    assert len(events) == 2 and all("warnings" not in json.loads(e.data) for e in events)
    case = fire(client, officer, _get(client, officer, case), "hold_hearing", on="2026-11-11",
                data=RECORD)
    assert case["status"] == "heard"

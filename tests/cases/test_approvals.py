"""The supervisor's 待我审批 queue on the home page and its count in the navigation."""

from __future__ import annotations

import re
from datetime import date

import pytest

from caseflow.auth.models import User
from caseflow.extensions import db
from caseflow.main.approvals import approval_states, list_approvals
from tests.cases.test_views import _act, _api_case, _case, _signed_in


def _user(username: str) -> User:
    return db.session.query(User).filter_by(username=username).one()


def _filed_case(app) -> int:  # type: ignore[no-untyped-def]
    case_id = _api_case(app)["id"]
    officer = _signed_in(app, "370982-officer")
    for trigger, fields in (("accept", {"on": "2026-09-30", "conditions_confirmed": "true"}),
                            ("serve_request", {"on": "2026-10-12"}),
                            ("start_investigation", {"on": "2026-10-21",
                                                     "reply_received_on": "2026-10-20"})):
        r = _act(officer, case_id, trigger, **fields)
        assert r.status_code == 302, (trigger, r.get_data(as_text=True)[:1500])
    return case_id


def _queue(page: str) -> str:
    match = re.search(r'<section class="mb-3" id="approvals".*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_the_approval_states_come_from_the_workflow_files(app):
    # only a supervisor moves a decision awaiting approval on (approve or return it)
    assert approval_states(app.extensions["caseflow.workflows"]) == {
        ("adjudication", 1, "decision_pending"), ("adjudication", 2, "decision_pending")}


@pytest.mark.parametrize("app_config", [{"TODAY": "2026-11-25"}])
def test_a_decision_awaiting_approval_waits_on_the_supervisors_above_it(app):
    case_id = _filed_case(app)
    r = _act(_signed_in(app, "370982-officer"), case_id, "submit_decision", on="2026-11-20")
    assert r.status_code == 302
    number = _case(case_id).number
    for username, sees in (("370982-supervisor", True), ("370900-supervisor", True),
                           ("370902-supervisor", False)):
        page = _signed_in(app, username).get("/").get_data(as_text=True)
        queue = _queue(page)
        assert queue, username
        assert (number in queue) is sees, username
        count = re.search(r'id="approval-count">(\d+)<', page)
        assert (count is not None and count.group(1) == "1") is sees, username
        if sees:
            assert f'href="/cases/{case_id}#tab-act"' in queue and "审批处理决定" in queue
    officer_home = _signed_in(app, "370982-officer").get("/").get_data(as_text=True)
    assert not _queue(officer_home) and 'id="nav-approvals"' not in officer_home
    # approved: nothing waits any more
    supervisor = _signed_in(app, "370982-supervisor")
    r = _act(supervisor, case_id, "approve_decision", on="2026-11-25", outcome="infringement")
    assert r.status_code == 302
    page = supervisor.get("/").get_data(as_text=True)
    assert number not in _queue(page) and 'id="approval-count"' not in page


def test_a_closure_deadline_near_its_end_waits_for_the_extension(app):
    case_id = _filed_case(app)  # filed 2026-09-30: the closure deadline is 2026-12-30
    registry = app.extensions["caseflow.workflows"]
    supervisor = _user("370982-supervisor")
    assert list_approvals(supervisor, registry, date(2026, 11, 25)) == []  # 35 days away
    items = list_approvals(supervisor, registry, date(2026, 12, 15))
    assert [(i["case"].id, i["kind"], i["due_on"]) for i in items] == [
        (case_id, "extension", date(2026, 12, 30))]
    assert list_approvals(_user("370902-supervisor"), registry, date(2026, 12, 15)) == []
    assert list_approvals(_user("370982-officer"), registry, date(2026, 12, 15)) == []
    client = _signed_in(app, "370982-supervisor")
    r = client.post(f"/cases/{case_id}/extend", data={
        "reason": "案情复杂", "on": "2026-11-25", "version": str(_case(case_id).version)})
    assert r.status_code == 302
    assert list_approvals(supervisor, registry, date(2026, 12, 15)) == []  # extended once

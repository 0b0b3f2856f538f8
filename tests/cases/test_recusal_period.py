"""The recusal decision period follows the RECUSAL_DECISION_WORKING_DAYS setting (the Measures
set none; the 2019 guide's 3 working days is only the default)."""

from __future__ import annotations

import pytest

from caseflow.extensions import db
from tests.cases.panel_workflow import PANEL_PIN, panel_workflows
from tests.cases.test_panel import LEAD, SECOND, THIRD, accept
from tests.factories import officers, open_case_via_api


@pytest.fixture
def app_config(tmp_path_factory):  # type: ignore[no-untyped-def]
    return {"WORKFLOWS_DIR": str(panel_workflows(tmp_path_factory.mktemp("wf"))),
            "WORKFLOW_VERSIONS": PANEL_PIN,
            "RECUSAL_DECISION_WORKING_DAYS": 5}


def test_the_decision_period_is_the_setting(app, client, api):
    officers("370982", 3)
    db.session.commit()
    case = open_case_via_api(client, api("370982001-officer"))
    case = accept(client, api(LEAD), case, panel_names=[LEAD, SECOND, THIRD], on="2026-09-29")
    r = client.post(f"/api/v1/cases/{case['id']}/recusals", headers=api(LEAD), json={
        "party": case["requesters"][0]["id"], "target_role": "panel_member", "target": THIRD,
        "grounds": "曾担任涉案专利的代理师。", "on": "2026-09-30"})
    assert r.status_code == 201, r.get_json()
    decision = next(d for d in r.get_json()["deadlines"] if d["kind"] == "recusal_decision")
    # 5 working days after 2026-09-30: 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13
    assert decision["due_on"] == "2026-10-13"
    window = next(d for d in r.get_json()["deadlines"] if d["kind"] == "recusal_window")
    assert window["due_on"] == "2026-10-09"

"""The default configuration: new cases follow the 2025 Measures (v2); open v1 cases keep v1.

The rest of the suite pins new cases to v1 (tests/conftest.py) so that its tests of the 2015
procedures keep testing them; this module runs with the real default."""

from __future__ import annotations

import pytest

from caseflow.config import Defaults
from caseflow.extensions import db
from tests.cases.action_inputs import new_case
from tests.factories import officers, open_case_via_api


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"WORKFLOW_VERSIONS": Defaults.WORKFLOW_VERSIONS}


def _fire(client, headers, case, trigger, on, data=None, status=200):  # type: ignore[no-untyped-def]
    r = client.post(f"/api/v1/cases/{case['id']}/transitions", headers=headers,
                    json={"trigger": trigger, "on": on, "version": case["version"],
                          "data": data or {}})
    assert r.status_code == status, (trigger, r.get_json())
    return r.get_json()


def _deadlines(case):  # type: ignore[no-untyped-def]
    return {(d["kind"], d.get("party")): d for d in case["deadlines"]}


def test_the_default_opens_new_cases_under_v2(app, client, api):
    assert Defaults.WORKFLOW_VERSIONS == {}
    registry = app.extensions["caseflow.workflows"]
    old = new_case("adjudication", None, registry, version=1, received_on="2026-09-28")
    old_id = old.id
    db.session.commit()
    assert app.config["WORKFLOW_VERSIONS"] == {}  # the helper's pin was for that case only

    adjudication = open_case_via_api(client, api("370982001-officer"), confirm_duplicate=True)
    assert adjudication["workflow_version"] == 2
    assert adjudication["rules"]["name"] == "measures_2025"
    mediation = open_case_via_api(client, api("370982-mediator"),
                                  workflow="prelitigation_mediation", source="party_request",
                                  intake_unit="370982", received_on="2026-10-08",
                                  confirm_duplicate=True,
                                  prior_decision_ref="泰市监知裁〔2026〕3号")
    assert mediation["workflow_version"] == 2
    assert mediation["rules"]["name"] == "measures_2025"
    # Art. 65: served within 5 working days (10-09, the make-up Saturday 10-10, 12, 13, 14)
    assert _deadlines(mediation)[("mediation_serve_copy", None)]["due_on"] == "2026-10-14"

    officer = api("370982-officer")
    case = client.get(f"/api/v1/cases/{old_id}", headers=officer).get_json()
    assert case["workflow_version"] == 1 and case["rules"]["name"] == "measures_2015"
    case = _fire(client, officer, case, "accept", "2026-09-30",
                 {"conditions_confirmed": True, "court_action_filed": False})
    # v1 serves without per-respondent receipts (v2 requires them) and runs one reply clock
    case = _fire(client, officer, case, "serve_request", "2026-10-12")
    assert case["workflow_version"] == 1 and case["status"] == "awaiting_reply"
    reply = _deadlines(case)[("reply", None)]
    assert reply["due_on"] == "2026-10-27"  # 15 days from service on 10-12
    assert not [d for d in case["deadlines"] if d.get("party") is not None]

    v2 = _fire(client, officer, adjudication, "accept", "2026-09-30",
               {"conditions_confirmed": True, "court_action_filed": False,
                "panel": officers("370982")})
    _fire(client, officer, v2, "serve_request", "2026-10-12", status=422)  # receipts missing

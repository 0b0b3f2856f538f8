"""Pre-litigation mediation under the 2025 Measures through the API: what the request is about
at intake (Arts. 63-64) and the ownership mediation's period, extended once by at most a month
by the unit's supervisor (Art. 70)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import verify_chain
from caseflow.cases.models import Case
from caseflow.extensions import db
from tests.cases.test_api_transitions import fire
from tests.factories import intake_payload, open_case_via_api

V2 = {"WORKFLOW_VERSIONS": {"adjudication": 1, "prelitigation_mediation": 2}}
DECISION = "新泰市监知裁〔2026〕3号"


@pytest.fixture
def app_config() -> dict[str, object]:
    return dict(V2)


def _request(**overrides):  # type: ignore[no-untyped-def]
    return intake_payload(**{"workflow": "prelitigation_mediation", "intake_unit": None,
                             "source": "party_request", "received_on": "2026-09-28",
                             **overrides})


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def _mediating(client, headers, case):  # type: ignore[no-untyped-def]
    case = fire(client, headers, case, "serve_request", on="2026-09-30")
    case = fire(client, headers, case, "respondent_consents", on="2026-10-12")
    return fire(client, headers, case, "file", on="2026-10-13",
                data={"session_on": "2026-10-20", "session_place": "新泰市市场监管局调解室"})


def _clock(case, kind):  # type: ignore[no-untyped-def]
    return next(d for d in case["deadlines"] if d["kind"] == kind and not d.get("stopped_on"))


def test_a_damages_request_names_the_decision_that_found_the_infringement(client, api):
    mediator = api("370982-mediator")
    before = _count()
    r = client.post("/api/v1/cases", json=_request(), headers=mediator)
    assert r.status_code == 422, r.get_json()
    assert "第六十四条" in r.get_json()["error"]["fields"]["prior_decision_ref"]
    assert _count() == before
    case = open_case_via_api(client, mediator, **_request(prior_decision_ref=DECISION))
    assert case["workflow_version"] == 2
    assert case["mediation_request"] == {"subject": "damages", "prior_decision_ref": DECISION,
                                         "grant_announced_on": None}
    intake = db.session.scalar(select(AuditEvent).where(AuditEvent.case_id == case["id"],
                                                        AuditEvent.action == "intake"))
    assert json.loads(intake.data)["prior_decision_ref"] == DECISION


def test_a_court_assigned_damages_mediation_needs_no_prior_decision(client, api):
    case = open_case_via_api(client, api("370982-mediator"), **_request(
        source="court_assigned", court={"name": "泰安市中级人民法院",
                                        "case_number": "(2026)鲁09民初7号"}))
    assert case["mediation_request"]["subject"] == "damages"


@pytest.mark.parametrize(("body", "field"), [
    ({"subject": "provisional_protection_fee"}, "grant_announced_on"),
    ({"subject": "provisional_protection_fee", "grant_announced_on": "2026-09-29"},
     "grant_announced_on"),
    ({"subject": "royalties"}, "subject"),
    ({"subject": "ownership", "grant_announced_on": "2026-02-30"}, "grant_announced_on"),
])
def test_bad_subject_input_is_refused_and_writes_nothing(client, api, body, field):
    before = _count()
    r = client.post("/api/v1/cases", json=_request(**body), headers=api("370982-mediator"))
    assert r.status_code == 422, r.get_json()
    assert field in r.get_json()["error"]["fields"]
    assert _count() == before


def test_subject_is_only_for_a_pre_litigation_mediation(client, api):
    r = client.post("/api/v1/cases", json=intake_payload(subject="ownership"),
                    headers=api("370982001-officer"))
    assert r.status_code == 422
    assert "subject" in r.get_json()["error"]["fields"]


def test_a_fee_request_after_the_grant_was_announced_opens(client, api):
    case = open_case_via_api(client, api("370982-mediator"), **_request(
        subject="provisional_protection_fee", grant_announced_on="2026-06-12"))
    assert case["mediation_request"]["grant_announced_on"] == "2026-06-12"


def test_ownership_mediation_runs_two_months_and_its_supervisor_extends_it_once(client, api):
    mediator, supervisor = api("370982-mediator"), api("370982-supervisor")
    case = _mediating(client, mediator, open_case_via_api(client, mediator,
                                                          **_request(subject="ownership")))
    clock = _clock(case, "mediation")
    # filed 2026-10-13 + 2 months = 2026-12-13, a Sunday: rolled to Monday 2026-12-14 (Art. 70)
    assert clock["due_on"] == "2026-12-14"
    assert clock["basis"].endswith("依据：《专利纠纷行政裁决和调解办法》第七十条。")
    offer = next(a for a in case["available_actions"] if a["name"] == "extend_mediation")
    assert not offer["available"]  # a mediator may not: the supervisor approves
    r = client.post(f"/api/v1/cases/{case['id']}/actions/extend_mediation", headers=mediator,
                    json={"days": 10, "reason": "双方正在协商。", "version": case["version"]})
    assert r.status_code == 403, r.get_json()
    url = f"/api/v1/cases/{case['id']}/actions/extend_mediation"
    # at most a month beyond the two months' end (2026-12-13 + 1 month = 2027-01-13: 31 days)
    r = client.post(url, headers=supervisor,
                    json={"days": 32, "reason": "案情复杂。", "version": case["version"]})
    assert r.status_code == 422 and "days" in r.get_json()["error"]["fields"]
    r = client.post(url, headers=supervisor, json={"days": 31, "version": case["version"]})
    assert r.status_code == 422 and "reason" in r.get_json()["error"]["fields"]
    offer = next(a for a in client.get(f"/api/v1/cases/{case['id']}", headers=supervisor)
                 .get_json()["available_actions"] if a["name"] == "extend_mediation")
    assert offer["available"] and "consents" not in {i["name"] for i in offer["inputs"]}
    r = client.post(url, headers=supervisor, json={"days": 31, "reason": "案情复杂。",
                                                   "on": "2026-11-20",
                                                   "version": case["version"]})
    assert r.status_code == 200, r.get_json()
    case = r.get_json()
    clock = _clock(case, "mediation")
    assert clock["due_on"] == "2027-01-13"  # a Wednesday
    assert "第七十条" in clock["basis"]
    r = client.post(url, headers=supervisor, json={"days": 1, "reason": "再延长。",
                                                   "version": case["version"]})
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "already_extended"
    assert verify_chain().ok


def test_a_damages_mediation_is_still_extended_with_both_parties_consent(client, api):
    mediator = api("370982-mediator")
    case = _mediating(client, mediator, open_case_via_api(
        client, mediator, **_request(prior_decision_ref=DECISION)))
    url = f"/api/v1/cases/{case['id']}/actions/extend_mediation"
    r = client.post(url, headers=mediator, json={"days": 40, "version": case["version"]})
    assert r.status_code == 422 and "consents" in r.get_json()["error"]["fields"]
    r = client.post(url, headers=mediator, json={
        "days": 40, "consents": {"requester": True, "respondent": True},
        "version": case["version"]})
    assert r.status_code == 200, r.get_json()


def test_the_intake_page_takes_the_subject_and_refuses_a_damages_request_without_decision(
        app, login):
    from tests.cases.test_views import _intake_form

    client = login("370982-mediator")
    page = client.get("/cases/new").get_data(as_text=True)
    assert 'name="subject"' in page and 'name="prior_decision_ref"' in page
    form = _intake_form(workflow="prelitigation_mediation", intake_unit="370982",
                        source="party_request")
    before = _count()
    r = client.post("/cases/new", data=form)
    assert r.status_code == 422
    assert 'data-error-for="prior_decision_ref"' in r.get_data(as_text=True)
    assert _count() == before
    r = client.post("/cases/new", data=dict(form, subject="ownership"))
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    case = db.session.scalar(select(Case).order_by(Case.id.desc()))
    assert (case.mediation_subject, case.ownership_mediation) == ("ownership", True)
    shown = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="fact-mediation-subject"' in shown and "权属" in shown

"""The confirmation window from the agreement's effective date in the register (issue 14 item
4): a 调解协议书 takes effect when the last party signs for it (Arts. 35, 69), and the joint
application for judicial confirmation is due within 30 days of that (CPL Art. 205). The clock
of a v2 pre-litigation mediation starts from the typed `effective_on` until every party's
service of the agreement is registered, then from the latest of those days; a typed date that
differs from the register's is refused.

Real 2026 dates: 11-02 + 30 days = Wednesday 12-02; 11-05 + 30 = Saturday 12-05, a rest day,
so Monday 12-07.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from caseflow.deadlines.calendar import WorkCalendar
from caseflow.deadlines.clocks import Act, CaseFacts, compute_clocks
from caseflow.deadlines.periods import merge_periods
from caseflow.workflow import load_all
from tests.cases.test_api_transitions import fire
from tests.documents.helpers import issue, only
from tests.documents.test_service import serve
from tests.factories import open_case_via_api

D = date.fromisoformat
V2 = load_all(Path(__file__).parents[2] / "workflows")[("prelitigation_mediation", 2)]
AGREEMENT = {"effective_on": "2026-11-02", "subject": "damages", "amount": "30000"}


@pytest.fixture
def app_config() -> dict[str, object]:
    return {"WORKFLOW_VERSIONS": {}}  # new cases under the 2025 Measures (v2)


def _confirmation(acts: list[Act]) -> tuple[str, str | None]:
    clocks = compute_clocks(V2, CaseFacts(D("2026-10-08"), source="party_request",
                                          mediation_variant="party_request"),
                            acts, WorkCalendar(), merge_periods({}, "measures_2025"),
                            {"service_drives_clocks": True, "serve_copy_met_by": "dispatch"})
    clock = next(c for c in clocks if c.kind == "confirmation_application")
    return clock.started_on.isoformat(), clock.due_on.isoformat() if clock.due_on else None


def _signed(party: int, on: str, parties: tuple[int, ...] = (1, 2), kind: str =
            "mediation_agreement") -> Act:
    return Act("document_service_proven", D(on), None,
               {"kind": kind, "document": 7, "party": party, "served_on": on,
                "parties": list(parties)})


def test_the_window_runs_from_the_last_partys_signature_in_the_register():
    path = [Act("intake", D("2026-10-08")),
            Act("transition", D("2026-10-09"), "serve_request"),
            Act("transition", D("2026-10-15"), "respondent_consents"),
            Act("transition", D("2026-10-16"), "file",
                {"session_on": "2026-10-20", "session_place": "调解室"})]
    agreed = Act("transition", D("2026-11-02"), "reach_agreement", {**AGREEMENT})
    assert _confirmation([*path, agreed]) == ("2026-11-02", "2026-12-02")  # typed
    # one party only: the agreement has not taken effect by the register, the typed date holds
    assert _confirmation([*path, agreed, _signed(1, "2026-11-03")]) == ("2026-11-02",
                                                                         "2026-12-02")
    # both: the later day, before or after the transition that starts the clock
    after = _confirmation([*path, agreed, _signed(1, "2026-11-03"), _signed(2, "2026-11-05")])
    before = _confirmation([*path, _signed(2, "2026-11-05"), _signed(1, "2026-11-03"), agreed])
    assert after == before == ("2026-11-05", "2026-12-07")
    # another kind's service drives nothing here
    assert _confirmation([*path, agreed, _signed(1, "2026-11-03", kind="acceptance_notice"),
                          _signed(2, "2026-11-05", kind="acceptance_notice")]) == (
        "2026-11-02", "2026-12-02")


def _due(case):  # type: ignore[no-untyped-def]
    return {d["kind"]: d["due_on"] for d in case["deadlines"]}


def test_the_registered_signatures_drive_the_clock_and_a_differing_date_is_refused(app, client,
                                                                                   api):
    from caseflow.cases.models import Case
    from caseflow.documents.service_dates import check_receipts_agree
    from caseflow.errors import ValidationFailed
    from caseflow.extensions import db

    mediator, supervisor = api("370982-mediator"), api("370982-supervisor")
    case = open_case_via_api(client, mediator, workflow="prelitigation_mediation",
                             intake_unit=None, source="party_request", received_on="2026-10-08",
                             prior_decision_ref="新泰市监知裁〔2026〕3号")
    assert case["workflow_version"] == 2
    case = fire(client, mediator, case, "serve_request", on="2026-10-09")
    case = fire(client, mediator, case, "respondent_consents", on="2026-10-15")
    case = fire(client, mediator, case, "file", on="2026-10-16",
                data={"session_on": "2026-10-20", "session_place": "本局调解室"})
    case = fire(client, mediator, case, "reach_agreement", on="2026-11-02", data=AGREEMENT)
    assert _due(case)["confirmation_application"] == "2026-12-02"

    draft = only(client, mediator, case["id"], "mediation_agreement")
    r = client.patch(f"/api/v1/cases/{case['id']}/documents/{draft['id']}", headers=mediator,
                     json={"text": {"facts": "双方就赔偿数额发生争议。", "terms": "被请求人赔偿三万元。"},
                           "version": draft["version"]})
    assert r.status_code == 200, r.get_json()
    agreement = issue(client, supervisor, r.get_json())
    requester, respondent = case["requesters"][0]["id"], case["respondents"][0]["id"]
    serve(client, mediator, agreement["id"], party=requester, method="direct",
          sent_on="2026-11-03", served_on="2026-11-03")
    got = client.get(f"/api/v1/cases/{case['id']}", headers=mediator).get_json()
    assert _due(got)["confirmation_application"] == "2026-12-02"  # one signature only
    serve(client, mediator, agreement["id"], party=respondent, method="direct",
          sent_on="2026-11-05", served_on="2026-11-05")
    got = client.get(f"/api/v1/cases/{case['id']}", headers=mediator).get_json()
    assert _due(got)["confirmation_application"] == "2026-12-07"

    row = db.session.get(Case, case["id"])
    check_receipts_agree(row, "reach_agreement", {"effective_on": D("2026-11-05")},
                         "measures_2025")  # agrees
    check_receipts_agree(row, "reach_agreement", {"effective_on": D("2026-11-02")},
                         "measures_2015")  # the 2015 rules keep the typed date
    with pytest.raises(ValidationFailed) as refused:
        check_receipts_agree(row, "reach_agreement", {"effective_on": D("2026-11-02")},
                             "measures_2025")
    assert refused.value.code == "receipt_disagrees"
    assert refused.value.fields == {
        "effective_on": "调解协议书自各方当事人签收之日起生效，送达登记为 2026-11-05。"}

"""A known set of 2026 cases driven through the real API, for the KPI tests.

新泰市 (370982) handles A1–K; 泰山区 (370902) handles T. Dates are legal dates (`on`).
"""

from __future__ import annotations

from tests.cases.test_api_transitions import fire
from tests.factories import open_case_via_api

COURT = {"name": "新泰市人民法院", "case_number": "(2026)鲁0982民初88号", "procedure": "ordinary"}
AGREEMENT = {"effective_on": None, "subject": "damages", "amount": "30000"}


def _open(client, headers, received_on, **kw):  # type: ignore[no-untyped-def]
    return open_case_via_api(client, headers, received_on=received_on, intake_unit=None,
                             confirm_duplicate=True, **kw)


def _receipts(case, on):  # type: ignore[no-untyped-def]
    return {"receipts": [{"party": p["id"], "received_on": on}
                         for p in case["requesters"] + case["respondents"]]}


def _agreement(on):  # type: ignore[no-untyped-def]
    return dict(AGREEMENT, effective_on=on)


def adjudication_a1(client, api):  # type: ignore[no-untyped-def]
    """Infringement; suspended 03-20 → 04-09 (20 days), extension approved, closed in time."""
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = _open(client, officer, "2026-03-02")
    case = fire(client, officer, case, "accept", on="2026-03-04",
                data={"conditions_confirmed": True})
    case = fire(client, officer, case, "serve_request", on="2026-03-10")
    case = fire(client, supervisor, case, "suspend", on="2026-03-20", note="被请求人已请求宣告无效。",
                data={"ground": "invalidation"})
    case = fire(client, officer, case, "resume", on="2026-04-09")
    r = client.post(f"/api/v1/cases/{case['id']}/actions/extend", headers=supervisor,
                    json={"reason": "案情复杂，需技术比对。", "on": "2026-04-15"})
    assert r.status_code == 200, r.get_json()
    case = fire(client, officer, r.get_json(), "submit_decision", on="2026-05-06")
    case = fire(client, supervisor, case, "approve_decision", on="2026-05-11",
                data={"outcome": "infringement"})
    return fire(client, officer, case, "close", on="2026-05-15", data=_receipts(case, "2026-05-13"))


def adjudication_a2(client, api):  # type: ignore[no-untyped-def]
    """No infringement; accepted late (01-20 for 01-05) and closed after its closure deadline."""
    officer, supervisor = api("370982-officer"), api("370982-supervisor")
    case = _open(client, officer, "2026-01-05")
    case = fire(client, officer, case, "accept", on="2026-01-20",
                data={"conditions_confirmed": True})
    case = fire(client, officer, case, "serve_request", on="2026-01-22")
    case = fire(client, officer, case, "start_investigation", on="2026-02-10")
    case = fire(client, officer, case, "submit_decision", on="2026-04-20")
    case = fire(client, supervisor, case, "approve_decision", on="2026-04-27",
                data={"outcome": "no_infringement"})
    return fire(client, officer, case, "close", on="2026-05-06", data=_receipts(case, "2026-05-05"))


def rejected_c(client, api):  # type: ignore[no-untyped-def]
    officer = api("370982-officer")
    case = _open(client, officer, "2026-02-02")
    return fire(client, officer, case, "reject", on="2026-02-04", note="不属于本部门管辖。")


def withdrawn_d(client, api):  # type: ignore[no-untyped-def]
    officer = api("370982-officer")
    case = _open(client, officer, "2026-06-01")
    case = fire(client, officer, case, "accept", on="2026-06-03",
                data={"conditions_confirmed": True})
    return fire(client, officer, case, "withdraw", on="2026-06-20")


def mediation_e(client, api):  # type: ignore[no-untyped-def]
    """Pre-litigation: agreement, judicial confirmation, closed."""
    mediator = api("370982-mediator")
    case = _open(client, mediator, "2026-07-01", workflow="prelitigation_mediation")
    for trigger, on in (("serve_request", "2026-07-02"), ("respondent_consents", "2026-07-06"),
                        ("file", "2026-07-07")):
        case = fire(client, mediator, case, trigger, on=on)
    case = fire(client, mediator, case, "reach_agreement", on="2026-07-20",
                data=_agreement("2026-07-20"))
    case = fire(client, mediator, case, "apply_confirmation", on="2026-07-24",
                data={"court": "新泰市人民法院"})
    case = fire(client, mediator, case, "confirm", on="2026-08-03",
                data={"ruling_number": "(2026)鲁0982民特12号"})
    return fire(client, mediator, case, "close", on="2026-08-05")


def mediation_f(client, api):  # type: ignore[no-untyped-def]
    """Pre-litigation on a party's request, terminated without agreement."""
    mediator = api("370982-mediator")
    case = _open(client, mediator, "2026-07-10", workflow="prelitigation_mediation")
    for trigger, on in (("serve_request", "2026-07-13"), ("respondent_consents", "2026-07-15"),
                        ("file", "2026-07-16")):
        case = fire(client, mediator, case, trigger, on=on)
    return fire(client, mediator, case, "terminate", on="2026-08-10", note="请求人撤回调解申请。")


def not_opened_g(client, api):  # type: ignore[no-untyped-def]
    mediator = api("370982-mediator")
    case = _open(client, mediator, "2026-08-03", workflow="prelitigation_mediation")
    case = fire(client, mediator, case, "serve_request", on="2026-08-04")
    return fire(client, mediator, case, "respondent_declines", on="2026-08-20")


def court_h(client, api):  # type: ignore[no-untyped-def]
    """Court-entrusted: agreement reached, returned to the court with it."""
    mediator = api("370982-mediator")
    case = _open(client, mediator, "2026-09-01", workflow="court_entrusted_mediation",
                 court=COURT)
    case = fire(client, mediator, case, "sign_for", on="2026-09-02")
    case = fire(client, mediator, case, "reach_agreement", on="2026-09-10",
                data=_agreement("2026-09-10"))
    return fire(client, mediator, case, "return_to_court", on="2026-09-11",
                data={"outcome": "agreement", "report": "双方达成协议。"})


def open_j(client, api):  # type: ignore[no-untyped-def]
    """Taken in at a station, not yet signed for; its acceptance deadline has passed."""
    return open_case_via_api(client, api("370982001-officer"), received_on="2026-11-16",
                             confirm_duplicate=True)


def open_k(client, api):  # type: ignore[no-untyped-def]
    """Filed 09-01: past 80 % of its closure period, decision awaiting approval."""
    officer = api("370982-officer")
    case = _open(client, officer, "2026-08-28")
    case = fire(client, officer, case, "accept", on="2026-09-01",
                data={"conditions_confirmed": True})
    case = fire(client, officer, case, "serve_request", on="2026-09-03")
    case = fire(client, officer, case, "start_investigation", on="2026-09-21")
    return fire(client, officer, case, "submit_decision", on="2026-11-20")


def taishan_t(client, api):  # type: ignore[no-untyped-def]
    """泰山区: accepted 10-28, request never served (overdue), closure date in 2027 (provisional)."""
    officer = api("370902-officer")
    case = _open(client, officer, "2026-10-26", infringement_place="370902")
    return fire(client, officer, case, "accept", on="2026-10-28",
                data={"conditions_confirmed": True})


BUILDERS = (adjudication_a1, adjudication_a2, rejected_c, withdrawn_d, mediation_e, mediation_f,
            not_opened_g, court_h, open_j, open_k, taishan_t)


def build(client, api) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """Drive every case; return the final case JSON by builder name."""
    return {b.__name__.rsplit("_", 1)[-1].upper(): b(client, api) for b in BUILDERS}

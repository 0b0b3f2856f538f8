"""Demo cases in every workflow and state, driven through the real services (seed-demo)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.cases.actions import perform_action
from caseflow.cases.intake import parse_intake
from caseflow.cases.models import Case
from caseflow.cases.services import open_case
from caseflow.extensions import db
from caseflow.timeutil import today
from caseflow.workflow.engine import Registry

PATENTS = ["ZL200930231150.3", "ZL200820185283.1", "ZL201220687633.0"]
COMPANIES = [("泰安市岱宗茶业有限公司", "91350100M000100Y43"),
             ("山东泰山机械制造有限公司", "914403001922038216"),
             ("新泰市青云包装有限公司", "9144030071526726XG")]
RESPONDENTS = ["王五", "赵六商行", "孙七", "周八五金店", "吴九", "郑十", "冯十一", "陈十二",
               "褚十三", "卫十四", "蒋十五", "沈十六", "韩十七", "杨十八", "朱十九", "秦二十"]

ACCEPT = ("accept", "officer", "2026-09-30", {"conditions_confirmed": True})
SERVE = ("serve_request", "officer", "2026-10-12", {})
INVESTIGATE = ("start_investigation", "officer", "2026-10-21", {"reply_received_on": "2026-10-20"})
HEARING = ("schedule_hearing", "officer", "2026-10-22",
           {"hearing_on": "2026-11-10", "notice_received_on": "2026-10-23"})
HELD = ("hold_hearing", "officer", "2026-11-10", {"record": "双方到庭陈述意见并质证。"})
DECIDE = ("approve_decision", "supervisor", "2026-11-16", {"outcome": "infringement"})
ADJUDICATION = {
    "received": [],
    "pending_correction": [("request_correction", "officer", "2026-09-29",
                            {"missing": "专利登记簿副本"})],
    "rejected": [("reject", "officer", "2026-09-29", {}, "已就同一纠纷向人民法院起诉。")],
    "filed": [ACCEPT],
    "awaiting_reply": [ACCEPT, SERVE],
    "investigating": [ACCEPT, SERVE, INVESTIGATE],
    "hearing_scheduled": [ACCEPT, SERVE, INVESTIGATE, HEARING],
    "suspended": [ACCEPT, SERVE, ("suspend", "supervisor", "2026-10-26",
                                  {"ground": "invalidation"}, "被请求人已提出无效宣告请求并获受理。")],
    "in_mediation": [ACCEPT, SERVE, ("start_mediation", "officer", "2026-10-20", {})],
    "decision_pending": [ACCEPT, SERVE, INVESTIGATE, HEARING, HELD],
    "decided": [ACCEPT, SERVE, INVESTIGATE, HEARING, HELD, DECIDE],
    "closed": [ACCEPT, SERVE, INVESTIGATE, HEARING, HELD, DECIDE,
               ("close", "officer", "2026-11-20", {"receipts": "all:2026-11-18"})],
    "referred": [("refer", "supervisor", "2026-09-29", {"to_authority": "济南市市场监督管理局"},
                  "侵权行为地与被请求人住所地均在济南。")],
}
CONSENT = [("serve_request", "mediator", "2026-10-09", {}),
           ("respondent_consents", "mediator", "2026-10-15", {})]
FILE = ("file", "mediator", "2026-10-16", {})
AGREE = ("reach_agreement", "mediator", "2026-11-02",
         {"effective_on": "2026-11-02", "subject": "damages", "amount": "30000"})
APPLY = ("apply_confirmation", "mediator", "2026-11-05", {"court": "新泰市人民法院"})
PRELITIGATION = {
    "requested": [],
    "awaiting_statement": CONSENT[:1],
    "not_opened": CONSENT[:1] + [("respondent_declines", "mediator", "2026-10-20", {})],
    "consented": CONSENT,
    "mediating": [*CONSENT, FILE],
    "agreement_reached": [*CONSENT, FILE, AGREE],
    "confirmation_applied": [*CONSENT, FILE, AGREE, APPLY],
    "confirmed": [*CONSENT, FILE, AGREE, APPLY,
                  ("confirm", "mediator", "2026-11-12", {"ruling_number": "(2026)鲁0982民特12号"})],
    "confirmation_rejected": [*CONSENT, FILE, AGREE, APPLY,
                              ("reject_confirmation", "mediator", "2026-11-12",
                               {"ruling_number": "(2026)鲁0982民特13号"}, "协议内容不明确。")],
    "terminated": [*CONSENT, FILE, ("terminate", "mediator", "2026-11-03", {}, "双方分歧过大。")],
    "closed": [*CONSENT, FILE, AGREE, ("close", "mediator", "2026-11-06", {})],
}
COURT_ASSIGNED = {"returned_to_court": [
    ("sign_for", "mediator", "2026-10-12", {}),
    ("return_to_court", "mediator", "2026-11-02", {"outcome": "failed",
                                                   "report": "被请求人拒绝调解。"})]}
ENTRUSTED = {
    "received_from_court": [],
    "mediating": [("sign_for", "mediator", "2026-11-18", {})],
    "agreement_reached": [("sign_for", "mediator", "2026-11-16", {}),
                          ("reach_agreement", "mediator", "2026-11-20",
                           {"effective_on": "2026-11-20", "subject": "damages", "amount": 8000})],
    "returned_to_court": [("sign_for", "mediator", "2026-11-02", {}),
                          ("return_to_court", "mediator", "2026-11-06",
                           {"outcome": "failed", "report": "调解不成，退回审理。"})],
}
COUNTIES = ["370982", "370902", "370911", "370921", "370923", "370983"]


def _user(code: str, role: str) -> User:
    return db.session.scalar(select(User).where(User.username == f"{code}-{role}"))


def _intake(n: int, county: str, workflow: str, source: str | None) -> dict[str, Any]:
    name, code = COMPANIES[n % len(COMPANIES)]
    body: dict[str, Any] = {
        "workflow": workflow, "received_on": "2026-09-28" if workflow == "adjudication"
        else "2026-10-08", "patent": {"number": PATENTS[n % len(PATENTS)],
                                      "title": "茶叶包装盒" if n % 3 == 0 else "一种夹具"},
        "requesters": [{"kind": "organization", "name": name, "credit_code": code,
                        "phone": "0538-8234567"}],
        "respondents": [{"kind": "person", "name": RESPONDENTS[n % len(RESPONDENTS)],
                         "id_number": "11010519491231002X", "phone": "13805381234"}],
        "claim_amount": 50000 + 1000 * n, "summary": "演示案件：被请求人销售涉嫌侵权产品。",
        "confirm_duplicate": True, "intake_unit": f"{county}001" if workflow == "adjudication"
        else county}
    if workflow == "prelitigation_mediation":
        body["source"] = source
    if source in ("court_assigned", "court_entrusted"):
        body["court"] = {"name": "泰安市中级人民法院", "case_number": f"(2026)鲁09民初{100 + n}号",
                         "procedure": "ordinary" if n % 2 else "simple"}
    return body


def _drive(case: Case, steps: list[tuple], county: str, registry: Registry) -> None:
    for step in steps:
        trigger, role, on, data, *note = step
        receipts = data.get("receipts")
        if isinstance(receipts, str) and receipts.startswith("all:"):  # one per party
            data = {"receipts": [{"party": p.id, "received_on": receipts[4:]}
                                 for p in case.parties]}
        perform_action(case, trigger, _user(county, role), registry=registry, on=on, data=data,
                       note=note[0] if note else None, version=case.version)


def seed_cases(registry: Registry) -> int:
    """Create one case per (workflow, state) spread over the counties; skip if any exist."""
    if db.session.scalar(select(func.count()).select_from(Case)):
        return 0
    plans = [("adjudication", None, ADJUDICATION), ("prelitigation_mediation", "party_request",
                                                    PRELITIGATION),
             ("prelitigation_mediation", "court_assigned", COURT_ASSIGNED),
             ("court_entrusted_mediation", "court_entrusted", ENTRUSTED)]
    n = 0
    for workflow, source, states in plans:
        for _state, steps in states.items():
            county = COUNTIES[n % len(COUNTIES)]
            actor = _user(f"{county}001", "officer") if workflow == "adjudication" \
                else _user(county, "mediator")
            inp, errors, warnings = parse_intake(_intake(n, county, workflow, source), today())
            if errors:
                raise RuntimeError(f"demo intake invalid: {errors}")
            case, _ = open_case(actor, inp, registry, warnings)
            _drive(case, steps, county, registry)
            n += 1
    return n

"""Step scripts that drive a case into each state (used by seed-demo and the bench generator)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

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
BASE = {"adjudication": date(2026, 9, 28), "prelitigation_mediation": date(2026, 10, 8),
        "court_entrusted_mediation": date(2026, 10, 8)}
DATE_INPUTS = ("reply_received_on", "hearing_on", "notice_received_on", "effective_on")
TERMINAL_WEIGHT = 4


def plans() -> list[tuple[str, str | None, str, list[tuple], int]]:
    """Return (workflow, source, target state, steps, weight) for every scripted state."""
    terminal = {"rejected", "closed", "referred", "not_opened", "terminated", "returned_to_court"}
    out = []
    for workflow, source, states in (
            ("adjudication", None, ADJUDICATION),
            ("prelitigation_mediation", "party_request", PRELITIGATION),
            ("prelitigation_mediation", "court_assigned", COURT_ASSIGNED),
            ("court_entrusted_mediation", "court_entrusted", ENTRUSTED)):
        for state, steps in states.items():
            out.append((workflow, source, state, steps,
                        TERMINAL_WEIGHT if state in terminal else 1))
    return out


def resolve_inputs(data: dict[str, Any], parties: list[Any], received: date,
                   base: date) -> dict[str, Any]:
    """Shift the script's dates to a case received on `received`; expand receipts for all."""
    shift = received - base
    out = dict(data)
    for key in DATE_INPUTS:
        if key in out:
            out[key] = (date.fromisoformat(out[key]) + shift).isoformat()
    receipts = out.get("receipts")
    if isinstance(receipts, str) and receipts.startswith(("all:", "respondents:")):
        who, _, day = receipts.partition(":")
        on = (date.fromisoformat(day) + shift).isoformat()
        out["receipts"] = [{"party": _get(p, "id"), "received_on": on} for p in parties
                           if who == "all" or _get(p, "role") == "respondent"]
    if out.get("party") == "respondent":  # the first respondent (demo_plans_2025)
        out["party"] = next(_get(p, "id") for p in parties if _get(p, "role") == "respondent")
    return out


def _get(party: Any, name: str) -> Any:
    return party[name] if isinstance(party, dict) else getattr(party, name)


def shifted(on: str, received: date, base: date) -> date:
    return date.fromisoformat(on) + (received - base)


__all__ = ["BASE", "plans", "resolve_inputs", "shifted", "timedelta"]

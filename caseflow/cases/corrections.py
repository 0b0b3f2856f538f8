"""Corrections of the case file: what was typed at intake, put right with a reason.

Each correction is one service call that authorises (`may_correct`), validates with the intake's
rules, changes the rows, records ONE audit event `correct` with the before and after values
(identity numbers masked, never in clear) and bumps the case's version; the caller commits.
`may_correct` / `may_add_party` are the predicates the pages and `available_actions` read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.audit.models import AuditEvent
from caseflow.auth.models import User
from caseflow.cases import pii
from caseflow.cases.acts import check_version
from caseflow.cases.identifiers import mask_id_number
from caseflow.cases.intake import MAX_PARTIES, parse_case_fields, parse_party
from caseflow.cases.models import Case, Party
from caseflow.cases.recusals import RECUSED, pending_against
from caseflow.deadlines.models import CaseClock
from caseflow.deadlines.services import recompute_clocks
from caseflow.errors import Conflict, Forbidden, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.timeutil import today, utcnow
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry

#: who types and keeps the case file: the handling unit's officers and mediators
CORRECTING_ROLES = ("officer", "mediator")
PARTY_ROLES = ("requester", "respondent")
#: party fields a correction may change, in the order the event lists them
PARTY_FIELDS = ("kind", "name", "credit_code", "id_number", "phone", "address", "agent_name",
                "agent_phone", "agent_has_power_of_attorney", "no_domicile_in_china")
REASON_LIMIT = 500
NOT_IN_UNIT = N_("只有办案单位的执法人员或调解员可以更正案件信息。")
CLOSED = N_("案件已办结，不能更正案件信息。")
AFTER_HEARING = N_("已举行口头审理，不能再追加当事人（《专利纠纷行政裁决和调解办法》第二十四条）。")
# An act's trigger as canonical_json writes it into the event's data (no spaces).
_HEARING_HELD = '%"trigger":"hold_hearing"%'


def may_correct(user: User, case: Case) -> str | None:
    """Return why the user may not correct this case file now (a Chinese msgid), or None."""
    if user.role not in CORRECTING_ROLES or user.unit_id != case.handling_unit_id:
        return NOT_IN_UNIT
    if case.closed_on is not None:
        return CLOSED
    return RECUSED if pending_against(case, user) else None


def hearing_held(case: Case) -> bool:
    """Tell whether an oral hearing of this case has been held (a `hold_hearing` act)."""
    return db.session.scalar(select(AuditEvent.seq).where(
        AuditEvent.case_id == case.id, AuditEvent.action == "transition",
        AuditEvent.data.like(_HEARING_HELD)).limit(1)) is not None


def may_add_party(user: User, case: Case) -> str | None:
    """Return why the user may not add a party to this case now, or None (art. 24)."""
    return may_correct(user, case) or (AFTER_HEARING if hearing_held(case) else None)


def check_may_correct(actor: User, case: Case, *, adding_party: bool = False) -> None:
    """Refuse as the services do (403, or 409 case_closed / hearing_held) before any input is
    read, so that a user who may not correct learns nothing from validation."""
    _authorise(actor, case, may_add_party(actor, case) if adding_party
               else may_correct(actor, case))


def verdict_of(why_not: str | None) -> Verdict:
    """Turn a `may_correct` / `may_add_party` answer into the verdict the services enforce and
    `available_actions` offers (caseflow/cases/offers.py)."""
    if why_not is None:
        return ALLOWED
    if why_not == CLOSED:
        return refused(Conflict(why_not, code="case_closed"), "state")
    if why_not == RECUSED:
        return refused(Conflict(why_not, code="recused_pending"), "precondition")
    if why_not == AFTER_HEARING:
        return refused(Conflict(why_not, code="hearing_held"), "precondition")
    return refused(Forbidden(why_not), "role")


def _authorise(actor: User, case: Case, why_not: str | None) -> None:
    verdict_of(why_not).enforce()


def _reason(reason: Any) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"reason": N_("请填写更正理由。")})
    if len(text) > REASON_LIMIT:
        raise ValidationFailed(N_("提交的内容有误。"),
                               fields={"reason": N_("更正理由不能超过 500 个字符。")})
    return text


def _shown(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def party_snapshot(party: Party) -> dict[str, Any]:
    """Return a party's correctable fields as the event records them (identity masked)."""
    return {"role": party.role, "kind": party.kind, "name": party.name,
            "credit_code": party.credit_code, "id_number": party.id_number_masked,
            "phone": party.phone, "address": party.address, "agent_name": party.agent_name,
            "agent_phone": party.agent_phone,
            "agent_has_power_of_attorney": party.agent_has_power_of_attorney,
            "no_domicile_in_china": party.no_domicile_in_china}


def _record(actor: User, case: Case, registry: Registry, data: dict[str, Any]) -> None:
    case.updated_at = utcnow()  # the case changed: bump its version (once) for optimistic locks
    audit.record("case_corrected", actor=actor, case_id=case.id, on=today(), from_status=case.status,
                 to_status=case.status, data=data)
    recompute_clocks(case, registry)
    db.session.flush()


def _case_value(case: Case, field: str) -> Any:
    if field.startswith("patent."):
        return getattr(case.patent, field.split(".", 1)[1])
    return getattr(case, field)


def correct_case(actor: User, case: Case, changes: Any, *, reason: Any, version: Any,
                 registry: Registry) -> Case:
    """Correct the summary, claim amount, place of infringement, patent title or patentee."""
    _authorise(actor, case, may_correct(actor, case))
    check_version(case, version)
    if not isinstance(changes, dict):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"_": N_("请求体须为 JSON 对象。")})
    text = _reason(reason)
    clean, errors = parse_case_fields(changes)
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    before = {f: _shown(_case_value(case, f)) for f in clean
              if _case_value(case, f) != clean[f]}
    if not before:
        raise ValidationFailed(N_("没有需要更正的内容。"), code="nothing_to_correct")
    after = {f: _shown(clean[f]) for f in before}
    for field in before:
        if field.startswith("patent."):
            # The patent row is shared by every case about it: its title is the patent's.
            setattr(case.patent, field.split(".", 1)[1], clean[field])
        else:
            setattr(case, field, clean[field])
    _record(actor, case, registry, {"target": "case", "before": before, "after": after,
                                    "reason": text})
    return case


def get_party(case: Case, party_id: int) -> Party:
    """Return the party of this case with this id, or 404."""
    party = next((p for p in case.parties if p.id == party_id), None)
    if party is None:
        raise NotFound(N_("当事人不存在。"))
    return party


def _set_identity(party: Party, number: str | None) -> None:
    party.id_number_enc = pii.encrypt(number) if number else None
    party.id_number_masked = mask_id_number(number) if number else None
    party.id_number_digest = pii.digest(number) if number else None


def add_party(actor: User, case: Case, data: Any, *, reason: Any, version: Any,
              registry: Registry) -> tuple[Party, list[dict[str, str]]]:
    """Add a requester or respondent; refused once a hearing has been held (art. 24)."""
    _authorise(actor, case, may_add_party(actor, case))
    check_version(case, version)
    if not isinstance(data, dict):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"_": N_("请求体须为 JSON 对象。")})
    text = _reason(reason)
    role = data.get("role")
    if role not in PARTY_ROLES:
        raise ValidationFailed(N_("提交的内容有误。"), fields={
            "role": N_("身份须为请求人（requester）或被请求人（respondent）。")})
    fields = {k: v for k, v in data.items() if k in PARTY_FIELDS}
    unknown = [k for k in data if k not in PARTY_FIELDS and k not in ("role", "reason",
                                                                      "version")]
    inp, errors, warnings = parse_party(fields, role)
    errors.update({k: N_("该项不能更正。") for k in unknown})
    if errors or inp is None:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    if sum(1 for p in case.parties if p.role == role) >= MAX_PARTIES:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"role": N_("当事人已达上限。")})
    party = Party(role=role, kind=inp.kind, name=inp.name, credit_code=inp.credit_code,
                  phone=inp.phone, address=inp.address, agent_name=inp.agent_name,
                  agent_phone=inp.agent_phone,
                  agent_has_power_of_attorney=inp.agent_has_power_of_attorney,
                  no_domicile_in_china=inp.no_domicile_in_china)
    _set_identity(party, inp.id_number)
    case.parties.append(party)
    db.session.flush()
    _record(actor, case, registry, {"target": "party", "party": party.id, "op": "add",
                                    "before": None, "after": party_snapshot(party),
                                    "reason": text})
    return party, [dict(w, party=party.id) for w in warnings]


def _merged(party: Party, data: dict[str, Any]) -> dict[str, Any]:
    """The party as it would read after the change (identity only when it is being changed)."""
    current = {k: v for k, v in party_snapshot(party).items() if k not in ("role", "id_number")}
    merged = {k: v for k, v in current.items() if v is not None}
    merged.update({k: data[k] for k in PARTY_FIELDS if k in data})
    return merged


def edit_party(actor: User, case: Case, party: Party, data: Any, *, reason: Any, version: Any,
               registry: Registry) -> list[dict[str, str]]:
    """Correct one party's fields (any subset of PARTY_FIELDS); return intake's warnings."""
    _authorise(actor, case, may_correct(actor, case))
    check_version(case, version)
    if not isinstance(data, dict):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"_": N_("请求体须为 JSON 对象。")})
    text = _reason(reason)
    unknown = {k: N_("该项不能更正。") for k in data
               if k not in PARTY_FIELDS and k not in ("reason", "version")}
    inp, errors, warnings = parse_party(_merged(party, data), party.role)
    errors.update(unknown)
    if errors or inp is None:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    old = party_snapshot(party)
    new_values = {k: getattr(inp, k) for k in PARTY_FIELDS if k != "id_number"}
    changed = [k for k, v in new_values.items() if getattr(party, k) != v]
    identity = "id_number" in data and _identity_changed(party, inp.id_number)
    if not changed and not identity:
        raise ValidationFailed(N_("没有需要更正的内容。"), code="nothing_to_correct")
    for key in changed:
        setattr(party, key, new_values[key])
    if identity:
        _set_identity(party, inp.id_number)
        changed.append("id_number")
    new = party_snapshot(party)
    _record(actor, case, registry, {
        "target": "party", "party": party.id, "op": "edit", "name": party.name,
        "before": {k: old[k] for k in changed}, "after": {k: new[k] for k in changed},
        "reason": text})
    warned = {f"{k}" for k in data}
    return [dict(w, party=party.id) for w in warnings if w.get("field") in warned]


def _identity_changed(party: Party, number: str | None) -> bool:
    if not number:
        return party.id_number_enc is not None
    return party.id_number_digest != pii.digest(number)


def remove_party(actor: User, case: Case, party: Party, *, reason: Any, version: Any,
                 registry: Registry) -> None:
    """Remove a party typed in error; a case keeps at least one requester and one respondent."""
    _authorise(actor, case, may_correct(actor, case))
    check_version(case, version)
    text = _reason(reason)
    if sum(1 for p in case.parties if p.role == party.role) <= 1:
        raise Conflict(N_("案件至少须有一名请求人和一名被请求人。"), code="last_party")
    if db.session.scalar(select(CaseClock.id).where(CaseClock.party_id == party.id).limit(1)):
        raise Conflict(N_("该当事人已有期限记录，不能删除。"), code="party_has_deadlines")
    before = party_snapshot(party)
    party_id = party.id
    case.parties.remove(party)
    db.session.flush()
    _record(actor, case, registry, {"target": "party", "party": party_id, "op": "remove",
                                    "before": before, "after": None, "reason": text})

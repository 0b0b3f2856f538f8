"""Administration of routing (entrustments, the claim threshold) and declared conflicts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.identifiers import check_credit_code
from caseflow.errors import Forbidden, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.org.models import Unit
from caseflow.org.queries import get_unit_by_code
from caseflow.routing.models import Entrustment, Setting, UserConflict
from caseflow.routing.rules import claim_threshold
from caseflow.vocabulary import PATENT_TYPE_LABELS, WORKFLOW_LABELS

THRESHOLD_KEY = "escalation_claim_amount"
INVALID = N_("提交的内容有误。")


def _require_admin(actor: User) -> None:
    if actor.role != "admin":
        raise Forbidden(N_("只有系统管理员可以管理委托与分流设置。"))


def _date(value: Any, field: str, errors: dict[str, str]) -> date | None:
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, str) and len(value.strip()) == 10:
            return date.fromisoformat(value.strip())
    except ValueError:
        pass
    errors[field] = N_("日期格式应为 YYYY-MM-DD。")
    return None


def _choices(values: Any, known: Mapping[str, Any], field: str, errors: dict[str, str]) -> list[str]:
    items = [v for v in values if v] if isinstance(values, (list, tuple)) else []
    if not items or any(not isinstance(v, str) or v not in known for v in items):
        errors[field] = N_("请至少选择一项（只能从列表中选择）。")
    return list(dict.fromkeys(items))


def _units(from_code: Any, to_code: Any, errors: dict[str, str]) -> tuple[Unit | None, Unit | None]:
    source = get_unit_by_code(from_code) if isinstance(from_code, str) else None
    target = get_unit_by_code(to_code) if isinstance(to_code, str) else None
    if source is None or not source.active:
        errors["from_unit"] = N_("委托单位不存在。")
    if target is None or not target.active or target.level != "county":
        errors["to_unit"] = N_("受托单位须为启用的县区局。")
    elif source is not None and target.parent_id != source.id:
        errors["to_unit"] = N_("受托单位须为委托单位的下级县区局。")
    return source, target


def create_entrustment(actor: User, *, from_unit: Any, to_unit: Any, workflows: Any,
                       patent_types: Any, valid_from: Any, valid_to: Any,
                       instrument: Any = "") -> Entrustment:
    """Record a written entrustment of a county bureau by the unit above it (admin only)."""
    _require_admin(actor)
    errors: dict[str, str] = {}
    source, target = _units(from_unit, to_unit, errors)
    flows = _choices(workflows, WORKFLOW_LABELS, "workflows", errors)
    kinds = _choices(patent_types, PATENT_TYPE_LABELS, "patent_types", errors)
    start, end = _date(valid_from, "valid_from", errors), _date(valid_to, "valid_to", errors)
    if start and end and end < start:
        errors["valid_to"] = N_("截止日期不能早于起始日期。")
    text = instrument.strip() if isinstance(instrument, str) else ""
    if len(text) > 200:
        errors["instrument"] = N_("委托书文号不超过 200 字。")
    if errors:
        raise ValidationFailed(INVALID, fields=errors)
    row = Entrustment(from_unit=source, to_unit=target, workflows=",".join(flows),
                      patent_types=",".join(kinds), valid_from=start, valid_to=end,
                      instrument=text, active=True)
    db.session.add(row)
    db.session.flush()
    audit.record("entrustment_created", actor=actor, data={
        "entrustment": row.id, "from_unit": from_unit, "to_unit": to_unit,
        "workflows": flows, "patent_types": kinds, "valid_from": start, "valid_to": end,
        "instrument": text})
    db.session.flush()
    return row


def update_entrustment(actor: User, entrustment_id: int, *, valid_to: Any,
                       active: bool) -> Entrustment:
    """Change an entrustment's end date or switch it on or off (admin only)."""
    _require_admin(actor)
    row = db.session.get(Entrustment, entrustment_id)
    if row is None:
        raise NotFound(N_("委托不存在。"))
    errors: dict[str, str] = {}
    end = _date(valid_to, "valid_to", errors)
    if end and end < row.valid_from:
        errors["valid_to"] = N_("截止日期不能早于起始日期。")
    if errors:
        raise ValidationFailed(INVALID, fields=errors)
    before = {"valid_to": row.valid_to, "active": row.active}
    row.valid_to, row.active = end, bool(active)  # type: ignore[assignment]
    audit.record("entrustment_updated", actor=actor, data={
        "entrustment": row.id, "to_unit": row.to_unit.code, "before": before,
        "after": {"valid_to": row.valid_to, "active": row.active}})
    db.session.flush()
    return row


def set_claim_threshold(actor: User, amount: Any) -> Decimal:
    """Set the claim amount (yuan) above which a new case goes to the city bureau."""
    _require_admin(actor)
    try:
        value = Decimal(str(amount).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value >= Decimal("1e12") or \
            value != value.quantize(Decimal("0.01")):
        raise ValidationFailed(INVALID, fields={
            "amount": N_("请填写大于 0 的金额（元，最多两位小数）。")})
    old = claim_threshold()
    row = db.session.get(Setting, THRESHOLD_KEY)
    if row is None:
        row = Setting(key=THRESHOLD_KEY, value="")
        db.session.add(row)
    row.value = str(value)
    audit.record("setting_changed", actor=actor, data={"key": THRESHOLD_KEY, "before": old,
                                                       "after": value})
    db.session.flush()
    return value


def list_entrustments() -> list[Entrustment]:
    return list(db.session.scalars(select(Entrustment).order_by(Entrustment.to_unit_id,
                                                                Entrustment.valid_from)))


def declare_conflict(actor: User, *, name: Any, credit_code: Any, note: Any) -> UserConflict:
    """Record on the actor's profile a party they must not handle cases for."""
    errors: dict[str, str] = {}
    party = name.strip() if isinstance(name, str) else ""
    code = credit_code.strip() if isinstance(credit_code, str) else ""
    text = note.strip() if isinstance(note, str) else ""
    if not party and not code:
        errors["name"] = N_("请填写当事人名称或统一社会信用代码。")
    if len(party) > 200:
        errors["name"] = N_("名称不超过 200 字。")
    if code:
        check = check_credit_code(code)
        code = check.value
        if not check.ok:
            errors["credit_code"] = check.refusal(N_("统一社会信用代码有误。"))
    if len(text) > 300:
        errors["note"] = N_("说明不超过 300 字。")
    if errors:
        raise ValidationFailed(INVALID, fields=errors)
    row = UserConflict(user_id=actor.id, name=party, credit_code=code or None, note=text)
    db.session.add(row)
    db.session.flush()
    audit.record("conflict_declared", actor=actor, data={
        "conflict": row.id, "name": party, "credit_code": code or None, "note": text})
    db.session.flush()
    return row


def remove_conflict(actor: User, conflict_id: int) -> None:
    """Delete one of the actor's own declared conflicts."""
    row = db.session.get(UserConflict, conflict_id)
    if row is None or row.user_id != actor.id:
        raise NotFound(N_("申报记录不存在。"))
    audit.record("conflict_removed", actor=actor, data={
        "conflict": row.id, "name": row.name, "credit_code": row.credit_code})
    db.session.delete(row)
    db.session.flush()


def list_conflicts(user: User) -> list[UserConflict]:
    return list(db.session.scalars(select(UserConflict).where(UserConflict.user_id == user.id)
                                   .order_by(UserConflict.id)))

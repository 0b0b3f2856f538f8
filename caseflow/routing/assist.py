"""Assist tasks (协查): another unit inspects, fixes evidence or serves documents."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.errors import Conflict, Forbidden, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_
from caseflow.org.queries import get_unit_by_code
from caseflow.routing.models import AssistTask, CaseAccess
from caseflow.routing.permissions import may_request_assist
from caseflow.timeutil import today, utcnow
from caseflow.vocabulary import ASSIST_KIND_LABELS
from caseflow.workflow.engine import Registry

KINDS = ASSIST_KIND_LABELS


def request_assist(actor: User, case: Case, *, to_unit: Any, kind: Any, description: Any,
                   due_on: Any, registry: Registry) -> AssistTask:
    """The handling unit asks another unit for help; that unit may read the case meanwhile."""
    may_request_assist(actor, case, registry).enforce()
    errors: dict[str, str] = {}
    unit = get_unit_by_code(to_unit) if isinstance(to_unit, str) else None
    if unit is None or not unit.active or unit.id == case.handling_unit_id or \
            unit.path.split("/")[1] != case.handling_unit.path.split("/")[1]:
        errors["to_unit"] = N_("请选择本市的其他单位协查。")
    if kind not in KINDS:
        errors["kind"] = N_("协查事项须为现场勘验检查、证据固定或文书送达。")
    if not isinstance(description, str) or not description.strip() or len(description) > 2000:
        errors["description"] = N_("请说明协查内容。")
    due = _date(due_on, errors)
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    task = AssistTask(case_id=case.id, requesting_unit_id=case.handling_unit_id,
                      assisting_unit_id=unit.id, kind=kind, description=description.strip(),
                      due_on=due, created_by_id=actor.id)
    db.session.add(task)
    db.session.flush()
    db.session.add(CaseAccess(case_id=case.id, unit_id=unit.id, reason="assist", task_id=task.id))
    audit.record("assist_requested", actor=actor, case_id=case.id, on=today(),
                 data={"task": task.id, "to_unit": unit.code, "kind": kind, "due_on": due})
    db.session.flush()
    return task


def _date(value: Any, errors: dict[str, str]) -> date:
    try:
        parsed = date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        parsed = None
    if not isinstance(parsed, date):
        errors["due_on"] = N_("请填写完成期限（YYYY-MM-DD）。")
        return today()
    if parsed < today():
        errors["due_on"] = N_("完成期限不能早于今天。")
    return parsed


def close_assist(actor: User, task_id: int, *, outcome: Any, note: Any) -> AssistTask:
    """The assisting unit reports the task done or declines it; its read access ends."""
    task = db.session.get(AssistTask, task_id)
    if task is None or not actor.unit.path or task.assisting_unit.path.find(actor.unit.path) != 0:
        raise NotFound(N_("协查任务不存在。"))
    if actor.unit_id != task.assisting_unit_id or actor.role not in ("officer", "supervisor"):
        raise Forbidden(N_("只有协查单位的人员可以办结协查任务。"))
    if task.status != "open":
        raise Conflict(N_("该协查任务已办结。"), code="invalid_transition")
    if outcome not in ("done", "declined"):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"outcome": N_("须为完成（done）或退回（declined）。")})
    if not isinstance(note, str) or not note.strip() or len(note) > 2000:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"note": N_("请填写协查情况说明。")})
    task.status, task.result, task.closed_at = outcome, note.strip(), utcnow()
    db.session.execute(update(CaseAccess).where(CaseAccess.task_id == task.id)
                       .values(active=False))
    audit.record("assist_" + outcome, actor=actor, case_id=task.case_id, on=today(),
                 data={"task": task.id, "note": task.result})
    db.session.flush()
    return task


def tasks_of(case: Case) -> list[AssistTask]:
    return list(db.session.scalars(select(AssistTask).where(AssistTask.case_id == case.id)
                                   .order_by(AssistTask.id)))


def open_tasks_for(user: User) -> list[AssistTask]:
    return list(db.session.scalars(select(AssistTask).where(
        AssistTask.assisting_unit_id == user.unit_id, AssistTask.status == "open")
        .order_by(AssistTask.due_on)))

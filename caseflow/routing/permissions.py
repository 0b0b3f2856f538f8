"""Who may route a case, and when: one predicate per act.

Each returns a `Verdict`: the services raise its refusal (`enforce()`), the case page and the API
offer the act only when it is truthy (caseflow/cases/offers.py), so the two can never disagree.
The targets an act may take (units) come from here too, so an offered act always has one.
"""

from __future__ import annotations

from datetime import date

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.cases.panel import RECUSED, pending_against
from caseflow.errors import Conflict, Forbidden
from caseflow.i18n_markers import N_
from caseflow.org.models import Unit
from caseflow.org.queries import list_units_in_scope
from caseflow.routing.rules import CaseTraits, find_entrustment, root_of
from caseflow.timeutil import today
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry

HANDLER_ROLES = ("officer", "mediator", "supervisor")


def is_open(case: Case, registry: Registry) -> bool:
    """Tell whether the case has not reached a terminal state."""
    return not registry.get(case.workflow, case.workflow_version).workflow.is_terminal(
        case.status)


def _closed(message: str = N_("案件已办结，不能再办理此事项。")) -> Verdict:
    return refused(Conflict(message, code="invalid_transition"), "state")


def _not_recused(actor: User, case: Case) -> Verdict:
    """A person whose recusal a party applied for does no work on the case until it is
    decided (Art. 5); declaring one's own recusal stays open."""
    if pending_against(case, actor):
        return refused(Conflict(RECUSED, code="recused_pending"), "precondition")
    return ALLOWED


def _handler_of_unit(actor: User, case: Case, message: str) -> Verdict:
    """Officers and supervisors of the handling unit itself (refer up, transfer, assist)."""
    if actor.unit_id == case.handling_unit_id and actor.role in ("officer", "supervisor"):
        return _not_recused(actor, case)
    return refused(Forbidden(message), "scope" if actor.role in HANDLER_ROLES else "role")


def transfer_targets(case: Case) -> list[Unit]:
    """Return the county bureaus a county bureau may transfer the case to."""
    unit = case.handling_unit
    if unit.level != "county" or unit.parent is None:
        return []
    return [u for u in unit.parent.children
            if u.level == "county" and u.active and u.id != unit.id]


def delegate_targets(case: Case, on: date | None = None) -> list[Unit]:
    """Return the child county bureaus holding an entrustment in force that covers the case."""
    traits = CaseTraits(workflow=case.workflow, patent_type=case.patent_type,
                        received_on=on or today())
    return [u for u in case.handling_unit.children
            if u.level == "county" and u.active and find_entrustment(u, traits) is not None]


def assist_targets(case: Case) -> list[Unit]:
    """Return the active units of the city, other than the handling unit, that may assist."""
    return [u for u in list_units_in_scope(root_of(case.handling_unit))
            if u.active and u.id != case.handling_unit_id]


def may_refer_up(actor: User, case: Case, registry: Registry) -> Verdict:
    """Refer the case to the unit above: officers and supervisors of the handling unit."""
    if not is_open(case, registry):
        return _closed(N_("案件已办结，不能再移送。"))
    if not (verdict := _handler_of_unit(
            actor, case, N_("只有办案单位的执法人员或审核人员可以报请上级办理。"))):
        return verdict
    if case.handling_unit.parent is None:
        return refused(Conflict(N_("市局已是最高层级，无法再报请上级。"), code="invalid_route"),
                       "precondition")
    return ALLOWED


def may_transfer(actor: User, case: Case, registry: Registry) -> Verdict:
    """Transfer the case to another county bureau: officers and supervisors of a county bureau."""
    if not is_open(case, registry):
        return _closed(N_("案件已办结，不能再移送。"))
    if not (verdict := _handler_of_unit(
            actor, case, N_("只有办案单位的执法人员或审核人员可以移交案件。"))):
        return verdict
    if not transfer_targets(case):
        return refused(Conflict(N_("移交只能在县区局之间进行。"), code="invalid_route"),
                       "precondition")
    return ALLOWED


def may_delegate(actor: User, case: Case, registry: Registry,
                 on: date | None = None) -> Verdict:
    """Hand the case down to an entrusted child unit: supervisors of the handling unit."""
    if not is_open(case, registry):
        return _closed(N_("案件已办结，不能再移送。"))
    if actor.role != "supervisor" or actor.unit_id != case.handling_unit_id:
        return refused(Forbidden(N_("只有办案单位的审核人员可以将案件交下级单位办理。")),
                       "role" if actor.role != "supervisor" else "scope")
    if not (verdict := _not_recused(actor, case)):
        return verdict
    if not delegate_targets(case, on):
        return refused(Conflict(N_("没有涵盖本案的有效委托的下级单位，不能交下级办理。"),
                                code="no_entrustment"), "precondition")
    return ALLOWED


def may_sign_for(actor: User, case: Case, registry: Registry) -> Verdict:
    """Sign for a case the unit has received and not signed for yet."""
    if not is_open(case, registry):
        return _closed()
    if case.signed_for:
        return refused(Conflict(N_("案件已签收。"), code="already_signed"), "precondition")
    if actor.unit_id != case.handling_unit_id or actor.role not in HANDLER_ROLES:
        return refused(Forbidden(N_("只有接收单位的人员可以签收。")),
                       "scope" if actor.role in HANDLER_ROLES else "role")
    return _not_recused(actor, case)


def may_assign_case(actor: User, case: Case, registry: Registry) -> Verdict:
    """Assign a lead and team: supervisors of the handling unit or a unit above it.

    Whether someone free of conflicts can be assigned is judged in `assignment.may_assign`.
    """
    if actor.role != "supervisor" or not case.handling_unit.is_within(actor.unit):
        return refused(Forbidden(N_("只有办案单位或其上级单位的审核人员可以分派案件。")),
                       "role" if actor.role != "supervisor" else "scope")
    if not is_open(case, registry):
        return _closed()
    return _not_recused(actor, case)


def may_request_assist(actor: User, case: Case, registry: Registry) -> Verdict:
    """Ask another unit of the city to assist: officers and supervisors of the handling unit."""
    if not (verdict := _handler_of_unit(actor, case, N_("只有办案单位的人员可以发起协查。"))):
        return verdict
    if not is_open(case, registry):
        return _closed(N_("案件已办结，不能再发起协查。"))
    if not assist_targets(case):
        return refused(Conflict(N_("请选择本市的其他单位协查。"), code="invalid_route"),
                       "precondition")
    return ALLOWED

"""Who may route a case: one predicate per act, used by the services that enforce it and by the
case page that decides which forms to offer (so the two can never disagree)."""

from __future__ import annotations

from typing import Any

from caseflow.auth.models import User
from caseflow.cases.models import Case

HANDLER_ROLES = ("officer", "mediator", "supervisor")


def may_move(actor: User, case: Case) -> bool:
    """Refer up, transfer or request assistance: officers and supervisors of the handling unit."""
    return actor.unit_id == case.handling_unit_id and actor.role in ("officer", "supervisor")


def may_delegate(actor: User, case: Case) -> bool:
    """Hand the case down to a child unit: supervisors of the handling unit."""
    return actor.role == "supervisor" and actor.unit_id == case.handling_unit_id


def may_sign_for(actor: User, case: Case) -> bool:
    """Sign for a case the unit has received and not signed for yet."""
    return (not case.signed_for and actor.unit_id == case.handling_unit_id
            and actor.role in HANDLER_ROLES)


def may_assign(actor: User, case: Case) -> bool:
    """Assign a lead and team: supervisors of the handling unit or a unit above it."""
    return actor.role == "supervisor" and case.handling_unit.is_within(actor.unit)


def may_recuse(actor: User, case: Case) -> bool:
    """Declare recusal: case workers of the handling unit or a unit above it."""
    return actor.role in HANDLER_ROLES and case.handling_unit.is_within(actor.unit)


def available_routing(actor: User, case: Case, is_open: bool,
                      units_in_city: list[Any]) -> dict[str, Any]:
    """Return the routing acts this user may take on the case now, with their target units."""
    unit = case.handling_unit
    offers: dict[str, Any] = {}
    if is_open:
        offers["sign_for"] = may_sign_for(actor, case)
        offers["recusal"] = may_recuse(actor, case)
        offers["assign"] = may_assign(actor, case)
        if may_move(actor, case):
            offers["refer_up"] = unit.parent
            if unit.level == "county" and unit.parent is not None:
                offers["transfer"] = [u for u in unit.parent.children
                                      if u.level == "county" and u.active and u.id != unit.id]
            offers["assist"] = [u for u in units_in_city if u.active and u.id != unit.id]
        if may_delegate(actor, case):
            offers["delegate"] = [u for u in unit.children if u.level == "county" and u.active]
    return {k: v for k, v in offers.items() if v}

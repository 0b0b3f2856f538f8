"""Which unit should handle a new case, and why (in Chinese)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.org.models import Unit
from caseflow.routing.models import Entrustment, Setting
from caseflow.vocabulary import PATENT_TYPE_LABELS

WORKFLOW_ZH = {"adjudication": "纠纷", "prelitigation_mediation": "纠纷调解",
               "court_entrusted_mediation": "委托调解"}
DEFAULT_THRESHOLD = Decimal("5000000")


@dataclass(frozen=True)
class CaseTraits:
    workflow: str
    patent_type: str
    received_on: date
    claim_amount: Decimal | None = None
    foreign_party: bool = False
    multi_prefecture: bool = False
    major: bool = False


@dataclass(frozen=True)
class Proposal:
    unit: Unit
    reasons: list[str]


def claim_threshold() -> Decimal:
    """Return the claim amount above which a case goes to the city bureau."""
    row = db.session.get(Setting, "escalation_claim_amount")
    return Decimal(row.value) if row else DEFAULT_THRESHOLD


def root_of(unit: Unit) -> Unit:
    while unit.parent is not None:
        unit = unit.parent
    return unit


def county_of(unit: Unit) -> Unit:
    return unit.parent if unit.level == "station" and unit.parent else unit


def escalation_reasons(traits: CaseTraits) -> list[str]:
    """Return the reasons, if any, that send the case to the city bureau."""
    reasons = []
    if traits.patent_type in ("invention", "pct_invention"):
        reasons.append("发明专利纠纷由市局办理。")
    if traits.foreign_party:
        reasons.append("当事人涉外，由市局办理。")
    if traits.multi_prefecture:
        reasons.append("被请求人分处不同地市，由市局办理。")
    if traits.major:
        reasons.append("标记为重大案件，由市局办理。")
    threshold = claim_threshold()
    if traits.claim_amount is not None and traits.claim_amount > threshold:
        reasons.append(f"请求金额 {traits.claim_amount} 元超过 {threshold} 元，由市局办理。")
    return reasons


def find_entrustment(county: Unit, traits: CaseTraits) -> Entrustment | None:
    """Return an entrustment in force on the receipt date that covers this case."""
    rows = db.session.scalars(select(Entrustment).where(Entrustment.to_unit_id == county.id,
                                                        Entrustment.active.is_(True)))
    return next((e for e in rows if e.covers(traits.workflow, traits.patent_type,
                                             traits.received_on)), None)


def describe(entrustment: Entrustment, county: Unit, traits: CaseTraits) -> str:
    kind = PATENT_TYPE_LABELS.chinese.get(traits.patent_type, traits.patent_type)
    return (f"{county.display_name}受{entrustment.from_unit.display_name}委托办理{kind}"
            f"{WORKFLOW_ZH.get(traits.workflow, '纠纷')}（委托书 {entrustment.valid_from} 至 "
            f"{entrustment.valid_to}{'，' + entrustment.instrument if entrustment.instrument else ''}）")


def propose_handling_unit(intake: Unit, traits: CaseTraits) -> Proposal:
    """Propose the handling unit for a case taken in at `intake`, with the reasons."""
    city = root_of(intake)
    if intake.level == "city":
        return Proposal(intake, [f"{intake.display_name}收件，由{intake.display_name}办理。"])
    reasons = []
    if intake.level == "station":
        reasons.append(f"{intake.display_name}为收件单位，不作为办案单位。")
    if escalation := escalation_reasons(traits):
        return Proposal(city, reasons + escalation)
    county = county_of(intake)
    entrustment = find_entrustment(county, traits)
    if entrustment is None:
        return Proposal(city, reasons + [f"{county.display_name}没有在 {traits.received_on} "
                                         f"有效、涵盖本类案件的委托，由{city.display_name}办理。"])
    return Proposal(county, reasons + [describe(entrustment, county, traits)])


def handling_basis(unit: Unit, traits: CaseTraits) -> tuple[Message | str | None, str]:
    """Tell whether `unit` may handle the case: (refusal, "") or (None, the basis, in Chinese).

    The city bureau holds the competence; a county bureau, or for mediation one of its stations,
    handles only under an entrustment in force that covers the case, and never a case the rules
    send to the city. A station never adjudicates.
    """
    if unit.level == "city":
        return None, f"{unit.display_name}依法办理。"
    if unit.level == "station" and traits.workflow == "adjudication":
        return N_("市场监管所不能作为行政裁决案件的办案单位。"), ""
    if escalation_reasons(traits):
        return N_("本案应由市局办理（见建议办案单位的理由），不能交下级单位办理。"), ""
    county = county_of(unit)
    entrustment = find_entrustment(county, traits)
    if entrustment is None:
        return Message(N_("%(unit)s没有涵盖本案的有效委托，不能作为办案单位。"),
                       {"unit": county.display_name}), ""
    basis = describe(entrustment, county, traits)
    return None, basis if unit is county else f"{basis}，由{unit.display_name}承办"

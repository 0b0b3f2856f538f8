"""What the service register's dates mean for a case's acts (issue 14 item 4), read-only: the
registered service of a document to each party, the current 口头审理通知书's services (judged
by the workflow against the hearing, Art. 26), the day a 调解协议书 took effect (the last
party's signature, Arts. 35, 69), and the checks that typed dates agree with the register.
The clocks read the same facts from the register's audit events (caseflow/deadlines/clocks.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from caseflow.cases.models import Case
from caseflow.deadlines.services import workdays_between
from caseflow.documents.models import (
    ISSUED,
    SUPERSEDED,
    Document,
    DocumentRecipient,
    DocumentService,
)
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.workflow.guards import MIN_NOTICE_WORKDAYS
from caseflow.workflow.spec import Transition

#: a transition's typed receipt dates and the document whose registered service they name
RECEIPT_DOCUMENTS = {"serve_request": "reply_notice", "close": "decision"}
#: the rule sets whose clocks run from the register (caseflow/deadlines/services.py)
SERVICE_DRIVEN_RULES = frozenset({"measures_2025"})


def as_day(value: Any) -> date | None:
    """Return a date given as a date or an ISO string; None for anything else (blank too)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def late_notice_warning(case: Case, document: Document, service: DocumentService) -> dict[str, Any]:
    """The warning a service of the current 口头审理通知书 served fewer than 3 working days
    before its hearing records (Art. 26): the register accepts the fact, the hearing must be
    postponed (hold_hearing refuses until it is, `hearing_notice_services`)."""
    hearing, served_on = case.hearing_on, service.served_on
    if (document.kind != "hearing_notice" or document.rules not in SERVICE_DRIVEN_RULES
            or hearing is None or served_on is None):
        return {}
    current = current_document(case, "hearing_notice")
    if current is None or current.id != document.id:
        return {}
    days = workdays_between()(served_on, hearing) if served_on < hearing else 0
    if days >= MIN_NOTICE_WORKDAYS:
        return {}
    name = service.recipient.name
    return {"warnings": [{
        "code": "hearing_must_be_postponed",
        "message": f"口头审理通知书于 {served_on.isoformat()} 送达{name}，距口头审理"
                   f"（{hearing.isoformat()}）仅有 {days} 个工作日，不足三个工作日（第二十六条）："
                   "口头审理须延期，并重新送达通知。",
        "message_en": f"The hearing notice was served on {name} on {served_on.isoformat()}, "
                      f"only {days} working day(s) before the hearing of {hearing.isoformat()} "
                      "(at least three are required, Art. 26): the hearing must be postponed "
                      "and a new notice served."}]}


def current_document(case: Case, kind: str) -> Document | None:
    """Return the case's newest document of this kind that no correction superseded (a
    postponed hearing's new notice replaces the old one)."""
    return db.session.scalar(
        select(Document).where(Document.case_id == case.id, Document.kind == kind,
                               Document.status != SUPERSEDED)
        .order_by(Document.id.desc()).limit(1))


def _served_parties(document: Document) -> list[tuple[int, str, date]]:
    rows = db.session.execute(
        select(DocumentRecipient.party_id, DocumentRecipient.name, DocumentService.served_on)
        .join(DocumentService, DocumentService.recipient_id == DocumentRecipient.id)
        .where(DocumentService.document_id == document.id,
               DocumentRecipient.party_id.is_not(None), DocumentService.served_on.is_not(None))
        .order_by(DocumentService.id))
    return [(party, name, served_on) for party, name, served_on in rows]


def hearing_notice_services(case: Case) -> dict[int, tuple[str, date]]:
    """Map each party to (name, served_on) of its registered service of the current hearing
    notice (read-only; the workflow's `is_hearing_notice_served_in_time` judges it)."""
    if case.hearing_on is None:
        return {}
    document = current_document(case, "hearing_notice")
    if document is None or document.status != ISSUED or document.rules not in SERVICE_DRIVEN_RULES:
        return {}
    return {party: (name, served_on) for party, name, served_on in _served_parties(document)}


def agreement_effective_on(case: Case) -> date | None:
    """Return the day the current 调解协议书 took effect by the register: the latest day any
    party was served (signed for) it, once every party addressed has been (Arts. 35, 69)."""
    document = current_document(case, "mediation_agreement")
    if document is None or document.status != ISSUED:
        return None
    parties = {r.party_id for r in document.recipients if r.party_id is not None}
    served = {party: on for party, _name, on in _served_parties(document)}
    if not parties or not parties <= served.keys():
        return None
    return max(served[p] for p in parties)


def registered_service_dates(case: Case, kind: str) -> dict[int, date]:
    """Map each party to the registered service date of the case's document of this kind."""
    rows = db.session.execute(
        select(DocumentRecipient.party_id, DocumentService.served_on)
        .join(DocumentService, DocumentService.recipient_id == DocumentRecipient.id)
        .join(Document, Document.id == DocumentService.document_id)
        .where(Document.case_id == case.id, Document.kind == kind,
               DocumentRecipient.party_id.is_not(None), DocumentService.served_on.is_not(None))
        .order_by(DocumentService.id))
    return {party: served_on for party, served_on in rows}


#: a transition's typed effective date and the document whose registered services give it
EFFECTIVE_DOCUMENTS = {"reach_agreement": "mediation_agreement",
                       "mediation_succeeded": "mediation_agreement"}


def fill_receipts(case: Case, transition: Transition, clean: dict[str, Any], rules: str) -> None:
    """An adjudication's `close` without typed receipts takes each party's registered service
    of the decision (recorded as the act's receipts); refused, naming who is not served yet, if
    one is missing."""
    if (transition.trigger != "close" or clean.get("receipts")
            or rules not in SERVICE_DRIVEN_RULES
            or not any(spec.name == "receipts" for spec in transition.inputs)):
        return
    registered = registered_service_dates(case, "decision")
    parties = sorted(case.parties, key=lambda p: p.id)
    missing = [p.name for p in parties if p.id not in registered]
    if missing:
        raise ValidationFailed(N_("提交的内容有误。"), fields={"receipts": Message(
            N_("处理决定书尚未登记送达%(names)s：请先登记送达，或填写各方当事人签收日期。"),
            {"names": "、".join(missing)})})
    clean["receipts"] = [{"party": p.id, "received_on": registered[p.id]} for p in parties]


def check_receipts_agree(case: Case, trigger: str, clean: dict[str, Any], rules: str) -> None:
    """Refuse typed receipt dates (or an agreement's effective date) that differ from a
    service already registered (a case without registered service keeps the typed dates)."""
    if rules not in SERVICE_DRIVEN_RULES:
        return
    if trigger in EFFECTIVE_DOCUMENTS and clean.get("effective_on") is not None:
        effective = agreement_effective_on(case)
        if effective is not None and as_day(clean["effective_on"]) != effective:
            raise ValidationFailed(N_("协议生效日期与送达登记不一致。"), code="receipt_disagrees",
                                   fields={"effective_on": Message(
                                       N_("调解协议书自各方当事人签收之日起生效，送达登记为 %(date)s。"),
                                       {"date": effective.isoformat()})})
    kind = RECEIPT_DOCUMENTS.get(trigger)
    receipts = clean.get("receipts")
    if kind is None or not receipts:
        return
    registered = registered_service_dates(case, kind)
    errors: dict[str, Any] = {}
    for i, receipt in enumerate(receipts):
        served = registered.get(receipt.get("party"))
        if served is not None and as_day(receipt.get("received_on")) != served:
            errors[f"receipts[{i}].received_on"] = Message(
                N_("与送达登记的送达日期（%(date)s）不一致。"), {"date": served.isoformat()})
    if errors:
        raise ValidationFailed(N_("签收日期与送达登记不一致。"), code="receipt_disagrees",
                               fields=errors)

"""The service register (送达): record how an issued document was served on each recipient,
and later the date it was served and its proof (the signed 送达回证 or a scan, uploaded as
evidence of the case, so its SHA-256 is the evidence's).

One service function per act, in the caller's transaction (the caller commits): authorise
(role, unit scope) -> validate -> write -> audit -> recompute the clocks. A refused act raises
before anything is written. The rules (Measures Art. 10; the 2019 guide, DOMAIN.md §16.7):
electronic service needs the recipient's recorded consent and an address and is never the
service of a 处理决定书/行政裁决书 or a 调解书; a 调解书 is never left at an address; only an
issued document is served; public notice is deemed served PUBLIC_NOTICE_SERVICE_DAYS after it
is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.auth.permissions import can_work_cases
from caseflow.cases.models import Case, Evidence
from caseflow.cases.scope import can_act_on
from caseflow.deadlines.services import recompute_clocks
from caseflow.documents.models import (
    ISSUED,
    SERVICE_METHODS,
    Document,
    DocumentRecipient,
    DocumentService,
)
from caseflow.documents.service_dates import as_day, late_notice_warning
from caseflow.errors import Conflict, Forbidden, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.rulesettings import setting
from caseflow.timeutil import today
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry

#: kinds whose legal service is never electronic (the 2019 guide: 「除裁决书、调解书外」)
NO_ELECTRONIC = frozenset({"decision", "mediation_agreement"})
#: kinds never left at an address (「调解书应当直接送达当事人本人，不适用留置送达」)
NO_LEAVING = frozenset({"mediation_agreement"})

METHOD_LABELS = {"direct": N_("直接送达"), "post": N_("邮寄送达"), "electronic": N_("电子送达"),
                 "left_at_address": N_("留置送达"), "entrusted": N_("委托送达"),
                 "public_notice": N_("公告送达")}
REFUSED = N_("送达登记有误。")


@dataclass(frozen=True)
class ServiceInput:
    """What an officer records for one act of service (all optional but `party`/`method`)."""

    recipient: DocumentRecipient | None
    method: Any
    sent_on: Any
    served_on: Any = None
    tracking_number: Any = None
    consent_evidence_id: Any = None
    address: Any = None
    witnesses: Any = None
    proof_evidence_id: Any = None
    notes: Any = None


def public_notice_days() -> int:
    """Return the public-notice period after which service is deemed complete."""
    return int(setting("PUBLIC_NOTICE_SERVICE_DAYS"))


def deemed_served_on(sent_on: date) -> date:
    """Return the day a public notice published on `sent_on` is deemed served."""
    return sent_on + timedelta(days=public_notice_days())


def services_of(document: Document) -> list[DocumentService]:
    """Return the document's recorded services, oldest first."""
    return list(db.session.scalars(select(DocumentService)
                                   .where(DocumentService.document_id == document.id)
                                   .order_by(DocumentService.id)))


def is_served(service: DocumentService, on: date | None = None) -> bool:
    """Tell whether the service was complete by `on` (today): a public notice only once its
    period has run."""
    return service.served_on is not None and service.served_on <= (on or today())


def served_recipients(document: Document) -> set[int]:
    """Return the ids of the document's recipients already served."""
    return {s.recipient_id for s in services_of(document) if is_served(s)}


def _may_work(actor: User, case: Case) -> Verdict:
    if not can_work_cases(actor):
        return refused(Forbidden(N_("您的角色无权登记送达。")), "role")
    if not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位或其上级单位的人员可以办理此案件。")), "scope")
    return ALLOWED


def _not_issued(document: Document) -> ValidationFailed:
    text = (N_("文书已被更正，请送达更正后的版本。") if document.status == "superseded"
            else N_("文书尚未签发，不能送达。"))
    return ValidationFailed(text, code="not_issued")


def may_serve(actor: User, case: Case, document: Document) -> Verdict:
    """Judge whether the actor may record a service of this document now."""
    if not (allowed := _may_work(actor, case)):
        return allowed
    if document.status != ISSUED:
        return refused(_not_issued(document), "state")
    if not document.recipients:
        return refused(ValidationFailed(N_("内部文书无需送达。"), code="no_recipient"),
                       "precondition")
    if not {r.id for r in document.recipients} - served_recipients(document):
        return refused(Conflict(N_("每个送达对象都已送达。"), code="already_served"),
                       "precondition")
    return ALLOWED


def may_record_served(actor: User, case: Case, service: DocumentService) -> Verdict:
    """Judge whether the actor may record the served date and proof of this service."""
    if not (allowed := _may_work(actor, case)):
        return allowed
    if service.proof_evidence_id is not None and service.served_on is not None:
        return refused(Conflict(N_("该送达已登记送达日期和送达凭证。"), code="already_served"),
                       "state")
    return ALLOWED


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):  # the API's schema and the form only send text
        return None
    value = value.strip()
    return value[:limit] if value else None


def _evidence(case: Case, evidence_id: Any) -> Evidence | None:
    if evidence_id is None or evidence_id == "":
        return None
    if not isinstance(evidence_id, int) or isinstance(evidence_id, bool):
        return None
    return db.session.scalar(select(Evidence).where(Evidence.id == evidence_id,
                                                    Evidence.case_id == case.id))


def _check_served_on(sent_on: date | None, served_on: date | None,
                     errors: dict[str, Any]) -> None:
    if served_on is None or sent_on is None:
        return
    if served_on < sent_on:
        errors["served_on"] = N_("送达日期不能早于发出日期。")
    elif served_on > today():
        errors["served_on"] = N_("送达日期不能晚于今天。")


def _method_refusal(document: Document, method: str) -> ValidationFailed | None:
    if method == "electronic" and document.kind in NO_ELECTRONIC:
        return ValidationFailed(N_("行政裁决书（处理决定书）和调解书不适用电子送达。"),
                                code="service_method_not_allowed",
                                fields={"method": N_("请选择直接送达或邮寄送达等其他方式。")})
    if method == "left_at_address" and document.kind in NO_LEAVING:
        return ValidationFailed(N_("调解书应当直接送达当事人本人，不适用留置送达。"),
                                code="service_method_not_allowed",
                                fields={"method": N_("请选择直接送达。")})
    return None


def _validate(case: Case, document: Document, given: ServiceInput) -> dict[str, Any]:
    """Check one service against the rules; return the clean values or raise 422."""
    errors: dict[str, Any] = {}
    recipient = given.recipient
    if recipient is None or recipient.document_id != document.id:
        errors["party"] = N_("该当事人不是这份文书的送达对象。")
    elif recipient.id in served_recipients(document):
        raise Conflict(N_("该送达对象已送达。"), code="already_served")
    method = given.method if given.method in SERVICE_METHODS else None
    if method is None:
        errors["method"] = Message(N_("须为以下之一：%(choices)s。"),
                                   {"choices": "、".join(SERVICE_METHODS)})
    elif (refusal := _method_refusal(document, method)) is not None:
        raise refusal
    sent_on, served_on = as_day(given.sent_on), as_day(given.served_on)
    if sent_on is None:
        errors["sent_on"] = (N_("日期格式应为 YYYY-MM-DD。") if given.sent_on
                             else N_("请填写发出日期。"))
    elif sent_on > today():
        errors["sent_on"] = N_("发出日期不能晚于今天。")
    if given.served_on not in (None, "") and served_on is None:
        errors["served_on"] = N_("日期格式应为 YYYY-MM-DD。")
    clean = {"tracking_number": _text(given.tracking_number, 60),
             "address": _text(given.address, 300), "witnesses": _text(given.witnesses, 300),
             "notes": _text(given.notes, 2000) or ""}
    consent = _evidence(case, given.consent_evidence_id)
    proof = _evidence(case, given.proof_evidence_id)
    if given.proof_evidence_id not in (None, "") and proof is None:
        errors["proof_evidence_id"] = N_("证据不存在或不属于本案。")
    if method == "electronic":
        if consent is None:
            raise ValidationFailed(
                N_("电子送达须经受送达人同意：请选择其同意电子送达的证据。"),
                code="consent_required", fields={
                    "consent_evidence_id": N_("请选择本案中受送达人同意电子送达的证据。"),
                    **({} if clean["address"] else {
                        "address": N_("请填写电子送达地址（邮箱、手机号或账号）。")})})
        if not clean["address"]:
            errors["address"] = N_("请填写电子送达地址（邮箱、手机号或账号）。")
    elif given.consent_evidence_id not in (None, "") and consent is None:
        errors["consent_evidence_id"] = N_("证据不存在或不属于本案。")
    if method == "post" and not clean["tracking_number"]:
        errors["tracking_number"] = N_("邮寄送达须填写邮件单号。")
    if method == "left_at_address" and not clean["witnesses"]:
        errors["witnesses"] = N_("留置送达须写明见证人。")
    if method == "public_notice" and sent_on is not None:
        deemed = deemed_served_on(sent_on)
        if served_on is not None and served_on != deemed:
            errors["served_on"] = Message(
                N_("公告送达自发出公告之日起经过 %(days)s 日视为送达（%(date)s），不能另填送达日期。"),
                {"days": public_notice_days(), "date": deemed.isoformat()})
        served_on = deemed
    else:
        _check_served_on(sent_on, served_on, errors)
    if errors:
        raise ValidationFailed(REFUSED, fields=errors)
    return {**clean, "method": method, "sent_on": sent_on, "served_on": served_on,
            "consent": consent, "proof": proof}


def _check_version(document: Document, version: Any) -> None:
    if version is None:
        return
    if not isinstance(version, int) or isinstance(version, bool) or version != document.version:
        raise Conflict(N_("文书已被他人修改，请刷新后重试。"), code="stale_version")


def _audit_data(service: DocumentService, document: Document, proof: Evidence | None,
                ) -> dict[str, Any]:
    recipient = service.recipient
    return {"document": document.id, "kind": document.kind, "number": document.number,
            "service": service.id, "recipient": recipient.id, "party": recipient.party_id,
            "name": recipient.name, "method": service.method,
            "parties": sorted(r.party_id for r in document.recipients if r.party_id is not None),
            "sent_on": service.sent_on.isoformat(),
            "served_on": service.served_on.isoformat() if service.served_on else None,
            "proof": proof.id if proof else None, "proof_sha256": proof.sha256 if proof else None}


def record_service(actor: User, case: Case, document: Document, given: ServiceInput,
                   registry: Registry, version: Any = None) -> DocumentService:
    """Record that the document was sent to one recipient (and, if known, served)."""
    may_serve(actor, case, document).enforce()
    _check_version(document, version)
    clean = _validate(case, document, given)
    consent, proof = clean.pop("consent"), clean.pop("proof")
    assert given.recipient is not None
    service = DocumentService(
        case_id=case.id, document_id=document.id, recipient_id=given.recipient.id,
        consent_evidence_id=consent.id if consent else None,
        proof_evidence_id=proof.id if proof else None, recorded_by_id=actor.id, **clean)
    service.recipient = given.recipient
    db.session.add(service)
    db.session.flush()
    data = _audit_data(service, document, proof)
    data.update(tracking_number=service.tracking_number, address=service.address,
                witnesses=service.witnesses,
                consent=consent.id if consent else None)
    data.update(late_notice_warning(case, document, service))
    audit.record("document_served", actor=actor, case_id=case.id, on=service.sent_on,
                 data=data)
    recompute_clocks(case, registry)
    return service


def record_served(actor: User, case: Case, service: DocumentService, served_on: Any,
                  proof_evidence_id: Any, registry: Registry,
                  version: Any = None) -> DocumentService:
    """Record the day the document was served and its proof (送达回证 or a scan)."""
    may_record_served(actor, case, service).enforce()
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)
                                or version != service.version):
        raise Conflict(N_("送达记录已被他人修改，请刷新后重试。"), code="stale_version")
    errors: dict[str, Any] = {}
    day = as_day(served_on)
    if served_on not in (None, "") and day is None:
        errors["served_on"] = N_("日期格式应为 YYYY-MM-DD。")
    elif service.served_on is not None:
        if day is not None and day != service.served_on:
            errors["served_on"] = (
                Message(N_("公告送达自发出公告之日起经过 %(days)s 日视为送达（%(date)s），不能另填送达日期。"),
                        {"days": public_notice_days(), "date": service.served_on.isoformat()})
                if service.method == "public_notice"
                else N_("送达日期已登记，不能修改。"))
        day = service.served_on
    elif day is None:
        errors["served_on"] = N_("请填写送达日期。")
    else:
        _check_served_on(service.sent_on, day, errors)
    proof = _evidence(case, proof_evidence_id)
    if proof_evidence_id in (None, ""):
        errors["proof_evidence_id"] = N_("请选择送达凭证（签收的送达回证或扫描件）。")
    elif proof is None:
        errors["proof_evidence_id"] = N_("证据不存在或不属于本案。")
    if errors:
        raise ValidationFailed(REFUSED, fields=errors)
    assert proof is not None
    service.served_on, service.proof_evidence_id = day, proof.id
    db.session.flush()
    audit.record("document_service_proven", actor=actor, case_id=case.id, on=day,
                 data={**_audit_data(service, service.document, proof),
                       **late_notice_warning(case, service.document, service)})
    recompute_clocks(case, registry)
    return service

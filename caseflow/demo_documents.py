"""The demo cases' documents (文书) and their service (送达), through the documents room's
services (seed-demo): each draft an act drafted is issued (签发) on that act's day, then served
on its recipients the way a bureau does: mostly in person (直接送达) or by post (邮寄送达 with
an EMS number), electronically only to a requester whose consent is on file as evidence, the
served day being the receipt day the procedure recorded (the reply notice's and the decision's
receipts, the hearing notice's) so the clocks the register drives do not move. The signed
送达回证 (handed back, or returned by the post) comes back as an evidence file of the case. A decision
that is not yet closed on is still in the post: 待送达.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from caseflow.auth.models import User
from caseflow.cases.evidence import add_evidence
from caseflow.cases.models import Case, Evidence
from caseflow.documents.models import DRAFT, ISSUED, Document, DocumentRecipient
from caseflow.documents.queries import list_documents
from caseflow.documents.services import edit_draft, issue_document, template_of
from caseflow.documents.serving import NO_ELECTRONIC, ServiceInput, record_served, record_service
from caseflow.extensions import db
from caseflow.timeutil import today
from caseflow.workflow.engine import Registry

#: the requester who agreed to electronic service (its signed 电子送达地址确认书 is evidence)
ELECTRONIC_REQUESTER = "泰安市岱宗茶业有限公司"
ELECTRONIC_ADDRESS = "legal@daizong-tea.example.cn"
POST_DAYS = 3  # an EMS letter inside Tai'an arrives in about three days


@dataclass(frozen=True)
class Act:
    """The act that drafted a document: its day and its (resolved) inputs."""

    trigger: str
    on: date
    data: dict[str, Any]


def _user(code: str, role: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == f"{code}-{role}"))


def _issuer(case: Case, roles: frozenset[str]) -> User | None:
    """The handling unit's demo user who may 签发 a kind (its supervisor first)."""
    for role in ("supervisor", "officer", "mediator"):
        if role in roles and (person := _user(case.handling_unit.code, role)) is not None:
            return person
    return None


def issue_demo_documents(case: Case, on: date | str | None = None) -> list[Document]:
    """Complete and issue (签发) every draft of the case, on `on` (the act that drafted them):
    the officer's text written as a demo sentence where a template asks for one."""
    issued = []
    for document in list_documents(case):
        if document.status != DRAFT:
            continue
        template = template_of(document)
        issuer = _issuer(case, template.issue_roles)
        if issuer is None:
            continue
        text = {k: v for k, v in (document.text or {}).items() if v}
        text.update({t.name: f"演示：{t.label_zh}（由演示数据填写）。"
                     for t in template.texts if t.required and not text.get(t.name)})
        edit_draft(issuer, case, document, text, version=document.version)
        issued.append(issue_document(issuer, case, document, version=document.version, on=on))
    return issued


def slip_pdf(lines: list[str]) -> bytes:
    """A one-page PDF (standard Helvetica, ASCII text): the demo's scan of a signed slip."""
    text = " ".join("({}) '".format(line.replace("\\", "\\\\").replace("(", "\\(")
                                    .replace(")", "\\)")) for line in lines)
    content = f"BT /F1 11 Tf 56 790 Td 16 TL {text} ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
               "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _upload(actor: User, case: Case, filename: str, description: str,
            lines: list[str]) -> Evidence:
    return add_evidence(actor, case, io.BytesIO(slip_pdf(lines)), filename, description)


def _proof(actor: User, case: Case, document: Document, recipient: DocumentRecipient,
           method: str, served_on: date) -> Evidence:
    """The signed 送达回证 (handed back, or returned with the post), scanned and uploaded."""
    how = "随邮件寄回" if method == "post" else "当场签收"
    return _upload(actor, case, f"送达回证-{document.number}-{recipient.name}.pdf",
                   f"{document.title}（{document.number}）的送达回证，{recipient.name}"
                   f"于{served_on.isoformat()}签收（{how}）。",
                   ["CaseFlow demo: signed service receipt", f"case {case.id}",
                    f"document {document.id} revision {document.revision}",
                    f"recipient {recipient.id}, method {method}",
                    f"served {served_on.isoformat()}"])


def _receipts(act: Act | None) -> dict[int, date]:
    """Each party's receipt day the act recorded (a transition's `receipts`)."""
    if act is None:
        return {}
    return {int(r["party"]): date.fromisoformat(r["received_on"])
            for r in act.data.get("receipts") or [] if r.get("received_on")}


@dataclass(frozen=True)
class Plan:
    method: str
    sent_on: date
    served_on: date | None  # None: still on its way (待送达)
    tracking_number: str | None = None
    address: str | None = None


def _tracking(case: Case, document: Document, recipient: DocumentRecipient) -> str:
    return f"11{case.id:04d}{document.id:05d}{recipient.id % 100:02d}"


def _plan(case: Case, document: Document, recipient: DocumentRecipient,
          acts: dict[int, Act], closing: Act | None, consent: bool) -> Plan:
    """How and when this document reached this recipient, by the case's own timeline."""
    act = acts.get(document.id)
    issued = document.issued_on or today()
    if document.kind == "decision":  # the receipts the close recorded, else still in the post
        act = closing
    receipt = _receipts(act).get(recipient.party_id) if recipient.party_id else None
    if act is not None and act.data.get("notice_received_on"):
        receipt = date.fromisoformat(act.data["notice_received_on"])
    if document.kind == "mediation_agreement":  # signed by the parties in person, the day it
        return Plan("direct", issued, issued)  # takes effect (Arts. 35, 69): never left or posted
    if document.kind == "decision" and receipt is None:
        return Plan("post", issued + timedelta(days=1), None,
                    _tracking(case, document, recipient))
    if consent and recipient.role == "requester" and document.kind not in NO_ELECTRONIC:
        return Plan("electronic", issued, issued, address=ELECTRONIC_ADDRESS)
    if receipt is None:
        receipt = issued if recipient.role == "respondent" else issued + timedelta(days=POST_DAYS)
    if receipt == issued:
        return Plan("direct", issued, issued)
    return Plan("post", issued, receipt if receipt <= today() else None,
                _tracking(case, document, recipient))


def _consent(actor: User, case: Case) -> Evidence | None:
    """The requester's signed consent to electronic service, where the demo gives one."""
    if case.workflow_version < 2 or not any(
            p.role == "requester" and p.name == ELECTRONIC_REQUESTER for p in case.parties):
        return None
    return _upload(actor, case, "电子送达地址确认书.pdf",
                   f"{ELECTRONIC_REQUESTER}同意电子送达并确认送达地址 {ELECTRONIC_ADDRESS}。",
                   ["CaseFlow demo: consent to electronic service", f"case {case.id}",
                    f"address {ELECTRONIC_ADDRESS}"])


def _server(case: Case) -> User | None:
    for role in ("officer", "mediator"):
        if (person := _user(case.handling_unit.code, role)) is not None:
            return person
    return None


def serve_demo_documents(case: Case, acts: dict[int, Act], closing: Act | None,
                         registry: Registry) -> int:
    """Register the service of every issued document of the case (`acts`: the act that drafted
    each, `closing`: the close that recorded the decision's receipts); return the services."""
    actor = _server(case)
    issued = [d for d in list_documents(case) if d.status == ISSUED and d.recipients]
    if actor is None or not issued:
        return 0
    consent = _consent(actor, case)
    count = 0
    for document in issued:
        for recipient in document.recipients:
            plan = _plan(case, document, recipient, acts, closing, consent is not None)
            count += _serve(actor, case, document, recipient, plan, consent, registry)
    return count


def _serve(actor: User, case: Case, document: Document, recipient: DocumentRecipient,
           plan: Plan, consent: Evidence | None, registry: Registry) -> int:
    direct = plan.method in ("direct", "electronic") and plan.served_on is not None
    proof = (_proof(actor, case, document, recipient, plan.method, plan.served_on)
             if direct and plan.method == "direct" else None)
    service = record_service(actor, case, document, ServiceInput(
        recipient=recipient, method=plan.method, sent_on=plan.sent_on,
        served_on=plan.served_on if direct else None, tracking_number=plan.tracking_number,
        address=plan.address, consent_evidence_id=consent.id if consent and
        plan.method == "electronic" else None, proof_evidence_id=proof.id if proof else None),
        registry, version=document.version)
    if not direct and plan.served_on is not None:  # the return slip came back
        slip = _proof(actor, case, document, recipient, plan.method, plan.served_on)
        record_served(actor, case, service, plan.served_on, slip.id, registry,
                      version=service.version)
    return 1

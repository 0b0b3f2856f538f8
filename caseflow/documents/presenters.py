"""How a document is shown: the API's JSON and the rows of the case page's 文书 section."""

from __future__ import annotations

from typing import Any

from caseflow.auth.models import User
from caseflow.cases.models import Case, Evidence
from caseflow.documents import services, serving
from caseflow.documents.models import Document, DocumentService
from caseflow.documents.queries import superseded_by
from caseflow.errors import localize
from caseflow.extensions import db
from caseflow.i18n_markers import N_

STATUS_LABELS = {"draft": N_("草稿"), "issued": N_("已签发"), "superseded": N_("已被更正")}


def offers(actor: User, case: Case, document: Document) -> dict[str, bool]:
    """Say what the actor may do with the document now (the services' own predicates)."""
    if services.catalog().get(document.kind) is None:  # its template was removed: read only
        return {"edit": False, "issue": False, "correct": False,
                "serve": bool(serving.may_serve(actor, case, document))}  # needs no template
    return {"edit": bool(services.may_edit(actor, case, document)),
            "issue": bool(services.may_issue(actor, case, document)),
            "correct": bool(services.may_correct(actor, case, document)),
            "serve": bool(serving.may_serve(actor, case, document))}


def document_as_dict(actor: User, case: Case, document: Document) -> dict[str, Any]:
    """Shape a document for the API."""
    base = f"/api/v1/cases/{case.id}/documents/{document.id}"
    later = superseded_by(document)
    return {
        "id": document.id, "case_id": case.id, "kind": document.kind, "title": document.title,
        "number": document.number, "status": document.status, "revision": document.revision,
        "version": document.version, "rules": document.rules, "trigger": document.trigger,
        "issued_on": document.issued_on.isoformat() if document.issued_on else None,
        "sha256": document.sha256, "size": document.size,
        "supersedes": document.supersedes_id,
        "superseded_by": later.id if later is not None else None,
        "text": dict(document.text or {}),
        "recipients": [{"id": r.id, "party": r.party_id, "role": r.role, "name": r.name}
                       for r in document.recipients],
        "may": offers(actor, case, document),
        "pdf": f"{base}.pdf" if document.stored_name else None,
        "docx": f"{base}.docx" if document.status == "draft" else None,
        "services": [service_as_dict(s) for s in serving.services_of(document)],
    }


def service_as_dict(service: DocumentService) -> dict[str, Any]:
    """Shape one service (送达) for the API."""
    proof = db.session.get(Evidence, service.proof_evidence_id) \
        if service.proof_evidence_id else None
    return {
        "id": service.id, "document": service.document_id,
        "party": service.recipient.party_id, "recipient": service.recipient_id,
        "name": service.recipient.name, "method": service.method,
        "method_label": localize(serving.METHOD_LABELS[service.method]),
        "sent_on": service.sent_on.isoformat(),
        "served_on": service.served_on.isoformat() if service.served_on else None,
        "served": serving.is_served(service),
        "proof_evidence_id": service.proof_evidence_id,
        "proof_sha256": proof.sha256 if proof else None,
        "tracking_number": service.tracking_number,
        "consent_evidence_id": service.consent_evidence_id, "address": service.address,
        "witnesses": service.witnesses, "notes": service.notes, "version": service.version,
    }


def kind_as_dict(template: Any) -> dict[str, Any]:
    """Shape a document kind (public vocabulary) for the API."""
    return {"kind": template.kind, "title": template.title_zh, "title_en": template.title_en,
            "addressee": template.addressee,
            "transitions": [f"{w}.{t}" for w, t in sorted(template.transitions)],
            "by_hand": template.by_hand, "workflows": sorted(template.workflows),
            "issue_roles": sorted(template.issue_roles), "number": template.number,
            "titles": dict(template.titles),
            "text": [{"name": t.name, "label": t.label_zh, "label_en": t.label_en,
                      "required": t.required, "max_length": t.max_length}
                     for t in template.texts]}

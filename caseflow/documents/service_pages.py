"""What the 文书 section shows of the service register: per issued document and recipient its
state (待送达 / 已送达 on a date, by a method) and the forms the services' predicates allow."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from caseflow.cases.models import Case
from caseflow.documents import serving
from caseflow.documents.models import DRAFT, ISSUED, Document, DocumentRecipient, DocumentService
from caseflow.timeutil import today


class ServiceForm(FlaskForm):
    """Record a service (the service validates every value; this form carries CSRF)."""

    recipient = HiddenField()
    version = HiddenField()
    method = StringField()
    sent_on = StringField()
    served_on = StringField()
    tracking_number = StringField()
    consent_evidence_id = StringField()
    address = StringField()
    witnesses = StringField()
    proof_evidence_id = StringField()
    notes = StringField()


class ServedForm(FlaskForm):
    """Record the served date and the proof of one service."""

    version = HiddenField()
    served_on = StringField()
    proof_evidence_id = StringField()


def form_id(value: str | None) -> Any:
    """An id typed into a form: a number, None when blank, else the text (the service refuses)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else (value or None)


@dataclass
class RecipientState:
    """One recipient of an issued document: its services and whether it is served."""

    recipient: DocumentRecipient
    services: list[DocumentService] = field(default_factory=list)

    @property
    def served(self) -> DocumentService | None:
        return next((s for s in self.services if serving.is_served(s)), None)

    @property
    def running_notice(self) -> DocumentService | None:
        """A public notice whose period has not yet run."""
        return next((s for s in self.services if s.method == "public_notice"
                     and s.served_on is not None and s.served_on > today()), None)


def service_section(case: Case, documents: list[Document]) -> dict[str, Any]:
    """Return the template values of the service register inside the 文书 section."""
    rows: dict[int, list[RecipientState]] = {}
    may_serve: dict[int, bool] = {}
    provable: set[int] = set()  # services whose served date and proof the user may record
    for document in documents:
        if document.status != ISSUED or not document.recipients:
            continue
        recorded = serving.services_of(document)
        rows[document.id] = [RecipientState(r, [s for s in recorded if s.recipient_id == r.id])
                             for r in document.recipients]
        may_serve[document.id] = bool(serving.may_serve(current_user, case, document))
        provable.update(s.id for s in recorded
                        if serving.may_record_served(current_user, case, s))
    return {"service_rows": rows, "may_serve": may_serve, "provable": provable,
            "service_form": ServiceForm(formdata=None), "served_form": ServedForm(formdata=None),
            "service_methods": list(serving.METHOD_LABELS.items()),
            "service_method_labels": serving.METHOD_LABELS,
            "case_evidence": sorted(case.evidence, key=lambda e: e.id),
            "public_notice_days": serving.public_notice_days()}


def recipient_states(document: Document) -> list[RecipientState]:
    """Return each recipient of an issued document with its services (the print view)."""
    if document.status == DRAFT:
        return []
    recorded = serving.services_of(document)
    return [RecipientState(r, [s for s in recorded if s.recipient_id == r.id])
            for r in document.recipients]

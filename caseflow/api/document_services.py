"""The service register (送达) through the API: record a service, then its served date and proof."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from flask import jsonify
from flask_login import current_user
from pydantic import BaseModel, Field

from caseflow.api.base import api_auth, bp
from caseflow.api.contract import PLAIN, Body, answers, api, body_of
from caseflow.api.schemas import Day, Version
from caseflow.auth.permissions import CASE_ROLES
from caseflow.documents import serving
from caseflow.documents.models import SERVICE_METHODS
from caseflow.documents.presenters import service_as_dict
from caseflow.documents.service_queries import (
    get_document_for_update,
    get_service,
    recipient_for,
)
from caseflow.hardening import MAX_ID
from caseflow.web import registry

ERRORS = (400, 401, 403, 404, 409, 422)
RowId = Annotated[int, Field(ge=0, le=MAX_ID)]
Method = Literal[SERVICE_METHODS]  # type: ignore[valid-type]


def _text(limit: int):  # type: ignore[no-untyped-def]
    return Annotated[str, Field(pattern=PLAIN, max_length=limit)]


class ServiceOut(BaseModel):
    id: RowId
    document: RowId
    party: RowId | None = Field(description="the party served (null: the court)")
    recipient: RowId = Field(description="the document's recipient row")
    name: str
    method: Method
    method_label: str
    sent_on: Day
    served_on: Day | None = Field(description="for a public notice: the day it is deemed "
                                              "served (sent_on + PUBLIC_NOTICE_SERVICE_DAYS)")
    served: bool = Field(description="served by today")
    proof_evidence_id: RowId | None
    proof_sha256: str | None
    tracking_number: str | None
    consent_evidence_id: RowId | None
    address: str | None
    witnesses: str | None
    notes: str
    version: Version


class ServiceBody(Body):
    party: RowId | None = Field(None, description="the party served (a recipient of the "
                                                  "document)")
    recipient: RowId | None = Field(None, description="or the recipient row (the court)")
    method: Method
    sent_on: date
    served_on: date | None = Field(None, description="omit for a public notice: it is "
                                                     "computed")
    tracking_number: _text(60) | None = Field(None, description="post: required")  # type: ignore[valid-type]
    consent_evidence_id: RowId | None = Field(None, description="electronic: the evidence of "
                                                                "the recipient's consent")
    address: _text(300) | None = Field(None, description="electronic: required")  # type: ignore[valid-type]
    witnesses: _text(300) | None = Field(None, description="left_at_address: required")  # type: ignore[valid-type]
    proof_evidence_id: RowId | None = None
    notes: _text(2000) | None = None  # type: ignore[valid-type]
    version: Version | None = Field(None, description="the document's version")


class ServedBody(Body):
    served_on: date | None = Field(None, description="required unless already known (a "
                                                     "public notice's is computed)")
    proof_evidence_id: RowId = Field(description="the signed 送达回证 or a scan (evidence of "
                                                 "the case)")
    version: Version | None = Field(None, description="the service's version")


@bp.post("/documents/<int:document_id>/services")
@api_auth(*CASE_ROLES)
@api.validate(json=ServiceBody, resp=answers(201, ServiceOut, errors=ERRORS))
def document_services_create(document_id: int):  # type: ignore[no-untyped-def]
    """Record a service (送达) of an issued document on one recipient."""
    body = body_of()
    case, document = get_document_for_update(current_user, document_id)
    serving.may_serve(current_user, case, document).enforce()
    given = serving.ServiceInput(
        recipient=recipient_for(document, body.party, body.recipient), method=body.method,
        sent_on=body.sent_on, served_on=body.served_on, tracking_number=body.tracking_number,
        consent_evidence_id=body.consent_evidence_id, address=body.address,
        witnesses=body.witnesses, proof_evidence_id=body.proof_evidence_id, notes=body.notes)
    service = serving.record_service(current_user, case, document, given, registry(),
                                     body.version)
    return jsonify(service_as_dict(service)), 201


@bp.patch("/documents/<int:document_id>/services/<int:service_id>")
@api_auth(*CASE_ROLES)
@api.validate(json=ServedBody, resp=answers(200, ServiceOut, errors=ERRORS))
def document_services_served(document_id: int, service_id: int):  # type: ignore[no-untyped-def]
    """Record the day a service was completed and its proof."""
    body = body_of()
    case, document = get_document_for_update(current_user, document_id)
    service = get_service(document, service_id)
    serving.record_served(current_user, case, service, body.served_on,
                          body.proof_evidence_id, registry(), body.version)
    return jsonify(service_as_dict(service))

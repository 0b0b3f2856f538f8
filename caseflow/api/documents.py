"""Documents (文书) through the API: list, draft by hand, edit, 签发, correct, download."""

from __future__ import annotations

from typing import Annotated, Literal

from flask import jsonify
from flask_login import current_user
from pydantic import BaseModel, Field, RootModel

from caseflow.api.base import api_auth, bp
from caseflow.api.contract import PLAIN, Body, answers, api, body_of
from caseflow.api.schemas import Day, Id, Version
from caseflow.auth.permissions import CASE_ROLES
from caseflow.cases.scope import get_case_for
from caseflow.documents import services
from caseflow.documents.http import discard_on_rollback, send_docx, send_pdf
from caseflow.documents.presenters import document_as_dict, kind_as_dict
from caseflow.documents.queries import get_case_document, get_document_for, list_documents
from caseflow.web import registry

ERRORS = (400, 401, 403, 404, 409, 422)
FreeText = dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")],
                Annotated[str, Field(pattern=PLAIN, max_length=20000)]]


class RecipientOut(BaseModel):
    id: Id
    party: Id | None
    role: str
    name: str


class ServiceSummary(BaseModel):
    id: Id
    party: Id | None = Field(description="the party served (null: the court)")
    recipient: Id
    method: Literal["direct", "post", "electronic", "left_at_address", "entrusted",
                    "public_notice"]
    sent_on: Day
    served_on: Day | None
    served: bool
    proof_evidence_id: Id | None


class DocumentOffers(BaseModel):
    edit: bool
    issue: bool
    correct: bool
    serve: bool = Field(description="may record a service (送达) now")


class DocumentOut(BaseModel):
    id: Id
    case_id: Id
    kind: str
    title: str
    number: str | None = Field(description="the 文号, once issued (a correction keeps it)")
    status: Literal["draft", "issued", "superseded"]
    revision: int = Field(description="1, then 2, 3, ... for each correction")
    version: Version = Field(description="the document's version (optimistic lock)")
    rules: str = Field(description="the rule set its legal basis follows")
    trigger: str | None = Field(description="the transition that drafted it (null: by hand)")
    issued_on: Day | None
    sha256: str | None
    size: int | None
    supersedes: Id | None
    superseded_by: Id | None
    text: dict[str, str]
    recipients: list[RecipientOut]
    may: DocumentOffers
    pdf: str | None
    docx: str | None
    services: list[ServiceSummary] = Field(
        description="its service register (POST /documents/<id>/services)")


class DocumentList(RootModel[list[DocumentOut]]):
    pass


class TextField(BaseModel):
    name: str
    label: str
    label_en: str
    required: bool
    max_length: int


class KindOut(BaseModel):
    kind: str
    title: str
    title_en: str
    addressee: Literal["requesters", "respondents", "parties", "court", "internal"]
    transitions: list[str] = Field(description="workflow.trigger that draft it")
    by_hand: bool
    workflows: list[str]
    issue_roles: list[str]
    number: str
    titles: dict[str, str] = Field(description="the title under a rule set, where it differs")
    text: list[TextField]


class KindList(RootModel[list[KindOut]]):
    pass


class DraftBody(Body):
    kind: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$",
                               description="a kind drafted by hand (GET /document-kinds)")]
    text: FreeText | None = Field(None, description="free text by field name")


class EditBody(Body):
    text: FreeText
    version: Version | None = None


class VersionBody(Body):
    version: Version | None = None


def _one(case, document, status=200):  # type: ignore[no-untyped-def]
    return jsonify(document_as_dict(current_user, case, document)), status


@bp.get("/document-kinds")
@api_auth()
@api.validate(resp=answers(200, KindList, errors=(401,)))
def document_kinds():  # type: ignore[no-untyped-def]
    """Every document kind: what drafts it, who it is addressed to, who issues it."""
    return jsonify([kind_as_dict(t) for t in sorted(services.catalog(), key=lambda t: t.kind)])


@bp.get("/cases/<int:case_id>/documents")
@api_auth(*CASE_ROLES)
@api.validate(resp=answers(200, DocumentList, errors=(401, 403, 404)))
def documents_index(case_id: int):  # type: ignore[no-untyped-def]
    """A case's documents, oldest first (every version)."""
    case = get_case_for(current_user, case_id)
    return jsonify([document_as_dict(current_user, case, d) for d in list_documents(case)])


@bp.post("/cases/<int:case_id>/documents")
@api_auth(*CASE_ROLES)
@api.validate(json=DraftBody, resp=answers(201, DocumentOut, errors=ERRORS))
def documents_draft(case_id: int):  # type: ignore[no-untyped-def]
    """Draft a document an officer issues by hand."""
    body = body_of()
    case = get_case_for(current_user, case_id)
    document = services.draft_by_hand(current_user, case, body.kind, body.text, registry())
    return _one(case, document, 201)


@bp.get("/cases/<int:case_id>/documents/<int:document_id>")
@api_auth(*CASE_ROLES)
@api.validate(resp=answers(200, DocumentOut, errors=(401, 403, 404)))
def documents_show(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    """One document."""
    case = get_case_for(current_user, case_id)
    return _one(case, get_case_document(case, document_id))


@bp.patch("/cases/<int:case_id>/documents/<int:document_id>")
@api_auth(*CASE_ROLES)
@api.validate(json=EditBody, resp=answers(200, DocumentOut, errors=ERRORS))
def documents_edit(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    """Replace a draft's free text (409 `document_locked` once issued)."""
    body = body_of()
    case = get_case_for(current_user, case_id)
    document = get_case_document(case, document_id)
    services.edit_draft(current_user, case, document, body.text, body.version)
    return _one(case, document)


@bp.get("/cases/<int:case_id>/documents/<int:document_id>.pdf")
@api_auth(*CASE_ROLES)
@api.validate(resp=answers(200, None, errors=(401, 403, 404, 409),
                           description="the issued PDF (application/pdf, attachment)"))
def documents_pdf(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    """Download an issued document's PDF (409 `not_issued` for a draft)."""
    case = get_case_for(current_user, case_id)
    return send_pdf(get_case_document(case, document_id))


@bp.get("/cases/<int:case_id>/documents/<int:document_id>.docx")
@api_auth(*CASE_ROLES)
@api.validate(resp=answers(200, None, errors=(401, 403, 404, 409),
                           description="the draft as a .docx for WPS/Word (attachment)"))
def documents_docx(case_id: int, document_id: int):  # type: ignore[no-untyped-def]
    """Download a draft as a .docx (409 `document_locked` once issued)."""
    case = get_case_for(current_user, case_id)
    document = get_case_document(case, document_id)
    return send_docx(document, services.draft_docx(case, document))


@bp.post("/documents/<int:document_id>/issue")
@api_auth(*CASE_ROLES)
@api.validate(json=VersionBody, resp=answers(200, DocumentOut, errors=ERRORS))
def documents_issue(document_id: int):  # type: ignore[no-untyped-def]
    """签发: allocate the 文号, render and store the PDF, lock the document."""
    body = body_of()
    case, document = get_document_for(current_user, document_id)
    services.issue_document(current_user, case, document, body.version)
    discard_on_rollback(document)
    return _one(case, document)


@bp.post("/documents/<int:document_id>/corrections")
@api_auth(*CASE_ROLES)
@api.validate(json=VersionBody, resp=answers(201, DocumentOut, errors=ERRORS))
def documents_correct(document_id: int):  # type: ignore[no-untyped-def]
    """Start a corrected version of an issued document (it supersedes it once issued)."""
    body = body_of()
    case, document = get_document_for(current_user, document_id)
    correction = services.start_correction(current_user, case, document, body.version)
    return _one(case, correction, 201)

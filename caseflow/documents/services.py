"""Actions on documents: draft (by a transition or by hand), edit, 签发 (issue), correct.

Each is one call in the caller's transaction (the caller commits): authorise -> validate ->
change -> audit. 签发 takes the 文号 from the same row-locked counter as case numbers, so a
refused or rolled-back issue leaves no gap; the PDF is written before the commit, and the
HTTP layer removes it again if the commit does not happen (caseflow/documents/http.py).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

from flask import current_app

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.auth.permissions import can_work_cases
from caseflow.cases import numbering
from caseflow.cases.acts import legal_date
from caseflow.cases.models import Case
from caseflow.cases.panel import current_panel
from caseflow.cases.scope import can_act_on
from caseflow.deadlines.services import list_clocks
from caseflow.documents import render
from caseflow.documents.catalog import Catalog, Template, Text
from caseflow.documents.fields import Facts, chinese_date, read_fields
from caseflow.documents.models import DRAFT, ISSUED, SUPERSEDED, Document, DocumentRecipient
from caseflow.errors import Conflict, Forbidden, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.notifications import events
from caseflow.timeutil import today, utcnow
from caseflow.verdict import ALLOWED, Verdict, refused
from caseflow.workflow.engine import Registry

UNNUMBERED = "（签发时编号）"


def catalog() -> Catalog:
    """Return the document templates loaded at start-up."""
    return current_app.extensions["caseflow.documents"]


def template_of(document: Document) -> Template:
    found = catalog().get(document.kind)
    if found is None:  # a kind removed from the folder while its documents remain
        raise NotFound(N_("文书模板不存在。"))
    return found


def documents_folder() -> Path:
    """Return where issued PDFs are kept (outside any static folder)."""
    return Path(current_app.config["DOCUMENTS_FOLDER"])


def rules_of(case: Case, registry: Registry) -> str:
    """Return the name of the rule set the case follows (its workflow file's `rules`)."""
    rules = registry.get(case.workflow, case.workflow_version).workflow.rules
    return rules.name if rules else ""


def _facts(case: Case) -> Facts:
    return Facts(case, list_clocks(case), [m.user.name for m in current_panel(case)])


def _recipients(case: Case, template: Template) -> list[DocumentRecipient]:
    if template.addressee == "internal":
        return []
    if template.addressee == "court":
        return [DocumentRecipient(role="court", name=case.court_name or "人民法院")]
    roles = {"requesters": {"requester"}, "respondents": {"respondent"},
             "parties": {"requester", "respondent"}}[template.addressee]
    return [DocumentRecipient(party_id=p.id, role=p.role, name=p.name)
            for p in case.parties if p.role in roles]


def _new_draft(case: Case, template: Template, actor: User, rules: str, *,
               trigger: str | None = None, text: dict[str, str] | None = None) -> Document:
    if text is None:
        prefill = read_fields([t.default_from for t in template.texts if t.default_from],
                              _facts(case))
        text = {t.name: prefill.get(t.default_from or "", "") for t in template.texts}
    document = Document(case_id=case.id, kind=template.kind, rules=rules,
                        title=template.title(rules), text=text, trigger=trigger,
                        created_by_id=actor.id, recipients=_recipients(case, template))
    db.session.add(document)
    db.session.flush()
    return document


def draft_for_transition(case: Case, trigger: str, actor: User,
                         registry: Registry) -> list[Document]:
    """Create the drafts a transition issues (inside the transition's own transaction)."""
    templates = catalog().drafted_by(case.workflow, trigger)
    rules = rules_of(case, registry) if templates else ""
    drafts = [_new_draft(case, t, actor, rules, trigger=trigger) for t in templates]
    for document in drafts:
        _awaiting_issue(actor, case, document)
    return drafts


def _clean_text(template: Template, text: Any) -> dict[str, str]:
    """Validate an officer's free text against the template (422 naming each field)."""
    if not isinstance(text, dict):
        raise ValidationFailed(N_("提交的内容有误。"), fields={"text": N_("须为 JSON 对象。")})
    errors: dict[str, Any] = {}
    for name in sorted(set(text) - {t.name for t in template.texts}):
        errors[f"text.{name}"] = N_("该文书没有这一栏。")
    clean: dict[str, str] = {}
    for spec in template.texts:
        value = text.get(spec.name, "")
        if not isinstance(value, str):
            errors[f"text.{spec.name}"] = N_("须为文本。")
        elif len(value) > spec.max_length:
            errors[f"text.{spec.name}"] = Message(N_("不能超过 %(n)s 个字符。"),
                                                  {"n": spec.max_length})
        else:
            clean[spec.name] = value.strip()
    if errors:
        raise ValidationFailed(N_("提交的内容有误。"), fields=errors)
    return clean


def _check_version(document: Document, version: Any) -> None:
    if version is None:
        return
    if not isinstance(version, int) or isinstance(version, bool) or version != document.version:
        raise Conflict(N_("文书已被他人修改，请刷新后重试。"), code="stale_version")


def _may_work(actor: User, case: Case) -> Verdict:
    if not can_work_cases(actor):
        return refused(Forbidden(N_("您的角色无权办理文书。")), "role")
    if not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位或其上级单位的人员可以办理此案件。")), "scope")
    return ALLOWED


def may_draft(actor: User, case: Case, kind: str) -> Verdict:
    """Judge whether the actor may draft this kind by hand on the case."""
    if not (allowed := _may_work(actor, case)):
        return allowed
    template = catalog().get(kind)
    if template is None or not template.by_hand or case.workflow not in template.workflows:
        return refused(ValidationFailed(N_("提交的内容有误。"), fields={
            "kind": N_("本案不能手工制作这种文书。")}), "precondition")
    return ALLOWED


def draft_by_hand(actor: User, case: Case, kind: Any, text: Any,
                  registry: Registry) -> Document:
    """Draft a document an officer issues by hand (收件凭证, 审批表, 送达回证, ...)."""
    may_draft(actor, case, kind if isinstance(kind, str) else "").enforce()
    template = catalog().templates[kind]
    clean = _clean_text(template, text if text is not None else {})
    document = _new_draft(case, template, actor, rules_of(case, registry),
                          text=clean if text is not None else None)
    audit.record("document_drafted", actor=actor, case_id=case.id,
                 data={"document": document.id, "kind": kind, "title": document.title})
    _awaiting_issue(actor, case, document)
    return document


def _locked(document: Document) -> Conflict:
    return Conflict(N_("文书已签发，不能修改；如需更正，请制作更正版本。"), code="document_locked")


def may_edit(actor: User, case: Case, document: Document) -> Verdict:
    """Judge whether the actor may change the draft's free text."""
    if not (allowed := _may_work(actor, case)):
        return allowed
    if document.status != DRAFT:
        return refused(_locked(document), "state")
    return ALLOWED


def edit_draft(actor: User, case: Case, document: Document, text: Any,
               version: Any = None) -> Document:
    """Replace the draft's free text (validated against its template)."""
    may_edit(actor, case, document).enforce()
    _check_version(document, version)
    clean = _clean_text(template_of(document), text)
    changed = sorted(k for k in clean if clean[k] != (document.text or {}).get(k, ""))
    document.text = clean
    audit.record("document_edited", actor=actor, case_id=case.id,
                 data={"document": document.id, "kind": document.kind, "changed": changed})
    db.session.flush()
    _awaiting_issue(actor, case, document)  # its required text may only now be complete
    return document


def missing_texts(template: Template, document: Document) -> list[Text]:
    """Return the template's required free texts the document leaves empty (签发 needs none)."""
    return [t for t in template.texts if t.required and not (document.text or {}).get(t.name)]


def _missing(template: Template, document: Document) -> list[str]:
    return [t.name for t in missing_texts(template, document)]


def may_issue(actor: User, case: Case, document: Document) -> Verdict:
    """Judge whether the actor may 签发 the draft: scope, state, role, required text."""
    if not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位或其上级单位的人员可以办理此案件。")), "scope")
    if document.status != DRAFT:
        return refused(Conflict(N_("文书已签发。"), code="already_issued"), "state")
    template = template_of(document)
    if actor.role not in template.issue_roles:
        return refused(Forbidden(N_("您的角色无权签发这种文书。"), code="role_not_allowed"),
                       "role")
    if missing := _missing(template, document):
        return refused(ValidationFailed(N_("签发前须填写文书的必填内容。"), fields={
            f"text.{name}": N_("必填。") for name in missing}), "precondition")
    return ALLOWED


def _title(document: Document) -> events.Localized:
    template = catalog().get(document.kind)
    return events.Localized(document.title, template.title_en if template else document.title)


def _awaiting_issue(actor: User, case: Case, document: Document) -> None:
    """A draft its author may not 签发 (role or scope) waits for someone who may: tell them,
    by the predicate `issue_document` enforces (once per document, see events)."""
    author = may_issue(document.created_by, case, document)
    if author or author.because == "precondition":
        return  # the author signs it (once the required text is in)
    events.document_awaiting_issue(case, document.id, _title(document), actor,
                                   lambda user: bool(may_issue(user, case, document)))


def _rendered(case: Case, document: Document, number: str, issued_on: Any) -> render.Rendered:
    template = template_of(document)
    unit = case.handling_unit
    values = read_fields(template.fields, _facts(case))
    values.update({name: (document.text or {}).get(name, "") for name in
                   (t.name for t in template.texts)})
    values.update(document_number=number, issued_on=chinese_date(issued_on),
                  legal_basis=template.legal_basis.get(document.rules, ""),
                  addressee="、".join(r.name for r in document.recipients),
                  unit_name=unit.name)
    return render.Rendered(header=unit.name, number=number,
                           parts=render.render_text(template, values, document.title),
                           signature=unit.name, dated=chinese_date(issued_on))


def _allocate_number(case: Case, document: Document, issued_on: Any) -> str:
    if document.supersedes is not None and document.supersedes.number:
        return document.supersedes.number  # a correction keeps the 文号 it corrects
    template = template_of(document)
    unit = case.handling_unit
    prefixes = {**numbering.DEFAULT_PREFIXES, **current_app.config.get("CASE_NUMBER_PREFIXES", {})}
    prefix = prefixes.get(unit.code) or unit.display_name.removesuffix("局")
    serial = numbering.next_serial(f"doc:{unit.code}:{document.kind}", issued_on.year)
    return template.number.format(prefix=prefix, year=issued_on.year, serial=serial)


def issue_document(actor: User, case: Case, document: Document, version: Any = None, *,
                   on: Any = None) -> Document:
    """签发: take the 文号, render and store the PDF with its SHA-256, lock the document.

    `on` is the day it was signed when that is not today (a paper document signed with the
    act it belongs to, as seed-demo records them): judged like an act's date, never in the
    future nor before the case's last act."""
    may_issue(actor, case, document).enforce()
    _check_version(document, version)
    issued_on = today() if on is None else legal_date(on, case)
    number = _allocate_number(case, document, issued_on)
    pdf = render.to_pdf(_rendered(case, document, number, issued_on))
    document.stored_name, document.size = f"{uuid.uuid4().hex}.pdf", len(pdf)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.number, document.status, document.issued_on = number, ISSUED, issued_on
    document.issued_by_id, document.issued_at = actor.id, utcnow()
    if document.supersedes is not None:
        document.supersedes.status = SUPERSEDED
    audit.record("document_issued", actor=actor, case_id=case.id, on=issued_on, data={
        "document": document.id, "kind": document.kind, "number": number,
        "revision": document.revision, "sha256": document.sha256,
        "supersedes": document.supersedes_id})
    if document.recipients:
        events.document_awaiting_service(case, _title(document), actor)
    db.session.flush()  # a concurrent issue of the same draft loses here (409 stale_version)
    folder = documents_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / document.stored_name).write_bytes(pdf)  # last: nothing refused it any more
    return document


def may_correct(actor: User, case: Case, document: Document) -> Verdict:
    """Judge whether the actor may start a corrected version of an issued document."""
    if not (allowed := _may_work(actor, case)):
        return allowed
    if document.status != ISSUED:
        return refused(Conflict(N_("只有已签发且未被更正的文书可以更正。"), code="not_issued"),
                       "state")
    if db.session.query(Document.id).filter(Document.supersedes_id == document.id).first():
        return refused(Conflict(N_("这份文书已有更正版本草稿。"), code="correction_exists"),
                       "precondition")
    return ALLOWED


def start_correction(actor: User, case: Case, document: Document, version: Any = None) -> Document:
    """Open a corrected version (a draft with the same text) that supersedes it once issued."""
    may_correct(actor, case, document).enforce()
    _check_version(document, version)
    correction = Document(case_id=case.id, kind=document.kind, revision=document.revision + 1,
                          rules=document.rules, title=document.title,
                          text=dict(document.text or {}), trigger=None, supersedes=document,
                          created_by_id=actor.id,
                          recipients=[DocumentRecipient(party_id=r.party_id, role=r.role,
                                                        name=r.name)
                                      for r in document.recipients])
    db.session.add(correction)
    db.session.flush()
    audit.record("document_correction_started", actor=actor, case_id=case.id, data={
        "document": correction.id, "kind": document.kind, "supersedes": document.id,
        "number": document.number, "revision": correction.revision})
    _awaiting_issue(actor, case, correction)
    return correction


def pdf_path(document: Document) -> Path:
    """Return the stored PDF of an issued (or superseded) document; 409 for a draft."""
    if document.status == DRAFT or not document.stored_name:
        raise Conflict(N_("文书尚未签发，没有 PDF；草稿可下载 Word 文档。"), code="not_issued")
    path = documents_folder() / document.stored_name
    if not path.is_file():
        raise NotFound(N_("文书文件不存在。"))
    return path


def draft_docx(case: Case, document: Document) -> bytes:
    """Return the draft as a .docx (WPS/Word) for review; an issued document has its PDF."""
    if document.status != DRAFT:
        raise Conflict(N_("文书已签发，请下载 PDF。"), code="document_locked")
    return render.to_docx(_rendered(case, document, UNNUMBERED, None))


def discard_pdf(document: Document) -> None:
    """Remove a PDF written for an issue that was rolled back."""
    if document.stored_name:
        (documents_folder() / document.stored_name).unlink(missing_ok=True)

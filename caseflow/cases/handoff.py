"""The court hand-off bundle (诉调对接): one ZIP for a judicial confirmation or a case returned
to its court, holding the case's signed audit bundle, its issued documents (the versions in
force), the evidence the officer chose and a manifest (file, SHA-256, size, document number)
signed like the audit bundle.

The archive is written in a fixed layout (`verify_handoff.build`), so the stdlib verifier can
rebuild it and tell any altered byte; the export is itself an audit event that anchors the
archive's SHA-256 and the manifest's signature in the chain.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from caseflow.audit import services as audit
from caseflow.audit.export import bundle_key, case_bundle
from caseflow.audit.verify_handoff import FORMAT, MANIFEST, build, signature
from caseflow.auth.models import User
from caseflow.cases.evidence import stored_path
from caseflow.cases.models import Case, Evidence
from caseflow.cases.scope import can_act_on
from caseflow.documents.models import ISSUED
from caseflow.documents.queries import list_documents
from caseflow.documents.services import pdf_path
from caseflow.errors import Conflict, Forbidden, ValidationFailed
from caseflow.i18n_markers import N_
from caseflow.timeutil import iso_local, utcnow
from caseflow.verdict import ALLOWED, Verdict, refused

PURPOSES = ("confirmation", "return_to_court")
HANDOFF_ROLES = ("officer", "mediator", "supervisor")
AUDIT_PATH = "audit/audit-bundle.json"
_UNSAFE = re.compile(r"[^\w.\-（）()〔〕]+")


@dataclass(frozen=True)
class Handoff:
    """A built bundle: its bytes, its name for download and its manifest."""

    content: bytes
    filename: str
    manifest: dict[str, Any]


def handoff_purpose(case: Case) -> str:
    """What a case's file goes to its court for, as the case page offers it: a court-linked
    case goes back to its court; a mediation's agreement goes for judicial confirmation."""
    return "return_to_court" if case.is_court_linked else "confirmation"


def may_hand_off(actor: User, case: Case, purpose: str) -> Verdict:
    """Judge whether the actor may hand this case's file to a court for `purpose`."""
    if actor.role not in HANDOFF_ROLES:
        return refused(Forbidden(N_("您的角色不能向法院移交案件材料。")), "role")
    if not can_act_on(actor, case):
        return refused(Forbidden(N_("只有办案单位及其上级单位可以向法院移交案件材料。")), "scope")
    if purpose == "confirmation" and (case.workflow != "prelitigation_mediation"
                                      or case.agreement_effective_on is None):
        return refused(Conflict(N_("本案尚未达成调解协议，不能提交司法确认材料。"),
                                code="no_agreement"), "precondition")
    if purpose == "return_to_court" and not case.is_court_linked:
        return refused(Conflict(N_("只有法院委派或委托的案件才退回法院。"), code="wrong_source"),
                       "precondition")
    return ALLOWED


def _chosen_evidence(case: Case, evidence_ids: Iterable[Any] | None) -> list[Evidence]:
    if evidence_ids is None:
        return list(case.evidence)
    ids = list(evidence_ids)
    by_id = {e.id: e for e in case.evidence}
    if any(not isinstance(i, int) or isinstance(i, bool) or i not in by_id for i in ids):
        raise ValidationFailed(N_("提交的内容有误。"), fields={
            "evidence": N_("只能选择本案的证据材料。")})
    return [by_id[i] for i in dict.fromkeys(ids)]


def _evidence_member(evidence: Evidence) -> tuple[str, bytes, dict[str, Any]]:
    try:
        content = stored_path(evidence).read_bytes()
    except FileNotFoundError:
        content = None
    if content is None or hashlib.sha256(content).hexdigest() != evidence.sha256:
        raise Conflict(N_("证据文件与登记时的哈希值不一致，不能移交；请联系管理员。"),
                       code="evidence_altered")
    name = _UNSAFE.sub("_", evidence.filename).strip("._") or "file"
    path = f"evidence/{evidence.id}-{name[:100]}"
    return path, content, {"kind": "evidence", "evidence_id": evidence.id,
                           "description": evidence.description or None,
                           "filename": evidence.filename}


def _document_members(case: Case) -> list[tuple[str, bytes, dict[str, Any]]]:
    """The case's issued documents (the versions in force), each as its stored PDF."""
    members = []
    for document in list_documents(case):
        if document.status != ISSUED:
            continue
        content = pdf_path(document).read_bytes()
        if hashlib.sha256(content).hexdigest() != document.sha256:
            raise Conflict(N_("文书文件与签发时的哈希值不一致，不能移交；请联系管理员。"),
                           code="document_altered")
        revision = f"-v{document.revision}" if document.revision > 1 else ""
        members.append((f"documents/{document.id}-{document.kind}{revision}.pdf", content,
                        {"kind": "document", "document_id": document.id,
                         "document_kind": document.kind, "document_number": document.number,
                         "title": document.title, "revision": document.revision,
                         "issued_on": document.issued_on.isoformat()
                         if document.issued_on else None}))
    return members


def build_handoff(actor: User, case: Case, *, purpose: Any,
                  evidence_ids: Iterable[Any] | None = None) -> Handoff:
    """Build the case's hand-off bundle for a court and record the export in the audit trail."""
    if purpose not in PURPOSES:
        raise ValidationFailed(N_("提交的内容有误。"), fields={
            "purpose": N_("用途须为 confirmation（司法确认）或 return_to_court（退回法院）。")})
    may_hand_off(actor, case, purpose).enforce()
    trail = case_bundle(case)
    members: list[tuple[str, bytes, dict[str, Any]]] = [
        (AUDIT_PATH, json.dumps(trail, ensure_ascii=False, indent=2).encode("utf-8"),
         {"kind": "audit_bundle"})]
    members += _document_members(case)
    members += [_evidence_member(e) for e in _chosen_evidence(case, evidence_ids)]
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "case": {"id": case.id, "number": case.display_number, "workflow": case.workflow,
                 "court": {"name": case.court_name, "case_number": case.court_case_number}
                 if case.is_court_linked else None},
        "purpose": purpose,
        "created_at": iso_local(utcnow()),
        "created_by": actor.username,
        "unit": {"code": case.handling_unit.code, "name": case.handling_unit.name},
        "audit_bundle": AUDIT_PATH,
        "files": [{"path": path, "sha256": hashlib.sha256(content).hexdigest(),
                   "size": len(content), **meta} for path, content, meta in members],
    }
    manifest["signature"] = signature(manifest, bundle_key())
    text = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    content = build([(MANIFEST, text)] + [(path, data) for path, data, _meta in members])
    audit.record("handoff_exported", actor=actor, case_id=case.id, data={
        "purpose": purpose, "files": len(members),
        "evidence": [m[2]["evidence_id"] for m in members if m[2]["kind"] == "evidence"],
        "sha256": hashlib.sha256(content).hexdigest(), "signature": manifest["signature"],
        "chain_head_seq": trail["chain_head"]["seq"]})
    return Handoff(content, f"caseflow-handoff-case-{case.id}.zip", manifest)

"""The correction page: put right what was typed at intake (one form per correction)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth.permissions import CASE_ROLES, roles_required
from caseflow.cases import corrections
from caseflow.cases.models import Case
from caseflow.cases.offers import available_actions
from caseflow.cases.scope import get_case_for
from caseflow.cases.views import bp, common_labels, flash_warning
from caseflow.errors import DomainError
from caseflow.transaction import abandon
from caseflow.web import registry

_CHECKED = ("y", "on", "true", "1")
PARTY_TEXT = ("kind", "name", "credit_code", "id_number", "phone", "address", "agent_name",
              "agent_phone")


def _version(form: Mapping[str, str]) -> Any:
    version = (form.get("version") or "").strip()
    return int(version) if version.isdigit() else (version or None)


def _case_changes(form: Mapping[str, str]) -> dict[str, Any]:
    return {"summary": form.get("summary", ""), "claim_amount": form.get("claim_amount", ""),
            "infringement_place": form.get("infringement_place", ""),
            "patent": {"title": form.get("patent_title", ""),
                       "patentee": form.get("patentee", "")}}


def _party_data(form: Mapping[str, str], *, with_role: bool = False) -> dict[str, Any]:
    """The posted party; a blank identity number means "unchanged" (it is never shown)."""
    data: dict[str, Any] = {k: form.get(k, "") for k in PARTY_TEXT}
    if not data["id_number"].strip():
        del data["id_number"]
    for flag in ("agent_has_power_of_attorney", "no_domicile_in_china"):
        data[flag] = form.get(flag, "") in _CHECKED
    if with_role:
        data["role"] = form.get("role", "")
    return data


def render_corrections(case: Case, status: int = 200,
                       failed: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """Render the correction page; `failed` names the refused form and carries its errors."""
    offers = available_actions(case, current_user, registry())
    why_not = offers.find("correct").verdict.why_not()  # type: ignore[union-attr]
    add_why_not = why_not or offers.find("add_party").verdict.why_not()  # type: ignore[union-attr]
    page = render_template(
        "cases/correct.html", case=case, failed=failed or {},
        why_not=why_not, add_why_not=add_why_not, **common_labels())
    return page, status


def _correct(case_id: int, form_name: str,
             act: Callable[[Case], Any]):  # type: ignore[no-untyped-def]
    """Run one correction; on a refusal show the page again with that form's errors."""
    case = get_case_for(current_user, case_id, for_update=True)
    try:
        result = act(case)
    except DomainError as err:
        abandon()
        fields = err.localized_fields()
        failed = {"form": form_name, "message": err.localized(), "fields": fields,
                  "first": next(iter(fields), None), "values": request.form}
        return render_corrections(get_case_for(current_user, case_id), err.status, failed)
    flash(_("已更正案件信息。"), "success")
    for warning in result if isinstance(result, list) else []:
        flash_warning(case_id, warning)
    return redirect(url_for("cases.correct_page", case_id=case_id))


@bp.get("/<int:case_id>/correct")
@roles_required(*CASE_ROLES)
def correct_page(case_id: int):  # type: ignore[no-untyped-def]
    return render_corrections(get_case_for(current_user, case_id))


@bp.post("/<int:case_id>/correct")
@roles_required(*CASE_ROLES)
def correct_case(case_id: int):  # type: ignore[no-untyped-def]
    form = request.form
    return _correct(case_id, "case", lambda case: corrections.correct_case(
        current_user, case, _case_changes(form), reason=form.get("reason"),
        version=_version(form), registry=registry()))


@bp.post("/<int:case_id>/parties/new")
@roles_required(*CASE_ROLES)
def add_party(case_id: int):  # type: ignore[no-untyped-def]
    form = request.form
    return _correct(case_id, "add", lambda case: corrections.add_party(
        current_user, case, _party_data(form, with_role=True), reason=form.get("reason"),
        version=_version(form), registry=registry())[1])


@bp.post("/<int:case_id>/parties/<int:party_id>/correct")
@roles_required(*CASE_ROLES)
def edit_party(case_id: int, party_id: int):  # type: ignore[no-untyped-def]
    form = request.form
    return _correct(case_id, f"party-{party_id}", lambda case: corrections.edit_party(
        current_user, case, corrections.get_party(case, party_id), _party_data(form),
        reason=form.get("reason"), version=_version(form), registry=registry()))


@bp.post("/<int:case_id>/parties/<int:party_id>/remove")
@roles_required(*CASE_ROLES)
def remove_party(case_id: int, party_id: int):  # type: ignore[no-untyped-def]
    form = request.form
    return _correct(case_id, f"remove-{party_id}", lambda case: corrections.remove_party(
        current_user, case, corrections.get_party(case, party_id), reason=form.get("reason"),
        version=_version(form), registry=registry()))

"""Corrections of the case file through the API: the case's fields and its parties.

Every request carries `version` (409 `stale_version` when it is not the case's) and `reason`;
each answers with the case JSON, whose `version` the correction has bumped.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user

from caseflow.api.base import api_auth, bp, json_body
from caseflow.cases import corrections
from caseflow.cases.presenters import case_as_dict, party_as_dict
from caseflow.cases.scope import get_case_for
from caseflow.web import registry

CASE_ROLES = ("officer", "mediator", "supervisor")


def with_correction_paths(case_id: int, warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add to each party warning the API path that corrects the party."""
    return [dict(w, correct_path=f"/api/v1/cases/{case_id}/parties/{w['party']}")
            if w.get("party") else w for w in warnings]


def _body() -> dict[str, Any]:
    """The JSON body; a DELETE may instead send `version` and `reason` in the query string."""
    if request.method == "DELETE" and not request.get_data():
        version = request.args.get("version", "")
        return {"reason": request.args.get("reason"),
                "version": int(version) if version.isdigit() else (version or None)}
    return json_body()


@bp.patch("/cases/<int:case_id>")
@api_auth(*CASE_ROLES)
def correct_case(case_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    case = get_case_for(current_user, case_id, for_update=True)
    changes = {k: v for k, v in body.items() if k not in ("reason", "version")}
    corrections.correct_case(current_user, case, changes, reason=body.get("reason"),
                             version=body.get("version"), registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))


@bp.post("/cases/<int:case_id>/parties")
@api_auth(*CASE_ROLES)
def add_party(case_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    case = get_case_for(current_user, case_id, for_update=True)
    party, warnings = corrections.add_party(current_user, case, body, reason=body.get("reason"),
                                            version=body.get("version"), registry=registry())
    out = case_as_dict(case, current_user, registry(), with_correction_paths(case.id, warnings))
    out["party"] = dict(party_as_dict(party), role=party.role)
    response = jsonify(out)
    response.headers["Location"] = f"/api/v1/cases/{case.id}/parties/{party.id}"
    return response, 201


@bp.patch("/cases/<int:case_id>/parties/<int:party_id>")
@api_auth(*CASE_ROLES)
def edit_party(case_id: int, party_id: int):  # type: ignore[no-untyped-def]
    body = json_body()
    case = get_case_for(current_user, case_id, for_update=True)
    party = corrections.get_party(case, party_id)
    warnings = corrections.edit_party(current_user, case, party, body, reason=body.get("reason"),
                                      version=body.get("version"), registry=registry())
    return jsonify(case_as_dict(case, current_user, registry(),
                                with_correction_paths(case.id, warnings)))


@bp.delete("/cases/<int:case_id>/parties/<int:party_id>")
@api_auth(*CASE_ROLES)
def remove_party(case_id: int, party_id: int):  # type: ignore[no-untyped-def]
    body = _body()
    case = get_case_for(current_user, case_id, for_update=True)
    party = corrections.get_party(case, party_id)
    corrections.remove_party(current_user, case, party, reason=body.get("reason"),
                             version=body.get("version"), registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))

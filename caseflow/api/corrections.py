"""Corrections of the case file through the API: the case's fields and its parties.

Every request carries `version` (409 `stale_version` when it is not the case's) and `reason`;
each answers with the case JSON, whose `version` the correction has bumped. These endpoints
check who may correct before they read the body (`deferred`), so a user who may not correct
gets 403 whatever he sends.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from flask import jsonify, request
from flask_login import current_user
from pydantic import ConfigDict, Field

from caseflow.api.base import api_auth, bp
from caseflow.api.contract import PLAIN, Body, Query, answers, api, deferred_body
from caseflow.api.schemas import CaseOut, Money, PartyOut, Version
from caseflow.cases import corrections
from caseflow.cases.intake import LIMITS
from caseflow.cases.presenters import case_as_dict, party_as_dict
from caseflow.cases.scope import get_case_for
from caseflow.i18n_markers import N_
from caseflow.web import registry

CASE_ROLES = ("officer", "mediator", "supervisor")
ERRORS = (400, 401, 403, 404, 409, 422)


def _text(limit: int) -> Any:
    return Annotated[str, Field(pattern=PLAIN, max_length=limit)]


class Closed(Body):
    """Names only what it corrects; anything else is refused (该项不能更正)."""

    model_config = ConfigDict(strict=True, extra="forbid")
    messages: ClassVar[dict[str, str]] = {"*:extra_forbidden": N_("该项不能更正。"),
                                          "reason:missing": N_("请填写更正理由。")}


class CorrectionBody(Closed):
    reason: _text(2000) = Field(description="why (at most 500 characters once trimmed)")
    version: Version | None = None


class PatentCorrection(Closed):
    title: _text(LIMITS["title"]) | None = None
    patentee: _text(LIMITS["patentee"]) | None = None


class CaseCorrectionBody(CorrectionBody):
    summary: _text(LIMITS["summary"]) | None = None
    claim_amount: Money | None = Field(None, description="yuan; null clears it")
    infringement_place: _text(12) | None = Field(None, description="null clears it")
    patent: PatentCorrection | None = None


class PartyFields(CorrectionBody):
    kind: Literal["person", "organization"] | None = None
    name: Annotated[str, Field(pattern=PLAIN, min_length=1, max_length=LIMITS["name"])] | None = None
    credit_code: _text(30) | None = None
    id_number: _text(30) | None = None
    phone: _text(40) | None = None
    address: _text(LIMITS["address"]) | None = None
    agent_name: _text(LIMITS["agent_name"]) | None = None
    agent_phone: _text(40) | None = None
    agent_has_power_of_attorney: bool | None = None
    no_domicile_in_china: bool | None = Field(
        None, description="no fixed domicile in the PRC: 30 days to reply, not 15 (Art. 22)")


class NewPartyBody(PartyFields):
    role: Literal["requester", "respondent"]
    name: Annotated[str, Field(pattern=PLAIN, min_length=1, max_length=LIMITS["name"])]


class RemovalBody(CorrectionBody):
    pass


class RemovalQuery(Query):
    reason: str = Field("", pattern=PLAIN, max_length=2000,
                        description="instead of a JSON body")
    version: Version | None = Field(None, description="instead of a JSON body")


class CaseWithParty(CaseOut):
    party: PartyOut


def with_correction_paths(case_id: int, warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add to each party warning the API path that corrects the party."""
    return [dict(w, correct_path=f"/api/v1/cases/{case_id}/parties/{w['party']}")
            if w.get("party") else w for w in warnings]


def _given(body: CorrectionBody) -> dict[str, Any]:
    return body.model_dump(mode="json", exclude_unset=True)


@bp.patch("/cases/<int:case_id>")
@api_auth(*CASE_ROLES)
@api.validate(json=CaseCorrectionBody, skip_validation=True,
              resp=answers(200, CaseOut, errors=ERRORS))
def correct_case(case_id: int):  # type: ignore[no-untyped-def]
    """Correct the summary, claim amount, place of infringement, patent title or patentee."""
    case = get_case_for(current_user, case_id, for_update=True)
    corrections.check_may_correct(current_user, case)
    body = _given(deferred_body(CaseCorrectionBody))
    changes = {k: v for k, v in body.items() if k not in ("reason", "version")}
    corrections.correct_case(current_user, case, changes, reason=body.get("reason"),
                             version=body.get("version"), registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))


@bp.post("/cases/<int:case_id>/parties")
@api_auth(*CASE_ROLES)
@api.validate(json=NewPartyBody, skip_validation=True,
              resp=answers(201, CaseWithParty, errors=ERRORS))
def add_party(case_id: int):  # type: ignore[no-untyped-def]
    """Add a requester or respondent (refused once a hearing has been held)."""
    case = get_case_for(current_user, case_id, for_update=True)
    corrections.check_may_correct(current_user, case, adding_party=True)
    body = _given(deferred_body(NewPartyBody))
    party, warnings = corrections.add_party(current_user, case, body, reason=body.get("reason"),
                                            version=body.get("version"), registry=registry())
    out = case_as_dict(case, current_user, registry(), with_correction_paths(case.id, warnings))
    out["party"] = dict(party_as_dict(party), role=party.role)
    response = jsonify(out)
    response.headers["Location"] = f"/api/v1/cases/{case.id}/parties/{party.id}"
    return response, 201


@bp.patch("/cases/<int:case_id>/parties/<int:party_id>")
@api_auth(*CASE_ROLES)
@api.validate(json=PartyFields, skip_validation=True, resp=answers(200, CaseOut, errors=ERRORS))
def edit_party(case_id: int, party_id: int):  # type: ignore[no-untyped-def]
    """Correct any subset of one party's fields."""
    case = get_case_for(current_user, case_id, for_update=True)
    party = corrections.get_party(case, party_id)
    corrections.check_may_correct(current_user, case)
    body = _given(deferred_body(PartyFields))
    warnings = corrections.edit_party(current_user, case, party, body, reason=body.get("reason"),
                                      version=body.get("version"), registry=registry())
    return jsonify(case_as_dict(case, current_user, registry(),
                                with_correction_paths(case.id, warnings)))


@bp.delete("/cases/<int:case_id>/parties/<int:party_id>")
@api_auth(*CASE_ROLES)
@api.validate(json=RemovalBody, query=RemovalQuery, skip_validation=True,
              resp=answers(200, CaseOut, errors=ERRORS))
def remove_party(case_id: int, party_id: int):  # type: ignore[no-untyped-def]
    """Remove a party typed in error: `reason` and `version` in a JSON body or the query."""
    case = get_case_for(current_user, case_id, for_update=True)
    party = corrections.get_party(case, party_id)
    corrections.check_may_correct(current_user, case)
    if request.get_data():
        body = _given(deferred_body(RemovalBody))
    else:
        body = deferred_body(RemovalQuery, location="query").model_dump(exclude_unset=True)
    corrections.remove_party(current_user, case, party, reason=body.get("reason"),
                             version=body.get("version"), registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))

"""The panel (合议组) and parties' recusal applications through the API (Arts. 5, 20).

Each endpoint checks who may act before it reads the body (`deferred_body`), answers with the
case JSON (the application's own JSON for a new application, beside the case) and bumps the
case's version.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from flask import jsonify
from flask_login import current_user
from pydantic import Field

from caseflow.api.base import api_auth, bp
from caseflow.api.contract import PLAIN, Body, answers, api, deferred_body
from caseflow.api.schemas import CaseOut, RecusalOut, Version
from caseflow.cases import panel, recusals
from caseflow.cases.presenters import case_as_dict
from caseflow.cases.scope import get_case_for
from caseflow.web import registry

CASE_ROLES = ("officer", "mediator", "supervisor")
ERRORS = (400, 401, 403, 404, 409, 422)
UserName = Annotated[str, Field(pattern=PLAIN, max_length=64)]


class PanelBody(Body):
    panel: list[UserName] = Field(max_length=15, description="user names, the lead first")
    reason: Annotated[str, Field(pattern=PLAIN, max_length=2000)]
    on: date | None = Field(None, description="the act's legal date (default: today)")
    version: Version | None = None


class RecusalBody(Body):
    party: int = Field(ge=0, le=2**63 - 1, description="the applying party's id")
    target_role: Literal[recusals.TARGET_ROLES]  # type: ignore[valid-type]
    target: UserName | None = Field(None, description="the user challenged (required for a "
                                                      "panel_member)")
    target_name: Annotated[str, Field(pattern=PLAIN, max_length=100)] | None = Field(
        None, description="the person challenged, when not a user")
    grounds: Annotated[str, Field(pattern=PLAIN, max_length=2000)]
    on: date | None = Field(None, description="the day the application was made")
    version: Version | None = None


class DecisionBody(Body):
    granted: bool
    on: date | None = Field(None, description="the decision's date (default: today)")
    note: Annotated[str, Field(pattern=PLAIN, max_length=2000)] | None = None
    version: Version | None = None


class CaseWithRecusal(CaseOut):
    recusal: RecusalOut


@bp.put("/cases/<int:case_id>/panel")
@api_auth(*CASE_ROLES)
@api.validate(json=PanelBody, skip_validation=True, resp=answers(200, CaseOut, errors=ERRORS))
def put_panel(case_id: int):  # type: ignore[no-untyped-def]
    """Re-form the panel (a supervisor of the handling unit or above), with the filing checks."""
    case = get_case_for(current_user, case_id, for_update=True)
    panel.may_change_panel(current_user, case, registry()).enforce()
    body = deferred_body(PanelBody)
    panel.reform_panel(current_user, case, panel=body.panel, reason=body.reason, on=body.on,
                       version=body.version, registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))


@bp.post("/cases/<int:case_id>/recusals")
@api_auth(*CASE_ROLES)
@api.validate(json=RecusalBody, skip_validation=True,
              resp=answers(201, CaseWithRecusal, errors=ERRORS))
def post_recusal(case_id: int):  # type: ignore[no-untyped-def]
    """Record a party's recusal application (an officer or supervisor of the handling unit)."""
    case = get_case_for(current_user, case_id, for_update=True)
    recusals.may_apply_recusal(current_user, case, registry()).enforce()
    body = deferred_body(RecusalBody)
    application = recusals.apply_recusal(
        current_user, case, party=body.party, target_role=body.target_role, target=body.target,
        target_name=body.target_name, grounds=body.grounds, on=body.on, version=body.version,
        registry=registry())
    out = case_as_dict(case, current_user, registry())
    out["recusal"] = recusals.recusal_as_dict(application)
    response = jsonify(out)
    response.headers["Location"] = f"/api/v1/cases/{case.id}/recusals/{application.id}"
    return response, 201


@bp.post("/cases/<int:case_id>/recusals/<int:application_id>/decision")
@api_auth(*CASE_ROLES)
@api.validate(json=DecisionBody, skip_validation=True, resp=answers(200, CaseOut, errors=ERRORS))
def post_recusal_decision(case_id: int, application_id: int):  # type: ignore[no-untyped-def]
    """Grant or refuse an application (a supervisor of the handling unit or above)."""
    case = get_case_for(current_user, case_id, for_update=True)
    application = recusals.get_recusal(case, application_id)
    recusals.may_decide_recusal(current_user, case, registry()).enforce()
    body = deferred_body(DecisionBody)
    recusals.decide_recusal(current_user, application, granted=body.granted, on=body.on,
                            note=body.note, version=body.version, registry=registry())
    return jsonify(case_as_dict(case, current_user, registry()))

"""Nothing leaks across units at intake: confirmed duplicates and hand-chosen handling units."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.cases.models import Case, Party, Patent
from caseflow.extensions import db
from caseflow.routing.models import Entrustment
from tests.cases.test_views import _intake_form, _signed_in
from tests.factories import intake_payload, open_case_via_api, unit


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Case, Party, Patent, AuditEvent))


def _intake_data(case_id: int) -> str:
    return db.session.scalar(select(AuditEvent.data).where(AuditEvent.case_id == case_id,
                                                           AuditEvent.action == "intake"))


def _other_county_case(client, api) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """An open case of 泰山区 (370902), invisible to 新泰市 (370982) and its stations."""
    other = open_case_via_api(client, api("370902001-officer"), intake_unit="370902001")
    assert other["handling_unit"]["code"] == "370902"
    return other


# -- a confirmed duplicate is named only to whom may see it --------------------------------------

def test_an_invisible_duplicate_is_confirmed_without_its_number_anywhere(app, client, api):
    other = _other_county_case(client, api)
    headers = api("370982001-officer")
    body = open_case_via_api(client, headers, confirm_duplicate=True)
    warning = next(w for w in body["warnings"] if w["code"] == "duplicate_confirmed")
    assert "其他单位" in warning["message"] and "another unit" in warning["message_en"]
    shown = json.dumps(body, ensure_ascii=False)
    recorded = _intake_data(body["id"])
    events = client.get(f"/api/v1/cases/{body['id']}/events", headers=headers)
    page = _signed_in(app, "370982001-officer").get(f"/cases/{body['id']}")
    for text in (shown, recorded, events.get_data(as_text=True), page.get_data(as_text=True)):
        assert other["receipt_number"] not in text and "370902" not in text
        assert f'"duplicate_case_id": {other["id"]}' not in text
    assert "其他单位办理的一件未结案件" in page.get_data(as_text=True)


def test_the_intake_page_flashes_an_invisible_duplicate_without_its_number(app, client, api):
    other = _other_county_case(client, api)
    station = _signed_in(app, "370982001-officer")
    r = station.post("/cases/new", data=_intake_form(confirm_duplicate="y"))
    assert r.status_code == 302
    page = station.get(r.headers["Location"]).get_data(as_text=True)
    assert "已确认与其他单位办理的一件未结案件并存" in page
    assert other["receipt_number"] not in page and "370902" not in page


def test_a_visible_duplicate_is_named_to_the_actor_and_to_readers_who_see_it(app, client, api):
    other = _other_county_case(client, api)
    city = api("370900-officer")
    body = open_case_via_api(client, city, confirm_duplicate=True, intake_unit="370982001")
    assert body["handling_unit"]["code"] == "370982"
    warning = next(w for w in body["warnings"] if w["code"] == "duplicate_confirmed")
    assert other["receipt_number"] in warning["message"]
    assert warning["duplicate_case_id"] == other["id"]
    # the record does not name it: a later reader of this case may not see the other one
    assert other["receipt_number"] not in _intake_data(body["id"])
    city_page = _signed_in(app, "370900-officer").get(f"/cases/{body['id']}")
    assert f"已确认与 {other['receipt_number']} 并存" in city_page.get_data(as_text=True)
    county_page = _signed_in(app, "370982-officer").get(f"/cases/{body['id']}")
    assert county_page.status_code == 200
    text = county_page.get_data(as_text=True)
    assert other["receipt_number"] not in text and "已确认与另一件未结案件并存" in text
    english = _signed_in(app, "370900-officer")
    english.post("/lang/en")
    assert f"Confirmed as a separate case from {other['receipt_number']}" in english.get(
        f"/cases/{body['id']}").get_data(as_text=True)


# -- a handling unit chosen by hand: within scope, as routing allows, with the reason -------------

def test_a_station_cannot_hand_its_intake_to_another_county(client, api):
    headers = api("370982001-officer")
    before = _counts()
    r = client.post("/api/v1/cases", headers=headers, json=intake_payload(
        handling_unit="370902", routing_reason="被请求人住所地在泰山区"))
    assert r.status_code == 422, r.get_json()
    assert "管辖范围" in r.get_json()["error"]["fields"]["handling_unit"]
    assert _counts() == before
    assert client.get("/api/v1/cases", headers=api("370902-officer")).get_json()["total"] == 0


def test_a_county_without_an_entrustment_in_force_cannot_be_chosen(client, api):
    entrustment = db.session.scalar(select(Entrustment).where(
        Entrustment.to_unit_id == unit("370982").id))
    entrustment.valid_to = date(2026, 6, 30)
    db.session.commit()
    headers = api("370982-officer")
    before = _counts()
    r = client.post("/api/v1/cases", headers=headers, json=intake_payload(
        intake_unit="370982", handling_unit="370982", routing_reason="本局熟悉情况"))
    assert r.status_code == 422
    assert "有效委托" in r.get_json()["error"]["fields"]["handling_unit"]
    assert _counts() == before


def test_a_case_the_rules_send_to_the_city_cannot_be_kept_below(client, api):
    headers = api("370900-officer")
    before = _counts()
    r = client.post("/api/v1/cases", headers=headers, json=intake_payload(
        intake_unit="370900", major=True, handling_unit="370982", routing_reason="就近办理"))
    assert r.status_code == 422
    assert "市局办理" in r.get_json()["error"]["fields"]["handling_unit"]
    assert _counts() == before


def test_an_adjudication_never_goes_to_a_station_even_for_the_city(client, api):
    r = client.post("/api/v1/cases", headers=api("370900-officer"), json=intake_payload(
        intake_unit="370900", handling_unit="370982001", routing_reason="所里熟悉情况"))
    assert r.status_code == 422 and "市场监管所" in r.get_json()["error"]["fields"][
        "handling_unit"]


def test_an_entrusted_county_may_be_chosen_and_the_reason_and_basis_are_recorded(client, api):
    body = open_case_via_api(client, api("370900-officer"), intake_unit="370900",
                             handling_unit="370982", routing_reason="被请求人在新泰市")
    assert body["handling_unit"]["code"] == "370982"
    data = json.loads(_intake_data(body["id"]))
    assert data["routing_override"] == "被请求人在新泰市"
    assert "受泰安市局委托" in data["routing_basis"]


def test_a_station_of_an_entrusted_county_may_take_a_mediation(client, api):
    body = open_case_via_api(client, api("370982-mediator"), intake_unit="370982",
                             workflow="prelitigation_mediation", handling_unit="370982001",
                             routing_reason="当事人均在青云街道")
    assert body["handling_unit"]["code"] == "370982001"
    assert "承办" in json.loads(_intake_data(body["id"]))["routing_basis"]


def test_the_intake_page_refuses_a_unit_outside_scope_and_writes_nothing(app):
    station = _signed_in(app, "370982001-officer")
    before = _counts()
    r = station.post("/cases/new", data=_intake_form(handling_unit="370902",
                                                     routing_reason="被请求人住所地在泰山区"))
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert 'data-error-for="handling_unit"' in page and "不在您的管辖范围内" in page
    assert _counts() == before

"""What `make fuzz` found, kept as regression tests."""

from __future__ import annotations

import pytest

HUGE = "9223372036854775808"  # 2**63: more than a BIGINT holds


@pytest.mark.parametrize("path", [f"/api/v1/cases/{HUGE}/evidence", f"/api/v1/cases/{HUGE}",
                                  f"/api/v1/cases/{HUGE}/events",
                                  f"/api/v1/cases/1/evidence/{HUGE}"])
def test_an_id_too_large_for_the_database_is_404_not_405(client, api, path):
    # the bounded converter refused the value, and werkzeug then reported the other rule of
    # the same path (POST) as 405 Allow: POST
    r = client.get(path, headers=api("370982-officer"))
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"


def test_every_declared_string_refuses_control_characters_in_the_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    body = doc["components"]["schemas"]["TransitionBody"]["properties"]
    assert body["trigger"]["pattern"].startswith("^[^\\u0000-")
    query = {p["name"]: p for p in doc["paths"]["/cases"]["get"]["parameters"]}
    assert "pattern" in query["q"]["schema"]


def test_delete_of_a_party_takes_its_body_or_its_query(client):
    op = client.get("/api/v1/openapi.json").get_json()["paths"][
        "/cases/{case_id}/parties/{party_id}"]["delete"]
    assert op["requestBody"]["required"] is False
    assert {p["name"] for p in op["parameters"]} >= {"reason", "version"}

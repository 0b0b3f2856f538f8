"""What `make fuzz` found, kept as regression tests."""

from __future__ import annotations

import io

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


# --- make fuzz-pg: ids are INTEGER columns, 4 bytes on PostgreSQL ---------------------------

BEYOND_INT4 = str(2**31)  # SQLite's INTEGER holds it; PostgreSQL's `integer out of range`
ID_PATHS = [("GET", "/cases/{n}"), ("GET", "/cases/{n}/events"), ("GET", "/cases/{n}/evidence"),
            ("GET", "/cases/1/evidence/{n}"), ("GET", "/cases/{n}/evidence/1"),
            ("GET", "/cases/{n}/parties/1/identity"), ("GET", "/cases/1/parties/{n}/identity"),
            ("PATCH", "/cases/{n}"), ("PATCH", "/cases/{n}/parties/1"),
            ("DELETE", "/cases/{n}/parties/1"), ("POST", "/assist/{n}"),
            ("POST", "/cases/{n}/actions/extend"), ("POST", "/cases/{n}/actions/extend_mediation"),
            ("POST", "/cases/{n}/assist"), ("POST", "/cases/{n}/evidence"),
            ("POST", "/cases/{n}/parties"), ("POST", "/cases/{n}/recusal"),
            ("POST", "/cases/{n}/routing"), ("POST", "/cases/{n}/transitions")]


#: a body each write accepts, so that the request gets as far as looking its id up
WRITE_BODY = {"reason": "核对", "version": 1}
BODIES = {"/assist/{n}": {"outcome": "done", "note": "已完成"},
          "/cases/{n}/actions/extend_mediation": {"days": 15},
          "/cases/{n}/assist": {"to_unit": "370982", "kind": "inspection", "description": "勘验",
                     "due_on": "2026-12-10"},
          "/cases/{n}/routing": {"action": "sign_for"},
          "/cases/{n}/transitions": {"trigger": "accept"}}


@pytest.mark.parametrize(("method", "path"), ID_PATHS)
def test_an_id_beyond_a_postgresql_integer_is_404_and_writes_nothing(client, api, method, path):
    # each of these was a 500 (NumericValueOutOfRange) on PostgreSQL in `make fuzz-pg`
    from tests.foundation.test_hardening import _events

    headers = api("370982-officer")
    before = _events()
    url = f"/api/v1{path.format(n=BEYOND_INT4)}"
    if path.endswith("/evidence"):
        r = client.post(url, headers=headers, content_type="multipart/form-data",
                        data={"file": (io.BytesIO(b"%PDF-1.4\n"), "a.pdf")})
    else:
        body = None if method == "GET" else {**WRITE_BODY, **BODIES.get(path, {})}
        r = client.open(url, method=method, json=body, headers=headers)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found", r.get_json()
    assert _events() == before


def test_the_document_bounds_every_id_in_a_path_by_a_postgresql_integer(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    bounds = {p["schema"].get("maximum") for ops in paths.values() for op in ops.values()
              for p in op.get("parameters", []) if p["in"] == "path"
              and p["schema"].get("type") == "integer"}
    assert bounds == {2**31 - 1}


def test_a_case_id_beyond_a_postgresql_integer_in_the_audit_filter_is_422(client, api):
    r = client.get(f"/api/v1/audit/events?case={BEYOND_INT4}", headers=api("370982-supervisor"))
    assert r.status_code == 422 and "case" in r.get_json()["error"]["fields"], r.get_json()


def test_a_posted_id_beyond_a_postgresql_integer_is_422(client, login):
    login("370982-officer")
    r = client.post("/notifications/read", data={"id": BEYOND_INT4})
    assert r.status_code == 422, r.status_code

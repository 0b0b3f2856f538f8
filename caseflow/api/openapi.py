"""The OpenAPI 3 description of /api/v1, kept beside the endpoints it describes."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}


def _op(summary: str, *, body: dict[str, Any] | None = None, ok: str = "200",
        errors: tuple[int, ...] = (401,), params: list[dict[str, Any]] | None = None,
        result: dict[str, Any] | None = None, public: bool = False) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {
        ok: {"description": "OK", "content": {"application/json": {
            "schema": result or {"type": "object"}}}}}}
    for status in errors:
        op["responses"][str(status)] = {"description": "error", "content": {
            "application/json": {"schema": ERROR}}}
    if body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    if params:
        op["parameters"] = params
    if public:
        op["security"] = []
    return op


def _q(name: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": {"type": kind}}


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


#: extra path items added by later rooms (cases, workflow, reports) at import time of the API
EXTRA_PATHS: dict[str, dict[str, Any]] = {}


def build_spec() -> dict[str, Any]:
    """Return the whole OpenAPI document."""
    paths: dict[str, Any] = {
        "/auth/token": {"post": _op(
            "Exchange user name and password for a bearer token", public=True,
            body={"type": "object", "required": ["username", "password"], "properties": {
                "username": {"type": "string"}, "password": {"type": "string"}}},
            errors=(400, 401, 422, 429),
            result={"type": "object", "properties": {"token": {"type": "string"},
                                                      "expires_at": {"type": "string"}}})},
        "/me": {"get": _op("The signed-in user")},
        "/units": {"get": _op("The organisation tree in the user's scope",
                              result={"type": "array", "items": {"type": "object"}})},
        "/audit/verify": {"get": _op("Recompute the audit chain", errors=(401, 403))},
        "/openapi.json": {"get": _op("This document", public=True, errors=())},
    }
    paths.update(EXTRA_PATHS)
    return {
        "openapi": "3.0.3",
        "info": {"title": "CaseFlow API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {
                "type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string"}, "message": {"type": "string"},
                    "fields": {"type": "object",
                               "additionalProperties": {"type": "string"}}}}}}},
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }


def add_paths(paths: dict[str, dict[str, Any]]) -> None:
    """Register more path items (called by the rooms that own them)."""
    EXTRA_PATHS.update(paths)


__all__ = ["_op", "_q", "_path", "add_paths", "build_spec"]

"""The API contract: pydantic models that validate every request, and the OpenAPI 3.1 document
spectree builds from those same declarations (so the document cannot drift from the code).

An endpoint declares its inputs and answers once:

    @bp.post("/cases/<int:case_id>/recusal")
    @api_auth(*CASE_ROLES)
    @api.validate(json=RecusalBody, resp=answers(200, CaseOut, errors=(401, 403, 404, 409)))
    def api_recusal(case_id): body = request.context.json ...

Request bodies are parsed as JSON in pydantic's strict mode, so a value is accepted exactly when
the published JSON Schema accepts it (no "5" for 5, no 1 for true); query strings are parsed in
lax mode (they are text). A refused request raises our own errors (400 `malformed_json`,
422 `validation_failed` with per-field messages in the user's language), never spectree's.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask, current_app, request
from pydantic import BaseModel, ConfigDict, ValidationError
from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree
from spectree.plugins.base import Context
from spectree.plugins.flask_plugin import FlaskPlugin
from spectree.utils import get_multidict_items

from caseflow.api.schemas import ErrorBody
from caseflow.errors import DomainError, ValidationFailed
from caseflow.hardening import MAX_ID
from caseflow.i18n_markers import N_, Message

PREFIX = "/api/v1"
#: text without control characters (tab, CR and LF allowed), as caseflow.hardening enforces
#: for every input; every string a request declares carries it
PLAIN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
#: statuses and what they mean in this API (API.md "Errors"); each operation lists its own
ERROR_MEANINGS = {
    400: "Malformed JSON (or a body that is not a JSON object)",
    401: "Not signed in, or the token is missing, expired or revoked",
    403: "The user's role may not do this",
    404: "Does not exist, or is outside the user's unit scope",
    409: "Conflict: invalid_transition, stale_version, duplicate, already_extended, ...",
    413: "Request too large",
    422: "validation_failed, with a message per field",
    429: "Too many attempts; see Retry-After",
}


class Body(BaseModel):
    """A JSON request body: strict types; unknown members are ignored (clients may send more)."""

    model_config = ConfigDict(strict=True, extra="ignore")


class Query(BaseModel):
    """Query-string parameters: text parsed into the declared types."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class _Plugin(FlaskPlugin):
    """spectree's Flask plugin, reading bodies the way the API promises."""

    def request_validation(self, req, query, json, form, headers, cookies):  # type: ignore[no-untyped-def]
        try:
            self._parse(req, query, json, form)
        except ValidationError as error:
            raise _refusal(error, req) from None

    def _parse(self, req, query, json, form) -> None:  # type: ignore[no-untyped-def]
        parsed_query = parsed_json = parsed_form = None
        if query is not None:
            req.caseflow_model = query
            parsed_query = _read_query(req, query)
        if json is not None:
            req.caseflow_model = json
            parsed_json = _read_json(req, json)
        if form is not None:
            req.caseflow_model = form
            data = {**req.form.to_dict(), **req.files.to_dict()}
            parsed_form = form.model_validate(data, strict=False)
        req.context = Context(parsed_query, parsed_json, parsed_form, None, None)

    def validate_response(self, resp, resp_model, skip_validation, force_resp_serialize):  # type: ignore[no-untyped-def]
        # Answers are checked against the document by the test suite and `make fuzz`, not at
        # run time: a drifted answer must fail a test, never become a 500 for a client.
        return self.get_current_app().make_response(resp), None

    def parse_path(self, route, path_parameter_descriptions):  # type: ignore[no-untyped-def]
        path, parameters = super().parse_path(route, path_parameter_descriptions)
        for param in parameters:
            if param["schema"].get("type") == "integer":  # <int:...>: an id, INTEGER-bounded
                param["schema"] = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
        return path, parameters


def _read_query(req, model):  # type: ignore[no-untyped-def]
    return model.model_validate(get_multidict_items(req.args, model))


def _read_json(req, model):  # type: ignore[no-untyped-def]
    if not req.is_json:
        raise _malformed()
    return model.model_validate_json(req.get_data(cache=True) or b"null")


def deferred_body(model: type[BaseModel], *, location: str = "json") -> Any:
    """Validate this request's JSON body (or query) with `model` now.

    For operations declared with `skip_validation=True` that must authorise before they read
    their input; `model` is the one the declaration names, so the document still says what
    is validated.
    """
    request.caseflow_model = model  # type: ignore[attr-defined]
    try:
        return (_read_query if location == "query" else _read_json)(request, model)
    except ValidationError as error:
        raise _refusal(error, request) from None


def _malformed() -> DomainError:
    return DomainError(N_("请求体必须是 JSON 对象。"), code="malformed_json", status=400)


def _refusal(error: ValidationError, req) -> DomainError:  # type: ignore[no-untyped-def]
    """Turn a validation error into the API's error format."""
    problems = error.errors(include_url=False, include_input=False)
    if any(p["type"] == "json_invalid" or not p["loc"] for p in problems):
        return _malformed()
    model = getattr(req, "caseflow_model", None)
    own: Mapping[str, str] = getattr(model, "messages", {})
    fields: dict[str, str] = {}
    for problem in problems:
        path = field_path(problem["loc"])
        message = own.get(f"{path}:{problem['type']}") or own.get(path) or \
            own.get(f"*:{problem['type']}")
        fields.setdefault(path, message or field_message(problem))
    return ValidationFailed(getattr(model, "refusal", N_("提交的内容有误。")), fields=fields)


#: what pydantic puts in a location for the member of a union that failed (not a field name)
_UNION_TAG = re.compile(r"[^a-z0-9_]|^(str|int|float|bool|date|none|nullable)$")


def field_path(loc: Sequence[int | str]) -> str:
    """Name a field as the API's error bodies do: `requesters[0].name`."""
    out = ""
    for part in loc:
        if isinstance(part, str) and _UNION_TAG.search(part):
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_MESSAGES = {
    "missing": N_("必填。"),
    "string_type": N_("须为文本。"),
    "string_too_short": N_("必填。"),
    "string_pattern_mismatch": N_("包含不可见的控制字符或无效字符。"),
    "int_type": N_("须为整数。"),
    "int_parsing": N_("须为整数。"),
    "int_from_float": N_("须为整数。"),
    "float_type": N_("须为数字。"),
    "float_parsing": N_("须为数字。"),
    "bool_type": N_("须为 true 或 false。"),
    "bool_parsing": N_("须为 true 或 false。"),
    "date_type": N_("日期格式应为 YYYY-MM-DD。"),
    "date_parsing": N_("日期格式应为 YYYY-MM-DD。"),
    "date_from_datetime_parsing": N_("日期格式应为 YYYY-MM-DD。"),
    "date_from_datetime_inexact": N_("日期格式应为 YYYY-MM-DD。"),
    "dict_type": N_("须为 JSON 对象。"),
    "model_type": N_("须为 JSON 对象。"),
    "model_attributes_type": N_("须为 JSON 对象。"),
    "list_type": N_("须为数组。"),
}


def field_message(problem: Mapping[str, Any]) -> str:
    """One pydantic problem as a catalogue message (Chinese msgid, English in the catalogue)."""
    kind, ctx = problem["type"], problem.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind in ("literal_error", "enum"):
        return Message(N_("须为以下之一：%(choices)s。"), {"choices": ctx.get("expected", "")})
    if kind == "string_too_long":
        return Message(N_("不能超过 %(n)s 个字符。"), {"n": ctx.get("max_length")})
    if kind == "too_long":
        return Message(N_("最多 %(n)s 项。"), {"n": ctx.get("max_length")})
    if kind == "too_short":
        return Message(N_("至少 %(n)s 项。"), {"n": ctx.get("min_length")})
    if kind == "greater_than_equal":
        return Message(N_("不能小于 %(n)s。"), {"n": ctx.get("ge")})
    if kind == "less_than_equal":
        return Message(N_("不能大于 %(n)s。"), {"n": ctx.get("le")})
    if kind in ("greater_than", "less_than"):
        return N_("超出允许的范围。")
    return N_("无效的值。")


api = SpecTree(
    "flask", backend=_Plugin, mode="strict",
    validation_error_model=ErrorBody,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    title="CaseFlow API", version="1",
    description="The JSON API of CaseFlow (API.md). Errors: "
                '{"error": {"code", "message", "fields": {"field": "message"}}}.',
    security_schemes=[SecurityScheme(name="bearer", data=SecuritySchemeData(
        type="http", scheme="bearer", description="a token from POST /auth/token"))],
    security={"bearer": []},
)


def answers(ok: int | None, model: Any = None, *, errors: Sequence[int] = (401,),
            description: str | None = None) -> Response:
    """The responses of one operation: `ok` with `model` (None: no body), then each error."""
    codes: dict[str, Any] = {}
    if ok is not None:
        codes[f"HTTP_{ok}"] = (model, description) if description else model
    for status in errors:
        codes[f"HTTP_{status}"] = (ErrorBody, ERROR_MEANINGS[status])
    return Response(**codes)


def build_document(app: Flask | None = None) -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of /api/v1, built from the routes' declarations."""
    app = app or current_app
    cached = app.extensions.get("caseflow.openapi")
    if cached is None:
        with app.app_context():
            # spectree builds the document once per process (it lifts nested models out of
            # their parents as it goes), from routes that are the same in every app
            spec = copy.deepcopy(api.spec)
        paths = {path.removeprefix(PREFIX) or "/": item
                 for path, item in sorted(spec["paths"].items()) if path.startswith(PREFIX)}
        for item in paths.values():
            for operation in item.values():
                for param in operation.get("parameters", []):
                    param["schema"] = _query_schema(param["schema"])
            if "requestBody" in item.get("delete", {}):
                item["delete"]["requestBody"]["required"] = False  # or in the query
        cached = {**spec, "servers": [{"url": PREFIX}], "paths": paths}
        app.extensions["caseflow.openapi"] = cached
    return cached


def _query_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter is absent rather than null: drop pydantic's `null` branch and default."""
    schema = {k: v for k, v in schema.items() if k != "title"}
    if schema.get("default", "") is None:
        del schema["default"]
    options = [s for s in schema.get("anyOf", ()) if s != {"type": "null"}]
    if "anyOf" in schema and len(options) == 1:
        del schema["anyOf"]
        schema.update(options[0])
    return schema


def declared_endpoints() -> set[str]:
    """The view functions that carry a declaration (for the coverage test)."""
    return {name for name, view in current_app.view_functions.items()
            if api.get_function_metadata(view) is not None}


def query_of() -> Any:
    """The validated query-string model of this request."""
    return request.context.query  # type: ignore[attr-defined]


def body_of() -> Any:
    """The validated JSON (or form) body model of this request."""
    ctx = request.context  # type: ignore[attr-defined]
    return ctx.json if ctx.json is not None else ctx.form

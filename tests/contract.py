"""Every API answer a test provokes is checked against the published document.

`watch(app)` hooks an `after_request` that looks up the operation of each /api/v1 request in
the OpenAPI document and records a violation when the status is not documented for it or the
JSON body does not match the documented schema; the `app` fixture fails the test on any.
So the whole suite, not only tests/api, keeps the document and the code in step.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Response, request
from jsonschema import Draft202012Validator

from caseflow.api.contract import PREFIX, build_document

VIOLATIONS = "caseflow.test.contract_violations"


def _template(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule).removeprefix(PREFIX)


def problem(doc: dict[str, Any], path: str, method: str, status: int,
            body: Any, content_type: str) -> str | None:
    """Say what is wrong with one answer, or None when the document allows it."""
    operation = doc["paths"].get(path, {}).get(method)
    if operation is None:
        return f"{method.upper()} {path} is not in the document"
    response = operation["responses"].get(str(status))
    if response is None:
        return f"{method.upper()} {path}: status {status} is not documented"
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    if schema is None or not content_type.startswith("application/json"):
        return None
    validator = Draft202012Validator({**schema, "components": doc["components"]})
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path)
        return f"{method.upper()} {path} {status}: {errors[0].message} at /{where}"
    return None


def watch(app: Flask) -> None:
    """Record every /api/v1 answer the document does not allow (see the module docstring)."""
    app.extensions[VIOLATIONS] = []

    @app.after_request
    def _check(response: Response) -> Response:
        rule = request.url_rule
        # 405 has no operation; a 500 is for the no-500 tests (some tests inject one on purpose)
        if rule is None or not rule.rule.startswith(PREFIX + "/") or \
                response.status_code == 405 or response.status_code >= 500:
            return response
        if request.method in ("HEAD", "OPTIONS"):
            return response
        body = response.get_json(silent=True) if response.is_json else None
        found = problem(build_document(app), _template(rule.rule), request.method.lower(),
                        response.status_code, body, response.content_type or "")
        if found:
            app.extensions[VIOLATIONS].append(found)
        return response

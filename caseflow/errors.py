"""Domain errors and the one place that maps them to HTML pages and JSON responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import get_locale, pgettext
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from caseflow.i18n_markers import N_, Listing, Message


def localize(text: str) -> str:
    """Translate a service's message into the current locale; outside a request, keep it."""
    if not text:
        return text
    if not isinstance(text, Message):
        return _(text)
    if text.english is not None:
        return text.english if str(get_locale()).startswith("en") else str(text)
    return _(text.msgid, **{k: _localize_value(v) for k, v in text.params.items()})


def localize_all(texts: Mapping[str, str]) -> dict[str, str]:
    """Translate each message of a mapping (field errors) into the current locale."""
    return {key: localize(text) for key, text in texts.items()}


def _localize_value(value: Any) -> Any:
    if isinstance(value, Listing):
        return _("；").join(localize(item) for item in value)
    return localize(value) if isinstance(value, Message) else value


class DomainError(Exception):
    """A refused action: carries an HTTP status, a machine code and a user message.

    Services raise it with the Chinese msgid marked `N_(...)` (and `params=` when the text
    takes values); `err.message` and `err.fields` stay Chinese for logs, the CLI and tests,
    and pages and the API show `localized()` / `localized_fields()`.
    """

    status = 400
    code = "bad_request"

    def __init__(self, message: str = "", *, params: dict[str, Any] | None = None,
                 code: str | None = None, fields: dict[str, str] | None = None,
                 status: int | None = None) -> None:
        if params:
            message = Message(message, params)
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.fields = fields or {}

    def localized(self) -> str:
        """Return the message in the current locale."""
        return localize(self.message)

    def localized_fields(self) -> dict[str, str]:
        """Return the per-field messages in the current locale."""
        return localize_all(self.fields)

    def localized_summary(self) -> str:
        """Return the message and the field messages as one line, for a flash."""
        texts = [self.localized(), *self.localized_fields().values()]
        return pgettext("between sentences", "；").join(t for t in texts if t)


class NotFound(DomainError):
    status, code = 404, "not_found"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class Conflict(DomainError):
    status, code = 409, "conflict"


class ValidationFailed(DomainError):
    status, code = 422, "validation_failed"


class TooManyAttempts(DomainError):
    status, code = 429, "too_many_requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def wants_json() -> bool:
    """Tell whether the current request should be answered in JSON."""
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str,
               fields: dict[str, str] | None = None, **extra: Any):  # type: ignore[no-untyped-def]
    """Build the API's error body."""
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return jsonify({"error": body}), status


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "too_large",
               415: "unsupported_media_type",
               422: "validation_failed", 429: "too_many_requests"}


_KEPT_HEADERS = {"allow", "retry-after"}


def _http_message(status: int) -> str:
    return {
        400: _("请求格式错误。"), 401: _("请先登录。"), 403: _("您无权执行此操作。"),
        404: _("未找到该页面或记录。"), 405: _("不支持该请求方法。"),
        409: _("操作冲突，请刷新后重试。"),
        413: _("上传内容过大。"), 415: _("不支持的提交格式。"), 422: _("提交的内容有误。"), 429: _("请求过于频繁，请稍后再试。"),
    }.get(status, _("服务器内部错误，请联系管理员。"))


def register_error_handlers(app: Flask) -> None:
    """Map domain errors and HTTP errors to JSON (under /api/) or to error pages."""

    @app.errorhandler(DomainError)
    def _domain(err: DomainError):  # type: ignore[no-untyped-def]
        headers = {}
        if isinstance(err, TooManyAttempts):
            headers["Retry-After"] = str(err.retry_after)
        if wants_json():
            resp, status = json_error(err.status, err.code, err.localized(),
                                      err.localized_fields())
            resp.headers.update(headers)
            return resp, status
        page = render_template("errors/error.html", status=err.status,
                               message=err.localized() or _http_message(err.status))
        return page, err.status, headers

    @app.errorhandler(StaleDataError)
    def _stale(_err: StaleDataError):  # type: ignore[no-untyped-def]
        # The optimistic lock (version_id_col) lost to a concurrent writer at flush time.
        return _domain(Conflict(N_("案件已被他人修改，请刷新后重试。"), code="stale_version"))

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException):  # type: ignore[no-untyped-def]
        status = err.code or 500
        # 405 names the methods allowed; 429/503 say when to retry.
        headers = [(k, v) for k, v in err.get_headers() if k.lower() in _KEPT_HEADERS]
        if wants_json():
            message = _http_message(status)
            if status == 429 and err.description:
                message = _("请求过于频繁，请稍后再试。")
            resp, status = json_error(status, _HTTP_CODES.get(status, "error"), message)
            resp.headers.extend(headers)
            return resp, status
        return render_template("errors/error.html", status=status,
                               message=_http_message(status)), status, headers

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):  # type: ignore[no-untyped-def]
        app.logger.exception("unhandled error")
        if wants_json():
            return json_error(500, "internal_error", _http_message(500))
        return render_template("errors/error.html", status=500, message=_http_message(500)), 500

"""Input that must never reach the code as a 500: huge integers, deep JSON, nameless multipart
parts, control characters and lone surrogates, and redirect targets off this site.

`install(app)` runs in `create_app` before the blueprints, so the `int` URL converter every
route uses is the bounded one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Request, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.routing import IntegerConverter

from caseflow.errors import ValidationFailed
from caseflow.i18n_markers import N_, Message

#: the largest integer a BIGINT column (SQLite INTEGER, PostgreSQL bigint) holds
MAX_INT = 2**63 - 1
#: the largest id: ids are INTEGER columns, 4 bytes on PostgreSQL (8 on SQLite), and a larger
#: number in a query is `integer out of range` there, not just "no such row"
MAX_ID = 2**31 - 1
#: the largest page number any list accepts (far beyond any real list, far below MAX_INT)
MAX_PAGE = 10_000_000
#: control characters a multi-line text may carry
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_INTEGER = re.compile(r"-?[0-9]{1,19}")


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` that never hands the database more than an id column holds (larger: 404).

    A number above MAX_ID reads as 0, an id no row has, so the view answers 404. (Refusing it
    in the converter instead made the router answer 405 whenever another rule of the same
    path matched with another method: `GET /api/v1/cases/<huge>/evidence` got 405 Allow POST.)
    """

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else 0


class SafeJSONProvider(DefaultJSONProvider):
    """Parse JSON bodies; a body nested too deep to parse is malformed, not a crash."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return json.loads(s, **kwargs)
        except RecursionError as err:
            raise ValueError("JSON nested too deeply") from err


class NamedPartsParser(MultiPartParser):
    """A multipart parser that drops parts without a `name=` (nothing can read them)."""

    def parse(self, stream, boundary, content_length):  # type: ignore[no-untyped-def]
        form, files = super().parse(stream, boundary, content_length)
        kept = []
        for key, upload in files.items(multi=True):
            if key:
                kept.append((key, upload))
            else:
                upload.close()  # the request closes only the files it keeps
        return self.cls((k, v) for k, v in form.items(multi=True) if k), self.cls(kept)


class NamedPartsFormDataParser(FormDataParser):
    """Form parsing through `NamedPartsParser`."""

    def _parse_multipart(self, stream, mimetype, content_length, options):  # type: ignore[no-untyped-def]
        parser = NamedPartsParser(stream_factory=self.stream_factory,
                                  max_form_memory_size=self.max_form_memory_size,
                                  max_form_parts=self.max_form_parts, cls=self.cls)
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        form, files = parser.parse(stream, boundary, content_length)
        return stream, form, files


class SafeRequest(Request):
    """The app's request class: multipart parts without a name are dropped."""

    form_data_parser_class = NamedPartsFormDataParser


def int_arg(name: str, default: int, *, min: int = 1, max: int = MAX_PAGE) -> int:  # noqa: A002
    """Read an integer query argument; 422 in the error format when it is not one in range."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    if not _INTEGER.fullmatch(raw) or not min <= int(raw) <= max:
        raise ValidationFailed(N_("提交的内容有误。"), fields={name: Message(
            N_("须为 %(min)s 至 %(max)s 之间的整数。"), {"min": min, "max": max})})
    return int(raw)


def form_int(name: str) -> int | None:
    """Read an id from the posted form: None when absent, 422 when not a positive integer."""
    raw = (request.form.get(name) or "").strip()
    if not raw:
        return None
    if not _INTEGER.fullmatch(raw) or not 1 <= int(raw) <= MAX_ID:
        raise ValidationFailed(N_("提交的内容有误。"), fields={name: Message(
            N_("须为 %(min)s 至 %(max)s 之间的整数。"), {"min": 1, "max": MAX_ID})})
    return int(raw)


def page_number(name: str = "page") -> int:
    """Read a page number for an HTML list: garbage means page 1, a huge number is a 422."""
    raw = (request.args.get(name) or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return int_arg(name, 1, min=0, max=MAX_PAGE) or 1


def bad_character(text: str, *, multiline: bool = True) -> bool:
    """Tell whether `text` has a control character (bar tab/newline) or a lone surrogate."""
    for char in text:
        code = ord(char)
        if code < 32 or 0x7F <= code <= 0x9F:
            if not (multiline and char in _ALLOWED_CONTROLS):
                return True
        elif 0xD800 <= code <= 0xDFFF:
            return True
    return False


def _json_strings(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Yield (path, leaf) for every key, string and integer of a parsed JSON document."""
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                yield f"{where}.{key}" if where else str(key), key
                stack.append((f"{where}.{key}" if where else str(key), child))
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", child) for i, child in enumerate(item))
        else:
            yield where, item


def _first_bad_field() -> str | None:
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if bad_character(key) or bad_character(value):
                return _shown(key)
    for key, upload in request.files.items(multi=True):
        if bad_character(key) or bad_character(upload.filename or "", multiline=False):
            return _shown(key)
    if request.is_json:
        body = request.get_json(silent=True)
        for where, leaf in _json_strings(body, ""):
            if isinstance(leaf, str) and bad_character(leaf):
                return _shown(where)
            if isinstance(leaf, int) and not -MAX_INT - 1 <= leaf <= MAX_INT:
                return _shown(where)
    return None


def _shown(name: str) -> str:
    # The field name itself may be what is bad: never echo a control character back.
    return name if not bad_character(name) and len(name) <= 100 else "?"


def refuse_control_characters() -> None:
    """Refuse (422) any text input with a control character or a lone surrogate, or any JSON
    integer too large for the database, before a view can store it."""
    field = _first_bad_field()
    if field is not None:
        raise ValidationFailed(N_("提交的内容包含不可见的控制字符或无效字符。"),
                               fields={field: N_("包含不可见的控制字符或无效字符。")})


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` when it is a relative path on this site, else `fallback`.

    Judged after what a browser and Werkzeug do to a URL: tab, CR and LF are removed and a
    backslash reads as a slash, so `/\\evil`, `/%09/evil` and `//evil` all leave the site.
    """
    if not target or not isinstance(target, str) or bad_character(target, multiline=False):
        return fallback
    seen = "".join(c for c in target if c not in _ALLOWED_CONTROLS).replace("\\", "/")
    if not seen.startswith("/") or seen.startswith("//") or seen != target:
        return fallback
    parts = urlsplit(seen)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def install(app: Flask) -> None:
    """Bound integer URL parts, parse JSON and multipart safely, refuse control characters."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.json = SafeJSONProvider(app)
    app.request_class = SafeRequest
    app.before_request(refuse_control_characters)

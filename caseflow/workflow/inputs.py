"""Validate the `data` of a transition request against the transition's declared inputs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from caseflow.i18n_markers import N_, Message
from caseflow.workflow.spec import InputSpec, Transition

__all__ = ["MAX_TEXT", "normalise_ruling_number", "parse_date", "validate_inputs"]

MAX_TEXT = 5000
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# (year) + court code + case-type code + serial + 号, e.g. (2026)鲁09民初123号, (2016)沪73民初113号.
_RULING = re.compile(r"^\((\d{4})\)[\u4e00-\u9fff]{1,4}\d{0,6}[\u4e00-\u9fff]{1,6}\d{1,7}号"
                     r"(之[一二三四五六七八九十]+)?$")
_MONEY_PLACES = Decimal("0.01")


class _Invalid(ValueError):
    """Carry the Chinese message for one bad value."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_date(value: Any) -> date:
    """Return a date from a `date` or a 'YYYY-MM-DD' string; raise ValueError otherwise."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Invalid(N_("日期格式应为 YYYY-MM-DD，且须为有效日期。"))


def normalise_ruling_number(value: str) -> str:
    """Fold full-width brackets and digits and drop spaces, as in （2026）鲁09民初１２３号."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).replace("〔", "(").replace(
        "〕", ")")


def _text(value: Any, spec: InputSpec) -> str:
    if not isinstance(value, str):
        raise _Invalid(N_("应为文本。"))
    if len(value) > MAX_TEXT:
        raise _Invalid(Message(N_("不能超过 %(n)s 个字符。"), {"n": MAX_TEXT}))
    return value.strip()


def _choice(value: Any, spec: InputSpec) -> str:
    if value not in spec.choices:
        raise _Invalid(Message(N_("请从以下选项中选择：%(choices)s。"),
                               {"choices": "、".join(spec.choices)}))
    return value


def _money(value: Any, spec: InputSpec) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise _Invalid(N_("金额应为数字。"))
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise _Invalid(N_("金额应为数字。")) from None
    if not amount.is_finite() or amount < 0:
        raise _Invalid(N_("金额不能为负数。") if amount.is_finite() else N_("金额应为数字。"))
    if amount != amount.quantize(_MONEY_PLACES):
        raise _Invalid(N_("金额最多保留两位小数。"))
    return amount.quantize(_MONEY_PLACES)


def _boolean(value: Any, spec: InputSpec) -> bool:
    # Strict: JSON true/false, or the exact strings a form sends; never 1/0, "yes" or "".
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise _Invalid(N_("应为 true 或 false。"))


def _ruling_number(value: Any, spec: InputSpec) -> str:
    if not isinstance(value, str):
        raise _Invalid(N_("应为文本。"))
    number = normalise_ruling_number(value)
    if not _RULING.match(number):
        raise _Invalid(N_("案号格式应如 (2026)鲁09民特123号。"))
    return number


def _receipts(value: Any, spec: InputSpec) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise _Invalid(N_("请逐一填写各方当事人的签收日期。"))
    out: list[dict[str, Any]] = []
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) != {"party", "received_on"}:
            raise _Invalid(Message(N_("第 %(i)s 条应包含 party 和 received_on。"), {"i": i}))
        party = item["party"]
        if isinstance(party, bool) or not isinstance(party, int) or party < 1:
            raise _Invalid(Message(N_("第 %(i)s 条：当事人编号无效。"), {"i": i}))
        if any(r["party"] == party for r in out):
            raise _Invalid(Message(N_("第 %(i)s 条：当事人 %(party)s 重复。"),
                                   {"i": i, "party": party}))
        try:
            received_on = parse_date(item["received_on"])
        except ValueError as exc:
            raise _Invalid(Message(N_("第 %(i)s 条：%(problem)s"),
                                   {"i": i, "problem": Message(str(exc))})) from None
        out.append({"party": party, "received_on": received_on})
    return out


MAX_USERNAMES = 15
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _usernames(value: Any, spec: InputSpec) -> list[str]:
    # A form sends one line ("a, b、c"); JSON sends a list. Order is kept: the first leads.
    if isinstance(value, str):
        value = [v for v in _SEPARATORS.split(value) if v]
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_USERNAMES:
        raise _Invalid(Message(N_("应为 1 至 %(n)s 个用户名的列表。"), {"n": MAX_USERNAMES}))
    names = [v.strip() if isinstance(v, str) else v for v in value]
    if any(not isinstance(v, str) or not v or len(v) > 64
           or any(unicodedata.category(c)[0] == "C" for c in v) for v in names):
        raise _Invalid(N_("用户名须为不含控制字符的非空文本。"))
    if len(set(names)) != len(names):
        raise _Invalid(N_("用户名不能重复。"))
    return names
def _party_id(value: Any) -> int:
    # The service checks that the id names a party of this case.
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 2**31 - 1:
        raise _Invalid(N_("当事人编号无效。"))
    return value


def _integer(value: Any) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 999:
        raise _Invalid(N_("应为 0 至 999 的整数。"))
    return value


_CLEANERS: dict[str, Callable[[Any, InputSpec], Any]] = {
    "date": lambda value, spec: parse_date(value),
    "text": _text,
    "choice": _choice,
    "money": _money,
    "boolean": _boolean,
    "ruling_number": _ruling_number,
    "receipts": _receipts,
    "usernames": _usernames,
    "respondent_receipts": _receipts,
    "party": lambda value, spec: _party_id(value),
    "integer": lambda value, spec: _integer(value),
}


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list)) and not value)


def validate_inputs(transition: Transition, data: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (clean values, errors by field); unknown fields and bad values are errors."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, {"data": N_("提交的数据应为键值对象。")}
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in data:
        if transition.input(name) is None:
            errors[str(name)] = N_("该操作不接受此项。")
    for spec in transition.inputs:
        value = data.get(spec.name)
        if isinstance(value, str) and spec.type != "text":
            value = value.strip()
        if _missing(value):
            if spec.required:
                errors[spec.name] = N_("此项为必填项。")
            continue
        try:
            cleaned = _CLEANERS[spec.type](value, spec)
        except _Invalid as exc:
            errors[spec.name] = exc.message
            continue
        if spec.required and _missing(cleaned):
            errors[spec.name] = N_("此项为必填项。")
        elif not _missing(cleaned):
            clean[spec.name] = cleaned
    return clean, errors

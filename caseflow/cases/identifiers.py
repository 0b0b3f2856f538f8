"""Validate and normalise the identifiers met in case files (DOMAIN.md §12)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers

from caseflow.i18n_markers import Message

__all__ = [
    "Check",
    "check_credit_code",
    "check_id_number",
    "check_patent_number",
    "check_phone",
    "mask_id_number",
    "patent_year",
]


@dataclass(frozen=True)
class Check:
    """Hold the outcome of one identifier check."""

    ok: bool
    value: str
    error: str | None
    warning: str | None
    error_en: str | None = None
    warning_en: str | None = None
    kind: str | None = None

    def refusal(self, fallback: str) -> str:
        """Return the error as a message that a page can show in Chinese or English."""
        return Message(self.error, english=self.error_en) if self.error else fallback


def _fail(value: str, zh: str, en: str, kind: str | None = None) -> Check:
    """Build a refusing result."""
    return Check(False, value, zh, None, error_en=en, kind=kind)


def _clean(raw: str, drop: str = r"[\s]") -> str:
    """Fold full-width characters to ASCII, upper-case and drop the given separators."""
    return re.sub(drop, "", unicodedata.normalize("NFKC", raw or "")).upper()


# --- Patent numbers (ZC 0006-2003 and the 1985-2003 format) ---------------------------------

_PATENT_KINDS = {
    "1": "invention",
    "2": "utility_model",
    "3": "design",
    "8": "pct_invention",
    "9": "pct_utility_model",
}
_NEW_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_OLD_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)
_PATENT_RE = re.compile(r"(\d{12}|\d{8})\.?([0-9X])")


def _patent_check_char(digits: str) -> str:
    """Return the mod-11 check character for 12 or 8 patent digits."""
    weights = _NEW_WEIGHTS if len(digits) == 12 else _OLD_WEIGHTS
    rest = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "X" if rest == 10 else str(rest)


def patent_year(normalised: str) -> int:
    """Return the application year of a normalised patent number."""
    digits = normalised.split(".")[0]
    if len(digits) >= 12:
        return int(digits[:4])
    two = int(digits[:2])
    return 2000 + two if two <= 3 else 1900 + two


def check_patent_number(raw: str, *, today: date | None = None) -> Check:
    """Validate a Chinese patent or application number in the new or old format."""
    value = _clean(raw)
    if value[:2] in ("ZL", "CN"):
        value = value[2:]
    match = _PATENT_RE.fullmatch(value)
    if not match:
        if re.fullmatch(r"\d{12}|\d{8}", value):
            return _fail(
                value,
                "专利号缺少校验位（小数点后的一位）",
                "Patent number lacks its check character",
            )
        return _fail(
            value,
            "专利号格式错误：应为 12 位数字加校验位（如 200820185283.1），"
            "或 2003 年前的 8 位数字加校验位（如 97101765.4）",
            "Malformed patent number: expected 12 (or old-format 8) digits plus a check character",
        )
    digits, given = match.groups()
    value = f"{digits}.{given}"
    type_digit = digits[4] if len(digits) == 12 else digits[2]
    kind = _PATENT_KINDS.get(type_digit)
    if kind is None:
        return _fail(
            value,
            f"专利号类型位错误：{type_digit} 不是 1、2、3、8、9 之一",
            f"Invalid patent type digit {type_digit}: expected 1, 2, 3, 8 or 9",
        )
    year = patent_year(value)
    if len(digits) == 12:
        last = (today or date.today()).year + 1
        if not 2003 <= year <= last:
            return _fail(
                value,
                f"专利号年份错误：{year} 不在 2003–{last} 之间",
                f"Invalid patent year {year}: expected 2003-{last}",
                kind,
            )
    elif not (1985 <= year <= 2003):
        return _fail(
            value,
            f"专利号年份错误：旧格式年份应为 85–99 或 00–03，不能是 {digits[:2]}",
            f"Invalid old-format year {digits[:2]}: expected 85-99 or 00-03",
            kind,
        )
    expected = _patent_check_char(digits)
    if given != expected:
        return _fail(
            value,
            f"专利号校验位错误：应为 {expected}",
            f"Wrong patent check character: expected {expected}",
            kind,
        )
    return Check(True, value, None, None, kind=kind)


# --- Unified Social Credit Code (GB 32100-2015) ---------------------------------------------

_CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def _credit_check_char(body: str) -> str:
    """Return the GB 32100 check character for the first 17 characters."""
    total = sum(_CREDIT_CHARSET.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARSET[(31 - total % 31) % 31]


def check_credit_code(raw: str) -> Check:
    """Validate an 18-character unified social credit code, warning on a bad check char."""
    value = _clean(raw, r"[\s-]")
    if len(value) != 18:
        return _fail(
            value,
            f"统一社会信用代码应为 18 位，现为 {len(value)} 位",
            f"Credit code must have 18 characters, got {len(value)}",
        )
    bad = sorted({c for c in value if c not in _CREDIT_CHARSET})
    if bad:
        chars = "、".join(bad)
        return _fail(
            value,
            f"统一社会信用代码含非法字符：{chars}（不使用 I、O、Z、S、V）",
            f"Credit code has invalid characters: {', '.join(bad)}",
        )
    expected = _credit_check_char(value[:17])
    if value[17] != expected:
        return Check(
            True,
            value,
            None,
            f"统一社会信用代码校验位不符（按 GB 32100 应为 {expected}），请核对营业执照原件",
            warning_en=f"Credit code check character does not match (expected "
            f"{expected}); verify against the business licence",
        )
    return Check(True, value, None, None)


# --- Resident identity card number (GB 11643-1999) -----------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_id_number(raw: str, *, today: date | None = None, earliest_year: int = 1850) -> Check:
    """Validate an 18-digit resident identity card number including its birth date."""
    value = _clean(raw, r"[\s-]")
    if re.fullmatch(r"\d{15}", value):
        return _fail(
            value,
            "这是 15 位旧身份证号，请填写 18 位身份证号",
            "Old 15-digit ID numbers are not accepted; enter the 18-digit number",
        )
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return _fail(
            value,
            f"身份证号应为 17 位数字加 1 位数字或 X，现为 {len(value)} 位",
            "ID number must be 17 digits followed by a digit or X",
        )
    born = value[6:14]
    try:
        birth = date(int(born[:4]), int(born[4:6]), int(born[6:]))
    except ValueError:
        birth = None
    if birth is None or birth.year < earliest_year or birth > (today or date.today()):
        return _fail(
            value, f"身份证号中的出生日期无效：{born}", f"Invalid birth date in ID number: {born}"
        )
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    expected = "10X98765432"[total % 11]
    if value[17] != expected:
        return _fail(
            value,
            f"身份证号校验位错误：应为 {expected}",
            f"Wrong ID number check character: expected {expected}",
        )
    return Check(True, value, None, None)


def mask_id_number(value: str) -> str:
    """Mask an ID number to its first 6 and last 4 characters."""
    if len(value) < 15:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


# --- Telephone numbers -----------------------------------------------------------------------

_MOBILE_RE = re.compile(r"(?:\+?86|0086)?(1[3-9]\d{9})")
_LANDLINE_RE = re.compile(r"(010|02\d|0[3-9]\d\d)-?(\d{7,8})(?:(?:-|转|EXT\.?|X|#)(\d{1,6}))?")


def _international(compact: str) -> str | None:
    """A valid number outside the mainland written with + (or 00) and its country code, in
    international format (Google's libphonenumber metadata judges the country's plan)."""
    if not compact.startswith(("+", "00")) or compact.startswith(("+86", "0086")):
        return None
    try:
        number = phonenumbers.parse("+" + compact.removeprefix("+").removeprefix("00"), None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def check_phone(raw: str) -> Check:
    """Validate a mainland mobile number, a landline with area code, or a number outside the
    mainland in international form (+852 2345 6789: a party without a domicile in China)."""
    compact = _clean(raw, r"[\s()]")
    international = _international(compact)
    if international:
        return Check(True, international, None, None)
    mobile = _MOBILE_RE.fullmatch(compact.replace("-", ""))
    if mobile:
        return Check(True, mobile.group(1), None, None)
    landline = _LANDLINE_RE.fullmatch(compact)
    if landline:
        area, local, ext = landline.groups()
        return Check(True, f"{area}-{local}" + (f"-{ext}" if ext else ""), None, None)
    return _fail(
        compact,
        "电话号码格式错误：应为 11 位手机号（如 13812345678）"
        "、带区号的固定电话（如 0538-1234567，可加分机号）或境外号码（如 +852 2345 6789）",
        "Invalid phone number: expected an 11-digit mobile number, a landline "
        "with area code (e.g. 0538-1234567, optional extension) or a number outside the "
        "mainland in international form (e.g. +852 2345 6789)",
    )

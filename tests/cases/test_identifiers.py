"""Table-driven tests for caseflow.cases.identifiers (DOMAIN.md §12)."""

from datetime import date

import pytest

from caseflow.cases.identifiers import (
    Check,
    check_credit_code,
    check_id_number,
    check_patent_number,
    check_phone,
    mask_id_number,
    patent_year,
)

TODAY = date(2025, 6, 1)

# --- Patent numbers --------------------------------------------------------------------------

PATENT_OK = [
    # raw, normalised, kind, year
    ("200680018223.4", "200680018223.4", "pct_invention", 2006),
    ("200820185283.1", "200820185283.1", "utility_model", 2008),
    ("200930231150.3", "200930231150.3", "design", 2009),
    ("201220687633.0", "201220687633.0", "utility_model", 2012),
    ("90101673.X", "90101673.X", "invention", 1990),
    ("97101765.4", "97101765.4", "invention", 1997),
    ("ZL200820185283.1", "200820185283.1", "utility_model", 2008),
    ("zl 2008 2 0185283.1", "200820185283.1", "utility_model", 2008),
    ("CN200930231150.3", "200930231150.3", "design", 2009),
    ("cn200680018223.4", "200680018223.4", "pct_invention", 2006),
    ("  ZL 200820185283.1  ", "200820185283.1", "utility_model", 2008),
    ("2008201852831", "200820185283.1", "utility_model", 2008),
    ("90101673x", "90101673.X", "invention", 1990),
    ("ZL90101673.x", "90101673.X", "invention", 1990),
    ("ＺＬ２００８２０１８５２８３．１", "200820185283.1", "utility_model", 2008),
    ("200890185283.X", "200890185283.X", "pct_utility_model", 2008),
    ("200320185283.9", "200320185283.9", "utility_model", 2003),
    ("202620185283.X", "202620185283.X", "utility_model", 2026),  # today.year + 1
    ("85101673.1", "85101673.1", "invention", 1985),
    ("03101673.1", "03101673.1", "invention", 2003),
    ("99201765.3", "99201765.3", "utility_model", 1999),
    ("00301765.6", "00301765.6", "design", 2000),
]


@pytest.mark.parametrize(("raw", "value", "kind", "year"), PATENT_OK)
def test_patent_accepted(raw: str, value: str, kind: str, year: int) -> None:
    result = check_patent_number(raw, today=TODAY)
    assert result == Check(True, value, None, None, kind=kind)
    assert patent_year(result.value) == year


PATENT_BAD = [
    # raw, fragment expected in the Chinese error
    ("200820185284.1", "校验位错误：应为 6"),  # one digit changed
    ("200820185283.2", "校验位错误：应为 1"),  # wrong check char
    ("200680018223.X", "校验位错误：应为 4"),
    ("ZL201220687633.1", "校验位错误：应为 0"),
    ("90101673.1", "校验位错误：应为 X"),
    ("97101765.5", "校验位错误：应为 4"),
    ("97101766.4", "校验位错误："),  # one digit changed, old format
    ("200840185283.2", "类型位错误：4"),  # type 4, otherwise consistent
    ("200870185283.9", "类型位错误：7"),
    ("90401673.0", "类型位错误：4"),
    ("200220185283.4", "年份错误：2002"),  # before the new format
    ("202720185283.4", "年份错误：2027"),  # beyond today.year + 1
    ("84101673.9", "年份错误"),  # old format before 1985
    ("04101673.4", "年份错误"),  # old format after 2003
    ("20082018528.1", "格式错误"),  # 11 digits
    ("2008201852833.1", "格式错误"),  # 13 digits
    ("2008201852A3.1", "格式错误"),  # letter inside
    ("200820185283.Y", "格式错误"),  # bad check char
    ("200820185283..1", "格式错误"),
    ("9010167.X", "格式错误"),  # 7 digits
    ("", "格式错误"),
    ("200820185283", "缺少校验位"),
    ("ZL97101765", "缺少校验位"),
]


@pytest.mark.parametrize(("raw", "fragment"), PATENT_BAD)
def test_patent_refused(raw: str, fragment: str) -> None:
    result = check_patent_number(raw, today=TODAY)
    assert not result.ok
    assert result.error is not None and fragment in result.error
    assert result.error_en
    assert result.warning is None


def test_patent_year_window_follows_today() -> None:
    assert check_patent_number("202720185283.4", today=date(2026, 1, 1)).ok
    assert check_patent_number("200820185283.1").ok  # default today


def test_patent_check_error_keeps_kind() -> None:
    assert check_patent_number("ZL200820185283.2").kind == "utility_model"


# --- Unified social credit codes -------------------------------------------------------------

CREDIT_OK = [
    ("91350100M000100Y43", "91350100M000100Y43"),
    ("914403001922038216", "914403001922038216"),
    ("9144030071526726XG", "9144030071526726XG"),
    ("91330100716105852F", "91330100716105852F"),
    ("9144030071526726xg", "9144030071526726XG"),
    (" 91330100 716105852F ", "91330100716105852F"),
]


@pytest.mark.parametrize(("raw", "value"), CREDIT_OK)
def test_credit_code_accepted(raw: str, value: str) -> None:
    assert check_credit_code(raw) == Check(True, value, None, None)


CREDIT_WARN = [
    # raw, expected check char in the warning
    ("91350100M0001TGQXM", "1"),  # genuine Fujian pilot code that fails the check
    ("91350100M000100Y44", "3"),  # wrong check char
    ("91350100M000200Y43", "T"),  # one digit changed
    ("914403001922038217", "6"),
    ("91330100716105852G", "F"),
]


@pytest.mark.parametrize(("raw", "expected"), CREDIT_WARN)
def test_credit_code_warns_on_check_char(raw: str, expected: str) -> None:
    result = check_credit_code(raw)
    assert result.ok and result.error is None
    assert result.warning is not None and f"应为 {expected}" in result.warning
    assert result.warning_en


CREDIT_BAD = [
    ("91350100M000100Y4", "18 位"),  # 17 chars
    ("91350100M000100Y433", "18 位"),  # 19 chars
    ("", "18 位"),
    ("91350100M00010OY43", "非法字符：O"),
    ("9135010OI000100Y43", "非法字符：I、O"),
    ("91350100M000100Z43", "非法字符：Z"),
    ("91350100S000100V43", "非法字符：S、V"),
    ("91350100M000100Y4*", "非法字符：*"),
]


@pytest.mark.parametrize(("raw", "fragment"), CREDIT_BAD)
def test_credit_code_refused(raw: str, fragment: str) -> None:
    result = check_credit_code(raw)
    assert not result.ok
    assert result.error is not None and fragment in result.error
    assert result.error_en


# --- Resident ID numbers ---------------------------------------------------------------------

ID_OK = [
    ("11010519491231002X", "11010519491231002X"),
    ("11010519491231002x", "11010519491231002X"),
    (" 370902199001011235 ", "370902199001011235"),
    ("110105200006300012", "110105200006300012"),
]


@pytest.mark.parametrize(("raw", "value"), ID_OK)
def test_id_number_accepted(raw: str, value: str) -> None:
    assert check_id_number(raw, today=TODAY) == Check(True, value, None, None)


def test_id_number_standard_example_born_1880() -> None:
    # GB 11643's own specimen (born 1880) passes; the floor is configurable.
    assert check_id_number("440524188001010014").ok
    assert not check_id_number("440524188001010014", earliest_year=1900).ok


ID_BAD = [
    ("110105194912310021", "校验位错误：应为 X"),  # wrong check char
    ("11010519491231003X", "校验位错误：应为 8"),  # one digit changed
    ("370902199001011231", "校验位错误：应为 5"),
    ("370902194902311232", "出生日期无效：19490231"),  # Feb 31, check char consistent
    ("370902199013011232", "出生日期无效：19901301"),  # month 13
    ("110105184912310020", "出生日期无效：18491231"),  # before the 1850 floor
    ("110105209912310029", "出生日期无效：20991231"),  # in the future
    ("370902900101123", "15 位"),  # old 15-digit number
    ("37090219900101123", "现为 17 位"),
    ("3709021990010112355", "现为 19 位"),
    ("37090219900101123Y", "17 位数字加"),
    ("X70902199001011235", "17 位数字加"),
    ("", "现为 0 位"),
]


@pytest.mark.parametrize(("raw", "fragment"), ID_BAD)
def test_id_number_refused(raw: str, fragment: str) -> None:
    result = check_id_number(raw, today=TODAY)
    assert not result.ok
    assert result.error is not None and fragment in result.error
    assert result.error_en


def test_id_number_birth_today_is_accepted() -> None:
    assert check_id_number("110105202506010010", today=TODAY).ok
    assert not check_id_number("110105202506020016", today=TODAY).ok


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("370902199001011231", "370902********1231"),
        ("11010519491231002X", "110105********002X"),
        ("370902900101123", "370902*****1123"),
        ("1234567890", "**********"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask_id_number(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


# --- Phone numbers ---------------------------------------------------------------------------

PHONE_OK = [
    ("13812345678", "13812345678"),
    ("19912345678", "19912345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"),
    ("+8613812345678", "13812345678"),
    ("8613812345678", "13812345678"),
    ("(+86) 138-1234-5678", "13812345678"),
    ("0538-1234567", "0538-1234567"),
    ("0538-12345678", "0538-12345678"),
    ("0538 8234567", "0538-8234567"),
    ("053812345678", "0538-12345678"),
    ("(0538)8234567", "0538-8234567"),
    ("010-62345678", "010-62345678"),
    ("02162345678", "021-62345678"),
    ("0538-8234567-801", "0538-8234567-801"),
    ("0538-8234567转801", "0538-8234567-801"),
    ("0538-8234567 ext. 12", "0538-8234567-12"),
    ("0538-8234567#9", "0538-8234567-9"),
    ("０５３８－８２３４５６７", "0538-8234567"),
    # outside the mainland (a party without a domicile in China), in international format
    ("+852 2345 6789", "+852 2345 6789"),
    ("00852-23456789", "+852 2345 6789"),
    ("+886 2 2345 6789", "+886 2 2345 6789"),
    ("+49 30 12345678", "+49 30 12345678"),
]


@pytest.mark.parametrize(("raw", "value"), PHONE_OK)
def test_phone_accepted(raw: str, value: str) -> None:
    assert check_phone(raw) == Check(True, value, None, None)


PHONE_BAD = [
    "12812345678",  # second digit 2
    "1381234567",  # 10 digits
    "138123456789",  # 12 digits
    "+87 138 1234 5678",
    "+852 1234",  # too short for Hong Kong
    "+1 555 0100 99999",  # not a number of the North American plan
    "538-1234567",  # area code without 0
    "0538-123456",  # local number too short
    "0538-123456789",  # local number too long
    "0538-8234567-",
    "0538-8234567-1234567",  # extension too long
    "1381234567a",
    "",
]


@pytest.mark.parametrize("raw", PHONE_BAD)
def test_phone_refused(raw: str) -> None:
    result = check_phone(raw)
    assert not result.ok
    assert result.error is not None and "电话号码格式错误" in result.error
    assert result.error_en

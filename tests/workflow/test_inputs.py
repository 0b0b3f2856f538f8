"""validate_inputs over every transition of every workflow, and each type's refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from caseflow.workflow import InputSpec, Label, Transition, validate_inputs
from caseflow.workflow.inputs import normalise_ruling_number, parse_date
from tests.workflow.helpers import REGISTRY

SAMPLES: dict[str, tuple[Any, Any]] = {  # type -> (raw, clean)
    "date": ("2026-03-02", date(2026, 3, 2)),
    "text": ("  文本 ", "文本"),
    "money": ("1,200.5", Decimal("1200.50")),
    "boolean": (True, True),
    "ruling_number": ("（2026）鲁09民特１２号", "(2026)鲁09民特12号"),
    "receipts": ([{"party": 3, "received_on": "2026-03-04"}],
                 [{"party": 3, "received_on": date(2026, 3, 4)}]),
    "respondent_receipts": ([{"party": 4, "received_on": "2026-03-05"}],
                            [{"party": 4, "received_on": date(2026, 3, 5)}]),
    "party": ("7", 7),
    "integer": (2, 2),
    "usernames": (["370982-officer", "370982-officer2", "370982-officer3"],
                  ["370982-officer", "370982-officer2", "370982-officer3"]),
}
TRANSITIONS = [(c.workflow.key, t) for c in REGISTRY for t in c.workflow.transitions]
IDS = [f"{key[0]}.v{key[1]}:{t.trigger}" for key, t in TRANSITIONS]


def sample(spec: InputSpec) -> tuple[Any, Any]:
    return (spec.choices[0], spec.choices[0]) if spec.type == "choice" else SAMPLES[spec.type]


@pytest.mark.parametrize(("name", "transition"), TRANSITIONS, ids=IDS)
def test_good_values_are_cleaned(name: tuple[str, int], transition: Transition) -> None:
    raw = {spec.name: sample(spec)[0] for spec in transition.inputs}
    clean, errors = validate_inputs(transition, raw)
    assert errors == {}
    assert clean == {spec.name: sample(spec)[1] for spec in transition.inputs}


@pytest.mark.parametrize(("name", "transition"), TRANSITIONS, ids=IDS)
def test_missing_required_inputs_are_named(name: tuple[str, int], transition: Transition) -> None:
    for empty in ({}, None, {s.name: "" for s in transition.inputs}):
        clean, errors = validate_inputs(transition, empty)
        assert errors == {s.name: "此项为必填项。" for s in transition.inputs if s.required}
        assert clean == {}


@pytest.mark.parametrize(("name", "transition"), TRANSITIONS, ids=IDS)
def test_undeclared_fields_are_refused(name: tuple[str, int], transition: Transition) -> None:
    raw = {spec.name: sample(spec)[0] for spec in transition.inputs} | {"colour": "red"}
    assert validate_inputs(transition, raw)[1] == {"colour": "该操作不接受此项。"}


def _one(kind: str, **kw: Any) -> Transition:
    spec = InputSpec(name="x", type=kind, label=Label("x", "x"), required=True, **kw)
    return Transition(trigger="t", label=Label("t", "t"), source=("a",), dest="b",
                      roles=frozenset({"officer"}), inputs=(spec,))


BAD = [
    ("date", "2026-3-2", "日期格式"), ("date", "2026-02-30", "有效日期"),
    ("date", "20260302", "日期格式"), ("date", 20260302, "日期格式"),
    ("text", 12, "应为文本"), ("text", "字" * 5001, "5000"),
    ("money", "-1", "不能为负数"), ("money", "1.005", "两位小数"), ("money", "abc", "应为数字"),
    ("money", True, "应为数字"), ("money", "NaN", "应为数字"), ("money", 0.1 + 0.2, "两位小数"),
    ("boolean", "yes", "true 或 false"), ("boolean", 1, "true 或 false"),
    ("boolean", "True", "true 或 false"),
    ("ruling_number", "2026鲁09民特12号", "案号格式"),
    ("ruling_number", "(2026)鲁09民特号", "案号格式"),
    ("ruling_number", 12, "应为文本"),
    ("receipts", {"party": 1}, "签收日期"),
    ("receipts", [{"party": 1}], "第 1 条应包含"),
    ("receipts", [{"party": "1", "received_on": "2026-03-02"}], "第 1 条：当事人编号无效"),
    ("receipts", [{"party": True, "received_on": "2026-03-02"}], "当事人编号无效"),
    ("receipts", [{"party": 1, "received_on": "2026-03-02"},
                  {"party": 1, "received_on": "2026-03-03"}], "第 2 条：当事人 1 重复"),
    ("receipts", [{"party": 2, "received_on": "3/2/2026"}], "第 1 条：日期格式"),
    ("party", "x", "当事人编号无效"), ("party", 0, "当事人编号无效"),
    ("party", True, "当事人编号无效"), ("party", 2**31, "当事人编号无效"),
    ("integer", -1, "0 至 999"), ("integer", 1000, "0 至 999"), ("integer", 1.5, "0 至 999"),
    ("integer", True, "0 至 999"), ("integer", "二", "0 至 999"),
]


@pytest.mark.parametrize(("kind", "value", "message"), BAD,
                         ids=[f"{k}:{v!r}"[:40] for k, v, _ in BAD])
def test_bad_values_get_a_chinese_message(kind: str, value: Any, message: str) -> None:
    clean, errors = validate_inputs(_one(kind), {"x": value})
    assert list(errors) == ["x"] and message in errors["x"]
    assert clean == {}


def test_choice_must_be_one_of_the_choices() -> None:
    transition = _one("choice", choices=("infringement", "no_infringement"))
    assert validate_inputs(transition, {"x": "no_infringement"}) == ({"x": "no_infringement"}, {})
    errors = validate_inputs(transition, {"x": "maybe"})[1]
    assert errors == {"x": "请从以下选项中选择：infringement、no_infringement。"}


def test_optional_inputs_may_be_absent_and_booleans_accept_form_strings() -> None:
    accept = REGISTRY.get("adjudication", 1).workflow.find("received", "accept")
    clean, errors = validate_inputs(accept, {"conditions_confirmed": "true"})
    assert (clean, errors) == ({"conditions_confirmed": True}, {})
    clean, _ = validate_inputs(accept, {"conditions_confirmed": False,
                                        "court_action_filed": "false"})
    assert clean == {"conditions_confirmed": False, "court_action_filed": False}


def test_money_accepts_numbers_and_keeps_two_places() -> None:
    for raw in (0, 80000, "80000.00", Decimal("12.3"), 12.5):
        assert validate_inputs(_one("money"), {"x": raw})[0]["x"] == Decimal(str(raw)).quantize(
            Decimal("0.01"))


def test_data_must_be_a_mapping() -> None:
    assert validate_inputs(_one("text"), ["x"]) == ({}, {"data": "提交的数据应为键值对象。"})


def test_helpers() -> None:
    assert parse_date(date(2026, 1, 5)) == date(2026, 1, 5)
    assert parse_date(" 2026-01-05 ") == date(2026, 1, 5)
    with pytest.raises(ValueError):
        parse_date("2026-13-01")
    assert normalise_ruling_number("（2025） 沪73 民初 113 号之一") == "(2025)沪73民初113号之一"
    assert validate_inputs(_one("ruling_number"), {"x": "(2016)最高法民申123号"})[1] == {}

"""A closure deadline extended twice (2025 Measures Art. 37) names both approvals in its basis."""

from __future__ import annotations

from tests.deadlines.test_measures_2025 import CASE, FIRST, SECOND, D, clocks_of


def test_the_basis_names_the_first_extension_and_the_second() -> None:
    second = clocks_of([*CASE, FIRST, SECOND], "2026-02-09")[("closure", None)]
    assert second.due_on == D("2026-10-08")
    zh = "经负责人批准延长至2026-06-27。经上一级管理专利工作的部门批准继续延长至2026-08-27"
    assert zh in second.basis
    assert "extended with the head's approval to 2026-06-27" in second.basis_en
    assert "further extended with the approval of the department above to 2026-08-27" \
        in second.basis_en
    first = clocks_of([*CASE, FIRST], "2026-02-09")[("closure", None)]
    assert "继续延长" not in first.basis  # one approval, one mention
    assert first.basis.count("经负责人批准延长至2026-06-27") == 1

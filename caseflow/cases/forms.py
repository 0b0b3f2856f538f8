"""Read the hand-written case forms into the same shapes the JSON API takes.

The intake page and the action forms are plain HTML forms (rows are added and removed in the
browser, inputs come from the workflow files), each carrying `csrf_token()`; CSRFProtect checks
every POST. These functions only reshape the posted values; all validation is the services'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

PARTY_FIELDS = ("kind", "name", "credit_code", "id_number", "phone", "address",
                "agent_name", "agent_phone")
#: checkboxes of a party row: posted only when ticked, read as booleans
PARTY_FLAGS = ("no_domicile_in_china",)
PARTY_LISTS = ("requesters", "respondents")
INTAKE_FIELDS = ("workflow", "received_on", "intake_unit", "source", "court_name",
                 "court_case_number", "court_procedure", "patent_number", "patent_title",
                 "patentee", "infringement_place", "claim_amount", "summary", "handling_unit",
                 "routing_reason", "subject", "prior_decision_ref", "grant_announced_on")
INTAKE_FLAGS = ("has_evaluation_report", "confirm_duplicate")
MEDIATION = ("prelitigation_mediation", "court_entrusted_mediation")
_ROW = re.compile(r"^(requesters|respondents)-(\d{1,3})-([a-z_]+)$")
_CHECKED = ("y", "on", "true", "1")



def party_rows(form: Mapping[str, str], key: str) -> list[dict[str, Any]]:
    """Return the posted rows of one party list in index order, blank rows dropped."""
    rows: dict[int, dict[str, str]] = {}
    for name in form:
        match = _ROW.match(name)
        if match and match.group(1) == key and match.group(3) in PARTY_FIELDS + PARTY_FLAGS:
            rows.setdefault(int(match.group(2)), {})[match.group(3)] = form[name]
    # A row with only a ticked box is kept, so that its missing name is reported, not dropped.
    kept = [rows[i] for i in sorted(rows)
            if any((rows[i].get(f) or "").strip() for f in PARTY_FIELDS if f != "kind")
            or any(rows[i].get(f, "") in _CHECKED for f in PARTY_FLAGS)]
    return [{**{f: row.get(f, "") for f in PARTY_FIELDS},
             **{f: row.get(f, "") in _CHECKED for f in PARTY_FLAGS}} for row in kept]


def intake_values(form: Mapping[str, str]) -> dict[str, Any]:
    """Return what the intake page shows again: every posted value, as typed."""
    values: dict[str, Any] = {f: form.get(f, "") for f in INTAKE_FIELDS}
    values.update({f: form.get(f, "") in _CHECKED for f in INTAKE_FLAGS})
    for key in PARTY_LISTS:
        values[key] = party_rows(form, key)
    return values


def _party(row: Mapping[str, Any]) -> dict[str, Any]:
    return {**{f: row[f] for f in PARTY_FIELDS if row.get(f)},
            **{f: bool(row.get(f)) for f in PARTY_FLAGS}}


def intake_dict(values: Mapping[str, Any]) -> dict[str, Any]:
    """Shape the intake page's values as the dict `POST /api/v1/cases` takes."""
    data: dict[str, Any] = {f: values[f] for f in ("workflow", "received_on", "intake_unit",
                                                   "infringement_place", "claim_amount",
                                                   "summary", "handling_unit",
                                                   "routing_reason")}
    data["patent"] = {"number": values["patent_number"], "title": values["patent_title"],
                      "patentee": values["patentee"]}
    for key in PARTY_LISTS:
        data[key] = [_party(row) for row in values[key]]
    data.update({f: values[f] for f in INTAKE_FLAGS})
    workflow = values["workflow"]
    source = "court_entrusted" if workflow == "court_entrusted_mediation" else None
    if workflow == "prelitigation_mediation":
        source = data["source"] = values["source"] or "party_request"
        data.update({f: values[f] for f in ("subject", "prior_decision_ref",
                                            "grant_announced_on") if values[f]})
    if source in ("court_assigned", "court_entrusted"):
        data["court"] = {"name": values["court_name"], "case_number": values["court_case_number"]}
        if source == "court_entrusted":
            data["court"]["procedure"] = values["court_procedure"] or None
    return data


def action_data(inputs: Iterable[Any], form: Mapping[str, str],
                party_ids: Iterable[int]) -> dict[str, Any]:
    """Read a transition's declared inputs from its form into `data` (by input name)."""
    data: dict[str, Any] = {}
    for spec in inputs:
        if spec.type == "boolean":
            data[spec.name] = form.get(spec.name, "") in _CHECKED
        elif spec.type in ("receipts", "respondent_receipts"):
            receipts = [{"party": pid, "received_on": form[f"{spec.name}-{pid}"].strip()}
                        for pid in party_ids if form.get(f"{spec.name}-{pid}", "").strip()]
            if receipts:
                data[spec.name] = receipts
        elif (form.get(spec.name) or "").strip():
            data[spec.name] = form[spec.name]
    return data


def action_args(form: Mapping[str, str]) -> dict[str, Any]:
    """Read the `on` date, the note and the case version every action form carries."""
    version: Any = (form.get("version") or "").strip()
    if version.isdigit():
        version = int(version)
    return {"on": (form.get("on") or "").strip() or None,
            "note": (form.get("note") or "").strip() or None,
            "version": version if version != "" else None}

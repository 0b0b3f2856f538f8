"""Fill a CaseFlow database with realistic cases, fast, through bulk inserts.

    .venv/bin/python bench/generate.py --cases 100000 [--database-url URL] [--seed 1]

Cases are spread over the Tai'an units, the three workflows and every state (following the
same step scripts as the demo data, shifted in time), each with its parties, patent, clocks
computed by the real clock engine, and about ten audit events that extend the hash chain, so
`flask audit verify` still succeeds afterwards. A case received before 2025-02-01 follows the
2015 rules (version 1 of its workflow), a later one the 2025 Measures (version 2 of adjudication
and pre-litigation mediation, with the v2 scripts of caseflow/cases/demo_plans_2025.py). The schema must exist (run migrations first);
the organisation is seeded when missing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text  # noqa: E402

from bench import measures_2025  # noqa: E402
from caseflow import create_app  # noqa: E402
from caseflow.audit.models import AuditEvent, AuditHead  # noqa: E402
from caseflow.audit.services import canonical_json, compute_hash  # noqa: E402
from caseflow.auth.models import User  # noqa: E402
from caseflow.cases import demo_plans  # noqa: E402
from caseflow.cases.identifiers import mask_id_number  # noqa: E402
from caseflow.cases.models import Case, NumberCounter, Party, Patent  # noqa: E402
from caseflow.cases.numbering import DEFAULT_FORMATS, DEFAULT_PREFIXES  # noqa: E402
from caseflow.deadlines.calendar import WorkCalendar  # noqa: E402
from caseflow.deadlines.clocks import Act, CaseFacts, compute_clocks  # noqa: E402
from caseflow.deadlines.models import CaseClock  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.org.models import Unit  # noqa: E402

CHUNK = 2000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
SHOPS = ["商行", "五金店", "包装有限公司", "贸易有限公司", "机械厂", "电子商务有限公司", "茶庄"]
TITLES = ["茶叶包装盒", "一种夹具", "灯具（吸顶灯）", "一种折叠椅", "饮料瓶", "一种电动工具",
          "手机支架", "一种农用喷雾器", "插座", "一种保温杯"]
PATENT_TYPES = [("3", "design"), ("2", "utility_model"), ("1", "invention")]


def check_char(digits: str) -> str:
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    r = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "X" if r == 10 else str(r)


def make_patents(rng: random.Random, n: int) -> list[dict[str, Any]]:
    rows, seen = [], set()
    while len(rows) < n:
        digit, kind = rng.choices(PATENT_TYPES, weights=(6, 3, 1))[0]
        body = f"{rng.randint(2010, 2025)}{digit}{rng.randint(0, 9_999_999):07d}"
        if body in seen:
            continue
        seen.add(body)
        rows.append({"number": f"{body}.{check_char(body)}", "type": kind,
                     "application_year": int(body[:4]), "title": rng.choice(TITLES),
                     "patentee": rng.choice(SURNAMES) + rng.choice(GIVEN)})
    return rows


class Generator:
    """Builds rows in memory and writes them in chunks, extending the audit chain in order."""

    def __init__(self, app: Any, cases: int, seed: int) -> None:
        self.app, self.total, self.rng = app, cases, random.Random(seed)
        self.registry = app.extensions["caseflow.workflows"]
        self.calendar = WorkCalendar()
        head = db.session.get(AuditHead, 1)
        self.seq, self.prev = head.seq, head.hash
        self.counters: dict[tuple[str, int], int] = {
            (c.key, c.year): c.last_value for c in db.session.scalars(select(NumberCounter))}
        self.next_case = (db.session.scalar(select(db.func.max(Case.id))) or 0) + 1
        self.next_party = (db.session.scalar(select(db.func.max(Party.id))) or 0) + 1
        units = list(db.session.scalars(select(Unit)))
        self.counties = [u for u in units if u.level == "county"]
        self.city = next(u for u in units if u.level == "city")
        self.stations = {u.id: [s for s in units if s.parent_id == u.id] for u in self.counties}
        self.users: dict[tuple[int, str], User] = {}
        for u in db.session.scalars(select(User).order_by(User.id)):
            # a bureau has three officers: its cases go to the first, `<unit>-officer`
            self.users.setdefault((u.unit_id, u.role), u)
        self.plans = {1: measures_2025.plans(1), 2: measures_2025.plans(2)}

    def _event(self, rows: list[dict[str, Any]], action: str, at: datetime, on: date | None,
               actor: User | None, unit: str, case_id: int, frm: str | None, to: str | None,
               data: dict[str, Any]) -> None:
        self.seq += 1
        text = canonical_json(data)
        actor_id, name = (actor.id, actor.username) if actor else (None, "system")
        digest = compute_hash(self.prev, self.seq, at, on, actor_id, name, unit, action, case_id,
                              frm, to, text)
        rows.append({"seq": self.seq, "at": at, "on": on, "actor_id": actor_id, "actor": name,
                     "unit_code": unit, "action": action, "case_id": case_id,
                     "from_status": frm, "to_status": to, "data": text,
                     "prev_hash": self.prev, "hash": digest})
        self.prev = digest

    def _number(self, unit: Unit, workflow: str, year: int) -> str:
        template = DEFAULT_FORMATS[workflow]
        key = (f"{unit.code}:{template}", year)
        self.counters[key] = self.counters.get(key, 0) + 1
        prefix = DEFAULT_PREFIXES.get(unit.code) or unit.display_name.removesuffix("局")
        return template.format(prefix=prefix, year=year, serial=self.counters[key])

    def _party(self, case_id: int, role: str) -> dict[str, Any]:
        pid, self.next_party = self.next_party, self.next_party + 1
        if role == "requester" or self.rng.random() < 0.4:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN) + self.rng.choice(SHOPS)
            return {"id": pid, "case_id": case_id, "role": role, "kind": "organization",
                    "name": name, "credit_code": None, "phone": "0538-8234567",
                    "agent_has_power_of_attorney": False}
        ident = f"370982{self.rng.randint(1960, 2000)}0101{self.rng.randint(100, 999)}X"
        return {"id": pid, "case_id": case_id, "role": role, "kind": "person",
                "name": self.rng.choice(SURNAMES) + self.rng.choice(GIVEN),
                "id_number_masked": mask_id_number(ident), "phone": "13805381234",
                "agent_has_power_of_attorney": False}

    def one_case(self, patents: list[int], out: dict[str, list[dict[str, Any]]]) -> None:
        rng = self.rng
        received = date(2024, 1, 2) + timedelta(days=rng.randint(0, 1040))
        era = self.plans[measures_2025.version_for("adjudication", received)]
        workflow, source, state, steps = rng.choices(era, weights=[p[4] for p in era])[0][:4]
        county = rng.choice(self.counties)
        station = rng.choice(self.stations[county.id])
        case_id, self.next_case = self.next_case, self.next_case + 1
        intake = station if workflow == "adjudication" else county
        handling = county
        # received before 2025-02-01: the 2015 rules (v1); after: the 2025 Measures (v2)
        wf = self.registry.get(workflow, measures_2025.version_for(workflow, received)).workflow
        case: dict[str, Any] = {
            "id": case_id, "receipt_number": f"收{intake.code}-{received.year}-{case_id:06d}",
            "number": None, "workflow": workflow, "workflow_version": wf.version,
            "status": wf.initial, "closure_type": None, "outcome": None, "source": source,
            "court_name": "泰安市中级人民法院" if source in ("court_assigned", "court_entrusted")
            else None,
            "court_case_number": f"({received.year})鲁09民初{case_id}号" if source in (
                "court_assigned", "court_entrusted") else None,
            "court_procedure": "ordinary" if source == "court_entrusted" else None,
            "patent_id": rng.choice(patents), "intake_unit_id": intake.id,
            "handling_unit_id": handling.id, "assignee_id": None,
            "created_by_id": self.users[(intake.id, "officer" if workflow == "adjudication"
                                         else "mediator")].id,
            "received_on": received, "filed_on": None, "decided_on": None, "closed_on": None,
            "claim_amount": rng.randint(1, 500) * 1000, "summary": "批量生成的测试案件。",
            "has_evaluation_report": rng.random() < 0.5, "court_action_filed": False,
            "foreign_party": False, "multi_prefecture": False, "major": False,
            "signed_for": True, "routed_on": None, "version": 1,
            **dict.fromkeys(measures_2025.COLUMNS), "open_periods": "", "objection_upheld": False,
        }
        parties = [self._party(case_id, "requester"), self._party(case_id, "respondent")]
        events: list[dict[str, Any]] = out["events"]
        at = datetime(received.year, received.month, received.day, 1, 30)
        officer = self.users[(handling.id, "officer")]
        self._event(events, "intake", at, received, self.users.get((intake.id, "officer"), officer), intake.code, case_id,
                    None, case["status"], {"workflow": workflow, "handling_unit": handling.code})
        acts = [Act("intake", received)]
        if intake.id != handling.id:
            self._event(events, "sign_for", at + timedelta(hours=3), received, officer,
                        handling.code, case_id, case["status"], case["status"],
                        {"unit": handling.code})
        self._event(events, "assign", at + timedelta(hours=4), received,
                    self.users[(handling.id, "supervisor")], handling.code, case_id,
                    case["status"], case["status"], {"assignee": officer.username})
        case["assignee_id"] = (officer if workflow == "adjudication"
                               else self.users[(handling.id, "mediator")]).id
        base = demo_plans.BASE[workflow]
        for trigger, role, on_text, data, *note in steps:
            on = received + (date.fromisoformat(on_text) - base)
            transition = wf.find(case["status"], trigger)
            inputs = demo_plans.resolve_inputs(data, parties, received, base)
            frm, case["status"] = case["status"], transition.dest or case["status"]  # an action
            actor = self.users[(handling.id, role)]
            for key, value in transition.sets.items():
                case[key] = value
            if "assign_case_number" in transition.effects and not case["number"]:
                case["filed_on"], case["number"] = on, self._number(handling, workflow, on.year)
            measures_2025.apply_effects(case, transition, on, inputs)
            if "record_decision" in transition.effects:
                case["outcome"] = inputs.get("outcome") or case["proposed_outcome"]
                case["decided_on"] = on
            if wf.is_terminal(case["status"]):
                case["closed_on"] = on
            at = datetime(on.year, on.month, on.day, 2, rng.randint(0, 59))
            self._event(events, "transition", at, on, actor, handling.code, case_id, frm,
                        case["status"], {"inputs": inputs, "note": note[0] if note else None,
                                         "number": case["number"], "trigger": trigger,
                                         "warnings": []})
            acts.append(Act("transition", on, trigger, inputs, case["status"]))
        self._extras(events, case, handling, at)
        facts = CaseFacts(received_on=received, source=source, procedure=case["court_procedure"],
                          mediation_variant=source)
        for clock in compute_clocks(wf, facts, acts, self.calendar):
            out["clocks"].append({
                "case_id": case_id, "kind": clock.kind, "party_id": clock.party_id,
                "started_on": clock.started_on, "due_on": clock.due_on,
                "stopped_on": clock.stopped_on, "paused_since": clock.paused_since,
                "paused_days": clock.paused_days, "extended": clock.extended,
                "provisional": clock.provisional, "info": clock.info, "basis": clock.basis,
                "basis_en": clock.basis_en})
        out["cases"].append(case)
        out["parties"].extend(parties)

    def _extras(self, events: list[dict[str, Any]], case: dict[str, Any], unit: Unit,
                at: datetime) -> None:
        """Evidence uploads and sweep notifications: what a real trail also holds."""
        officer = self.users[(unit.id, "officer")]
        for n in range(self.rng.randint(1, 3)):
            digest = f"{self.rng.getrandbits(256):064x}"
            self._event(events, "evidence_uploaded", at + timedelta(minutes=n + 1),
                        case["received_on"], officer, unit.code, case["id"], case["status"],
                        case["status"], {"filename": f"证据{n + 1}.pdf", "sha256": digest,
                                         "size": self.rng.randint(10_000, 5_000_000),
                                         "content_type": "application/pdf"})
        for n in range(self.rng.randint(1, 3)):
            self._event(events, "notification_created", at + timedelta(minutes=30 + n),
                        case["received_on"], None, unit.code, case["id"], None, None,
                        {"kind": "due_soon", "to": officer.username,
                         "message": "期限即将届满。"})

    def flush(self, out: dict[str, list[dict[str, Any]]]) -> None:
        for model, key in ((Case, "cases"), (Party, "parties"), (CaseClock, "clocks"),
                           (AuditEvent, "events")):
            if out[key]:
                db.session.execute(insert(model), out[key])
            out[key].clear()

    def run(self) -> None:
        patent_rows = make_patents(self.rng, max(50, self.total // 20))
        existing = set(db.session.scalars(select(Patent.number)))
        fresh = [p for p in patent_rows if p["number"] not in existing]
        if fresh:
            db.session.execute(insert(Patent), fresh)
        patents = list(db.session.scalars(select(Patent.id)))
        out: dict[str, list[dict[str, Any]]] = {"cases": [], "parties": [], "clocks": [],
                                                "events": []}
        started = time.perf_counter()
        for i in range(self.total):
            self.one_case(patents, out)
            if len(out["cases"]) >= CHUNK:
                self.flush(out)
                db.session.commit()
                rate = (i + 1) / (time.perf_counter() - started)
                print(f"  {i + 1} cases ({rate:.0f}/s), {self.seq} events", flush=True)
        self.flush(out)
        self._save_counters()
        head = db.session.get(AuditHead, 1)
        head.seq, head.hash = self.seq, self.prev
        if db.session.get_bind().dialect.name == "postgresql":
            for table in ("cases", "parties"):  # explicit ids do not advance the sequences
                db.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"))
        db.session.commit()

    def _save_counters(self) -> None:
        for (key, year), last in self.counters.items():
            row = db.session.scalar(select(NumberCounter).where(NumberCounter.key == key,
                                                                NumberCounter.year == year))
            if row is None:
                db.session.add(NumberCounter(key=key, year=year, last_value=last))
            else:
                row.last_value = last


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, required=True)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    config: dict[str, Any] = {}
    if args.database_url:
        config["DATABASE_URL"] = args.database_url
    app = create_app(config)
    with app.app_context():
        from flask_migrate import upgrade

        from caseflow.demo import seed_entrustments, seed_organisation

        upgrade()
        city, _ = seed_organisation()
        seed_entrustments(city)
        db.session.commit()
        started = time.perf_counter()
        generator = Generator(app, args.cases, args.seed)
        generator.run()
        elapsed = time.perf_counter() - started
        print(f"generated {args.cases} cases and {generator.seq} events in total "
              f"in {elapsed:.1f} s ({args.cases / elapsed:.0f} cases/s)")


if __name__ == "__main__":
    main()

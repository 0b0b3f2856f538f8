"""Flask commands: init-db, seed-demo, audit verify, workflows check/graph."""

from __future__ import annotations

import secrets
import sys

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import select

from caseflow.extensions import db


def register_cli(app: Flask) -> None:
    """Attach the commands to the app."""
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(audit_cli)
    app.cli.add_command(workflows_cli)
    app.cli.add_command(documents_cli)
    app.cli.add_command(sweep_cli)
    app.cli.add_command(pii_cli)
    from caseflow.notifications.commands import deliver_cli

    app.cli.add_command(deliver_cli)


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the schema (migrations only) and make sure an admin exists."""
    upgrade()
    from caseflow.auth.models import User
    from caseflow.demo import ensure_root_unit

    if db.session.scalar(select(User).where(User.role == "admin")) is None:
        password = secrets.token_urlsafe(12)
        unit = ensure_root_unit()
        admin = User(username="admin", name="系统管理员", role="admin", unit=unit)
        admin.set_password(password)
        db.session.add(admin)
        from caseflow.audit import services as audit

        audit.record("user_created", actor_name="system",
                     data={"user": "admin", "role": "admin", "unit": unit.code})
        db.session.commit()
        click.echo(f"Created user 'admin' with password: {password}  (shown once)")
    click.echo("Database is up to date.")


@click.command("seed-demo")
def seed_demo() -> None:
    """Fill the database with the Tai'an demo organisation, users and cases."""
    from caseflow.demo import seed

    summary = seed(current_app.extensions["caseflow.workflows"])
    db.session.commit()
    click.echo(summary)


@click.group("audit")
def audit_cli() -> None:
    """The audit chain."""


@audit_cli.command("verify")
@click.option("--jobs", type=int, default=1, show_default=True,
              help="processes to verify with (segments checked in parallel, then stitched)")
def audit_verify(jobs: int) -> None:
    """Recompute the chain; exit 1 and name the first bad row when it is broken."""
    from caseflow.audit.services import verify_chain

    if jobs > 1:
        from caseflow.audit.parallel import verify_parallel

        url = db.engine.url.render_as_string(hide_password=False)
        verdict = verify_parallel(url, jobs)
    else:
        verdict = verify_chain()
    if verdict.ok:
        click.echo(f"OK: {verdict.events_checked} events, head {verdict.head_hash}")
        return
    click.echo(f"BROKEN at seq {verdict.first_bad_seq}: {verdict.problem} "
               f"({verdict.events_checked} events verified before it)")
    sys.exit(1)


@audit_cli.command("export-case")
@click.argument("case_id", type=int)
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), required=True,
              help="where to write the signed JSON bundle")
def audit_export_case(case_id: int, out: str) -> None:
    """Write one case's audit trail as a signed bundle (the export is itself audited)."""
    import json

    from caseflow.audit.export import case_bundle, record_export
    from caseflow.cases.models import Case

    case = db.session.get(Case, case_id)
    if case is None:
        raise click.ClickException(f"no case with id {case_id}")
    bundle = case_bundle(case)
    record_export(None, case, "json", channel="cli", bundle=bundle)
    db.session.commit()
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(bundle, handle, ensure_ascii=False, indent=2)
    click.echo(f"Wrote {len(bundle['events'])} events of case {case_id} to {out} "
               f"(chain head seq {bundle['chain_head']['seq']})")


@audit_cli.command("verify-bundle")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def audit_verify_bundle(path: str) -> None:
    """Check a bundle's event hashes and its signature with this server's key; exit 1 if bad."""
    import json

    from caseflow.audit.export import bundle_key, verify_bundle

    try:
        with open(path, encoding="utf-8") as handle:
            bundle = json.load(handle)
    except ValueError as err:
        raise click.ClickException(f"not JSON: {err}") from err
    ok, problems = verify_bundle(bundle, key=bundle_key())
    if ok:
        click.echo(f"OK: {len(bundle['events'])} events, each hash recomputes; signature OK")
        return
    for problem in problems:
        click.echo(f"FAIL {problem}")
    sys.exit(1)


@click.group("pii")
def pii_cli() -> None:
    """Identity-number keys (CASEFLOW_PII_KEY)."""


@pii_cli.command("new-key")
def pii_new_key() -> None:
    """Print a fresh random key to put first in CASEFLOW_PII_KEY."""
    from caseflow.cases.pii import new_key

    click.echo(new_key())


@pii_cli.command("rotate")
def pii_rotate() -> None:
    """Re-encrypt every stored identity number with the first key of the ring (one transaction)."""
    from caseflow.cases.pii import KeyMismatch, rotate_stored

    try:
        done = rotate_stored()
    except KeyMismatch as err:
        db.session.rollback()
        raise click.ClickException(
            f"party {err.party_id}: no key of the ring decrypts its identity number. Nothing "
            "was changed: add the missing key to CASEFLOW_PII_KEY and run this again."
        ) from None
    db.session.commit()
    click.echo(f"Re-encrypted {done.total} identity numbers with the first key "
               f"({done.from_older_key} were under an older key; "
               f"{done.digests_changed} matching digests renewed).")


@click.group("workflows")
def workflows_cli() -> None:
    """Workflow definitions."""


@workflows_cli.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def workflows_check(directory: str | None) -> None:
    """Load and validate every workflow file (the app would not start on a broken one).

    With DIRECTORY, check the files there (e.g. before deploying them) against the same guards,
    warnings and effects; exit 1 naming each problem.
    """
    registry = current_app.extensions["caseflow.workflows"]
    if directory is not None:
        from caseflow.cases.effects import EFFECTS
        from caseflow.workflow.definitions import WorkflowError
        from caseflow.workflow.registry import load_registry

        try:
            registry = load_registry(directory, EFFECTS)
        except WorkflowError as err:
            for problem in err.errors:
                click.echo(f"FAIL {problem}")
            sys.exit(1)
    from caseflow.cases.workflow_versions import versions_in_use

    problems = versions_in_use(registry)  # a version open cases follow may not be dropped
    for problem in problems:
        click.echo(f"FAIL {problem}")
    if problems:
        sys.exit(1)
    for wf in registry.all():
        rules = f" [{wf.rules.label.zh}, {wf.rules.in_force}]" if wf.rules else ""
        click.echo(f"OK  {wf.name} v{wf.version}: {len(wf.states)} states, "
                   f"{len(wf.transitions)} transitions{rules}")


@click.group("documents")
def documents_cli() -> None:
    """Document templates (文书)."""


@documents_cli.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
def documents_check(directory: str | None) -> None:
    """Load and check every document template (the app would not start on a broken one).

    With DIRECTORY, check the templates there (e.g. an administrator's edited copy) against the
    loaded workflows and the case fields; exit 1 naming each problem.
    """
    from caseflow.documents.catalog import CatalogError
    from caseflow.documents.checks import load_documents

    try:
        catalog = load_documents(directory or current_app.config["DOCUMENTS_DIR"],
                                 current_app.extensions["caseflow.workflows"])
    except CatalogError as err:
        for problem in err.errors:
            click.echo(f"FAIL {problem}")
        sys.exit(1)
    for t in sorted(catalog, key=lambda t: t.kind):
        issued = ", ".join(f"{w}.{x}" for w, x in sorted(t.transitions))
        hand = "by hand" if t.by_hand else ""
        click.echo(f"OK  {t.kind} ({t.title_zh}): {'; '.join(p for p in (issued, hand) if p)}")


@workflows_cli.command("graph")
@click.argument("name")
@click.option("--svg", "as_svg", is_flag=True,
              help="Print the drawn SVG (as on the case page) instead of mermaid text.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def workflows_graph(name: str, as_svg: bool, lang: str) -> None:
    """Print a workflow as a mermaid state diagram, or drawn as SVG."""
    from flask import render_template_string, session

    from caseflow.workflow.diagram import layout
    from caseflow.workflow.engine import graph_mermaid

    registry = current_app.extensions["caseflow.workflows"]
    if name not in registry.names():
        raise click.BadParameter(f"unknown workflow; one of {', '.join(registry.names())}",
                                 param_hint="NAME")
    workflow = registry.latest(name).workflow
    if not as_svg:
        click.echo(graph_mermaid(workflow, lang=lang))
        return
    with current_app.test_request_context():
        session["lang"] = lang
        click.echo(render_template_string(
            '{% from "workflow/_diagram.html" import workflow_svg %}'
            '{{ workflow_svg(diagram, "") }}', diagram=layout(workflow)))


@click.command("sweep")
@click.option("--as-of", "as_of", default=None, help="YYYY-MM-DD (default: today in Asia/Shanghai)")
def sweep_cli(as_of: str | None) -> None:
    """Notify due-soon and missed deadlines and escalate missed ones; idempotent."""
    from caseflow.deadlines.sweep import run_sweep
    from caseflow.timeutil import parse_date, today

    try:
        day = parse_date(as_of) if as_of else today()
    except ValueError as err:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--as-of") from err
    report = run_sweep(day)
    db.session.commit()
    click.echo(str(report))

"""What every page and API handler shares: the loaded workflows and a case's status label."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, flash, redirect
from werkzeug.wrappers import Response

from caseflow.cases.models import Case
from caseflow.errors import DomainError
from caseflow.templating import localized
from caseflow.transaction import abandon
from caseflow.workflow.engine import Registry


def registry() -> Registry:
    """Return the workflow registry loaded at start-up."""
    return current_app.extensions["caseflow.workflows"]


def status_label(case: Case) -> str:
    """Return the label of the case's status in the current language."""
    state = registry().get(case.workflow, case.workflow_version).workflow.state(case.status)
    return localized(state.label) if state else case.status


def act_and_return(action: Callable[[], Any], done: str, target: str) -> Response:
    """Run one service call for a small form on a page, flash the outcome, go back to `target`.

    A refusal is flashed (with its field messages) and the transaction abandoned, so the page
    the user returns to shows the case unchanged.
    """
    try:
        action()
    except DomainError as err:
        abandon()
        flash(err.localized_summary(), "danger")
    else:
        flash(done, "success")
    return redirect(target)

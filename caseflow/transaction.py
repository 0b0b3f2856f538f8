"""One transaction per request, in one place (Indico's `RH.process` is the model).

A request that changes data commits exactly once, after its view returned a response below
400; any exception or error response rolls the whole unit of work back, which also undoes the
in-memory status change `transitions` never reverts. Views, the JSON API and the services never
commit. A conflict found while committing (the optimistic lock, a unique key taken by a
concurrent writer) becomes a 409 through the same error handlers as any domain error.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, g
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from caseflow.errors import Conflict
from caseflow.extensions import db
from caseflow.i18n_markers import N_

STALE = N_("案件已被他人修改，请刷新后重试。")


def abandon() -> None:
    """Roll back now: a view re-renders a form after a refusal and must show nothing changed."""
    _rolled_back()


def on_rollback(callback: Callable[[], None]) -> None:
    """Run `callback` if this request's transaction is rolled back (remove a stored file)."""
    g.setdefault("caseflow_on_rollback", []).append(callback)


def _rolled_back() -> None:
    db.session.rollback()
    for callback in g.pop("caseflow_on_rollback", []):
        callback()


def keep_on_error() -> None:
    """Commit this request's changes even though it answers with an error.

    For the few records that exist because something was refused (a failed sign-in counts
    towards the lock-out).
    """
    g.caseflow_keep_on_error = True


def stale_conflict() -> Conflict:
    """Return the 409 `stale_version` a lost optimistic-lock race answers with."""
    return Conflict(STALE, code="stale_version")


def finish(app: Flask, response: Response) -> Response:
    """Commit after a successful response, roll back after an error; map commit conflicts."""
    keep = g.pop("caseflow_keep_on_error", False)
    if response.status_code >= 400 and not keep:
        _rolled_back()
        return response
    try:
        db.session.commit()
    except StaleDataError:
        _rolled_back()
        return app.make_response(app.handle_user_exception(stale_conflict()))
    except IntegrityError:
        _rolled_back()
        app.logger.warning("commit refused by a constraint", exc_info=True)
        return app.make_response(app.handle_user_exception(
            Conflict(N_("操作冲突，请刷新后重试。"), code="conflict")))
    return response


def register(app: Flask) -> None:
    """Install the request transaction; register it last so it runs before the other hooks."""

    @app.after_request
    def _finish(response: Response) -> Response:
        g.caseflow_finished = True
        return finish(app, response)

    @app.teardown_request
    def _unfinished(exc: BaseException | None) -> None:
        # An exception no handler turned into a response: nothing of the request is kept.
        if not g.pop("caseflow_finished", False):
            _rolled_back()

"""The home page and the organisation tree."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from caseflow.org.queries import list_units_in_scope

bp = Blueprint("main", __name__)


@bp.route("/")
def index():  # type: ignore[no-untyped-def]
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("main/index.html")


@bp.route("/org")
@login_required
def org_tree():  # type: ignore[no-untyped-def]
    units = list_units_in_scope(current_user.unit)
    return render_template("org/tree.html", units=units, root=current_user.unit)

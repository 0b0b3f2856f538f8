"""Forms every room shares."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """An empty form: a button that only needs its CSRF token."""

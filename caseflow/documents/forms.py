"""Forms of the document pages: a draft's free text (one field per template text), the
签发/更正 buttons (CSRF and the document's version) and the by-hand draft."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from caseflow.documents.catalog import Template


class VersionForm(FlaskForm):
    """A button that acts on one version of a document."""

    version = HiddenField()

    def version_value(self) -> Any:
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else (value or None)


def text_form(template: Template, current: dict[str, str] | None = None,
              formdata: Any = None) -> VersionForm:
    """Build the free-text form of a draft of this kind (labels in Chinese and English)."""

    class DraftTextForm(VersionForm):
        pass

    for spec in template.texts:
        setattr(DraftTextForm, spec.name, TextAreaField(
            spec.label_zh, validators=[Optional(), Length(max=spec.max_length)],
            description=spec.label_en))
    form = DraftTextForm(formdata=formdata, data=dict(current or {}))
    return form


def text_of(form: FlaskForm, template: Template) -> dict[str, str]:
    """Return the posted free text by field name."""
    return {spec.name: getattr(form, spec.name).data or "" for spec in template.texts}


class NewDocumentForm(FlaskForm):
    """Draft a kind issued by hand."""

    kind = SelectField("文书种类", choices=[], validate_choice=True)

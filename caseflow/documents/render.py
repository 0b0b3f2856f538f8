"""Turn a document into its text, its PDF (WeasyPrint, A4, CJK font embedded) and a .docx.

The template's body is plain text with placeholders (sandboxed Jinja, a missing value is an
error); blank lines separate paragraphs. The PDF layout (templates/documents/pdf.html) escapes
every paragraph; the .docx (docxtpl) is rendered with autoescape on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import render_template

from caseflow.documents.catalog import Template, compile_body

ROOT = Path(__file__).resolve().parent.parent.parent
DOCX_LAYOUT = ROOT / "documents" / "layout.docx"


@dataclass(frozen=True)
class Part:
    """A page group of the printed document: a title and its paragraphs."""

    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Rendered:
    header: str  # the bureau (the handling unit)
    number: str
    parts: list[Part]
    signature: str
    dated: str


def paragraphs(text: str) -> list[str]:
    """Split rendered text into paragraphs at blank lines (single line breaks are kept)."""
    blocks = [b.strip("\n") for b in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b.strip()]


def render_text(template: Template, values: dict[str, Any], title: str) -> list[Part]:
    """Fill the body and each attachment with the values."""
    parts = [Part(title, paragraphs(compile_body(template.body).render(values)))]
    for attachment in template.attachments:
        parts.append(Part(attachment.title,
                          paragraphs(compile_body(attachment.body).render(values))))
    return parts


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"documents load nothing from outside ({url})")


def to_pdf(doc: Rendered) -> bytes:
    """Render the document as an A4 PDF with the CJK font embedded."""
    return html_to_pdf(render_template("documents/pdf.html", doc=doc))


def html_to_pdf(html: str) -> bytes:
    """Lay out the document's HTML with WeasyPrint (nothing fetched from outside)."""
    from weasyprint import HTML  # heavy: loaded on the first issue, not at start-up

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def to_docx(doc: Rendered) -> bytes:
    """Render the document as a .docx for WPS/Word (docxtpl, values escaped)."""
    from docxtpl import DocxTemplate

    layout = DocxTemplate(str(DOCX_LAYOUT))
    layout.render({"header": doc.header, "number": doc.number, "parts": doc.parts,
                   "signature": doc.signature, "dated": doc.dated}, autoescape=True)
    out = io.BytesIO()
    layout.save(out)
    return out.getvalue()

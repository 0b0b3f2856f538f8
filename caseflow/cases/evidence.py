"""Evidence (证据材料): receive a file safely, store it under a generated name, hand it back.

The type is decided by the content, never by the name or the client's Content-Type; the original
name is kept only for display. Each upload and each download writes an audit event; the caller
commits (and calls `discard_file` if the commit fails).
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import filetype
from flask import current_app
from sqlalchemy import select

from caseflow.audit import services as audit
from caseflow.auth.models import User
from caseflow.auth.permissions import can_work_cases
from caseflow.cases.models import Case, Evidence
from caseflow.cases.scope import visible_to
from caseflow.errors import DomainError, Forbidden, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n_markers import N_, Message
from caseflow.verdict import ALLOWED, Verdict, refused

CHUNK = 64 * 1024
HEAD = 8192  # what `filetype` looks at
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NAME_MAX = 200
DESCRIPTION_MAX = 500
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
STORED_NAME = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Kind:
    mime: str
    label: str
    extensions: tuple[str, ...]  # the first is appended when the name has none of them


_KINDS = {k.mime: k for k in (
    Kind("application/pdf", "PDF", ("pdf",)),
    Kind("image/jpeg", "JPEG", ("jpg", "jpeg", "jpe", "jfif")),
    Kind("image/png", "PNG", ("png",)),
    Kind("image/gif", "GIF", ("gif",)),
    Kind("image/webp", "WebP", ("webp",)),
    Kind("image/tiff", "TIFF", ("tif", "tiff")),
    Kind("video/mp4", "MP4", ("mp4", "m4v")),
    Kind("audio/mpeg", "MP3", ("mp3",)),
    Kind("audio/mp4", "M4A", ("m4a", "mp4")),
    Kind("audio/wav", "WAV", ("wav",)),
    Kind("application/zip", "ZIP", ("zip",)),
    Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX",
         ("docx",)),
    Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", ("xlsx",)),
    Kind("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX",
         ("pptx",)),
    Kind("application/msword", "DOC", ("doc", "wps")),
    Kind("application/vnd.ms-excel", "XLS", ("xls", "et")),
    Kind("application/ofd", "OFD", ("ofd",)),
    Kind("text/plain", "文本", ("txt", "text", "log", "md")),
    Kind("text/csv", "CSV", ("csv",)),
)}
#: `filetype` names some allowed types differently
_FILETYPE_ALIASES = {"audio/x-wav": "audio/wav"}
#: parts that identify an Office Open XML or OFD package when `filetype` only sees a zip
_ZIP_MARKERS = (
    ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/presentation.xml",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("ofd.xml", "application/ofd"),
)
#: packages that are programs (Android, Java), refused although they are zips
_ZIP_PROGRAMS = ("androidmanifest.xml", "classes.dex", "meta-inf/manifest.mf")
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml)\b")
ALLOWED_HELP = Message(N_("允许的类型：PDF、JPEG/PNG/GIF/WebP/TIFF 图片、MP4 视频、MP3/M4A/WAV 音频、"
                          "ZIP、Word/Excel/PowerPoint（DOC/DOCX/XLS/XLSX/PPTX）、OFD 及 UTF-8 文本/CSV。"))


def max_bytes() -> int:
    """Return the configured size limit of one evidence file."""
    return int(current_app.config.get("EVIDENCE_MAX_BYTES") or DEFAULT_MAX_BYTES)


def format_size(size: int) -> str:
    """Format a byte count for people (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} B"
    value, shown = float(size), "KB"
    for unit in ("KB", "MB", "GB"):
        value, shown = value / 1024, unit
        if value < 1024:
            break
    return f"{value:.1f}".removesuffix(".0") + f" {shown}"


def kind_label(content_type: str) -> str:
    """Return a short label for a stored content type."""
    kind = _KINDS.get(content_type)
    return kind.label if kind else content_type


def display_name(raw: str | None) -> str:
    """Clean a client's file name for display only: no path, no control characters."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    # Cc/Cf/Cs/Co/Cn: control, format (e.g. the right-to-left override), surrogates, private use
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = re.sub(r'[<>:"|?*]', "_", name)
    name = " ".join(name.split())
    return name.lstrip(". ").rstrip(". ")


def _fit_name(name: str, kind: Kind) -> str:
    """Make the name end in an extension of its real type and fit in NAME_MAX characters."""
    stem, dot, ext = (name or "证据材料").rpartition(".")
    if not dot:
        stem, ext = ext, ""
    if ext.lower() not in kind.extensions:
        stem, ext = name or "证据材料", kind.extensions[0]
    return f"{stem[:NAME_MAX - len(ext) - 1].rstrip('. ') or '证据材料'}.{ext}"


class _TextCheck:
    """Follow a stream and tell whether it is UTF-8 text that is not markup."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._tail = b""
        self.is_text = True
        self.is_markup = False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if not self.is_text:
            return
        if b"\x00" in chunk:
            self.is_text = False
            return
        try:
            self._decoder.decode(chunk, final)
        except UnicodeDecodeError:
            self.is_text = False
            return
        window = (self._tail + chunk).lower()
        if _MARKUP.search(window):
            self.is_markup = True
        self._tail = window[-16:]


@dataclass
class _Received:
    size: int
    sha256: str
    head: bytes
    text: _TextCheck


def _receive(stream: BinaryIO, out: BinaryIO, limit: int) -> _Received:
    """Copy the stream in chunks, hashing it; refuse (413) as soon as it passes `limit`."""
    digest, size, head, text = hashlib.sha256(), 0, bytearray(), _TextCheck()
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise DomainError(N_("文件超过 %(size)s 的上限。"), params={"size": format_size(limit)},
                              code="too_large", status=413)
        digest.update(chunk)
        text.feed(chunk)
        if len(head) < HEAD:
            head += chunk[:HEAD - len(head)]
        out.write(chunk)
    text.feed(b"", final=True)
    return _Received(size, digest.hexdigest(), bytes(head), text)


def _refuse(message: str, **params: Any) -> ValidationFailed:
    text = Message(message, params)
    return ValidationFailed(text, fields={"file": text})


def _zip_kind(path: Path, guessed: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = {n.lower() for n in archive.namelist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        return guessed
    if names & set(_ZIP_PROGRAMS):
        raise _refuse(N_("不允许上传可执行程序（安装包）。"))
    if guessed != "application/zip":
        return guessed
    return next((mime for part, mime in _ZIP_MARKERS if part in names), guessed)


def _ole2_kind(guessed: str | None, name: str) -> str:
    if guessed in ("application/msword", "application/vnd.ms-excel"):
        return guessed
    ext = name.rpartition(".")[2].lower()
    for mime in ("application/msword", "application/vnd.ms-excel"):
        if ext in _KINDS[mime].extensions:
            return mime
    raise _refuse(N_("仅接受 Word（DOC）或 Excel（XLS）格式的旧版 Office 文件。"))


def _classify(received: _Received, path: Path, name: str) -> Kind:
    """Decide the content type from the bytes; refuse (422) anything not allowed."""
    if received.size == 0:
        raise _refuse(N_("文件为空，请重新选择。"))
    guess = filetype.guess(received.head)
    guessed = _FILETYPE_ALIASES.get(guess.mime, guess.mime) if guess else None
    if received.head.startswith(OLE2_MAGIC):
        return _KINDS[_ole2_kind(guessed, name)]
    if guessed in _KINDS:
        if received.head.startswith(b"PK\x03\x04"):
            guessed = _zip_kind(path, guessed)
        return _KINDS[guessed]
    if guessed is None and received.text.is_text:
        stripped = received.head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if received.text.is_markup or stripped.startswith(b"<"):
            raise _refuse(N_("不允许上传网页（HTML）、SVG 或 XML 文件。%(allowed)s"),
                          allowed=ALLOWED_HELP)
        if stripped.startswith(b"#!"):
            raise _refuse(N_("不允许上传脚本程序。"))
        csv = name.rpartition(".")[2].lower() in ("csv", "tsv")
        return _KINDS["text/csv" if csv else "text/plain"]
    if guess is not None and guess.mime.startswith(("application/x-ms", "application/x-exec")):
        raise _refuse(N_("不允许上传可执行程序。"))
    if guessed is None:
        raise _refuse(N_("无法识别的文件类型（文本须为 UTF-8 编码）。%(allowed)s"),
                      allowed=ALLOWED_HELP)
    raise _refuse(N_("不允许上传此类型的文件（%(ext)s）。%(allowed)s"), ext=guess.extension,
                  allowed=ALLOWED_HELP)


def may_upload_evidence(actor: User, case: Case) -> Verdict:
    """Judge whether the actor may add (or read) a case's evidence: case workers who see it."""
    if not can_work_cases(actor):
        return refused(Forbidden(N_("您的角色无权处理证据材料。")), "role")
    # The same scope rule as every case read, so the CLI and tests get it without a view.
    if db.session.scalar(select(Case.id).where(Case.id == case.id, visible_to(actor))) is None:
        return refused(NotFound(N_("案件不存在。")), "scope")
    return ALLOWED


def _authorise(actor: User, case: Case) -> None:
    may_upload_evidence(actor, case).enforce()


def _case_folder(case_id: int) -> Path:
    root = Path(current_app.config["UPLOAD_FOLDER"]).resolve()
    static = Path(current_app.static_folder or "").resolve()
    if current_app.static_folder and root.is_relative_to(static):
        raise RuntimeError("UPLOAD_FOLDER must not lie inside the static folder")
    return root / str(int(case_id))


def stored_path(evidence: Evidence) -> Path:
    """Return where an evidence file lies on disk (its name is generated, never the user's)."""
    if not STORED_NAME.fullmatch(evidence.stored_name):
        raise NotFound(N_("证据材料不存在。"))
    return _case_folder(evidence.case_id) / evidence.stored_name


def _remove(path: Path | str | None) -> None:
    if path is None:
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def discard_file(evidence: Evidence) -> None:
    """Remove a stored file whose row was not committed."""
    _remove(stored_path(evidence))


def _clean_description(description: str | None) -> str:
    text = " ".join((description or "").split())
    if len(text) > DESCRIPTION_MAX:
        message = Message(N_("说明不能超过 %(n)s 个字符。"), {"n": DESCRIPTION_MAX})
        raise ValidationFailed(message, fields={"description": message})
    return text


def add_evidence(actor: User, case: Case, stream: BinaryIO, filename: str | None,
                 description: str | None) -> Evidence:
    """Store an uploaded file for a case after checking scope, size and type; audit it."""
    _authorise(actor, case)
    text = _clean_description(description)
    name = display_name(filename)
    folder = _case_folder(case.id)
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=folder)
    final: Path | None = None
    try:
        with os.fdopen(fd, "wb") as out:
            received = _receive(stream, out, max_bytes())
        kind = _classify(received, Path(temp), name)
        final = folder / uuid.uuid4().hex
        os.replace(temp, final)
        return _record_upload(actor, case, final.name, _fit_name(name, kind), kind.mime,
                              received, text)
    except BaseException:
        _remove(temp)
        _remove(final)
        raise


def _record_upload(actor: User, case: Case, stored_name: str, name: str, mime: str,
                   received: _Received, description: str) -> Evidence:
    evidence = Evidence(case_id=case.id, filename=name, stored_name=stored_name,
                        content_type=mime, size=received.size, sha256=received.sha256,
                        description=description, uploaded_by_id=actor.id)
    db.session.add(evidence)
    db.session.flush()
    audit.record("evidence_uploaded", actor=actor, case_id=case.id,
                 data={"evidence": evidence.id, "filename": name, "sha256": received.sha256,
                       "size": received.size, "content_type": mime})
    return evidence


def list_evidence(case: Case) -> list[Evidence]:
    """Return a case's evidence, oldest first."""
    return list(db.session.scalars(
        select(Evidence).where(Evidence.case_id == case.id).order_by(Evidence.id)))


def open_evidence(actor: User, case: Case, evidence_id: int) -> tuple[Evidence, Path]:
    """Return an evidence row and its file for download, and audit the download."""
    _authorise(actor, case)
    evidence = db.session.scalar(
        select(Evidence).where(Evidence.id == evidence_id, Evidence.case_id == case.id))
    if evidence is None:
        raise NotFound(N_("证据材料不存在。"))
    path = stored_path(evidence)
    if not path.is_file():
        current_app.logger.error("evidence %s: file %s is missing", evidence.id, path)
        raise NotFound(N_("证据文件缺失，请联系系统管理员。"))
    audit.record("evidence_downloaded", actor=actor, case_id=case.id,
                 data={"evidence": evidence.id, "filename": evidence.filename,
                       "sha256": evidence.sha256})
    return evidence, path

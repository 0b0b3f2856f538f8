"""Check a CaseFlow court hand-off bundle (ZIP) with nothing but the Python standard library.

    python -m caseflow.audit.verify_handoff bundle.zip [--key-hex HEX]
    python3 verify_handoff.py bundle.zip [--key-hex HEX]   # beside verify_bundle.py, anywhere

The bundle holds `manifest.json`, the case's signed audit bundle and the files handed to the
court (issued documents, chosen evidence). What is checked: every file the manifest lists is
there with its SHA-256 and size, and nothing else is; the audit bundle verifies
(`verify_bundle.check`) and is the same case; the archive is in its canonical form (rebuilt
from its members with the fixed layout CaseFlow writes, it is byte-for-byte the file, so no
byte outside the members can change either); with --key-hex (the key of `verify_bundle`,
derived from the server's SECRET_KEY) the manifest's HMAC-SHA256 signature and the audit
bundle's. Exit status: 0 all checks passed, 1 a check failed, 2 the file could not be read.

Keep this file free of third-party imports: it travels with the bundle.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import json
import sys
import zipfile
from typing import Any

try:  # run from a checkout (python -m) or as a script beside verify_bundle.py
    from caseflow.audit import verify_bundle
except ImportError:  # pragma: no cover - the copied-file case
    import verify_bundle  # type: ignore[no-redef]

FORMAT = "caseflow-handoff-bundle/1"
MANIFEST = "manifest.json"
#: the fixed layout of every member: a stored (uncompressed) file dated 2000-01-01
DATE_TIME = (2000, 1, 1, 0, 0, 0)
EXTERNAL_ATTR = 0o100644 << 16


def member(name: str) -> zipfile.ZipInfo:
    """Return the ZipInfo CaseFlow writes every member with (so the archive is reproducible)."""
    info = zipfile.ZipInfo(name, date_time=DATE_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = EXTERNAL_ATTR
    return info


def build(members: list[tuple[str, bytes]]) -> bytes:
    """Write the members, in order, as a canonical hand-off archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in members:
            archive.writestr(member(name), content)
    return out.getvalue()


def signature(manifest: dict[str, Any], key: bytes) -> str:
    """The manifest's HMAC-SHA256, computed as the audit bundle's (all but `signature`)."""
    return verify_bundle.signature(manifest, key)


def _manifest_problems(manifest: Any, contents: dict[str, bytes]) -> list[str]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return [f"{MANIFEST}: not a {FORMAT} manifest"]
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(f, dict) for f in files):
        return [f"{MANIFEST}: files missing or malformed"]
    problems: list[str] = []
    listed = set()
    for entry in files:
        path = entry.get("path")
        listed.add(path)
        if path not in contents:
            problems.append(f"{path}: listed in the manifest, missing from the archive")
            continue
        data = contents[path]
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            problems.append(f"{path}: SHA-256 does not match the manifest")
        if len(data) != entry.get("size"):
            problems.append(f"{path}: size does not match the manifest")
    for path in sorted(set(contents) - listed - {MANIFEST}):
        problems.append(f"{path}: in the archive, not listed in the manifest")
    return problems


def _audit_problems(manifest: dict[str, Any], contents: dict[str, bytes],
                    key: bytes | None) -> list[str]:
    path = manifest.get("audit_bundle")
    if path not in contents:
        return ["audit bundle missing"]
    try:
        bundle = json.loads(contents[path].decode("utf-8"))
    except ValueError:
        return [f"{path}: not readable JSON"]
    problems = [f"{path}: {p}" for p in verify_bundle.check(bundle, key)]
    case = manifest.get("case") if isinstance(manifest.get("case"), dict) else {}
    if isinstance(bundle, dict) and isinstance(bundle.get("case"), dict) and (
            bundle["case"].get("id") != case.get("id")):
        problems.append(f"{path}: the audit bundle is of another case")
    return problems


def check(raw: bytes, key: bytes | None = None) -> list[str]:
    """Return the problems found in a hand-off archive's bytes (an empty list: it verifies)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            contents = {info.filename: archive.read(info) for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as err:
        return [f"not a readable ZIP archive ({err})"]
    if len(contents) != len(infos):
        return ["the archive holds a name twice"]
    if MANIFEST not in contents:
        return [f"{MANIFEST} missing"]
    try:
        manifest = json.loads(contents[MANIFEST].decode("utf-8"))
    except ValueError:
        return [f"{MANIFEST}: not readable JSON"]
    problems = _manifest_problems(manifest, contents)
    if problems and problems[0].startswith(f"{MANIFEST}:"):
        return problems
    problems += _audit_problems(manifest, contents, key)
    if build([(info.filename, contents[info.filename]) for info in infos]) != raw:
        problems.append("the archive is not in its canonical form (bytes outside the files "
                        "were changed)")
    if key is not None:
        given = manifest.get("signature")
        if not isinstance(given, str) or not hmac.compare_digest(given, signature(manifest, key)):
            problems.append("manifest signature does not match (wrong key, or edited)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a CaseFlow hand-off bundle (stdlib only).")
    parser.add_argument("bundle", help="the downloaded ZIP file")
    parser.add_argument("--key-hex", help="the bundle-signing key in hex; checks the signatures")
    args = parser.parse_args(argv)
    try:
        key = bytes.fromhex(args.key_hex) if args.key_hex else None
        with open(args.bundle, "rb") as handle:
            raw = handle.read()
    except (OSError, ValueError) as err:
        print(f"ERROR: {err}", file=sys.stderr)
        return 2
    problems = check(raw, key)
    if problems:
        for problem in problems:
            print(f"FAIL {problem}")
        return 1
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    signed = "signatures OK" if key is not None else "signatures NOT checked (no --key-hex)"
    print(f"OK: case {manifest['case'].get('number')}, {len(manifest['files'])} files, "
          f"each SHA-256 matches; {signed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

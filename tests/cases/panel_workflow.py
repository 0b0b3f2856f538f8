"""A test-only adjudication version whose `accept` names the panel (`form_panel`, Art. 20).

It is adjudication v1 with a `panel` input (`usernames`) and the `form_panel` effect on `accept`,
written as the newest adjudication version of a copy of workflows/, so that new cases start on
it whatever other versions the real directory holds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TEST_VERSION = 90
#: new cases open on the test version (WORKFLOW_VERSIONS: the suite pins v1 otherwise)
PANEL_PIN = {"adjudication": TEST_VERSION, "prelitigation_mediation": 1}
PANEL_INPUT = {"name": "panel", "type": "usernames", "required": False,
               "label": {"zh": "合议组（第一位为承办人）", "en": "Panel (the lead first)"}}


def panel_workflows(directory: Path) -> Path:
    """Copy workflows/ into `directory` and add the panel version of adjudication."""
    for source in (ROOT / "workflows").glob("*.yaml"):
        shutil.copy(source, directory / source.name)
    spec = yaml.safe_load((ROOT / "workflows" / "adjudication.v1.yaml").read_text("utf-8"))
    spec["version"] = TEST_VERSION
    accept = next(t for t in spec["transitions"] if t["trigger"] == "accept")
    accept["inputs"].append(PANEL_INPUT)
    accept["effects"] = [*accept.get("effects", []), "form_panel"]
    (directory / f"adjudication.v{TEST_VERSION}.yaml").write_text(
        yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8")
    return directory

"""A broken workflow file stops the app from starting; `workflows check` prints the verdict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from caseflow import create_app
from caseflow.workflow.definitions import WorkflowError

ROOT = Path(__file__).resolve().parents[2]


def test_broken_workflow_file_stops_the_app(tmp_path):
    for f in (ROOT / "workflows").glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    broken = tmp_path / "adjudication.v1.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("roles: [officer]",
                                                                 "roles: [clerk]", 1),
                      encoding="utf-8")
    with pytest.raises(WorkflowError, match=r"adjudication\.v1\.yaml: transitions\[\d+\]\.roles"):
        create_app({"WORKFLOWS_DIR": str(tmp_path), "SECRET_KEY": "x",
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})


def test_workflows_check_and_graph_commands(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["workflows", "check"])
    assert result.exit_code == 0 and "OK  adjudication v1" in result.output
    graph = runner.invoke(args=["workflows", "graph", "adjudication"])
    assert graph.exit_code == 0 and "stateDiagram" in graph.output and "已立案" in graph.output

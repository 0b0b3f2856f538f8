"""Load the document templates against the loaded workflows and the case-field vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from caseflow.documents.catalog import Catalog, known_from, load_catalog
from caseflow.documents.fields import FIELDS


def load_documents(directory: str | Path, registry: Any) -> Catalog:
    """Load and check every template in `directory` (raise CatalogError naming each problem)."""
    return load_catalog(directory, known_from(registry, FIELDS))

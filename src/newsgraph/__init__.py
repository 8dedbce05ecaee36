"""newsgraph: reads news and builds a sourced, queryable record of what it reports.

The public API (``brief``, ``ingest``, ``open_store``, ``analyse``) is imported lazily so
that importing one stage (say ``newsgraph.model``) does not load spaCy and every other stage.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

# A library logs; the application decides where logs go (nowhere unless it configures it).
logging.getLogger("newsgraph").addHandler(logging.NullHandler())

__version__ = "0.1.0"
__all__ = ["Brief", "IngestReport", "__version__", "analyse", "brief", "ingest", "open_store"]

if TYPE_CHECKING:
    from newsgraph.api import IngestReport, brief, ingest, open_store
    from newsgraph.model import Brief
    from newsgraph.pipeline import analyse

_HOMES = {
    "IngestReport": "api",
    "brief": "api",
    "ingest": "api",
    "open_store": "api",
    "Brief": "model",
    "analyse": "pipeline",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"newsgraph.{_HOMES[name]}"), name)

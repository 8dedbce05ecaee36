"""Across articles: storylines and entity resolution over many briefs (pure, no I/O)."""

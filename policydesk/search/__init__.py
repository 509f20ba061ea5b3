"""Chinese search over the registry: segmentation with a domain dictionary, synonyms for how
people ask, BM25 ranking (SQLite FTS5) and a relevance floor so that a question the guides do
not answer gets no results instead of weak ones."""
from .query import search

__all__ = ["search"]

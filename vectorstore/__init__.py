"""Stores and retrieves chunks: Chroma, BM25, fusion and filters."""

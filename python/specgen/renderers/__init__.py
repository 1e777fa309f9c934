"""Renderers: pure functions from the IR to text (types, docs, samples, escaping, format)."""

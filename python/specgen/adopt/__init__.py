"""Adopt: minimal in-place edits that bring hand-written commands up to the conventions.

The edits (base interfaces, factories, the static accessor, their imports) are located
through the TypeScript parser and touch nothing else.

Modules: ``locate`` (edit points through the TypeScript parser), ``style`` (the file's
indent, quotes, semicolons, line endings), ``edits`` (the text of each addition),
``imports`` (where each added name comes from), ``runtime`` (the config's runtime
import map), ``plan`` (one file's edits), ``run`` (many commands, what is left,
atomic writes) and ``cli`` (``specgen adopt``).
"""

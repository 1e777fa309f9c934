"""The exit codes of every specgen command."""

from __future__ import annotations

EXIT_OK = 0
"""Done, and nothing to report."""
EXIT_PROBLEMS = 1
"""Done, and found what the command looks for: findings, breaking changes, stale files."""
EXIT_BAD_INPUT = 2
"""The input is wrong: a diagnostic says where and why."""
EXIT_INTERNAL = 70
"""A bug in specgen (EX_SOFTWARE)."""

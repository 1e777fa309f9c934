"""Run every architecture rule over a tree: ``python -m architecture [ROOT]``."""

from __future__ import annotations

import sys
from pathlib import Path

from architecture.layout import crate_folders, source_files
from architecture.rust_modules import cycle_violations
from architecture.sizes import file_violation, function_violations
from architecture.violation import Violation


def check(root: Path) -> list[Violation]:
    """Every violation of the architecture rules under ``root``, sorted by place."""
    violations = [v for crate in crate_folders(root) for v in cycle_violations(crate)]
    for path in source_files(root):
        text = path.read_text(encoding="utf-8")
        too_long = file_violation(path, text)
        violations.extend([too_long] if too_long else [])
        violations.extend(function_violations(path, text))
    return sorted(violations)


def main(argv: list[str]) -> int:
    """Print each violation as ``path:line: message``; 1 when there is any, else 0."""
    root = Path(argv[0] if argv else ".").resolve()
    violations = check(root)
    for violation in violations:
        sys.stdout.write(violation.render(root) + "\n")
    summary = f"architecture: {len(violations)} violation(s)" if violations else "architecture: ok"
    sys.stderr.write(summary + "\n")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

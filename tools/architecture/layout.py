"""Which parts of the tree the rules cover, and the limits they enforce."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

MAX_FILE_LINES = 500
"""No source file may be longer than this."""
MAX_FUNCTION_LINES = 60
"""No function (Python ``def``, Rust ``fn``) may be longer than this, signature to end."""

SOURCE_SUFFIXES = frozenset({".py", ".pyi", ".rs", ".jinja"})
"""Files that count as source; data (JSON examples), binaries and docs do not."""
GENERATED_MARKER = "@generated"
"""A file naming this in its first lines is generated, and exempt."""
_HEADER_LINES = 5


def crate_folders(root: Path) -> list[Path]:
    """Every Rust crate whose ``src`` the rules cover: ``crates/*`` and ``build-hooks/*``."""
    candidates = [*root.glob("crates/*"), *root.glob("build-hooks/*")]
    return sorted(c for c in candidates if (c / "Cargo.toml").is_file() and (c / "src").is_dir())


def source_folders(root: Path) -> list[Path]:
    """The folders whose files the size rules cover."""
    folders = [*root.glob("crates/*/src"), *root.glob("build-hooks/*/src"), root / "python/specgen"]
    return sorted(folder for folder in folders if folder.is_dir())


def is_test_file(path: Path) -> bool:
    """A Rust ``tests.rs`` module file, or any file under a ``tests/`` folder."""
    return path.name == "tests.rs" or "tests" in path.parts[:-1]


def is_generated(text: str) -> bool:
    """Whether ``text`` carries the generated-file marker in its header."""
    return any(GENERATED_MARKER in line for line in text.splitlines()[:_HEADER_LINES])


def source_files(root: Path) -> Iterator[Path]:
    """Every covered source file, test files excluded, in a stable order."""
    for folder in source_folders(root):
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if (
                path.is_file()
                and path.suffix in SOURCE_SUFFIXES
                and "__pycache__" not in relative.parts
                and not is_test_file(relative)
            ):
                yield path

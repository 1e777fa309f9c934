"""README "Getting started", up to cargo: init, new, validate, generate from an empty folder.

The cargo build of the same block is tests/e2e/test_readme_getting_started.py (``nox``,
or ``nox -s e2e`` alone).
"""

from __future__ import annotations

from pathlib import Path

from readme_support import getting_started_commands, run_getting_started


def test_the_block_is_init_new_validate_generate_cargo_build() -> None:
    verbs = [
        line.split()[1] if line.startswith("specgen ") else line.split()[0]
        for line in getting_started_commands()
    ]
    assert verbs == ["mkdir", "init", "new", "validate", "generate", "cargo"]


def test_getting_started_until_cargo(tmp_path: Path) -> None:
    project, output = run_getting_started(tmp_path, cargo=False)
    assert "2 spec file(s) checked: 0 error(s), 0 warning(s)" in output
    assert (project / "src" / "services" / "hello_greet.rs").is_file()
    assert (project / "src" / "services" / "example_hello.rs").is_file()
    assert "specgen_build::Builder" in (project / "build.rs").read_text()
    types = project / "generated" / "ts" / "commands" / "hello" / "greet" / "shared"
    assert (types / "HelloGreetTypes.ts").is_file()
    assert not (project / "generated" / "rust").exists()  # build.rs writes the Rust
    assert "/generated/" in (project / ".gitignore").read_text().splitlines()

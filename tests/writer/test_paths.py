"""Unsafe and conflicting output paths are refused before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from specgen.writer import (
    MANIFEST_NAME,
    OutputFile,
    UnsafePathError,
    WriteConflictError,
    WriteMode,
    WriteOptions,
    write_outputs,
)

SPEC = "specs/evil.json"
FINE = OutputFile("ts/fine.ts", b"fine\n", "generated", "specs/fine.json")


def contents(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*"))


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("", "empty"),
        ("../x", "'..'"),
        ("a/../../b", "'..'"),
        ("a/..", "'..'"),
        ("/abs/x.rs", "absolute"),
        ("C:/x.rs", "absolute"),
        ("rust\\src\\x.rs", "backslash"),
        ("a//b.rs", "empty segment"),
        ("a/b/", "empty segment"),
        ("./a.rs", "'.' segment"),
        ("a\nb.rs", "control character"),
        ("a\x00.rs", "control character"),
        (MANIFEST_NAME, "reserved"),
    ],
)
def test_unsafe_path_writes_nothing(tmp_path: Path, path: str, reason: str) -> None:
    bad = OutputFile(path, b"pwned", "generated", SPEC)
    for mode in WriteMode:
        with pytest.raises(UnsafePathError, match=reason) as caught:
            write_outputs(tmp_path, [FINE, bad], WriteOptions(mode=mode))
        assert caught.value.path == path
        assert caught.value.spec == SPEC
        assert repr(path) in str(caught.value)
        assert SPEC in str(caught.value)
        assert contents(tmp_path) == []


def test_symlinked_folder_pointing_outside_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "out"
    outside = tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (root / "rust").symlink_to(outside, target_is_directory=True)
    bad = OutputFile("rust/src/x.rs", b"pwned", "scaffold", SPEC)

    with pytest.raises(UnsafePathError, match="outside the output root") as caught:
        write_outputs(root, [FINE, bad])

    assert caught.value.path == "rust/src/x.rs"
    assert contents(outside) == []
    assert contents(root) == ["rust"]


def test_symlinked_file_pointing_outside_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (root / "x.rs").symlink_to(secret)
    with pytest.raises(UnsafePathError, match="outside the output root"):
        write_outputs(root, [OutputFile("x.rs", b"new", "generated", SPEC)])
    assert secret.read_text() == "secret"


def test_symlink_inside_root_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    write_outputs(tmp_path, [OutputFile("alias/x.rs", b"x", "generated", SPEC)])
    assert (tmp_path / "real/x.rs").read_bytes() == b"x"


def test_two_paths_that_are_one_file_conflict(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    files = [
        OutputFile("alias/x.rs", b"1", "generated", "specs/a.json"),
        OutputFile("real/x.rs", b"2", "generated", "specs/b.json"),
    ]
    with pytest.raises(WriteConflictError, match="same file"):
        write_outputs(tmp_path, files)
    assert contents(tmp_path) == ["alias", "real"]


def test_duplicate_paths_conflict(tmp_path: Path) -> None:
    files = [
        FINE,
        OutputFile("x.rs", b"1", "generated", "specs/a.json"),
        OutputFile("x.rs", b"2", "scaffold", "specs/b.json"),
    ]
    with pytest.raises(WriteConflictError, match="share") as caught:
        write_outputs(tmp_path, files)
    assert caught.value.path == "x.rs"
    assert caught.value.specs == ("specs/a.json", "specs/b.json")
    assert "specs/a.json" in str(caught.value)
    assert "specs/b.json" in str(caught.value)
    assert contents(tmp_path) == []


def test_file_and_folder_with_one_name_conflict(tmp_path: Path) -> None:
    files = [
        OutputFile("docs", b"1", "generated", SPEC),
        OutputFile("docs/readme.md", b"2", "generated", SPEC),
    ]
    with pytest.raises(WriteConflictError, match="needs it to be a folder"):
        write_outputs(tmp_path, files)
    assert contents(tmp_path) == []


def test_disk_objects_in_the_way_conflict_before_writing(tmp_path: Path) -> None:
    (tmp_path / "docs").write_text("a user file")
    (tmp_path / "folder.rs").mkdir()
    for bad in ("docs/readme.md", "folder.rs"):
        with pytest.raises(WriteConflictError, match="remove it first"):
            write_outputs(tmp_path, [FINE, OutputFile(bad, b"x", "generated", SPEC)])
    assert contents(tmp_path) == ["docs", "folder.rs"]


def test_root_that_is_a_file_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.write_text("x")
    with pytest.raises(NotADirectoryError):
        write_outputs(root, [FINE])

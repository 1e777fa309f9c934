"""write_outputs on real folders: ownership, stale cleanup, check and dry-run, failures."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from specgen.writer import (
    MANIFEST_NAME,
    Action,
    FileChange,
    OutputFile,
    WriteMode,
    WriteOptions,
    WriteReport,
    atomic,
    write_outputs,
)
from specgen.writer._paths import FolderResolver, join_below
from specgen.writer.manifest import sha256_hex
from specgen.writer.write import NewFolders

SPEC = "specs/gpu/stats.json"
OTHER = "specs/gpu/reset.json"


def gen(path: str, text: str, spec: str = SPEC) -> OutputFile:
    return OutputFile(path, text.encode(), "generated", spec)


def scaffold(path: str, text: str, spec: str = SPEC) -> OutputFile:
    return OutputFile(path, text.encode(), "scaffold", spec)


def actions(report: WriteReport) -> dict[str, Action]:
    return {change.path: change.action for change in report.changes}


def manifest(root: Path) -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads((root / MANIFEST_NAME).read_text())
    return data


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (the manifest included), by relative path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_creates_files_and_manifest(tmp_path: Path) -> None:
    files = [gen("rust/src/wire.rs", "wire\n"), scaffold("rust/src/handler.rs", "todo\n")]
    report = write_outputs(tmp_path, files)

    assert actions(report) == {
        "rust/src/handler.rs": Action.CREATE,
        "rust/src/wire.rs": Action.CREATE,
    }
    assert report.written() == ["rust/src/handler.rs", "rust/src/wire.rs"]
    assert report.stale()
    assert report.counts() == {Action.CREATE: 2}
    assert (tmp_path / "rust/src/wire.rs").read_text() == "wire\n"
    assert manifest(tmp_path) == {
        "rust/src/handler.rs": {"owner": "scaffold", "sha256": sha256_hex(b"todo\n"), "spec": SPEC},
        "rust/src/wire.rs": {"owner": "generated", "sha256": sha256_hex(b"wire\n"), "spec": SPEC},
    }


def test_changes_are_sorted_by_path(tmp_path: Path) -> None:
    files = [gen("z.rs", "z"), gen("a/b.rs", "b"), gen("m.ts", "m")]
    report = write_outputs(tmp_path, files)
    assert [change.path for change in report.changes] == ["a/b.rs", "m.ts", "z.rs"]


def test_unchanged_files_are_not_touched(tmp_path: Path) -> None:
    files = [gen("a.rs", "same\n"), gen("b.rs", "old\n"), scaffold("c.rs", "mine\n")]
    write_outputs(tmp_path, files)
    before = {
        name: (tmp_path / name).stat().st_mtime_ns for name in ("a.rs", "c.rs", MANIFEST_NAME)
    }

    report = write_outputs(tmp_path, files)
    assert actions(report) == {
        "a.rs": Action.UNCHANGED,
        "b.rs": Action.UNCHANGED,
        "c.rs": Action.KEEP_SCAFFOLD,
    }
    assert not report.stale()
    assert report.written() == []
    after = {name: (tmp_path / name).stat().st_mtime_ns for name in before}
    assert after == before

    report = write_outputs(tmp_path, [files[0], gen("b.rs", "new\n"), files[2]])
    assert actions(report)["b.rs"] is Action.UPDATE
    assert (tmp_path / "b.rs").read_text() == "new\n"
    assert (tmp_path / "a.rs").stat().st_mtime_ns == before["a.rs"]
    assert manifest(tmp_path)["b.rs"]["sha256"] == sha256_hex(b"new\n")


def test_scaffold_is_never_overwritten_and_drift_is_reported(tmp_path: Path) -> None:
    write_outputs(tmp_path, [scaffold("handler.rs", "fn v1() {}\n")])
    (tmp_path / "handler.rs").write_text("fn v1() { real_logic() }\n")

    same = write_outputs(tmp_path, [scaffold("handler.rs", "fn v1() {}\n")])
    changed = write_outputs(tmp_path, [scaffold("handler.rs", "fn v2() {}\n")])

    kept = FileChange("handler.rs", Action.KEEP_SCAFFOLD, "scaffold", SPEC, drift=True)
    assert same.changes == [kept]
    assert changed.changes == [kept]
    assert (tmp_path / "handler.rs").read_text() == "fn v1() { real_logic() }\n"
    assert not changed.stale()
    # The manifest keeps the hash of what specgen wrote, not of the user's edit.
    assert manifest(tmp_path)["handler.rs"]["sha256"] == sha256_hex(b"fn v1() {}\n")


def test_unedited_scaffold_has_no_drift(tmp_path: Path) -> None:
    write_outputs(tmp_path, [scaffold("handler.rs", "x\n")])
    report = write_outputs(tmp_path, [scaffold("handler.rs", "x\n")])
    assert report.changes == [FileChange("handler.rs", Action.KEEP_SCAFFOLD, "scaffold", SPEC)]


def test_existing_file_is_adopted_as_scaffold(tmp_path: Path) -> None:
    (tmp_path / "handler.rs").write_text("hand written\n")
    report = write_outputs(tmp_path, [scaffold("handler.rs", "template\n")])
    assert report.changes[0].action is Action.KEEP_SCAFFOLD
    assert report.changes[0].drift
    assert (tmp_path / "handler.rs").read_text() == "hand written\n"
    assert manifest(tmp_path)["handler.rs"]["sha256"] == sha256_hex(b"hand written\n")


def test_force_replaces_scaffold(tmp_path: Path) -> None:
    (tmp_path / "handler.rs").write_text("mine\n")
    report = write_outputs(tmp_path, [scaffold("handler.rs", "new\n")], WriteOptions(force=True))
    assert report.changes == [FileChange("handler.rs", Action.REPLACE_SCAFFOLD, "scaffold", SPEC)]
    assert (tmp_path / "handler.rs").read_text() == "new\n"
    assert not (tmp_path / "handler.rs.bak").exists()


def test_force_leaves_identical_scaffold_alone(tmp_path: Path) -> None:
    write_outputs(tmp_path, [scaffold("handler.rs", "same\n")])
    report = write_outputs(tmp_path, [scaffold("handler.rs", "same\n")], WriteOptions(force=True))
    assert report.changes[0].action is Action.KEEP_SCAFFOLD


def test_backup_keeps_replaced_scaffold_bytes(tmp_path: Path) -> None:
    (tmp_path / "handler.rs").write_bytes(b"v0\n")
    (tmp_path / "handler.rs.bak").write_bytes(b"older backup\n")
    options = WriteOptions(force=True, backup=True)

    report = write_outputs(tmp_path, [scaffold("handler.rs", "v1\n")], options)
    assert report.changes[0].backup == "handler.rs.bak.1"
    (tmp_path / "handler.rs").write_bytes(b"v1 edited\n")
    report = write_outputs(tmp_path, [scaffold("handler.rs", "v2\n")], options)
    assert report.changes[0].backup == "handler.rs.bak.2"

    assert (tmp_path / "handler.rs").read_bytes() == b"v2\n"
    assert (tmp_path / "handler.rs.bak").read_bytes() == b"older backup\n"
    assert (tmp_path / "handler.rs.bak.1").read_bytes() == b"v0\n"
    assert (tmp_path / "handler.rs.bak.2").read_bytes() == b"v1 edited\n"
    assert set(manifest(tmp_path)) == {"handler.rs"}


def test_stale_generated_file_is_removed_and_empty_folders_pruned(tmp_path: Path) -> None:
    write_outputs(tmp_path, [gen("rust/src/gone/wire.rs", "w"), gen("rust/src/keep.rs", "k")])

    report = write_outputs(tmp_path, [gen("rust/src/keep.rs", "k")])

    assert actions(report) == {
        "rust/src/gone/wire.rs": Action.REMOVE,
        "rust/src/keep.rs": Action.UNCHANGED,
    }
    assert report.changes[0].owner == "generated"
    assert report.changes[0].spec == SPEC
    assert report.stale()
    assert not (tmp_path / "rust/src/gone").exists()
    assert (tmp_path / "rust/src/keep.rs").exists()
    assert set(manifest(tmp_path)) == {"rust/src/keep.rs"}


def test_removal_never_prunes_root_or_folders_with_other_files(tmp_path: Path) -> None:
    write_outputs(tmp_path, [gen("only.rs", "x"), gen("docs/a.md", "a")])
    (tmp_path / "docs/notes.txt").write_text("user file")

    write_outputs(tmp_path, [])

    assert tree(tmp_path) == {"docs/notes.txt": b"user file", MANIFEST_NAME: b"{}\n"}


def test_backup_keeps_removed_generated_file(tmp_path: Path) -> None:
    write_outputs(tmp_path, [gen("gone/wire.rs", "bytes\n")])
    report = write_outputs(tmp_path, [], WriteOptions(backup=True))
    assert report.changes[0].backup == "gone/wire.rs.bak"
    assert (tmp_path / "gone/wire.rs.bak").read_bytes() == b"bytes\n"
    assert not (tmp_path / "gone/wire.rs").exists()
    assert manifest(tmp_path) == {}


def test_stale_entry_whose_file_is_already_gone_is_forgotten(tmp_path: Path) -> None:
    write_outputs(tmp_path, [gen("a.rs", "a"), scaffold("b.rs", "b")])
    (tmp_path / "a.rs").unlink()
    (tmp_path / "b.rs").unlink()
    report = write_outputs(tmp_path, [])
    assert report.changes == []
    assert manifest(tmp_path) == {}


def test_scope_limits_removal_to_its_specs(tmp_path: Path) -> None:
    write_outputs(
        tmp_path,
        [gen("stats/wire.rs", "s"), gen("stats/old.rs", "o"), gen("reset/wire.rs", "r", OTHER)],
    )

    report = write_outputs(tmp_path, [gen("stats/wire.rs", "s")], scope={SPEC})

    assert actions(report) == {"stats/old.rs": Action.REMOVE, "stats/wire.rs": Action.UNCHANGED}
    assert (tmp_path / "reset/wire.rs").read_text() == "r"
    assert set(manifest(tmp_path)) == {"reset/wire.rs", "stats/wire.rs"}

    report = write_outputs(tmp_path, [], scope=[OTHER])
    assert actions(report) == {"reset/wire.rs": Action.REMOVE}
    assert (tmp_path / "stats/wire.rs").exists()


def test_scope_must_not_be_a_plain_string(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="not one string"):
        write_outputs(tmp_path, [], scope=SPEC)


def test_orphan_scaffold_is_kept_and_reported(tmp_path: Path) -> None:
    write_outputs(tmp_path, [scaffold("handler.rs", "h\n"), gen("wire.rs", "w\n")])

    orphan = FileChange("handler.rs", Action.ORPHAN_SCAFFOLD, "scaffold", SPEC)
    removed = FileChange("wire.rs", Action.REMOVE, "generated", SPEC)

    assert write_outputs(tmp_path, []).changes == [orphan, removed]
    assert write_outputs(tmp_path, []).changes == [orphan]  # reported until the user acts
    assert (tmp_path / "handler.rs").read_text() == "h\n"
    assert set(manifest(tmp_path)) == {"handler.rs"}

    (tmp_path / "handler.rs").unlink()
    assert write_outputs(tmp_path, []).changes == []
    assert manifest(tmp_path) == {}


def test_owner_change_from_scaffold_to_generated_rewrites(tmp_path: Path) -> None:
    write_outputs(tmp_path, [scaffold("x.rs", "s\n")])
    report = write_outputs(tmp_path, [gen("x.rs", "g\n")])
    assert actions(report) == {"x.rs": Action.UPDATE}
    assert manifest(tmp_path)["x.rs"]["owner"] == "generated"


def test_check_writes_nothing_and_gives_diffs(tmp_path: Path) -> None:
    write_outputs(
        tmp_path, [gen("a.rs", "one\ntwo\n"), gen("gone.rs", "bye\n"), scaffold("h.rs", "h\n")]
    )
    (tmp_path / "h.rs").write_text("edited\n")
    before = tree(tmp_path)
    mtimes = {path: (tmp_path / path).stat().st_mtime_ns for path in before}
    files = [gen("a.rs", "one\n2\n"), gen("new/b.rs", "b"), scaffold("h.rs", "h2\n")]

    report = write_outputs(tmp_path, files, WriteOptions(mode=WriteMode.CHECK, backup=True))

    assert tree(tmp_path) == before
    assert {path: (tmp_path / path).stat().st_mtime_ns for path in before} == mtimes
    assert report.stale()
    assert report.mode is WriteMode.CHECK
    by_path = {change.path: change for change in report.changes}
    assert by_path["a.rs"].action is Action.UPDATE
    assert by_path["a.rs"].diff == "--- a/a.rs\n+++ b/a.rs\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n"
    assert by_path["new/b.rs"].action is Action.CREATE
    assert by_path["new/b.rs"].diff == (
        "--- a/new/b.rs\n+++ b/new/b.rs\n@@ -0,0 +1 @@\n+b\n\\ No newline at end of file\n"
    )
    assert by_path["gone.rs"].action is Action.REMOVE
    assert by_path["gone.rs"].diff == "--- a/gone.rs\n+++ b/gone.rs\n@@ -1 +0,0 @@\n-bye\n"
    assert by_path["gone.rs"].backup == "gone.rs.bak"
    assert by_path["h.rs"].action is Action.KEEP_SCAFFOLD
    assert by_path["h.rs"].drift
    assert by_path["h.rs"].diff == ""


def test_check_of_an_up_to_date_tree_is_not_stale(tmp_path: Path) -> None:
    files = [gen("a.rs", "a"), scaffold("h.rs", "h")]
    write_outputs(tmp_path, files)
    (tmp_path / "h.rs").write_text("user logic")
    report = write_outputs(tmp_path, files, WriteOptions(mode=WriteMode.CHECK))
    assert not report.stale()
    assert all(change.diff == "" for change in report.changes)


def test_check_on_a_missing_root_creates_nothing(tmp_path: Path) -> None:
    root = tmp_path / "out"
    report = write_outputs(root, [gen("a/b.rs", "x")], WriteOptions(mode=WriteMode.CHECK))
    assert report.stale()
    assert not root.exists()


def test_check_diffs_undecodable_bytes_with_replacement(tmp_path: Path) -> None:
    write_outputs(tmp_path, [OutputFile("blob.bin", b"\xff\xfe\n", "generated", SPEC)])
    file = OutputFile("blob.bin", b"ok\n", "generated", SPEC)
    report = write_outputs(tmp_path, [file], WriteOptions(mode=WriteMode.CHECK))
    assert "-\ufffd\ufffd\n+ok\n" in report.changes[0].diff


def test_dry_run_writes_nothing_and_has_no_diffs(tmp_path: Path) -> None:
    write_outputs(tmp_path, [gen("gone.rs", "bye\n"), scaffold("h.rs", "h\n")])
    before = tree(tmp_path)
    options = WriteOptions(mode=WriteMode.DRY_RUN, force=True, backup=True)

    report = write_outputs(tmp_path, [gen("a.rs", "a"), scaffold("h.rs", "h2\n")], options)

    assert tree(tmp_path) == before
    assert actions(report) == {
        "a.rs": Action.CREATE,
        "gone.rs": Action.REMOVE,
        "h.rs": Action.REPLACE_SCAFFOLD,
    }
    assert all(change.diff == "" for change in report.changes)
    assert report.written() == ["a.rs", "h.rs"]


def test_corrupt_manifest_is_tolerated_and_repaired(tmp_path: Path) -> None:
    (tmp_path / MANIFEST_NAME).write_text("{not json")
    report = write_outputs(tmp_path, [gen("a.rs", "a")])
    assert actions(report) == {"a.rs": Action.CREATE}
    assert any("corrupt manifest" in note for note in report.notes)
    assert set(manifest(tmp_path)) == {"a.rs"}


def test_hostile_manifest_entries_never_delete_anything(tmp_path: Path) -> None:
    root = tmp_path / "out"
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    root.mkdir()
    (root / "link").symlink_to(tmp_path)
    sha = sha256_hex(b"")
    entry = {"owner": "generated", "sha256": sha, "spec": SPEC}
    (root / MANIFEST_NAME).write_text(
        json.dumps({"../precious.txt": entry, "link/precious.txt": entry, "/etc/passwd": entry})
    )

    report = write_outputs(root, [])

    assert report.changes == []
    assert outside.read_text() == "keep me"
    assert manifest(root) == {}
    assert len(report.notes) == 2  # the unsafe names, and the entry leading outside


def test_manifest_is_never_a_stale_file(tmp_path: Path) -> None:
    sha = sha256_hex(b"")
    entry = {"owner": "generated", "sha256": sha, "spec": SPEC}
    (tmp_path / MANIFEST_NAME).write_text(json.dumps({MANIFEST_NAME: entry}))
    report = write_outputs(tmp_path, [])
    assert report.changes == []
    assert (tmp_path / MANIFEST_NAME).read_text() == "{}\n"


def test_no_manifest_when_there_is_nothing_to_record(tmp_path: Path) -> None:
    root = tmp_path / "out"
    assert write_outputs(root, []).changes == []
    assert not root.exists()


def test_same_inputs_give_identical_manifest_bytes(tmp_path: Path) -> None:
    files = [gen("z/y.rs", "y"), scaffold("a.rs", "a"), gen("m.ts", "m", OTHER)]
    write_outputs(tmp_path / "one", files)
    write_outputs(tmp_path / "two", list(reversed(files)))
    first = (tmp_path / "one" / MANIFEST_NAME).read_bytes()
    assert first == (tmp_path / "two" / MANIFEST_NAME).read_bytes()
    assert first.endswith(b"}\n")
    assert json.dumps(json.loads(first), sort_keys=True, indent=2).encode() + b"\n" == first


def test_failure_midway_leaves_complete_files_and_a_true_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_outputs(
        tmp_path, [gen("a.rs", "a0"), gen("b.rs", "b0"), gen("c.rs", "c0"), gen("d.rs", "d0")]
    )
    real = atomic.write_atomic
    calls: list[Path] = []

    def flaky(path: Path, data: bytes, *, compare: bool = True, new: bool = False) -> bool:
        calls.append(path)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, data, compare=compare, new=new)

    monkeypatch.setattr(atomic, "write_atomic", flaky)
    files = [gen("a.rs", "a1"), gen("b.rs", "b1"), gen("c.rs", "c1"), gen("new.rs", "n1")]
    with pytest.raises(PermissionError):
        write_outputs(tmp_path, files)

    # a.rs written completely, b.rs failed, c.rs and new.rs never reached, d.rs (stale) kept.
    on_disk = tree(tmp_path)
    on_disk.pop(MANIFEST_NAME)
    assert on_disk == {"a.rs": b"a1", "b.rs": b"b0", "c.rs": b"c0", "d.rs": b"d0"}
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []
    recorded = manifest(tmp_path)
    assert set(recorded) == {"a.rs", "b.rs", "c.rs", "d.rs"}
    for path, entry in recorded.items():
        assert entry["sha256"] == sha256_hex((tmp_path / path).read_bytes())

    monkeypatch.setattr(atomic, "write_atomic", real)
    report = write_outputs(tmp_path, files)  # a rerun finishes the job
    assert actions(report) == {
        "a.rs": Action.UNCHANGED,
        "b.rs": Action.UPDATE,
        "c.rs": Action.UPDATE,
        "d.rs": Action.REMOVE,
        "new.rs": Action.CREATE,
    }


def test_failure_while_writing_a_backup_keeps_the_scaffold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "h.rs").write_text("mine")

    def broken(path: Path, _data: bytes, *, compare: bool = True, new: bool = False) -> bool:
        del compare, new
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(atomic, "write_atomic", broken)
    with pytest.raises(OSError, match="No space"):
        write_outputs(tmp_path, [scaffold("h.rs", "new")], WriteOptions(force=True, backup=True))
    assert tree(tmp_path) == {"h.rs": b"mine"}


def test_new_folders_are_made_once_and_a_shared_one_by_either_writer(tmp_path: Path) -> None:
    """Two writers of one batch (two processes' shares) may both need a new folder."""
    (tmp_path / "old").mkdir()
    resolver = FolderResolver(tmp_path.resolve())
    for folder in ("old", "new", "new/deep", "new/deep/er"):
        resolver.resolve(folder)
    first, second = NewFolders(tmp_path, resolver), NewFolders(tmp_path, resolver)
    assert first.prepare("new/deep/er/a.ts") is True
    assert second.prepare("new/deep/b.ts") is True  # made by the first: no error
    assert first.prepare("old/c.ts") is False  # an existing folder may hold the file already
    assert (tmp_path / "new" / "deep" / "er").is_dir()
    assert first.made == {"new", "new/deep", "new/deep/er"}


def test_join_below_matches_os_path_join() -> None:
    cases = [("", "a"), ("/", "a"), ("/r", "a/b"), ("/r/", "a"), ("rel", "x.ts")]
    for folder, relative in cases:
        expected = os.path.join(folder, relative)  # noqa: PTH118  # the reference behaviour
        assert join_below(folder, relative) == expected

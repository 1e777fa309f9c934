"""The manifest reader never crashes and keeps only what it can trust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from specgen.writer import MANIFEST_NAME, ManifestEntry, read_manifest
from specgen.writer.manifest import render_manifest, sha256_hex

SHA = sha256_hex(b"x")


def test_missing_manifest_is_empty(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == ({}, [])


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"[]", b"null", b"\xff\xfe", b'"text"'],
)
def test_corrupt_manifest_is_empty_with_a_note(tmp_path: Path, raw: bytes) -> None:
    (tmp_path / MANIFEST_NAME).write_bytes(raw)
    entries, notes = read_manifest(tmp_path)
    assert entries == {}
    assert len(notes) == 1
    assert MANIFEST_NAME in notes[0]


def test_unreadable_manifest_is_empty_with_a_note(tmp_path: Path) -> None:
    (tmp_path / MANIFEST_NAME).mkdir()
    entries, notes = read_manifest(tmp_path)
    assert entries == {}
    assert "unreadable" in notes[0]


def test_invalid_entries_are_dropped_valid_ones_kept(tmp_path: Path) -> None:
    good = {"owner": "scaffold", "spec": "s.json", "sha256": SHA}
    data = {
        "ok.rs": good,
        "bad-owner.rs": good | {"owner": "user"},
        "bad-sha.rs": good | {"sha256": "abc"},
        "no-spec.rs": {"owner": "generated", "sha256": SHA},
        "list.rs": [1, 2],
        "../escape.rs": good,
    }
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(data))
    entries, notes = read_manifest(tmp_path)
    assert entries == {"ok.rs": ManifestEntry("scaffold", "s.json", SHA)}
    assert len(notes) == 1
    assert "'../escape.rs'" in notes[0]


def test_render_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    entries = {
        "z.rs": ManifestEntry("generated", "b.json", SHA),
        "a.rs": ManifestEntry("scaffold", "a.json", SHA),
    }
    raw = render_manifest(entries)
    assert raw == render_manifest(dict(reversed(entries.items())))
    assert raw.startswith(b'{\n  "a.rs": {\n    "owner": "scaffold",\n')
    assert raw.endswith(b"}\n")
    (tmp_path / MANIFEST_NAME).write_bytes(raw)
    assert read_manifest(tmp_path) == (entries, [])

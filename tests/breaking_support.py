"""A small two-command project and helpers to edit it, shared by the breaking tests.

``gpu/stats`` uses every kind of type in params and results; ``gpu/reset`` shares the
type ``Shared`` with it (``Shared`` is in reset's params and in stats' results, so a
change to it is judged in both directions).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from specgen.diagnostics import has_errors
from specgen.spec.document import SpecDocument
from specgen.spec.loader import load_spec_text
from specgen.validate import validate_documents

Spec = dict[str, Any]
Project = dict[str, Spec]
Edit = Callable[[Project], None]

BASE: Project = {
    "gpu/stats": {
        "version": 2,
        "name": "gpu/stats",
        "description": "GPU stats",
        "adapter": "rust-ipc",
        "environment": "both",
        "types": {
            "Info": {
                "fields": {
                    "a": {"type": "string"},
                    "b": {"type": "i32"},
                    "c": {"type": "number", "optional": True},
                }
            },
            "Level": {"enum": ["low", "high"]},
            "Filter": {
                "fields": {
                    "min": {"type": "i32"},
                    "kind": {"type": "'x' | 'y'", "optional": True},
                }
            },
            "Shared": {"fields": {"id": {"type": "string"}, "size": {"type": "i32"}}},
            "Uuid": {
                "external": {
                    "typescript": {"module": "./ids"},
                    "rust": {"path": "uuid::Uuid"},
                }
            },
        },
        "params": [
            {"name": "mode", "type": "'a' | 'b'", "optional": True},
            {"name": "limit", "type": "i32"},
            {"name": "tags", "type": "string[]", "optional": True},
            {"name": "filter", "type": "Filter", "optional": True},
            {"name": "note", "type": "string | null"},
            {"name": "meta", "type": "unknown", "optional": True},
        ],
        "results": [
            {"name": "name", "type": "string"},
            {"name": "count", "type": "i32"},
            {"name": "total", "type": "number"},
            {"name": "items", "type": "Info[]"},
            {"name": "level", "type": "Level"},
            {"name": "comment", "type": "string", "optional": True},
            {"name": "owner", "type": "string | null"},
            {"name": "shared", "type": "Shared"},
            {"name": "state", "type": "'on' | 'off'"},
            {"name": "data", "type": "Record<string, number>"},
            {"name": "uuid", "type": "Uuid"},
        ],
    },
    "gpu/reset": {
        "version": 2,
        "name": "gpu/reset",
        "description": "Reset the GPU",
        "adapter": "server-only",
        "environment": "server",
        "accessLevel": "system",
        "params": [
            {"name": "target", "type": "string"},
            {"name": "shared", "type": "Shared", "optional": True},
        ],
        "results": [{"name": "ok", "type": "boolean"}],
    },
}


def file_of(name: str) -> str:
    """The spec file of command ``name``: ``specs/gpu-stats.json``."""
    return "specs/" + name.replace("/", "-") + ".json"


def documents(project: Project, prefix: str = "") -> list[SpecDocument]:
    """Load every spec of ``project`` (as indented JSON text, so positions are real)."""
    docs = []
    for name, spec in project.items():
        result = load_spec_text(json.dumps(spec, indent=2), prefix + file_of(name))
        assert result.document is not None, result.diagnostics
        docs.append(result.document)
    return docs


def edited(edit: Edit, base: Project = BASE) -> Project:
    """A deep copy of ``base`` with ``edit`` applied."""
    project = copy.deepcopy(base)
    edit(project)
    return project


def assert_valid(docs: list[SpecDocument], aliases: dict[str, str] | None = None) -> None:
    """The edited project is a valid one (a case must test a real spec change)."""
    diags = validate_documents(docs, aliases)
    assert not has_errors(diags), [str(d.location) + " " + d.message for d in diags]


def item(spec: Spec, key: str, name: str) -> dict[str, Any]:
    """The param or result named ``name``."""
    found: dict[str, Any] = next(p for p in spec[key] if p["name"] == name)
    return found

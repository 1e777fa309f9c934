"""JSON Schema export of CommandSpec, for editors (completion, hover docs) and CI checks.

A spec file can name the schema in its ``$schema`` key, which the model accepts
and ignores, so editors that read ``$schema`` offer completion out of the box.
"""

from __future__ import annotations

from typing import Any

from specgen.spec.v1 import CommandSpecV1
from specgen.spec.v2 import CommandSpecV2

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_ONE_OF_KEYS = {
    "TypeDef": ("fields", "enum", "external"),
    "ExternalRust": ("path", "wire"),
}
"""Objects that hold exactly one of these keys (the models check it after parsing)."""


def export_schema(version: int = 2) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of spec format ``version`` (1 or 2)."""
    model = CommandSpecV2 if version == 2 else CommandSpecV1
    schema = model.model_json_schema(by_alias=True, mode="validation")
    for name, keys in _ONE_OF_KEYS.items():
        definition = schema.get("$defs", {}).get(name)
        if definition is not None:
            definition["oneOf"] = [{"required": [key]} for key in keys]
    title = f"specgen CommandSpec v{version}"
    return {
        "$schema": DRAFT,
        "$id": f"urn:specgen:command-spec:v{version}",
        **schema,
        "title": title,
    }

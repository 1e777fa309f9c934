"""CommandSpec: models (v1, v2), the located loader, migration and JSON Schema export."""

from specgen.spec.document import SourceText, SpecDocument
from specgen.spec.loader import LoadResult, load_spec_bytes, load_spec_file, load_spec_text
from specgen.spec.migrate import Migration, migrate_v1
from specgen.spec.v1 import CommandSpecV1
from specgen.spec.v2 import BUILTIN_ADAPTERS, CommandSpecV2

__all__ = [
    "BUILTIN_ADAPTERS",
    "CommandSpecV1",
    "CommandSpecV2",
    "LoadResult",
    "Migration",
    "SourceText",
    "SpecDocument",
    "load_spec_bytes",
    "load_spec_file",
    "load_spec_text",
    "migrate_v1",
]

"""Writing generated files safely: atomic replacement, ownership, stale cleanup, ``--check``.

`write_outputs` takes the generator's `OutputFile` batch and brings an output root in line
with it; `render_report` turns its `WriteReport` into lines for the user.
"""

from specgen.writer import stopping
from specgen.writer.atomic import write_atomic
from specgen.writer.changes import Action, FileChange, WriteMode, WriteOptions, WriteReport
from specgen.writer.errors import UnsafePathError, WriteConflictError
from specgen.writer.manifest import MANIFEST_NAME, ManifestEntry, read_manifest
from specgen.writer.plan import OutputFile, Owner
from specgen.writer.report import render_report
from specgen.writer.write import write_outputs

__all__ = [
    "MANIFEST_NAME",
    "Action",
    "FileChange",
    "ManifestEntry",
    "OutputFile",
    "Owner",
    "UnsafePathError",
    "WriteConflictError",
    "WriteMode",
    "WriteOptions",
    "WriteReport",
    "read_manifest",
    "render_report",
    "stopping",
    "write_atomic",
    "write_outputs",
]

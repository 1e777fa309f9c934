"""Errors the writer raises before it touches the disk."""

from __future__ import annotations


class UnsafePathError(ValueError):
    """An output path that is not a plain relative path inside the output root.

    Raised before anything is written: absolute paths, ``..``, ``.`` or empty segments,
    backslashes, control characters, the manifest's own name, and paths that resolve outside
    the root through symlinks.
    """

    def __init__(self, path: str, spec: str, reason: str) -> None:
        """Name the path, the spec that asked for it and what is wrong with it."""
        self.path = path
        self.spec = spec
        self.reason = reason
        super().__init__(f"unsafe output path {path!r} from spec {spec!r}: {reason}")


class WriteConflictError(ValueError):
    """Outputs that cannot all exist together.

    The same path twice, two paths that are one file through a symlinked folder, or a path
    that must be both a file and a folder (in the batch or on disk). Raised before anything
    is written.
    """

    def __init__(self, path: str, specs: tuple[str, ...], reason: str) -> None:
        """Name the path, the specs involved and the conflict."""
        self.path = path
        self.specs = specs
        self.reason = reason
        origin = " and ".join(repr(spec) for spec in specs)
        super().__init__(f"conflicting output path {path!r} (from spec {origin}): {reason}")


class UnownedFileError(WriteConflictError):
    """A file specgen did not write is where a generated file must go.

    The manifest does not list it and its bytes differ from the generated ones (a
    hand-made ``mod.rs``, say). Raised before anything is written; ``force`` replaces it
    and keeps its bytes in a ``.bak`` file.
    """

    def __init__(self, path: str, spec: str) -> None:
        """Name the path and the spec that wants it."""
        super().__init__(
            path,
            (spec,),
            "a file specgen did not write is there (the manifest does not list it); "
            "specgen will not overwrite it",
        )
        self.spec = spec

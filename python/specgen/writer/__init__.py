"""Writing files safely: atomic replacement, never a half-written file on disk."""

from specgen.writer.atomic import write_atomic

__all__ = ["write_atomic"]

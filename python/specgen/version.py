"""The installed package's version (from the wheel metadata)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("specgen")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+source"

"""The build-system side of specgen: ``specgen build-request``.

A Cargo build script (the ``specgen-build`` crate) sends one JSON request on stdin and
reads one JSON response on stdout. The request names the crate, its ``OUT_DIR`` and the
specs; the response lists what was written, every input to watch, the diagnostics, and
the file to ``include!``. See ``docs/build-integration.md`` for the protocol.
"""

from specgen.build.request import BadRequestError, BuildRequest, parse_request
from specgen.build.respond import answer

__all__ = ["BadRequestError", "BuildRequest", "answer", "parse_request"]

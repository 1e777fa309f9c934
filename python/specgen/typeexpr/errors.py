"""The one error a type expression can raise, and its codes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from specgen.typeexpr.ast import Span

SYNTAX: Final = "SG201"
"""The text is not a well-formed type expression."""

ANY: Final = "SG202"
"""The expression uses ``any``."""

UNSUPPORTED: Final = "SG204"
"""Well-formed TypeScript that specgen does not support (or a too deep / too long input)."""


class TypeExprError(Exception):
    """A problem in a type expression, located by a span of the expression text.

    Attributes:
        code: the diagnostic code (``SG201`` syntax, ``SG202`` ``any``, ``SG204``
            unsupported construct).
        message: what is wrong; ``str(error)`` is this message.
        hint: what to write instead.
        span: where, as offsets into the expression text.
    """

    code: str
    message: str
    hint: str
    span: Span

    def __init__(self, code: str, message: str, hint: str, span: Span) -> None:
        """Create the error; ``message`` is also the exception's only argument."""
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.span = span

    def __str__(self) -> str:
        """Return the message."""
        return self.message

    def __repr__(self) -> str:
        """Show every attribute."""
        return f"TypeExprError({self.code!r}, {self.message!r}, {self.hint!r}, {self.span!r})"

    def __reduce__(self) -> tuple[type[TypeExprError], tuple[str, str, str, Span]]:
        """Pickle with all four attributes (the default would keep only the message)."""
        return (type(self), (self.code, self.message, self.hint, self.span))

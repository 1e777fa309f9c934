"""What the extractor finds in a TypeScript command file.

These are plain values: the extractor fills them from the syntax tree, and the
spec builder (reverse) and the conformance checker (audit) read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from specgen.tsread.parser import SourcePos, SyntaxProblem


@dataclass(frozen=True, slots=True)
class TypeProblem:
    """A type the spec format cannot express, replaced by ``replacement``.

    ``kind`` is ``"any"`` for an ``any`` (replaced by ``unknown``), ``"expanded"`` for
    a construct read as the same type on the wire (``Readonly<T>`` as ``T``), and
    ``"unsupported"`` for any other construct.
    """

    kind: str
    pos: SourcePos
    written: str
    message: str
    replacement: str


@dataclass(frozen=True, slots=True)
class GenericUse:
    """A use of a generic type of the codebase (``Page<ChatMessage>``), named as an instance.

    The spec has no type parameters: the use is written as ``name``
    (``ChatMessagePage``), which reverse declares as the generic's fields with
    ``args`` (spec type expressions) in place of its parameters. A utility type
    (``Partial<User>``, ``Pick<User, 'id'>``) is a use too: ``generic`` is the utility,
    ``args`` the interface's name and then the keys (``("User", "id")``).
    """

    name: str
    generic: str
    args: tuple[str, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class TsType:
    """A type as the spec writes it (canonical TS syntax) and as the file wrote it."""

    text: str
    written: str
    problems: tuple[TypeProblem, ...] = ()
    refs: tuple[str, ...] = ()
    """Names of the types it mentions (besides the built-in ones)."""
    generics: tuple[GenericUse, ...] = ()
    """Uses of generic types, each written in ``text`` as its instance name."""


@dataclass(frozen=True, slots=True)
class TsField:
    """A property of an interface or object type alias."""

    name: str
    type: TsType
    optional: bool
    description: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class TsInterface:
    """An interface, or a type alias of an object type."""

    name: str
    extends: tuple[str, ...]
    fields: tuple[TsField, ...]
    description: str
    pos: SourcePos
    exported: bool
    type_params: tuple[str, ...] = ()
    param_defaults: tuple[TsType | None, ...] = ()
    """The default of each type parameter (``<T = number>``), None where it has none."""
    dropped: tuple[TypeProblem, ...] = ()
    """Members a spec cannot carry (index signatures, methods, names that are not
    identifiers): left out, each reported where it is written."""
    exported_as: tuple[str, ...] = ()
    """Each ``extends`` entry as its module exports it: ``Core.CommandParams``
    (``import * as Core``) and ``BaseParams`` (``import { CommandParams as BaseParams }``)
    are ``CommandParams``; an entry not imported that way is as written."""

    def extends_base(self, base: str) -> bool:
        """Whether an ``extends`` entry is ``base``, as written or as its module exports it."""
        return base in self.extends or base in self.exported_as


@dataclass(frozen=True, slots=True)
class TsAlias:
    """A type alias other than an object type: a literal union (``values``) or else."""

    name: str
    type: TsType
    values: tuple[str, ...] | None
    description: str
    pos: SourcePos
    exported: bool


@dataclass(frozen=True, slots=True)
class TsImport:
    """One imported name: ``import { imported as name } from 'module'``."""

    name: str
    imported: str
    module: str
    type_only: bool
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class ExecuteCall:
    """A call of ``Commands.execute``; ``sanctioned`` when it is an accessor's forwarding call."""

    pos: SourcePos
    command: str | None
    sanctioned: bool


@dataclass(frozen=True, slots=True)
class Accessor:
    """A static accessor: an exported const object with an ``execute`` member."""

    name: str
    pos: SourcePos
    command_name: str | None
    """The ``commandName`` member's string, when there is one."""
    forwarded: str | None
    """The command string its ``execute`` passes to ``Commands.execute``."""
    forwards: bool
    """Whether ``execute`` calls ``Commands.execute`` at all."""


@dataclass(frozen=True, slots=True)
class AnyUse:
    """One ``any`` in the file, with the construct it appears in (``as any``, ``any[]``...)."""

    pos: SourcePos
    form: str


@dataclass(frozen=True, slots=True)
class Default:
    """A literal default of an optional param, found in the params factory."""

    name: str
    value: object


@dataclass(frozen=True, slots=True)
class OtherDefault:
    """A default of the params factory that is not a literal (``Priority.High``, ``x ?? 1``).

    ``member`` is ``(Name, Member)`` when it is written ``Name.Member``: an enum member,
    when ``Name`` is an enum.
    """

    name: str
    written: str
    member: tuple[str, str] | None
    pos: SourcePos


@dataclass
class TsFile:
    """Everything found in one TypeScript file."""

    path: Path
    display: str
    header: tuple[str, ...] = ()
    """The comments before the first statement (raw text, markers included)."""
    imports: list[TsImport] = field(default_factory=list)
    reexports: set[str] = field(default_factory=set)
    star_exports: list[str] = field(default_factory=list)
    """Modules of ``export * from 'module'`` statements (barrel files)."""
    interfaces: dict[str, TsInterface] = field(default_factory=dict)
    aliases: dict[str, TsAlias] = field(default_factory=dict)
    accessors: list[Accessor] = field(default_factory=list)
    execute_calls: list[ExecuteCall] = field(default_factory=list)
    any_uses: list[AnyUse] = field(default_factory=list)
    defaults: list[Default] = field(default_factory=list)
    other_defaults: list[OtherDefault] = field(default_factory=list)
    """The params factory's defaults that are not literals (reverse resolves enum members)."""
    enum_members: dict[str, dict[str, str | int | float]] = field(default_factory=dict)
    """Each enum's members whose value can be read (string or number), by enum name."""
    syntax_problems: list[SyntaxProblem] = field(default_factory=list)

    def declared(self, name: str) -> bool:
        """Whether the file declares a type named ``name``."""
        return name in self.interfaces or name in self.aliases

"""Expand a utility type of an interface (``Partial<User>``) into a struct of its own.

The spec has no utility types. When the argument is an interface reverse can read
(declared in the file or reached through its imports), the use becomes a struct named
after it (``UserPartial``, ``UserPickIdName``) with the interface's fields, inherited
ones included, each with its description:

- ``Partial<T>``: every field optional; ``Required<T>``: every field required;
- ``Pick<T, 'a' | 'b'>``: only those fields; ``Omit<T, 'a'>``: all but those.

(``Readonly<T>`` is ``T`` itself; `specgen.tsread.typetext` writes it so.) The
generated type is structurally the same; an argument that is not such an interface
stays ``unknown`` (SG509).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from specgen.reverse.declare import located, strip_undefined
from specgen.spec.sourcemap import JsonPath
from specgen.tsread.model import GenericUse, TsField, TsFile, TsInterface

if TYPE_CHECKING:
    from specgen.reverse.collect import Root, TypeCollector


def written(use: GenericUse) -> str:
    """The utility type as the file wrote it (``Pick<User, 'id' | 'name'>``)."""
    target, keys = use.args[0], use.args[1:]
    if not keys:
        return f"{use.generic}<{target}>"
    return f"{use.generic}<{target}, {' | '.join(repr(k) for k in keys)}>"


def expand(
    collector: TypeCollector, name: str, use: GenericUse, where: TsFile, path: JsonPath
) -> list[Root]:
    """Declare ``use`` as the struct ``name``; the names its fields use, to find."""
    target = use.args[0]
    found = collector.source.lookup(where, target)
    decl = found.declaration if found is not None else None
    if found is None or found.file is None or not isinstance(decl, TsInterface):
        return _unreadable(
            collector,
            name,
            use,
            (where, path),
            f"no interface '{target}' whose fields can be read is found through the file's imports",
        )
    if decl.type_params:
        return _unreadable(
            collector, name, use, (where, path), f"'{target}' is a generic interface"
        )
    types_path: JsonPath = ("types", name)
    members = collector.members(decl, found.file, types_path, frozenset())
    chosen = utility_members(use, members)
    collector.diags.append(
        located(
            "SG551",
            f"utility type `{written(use)}` is declared as '{name}': the fields of "
            f"'{decl.name}', {_what(use.generic)}",
            where.display,
            use.pos,
            types_path,
            hint="the spec has no utility types; rename the struct if you like",
        )
    )
    collector.homes[name] = ("utility", str(found.file.path.resolve()), decl.name, *use.args)
    return collector.declare(name, decl, found.file, members=lambda _d, _f: chosen)


def _unreadable(
    collector: TypeCollector, name: str, use: GenericUse, at: tuple[TsFile, JsonPath], why: str
) -> list[Root]:
    """Report a utility type whose argument cannot be read, and write it as ``unknown``."""
    where, path = at
    collector.diags.append(
        located(
            "SG509",
            f"utility type `{written(use)}`: {why}; read as `unknown`",
            where.display,
            use.pos,
            path,
            hint="declare a struct for it in the spec",
        )
    )
    collector.renames[name] = "unknown"
    return []


def _kept(member: TsField, use: GenericUse) -> bool:
    """Whether ``use`` keeps the field ``member`` of its interface."""
    keys = use.args[1:]
    if use.generic == "Pick":
        return member.name in keys
    if use.generic == "Omit":
        return member.name not in keys
    return True


def _adjusted(member: TsField, generic: str) -> TsField:
    """``member`` as ``generic`` has it: all optional (Partial), all required (Required)."""
    if generic == "Partial":
        return replace(member, optional=True)
    if generic == "Required" and member.optional:  # `a?: T | undefined` is `a: T` there
        text, _ = strip_undefined(member.type.text, optional=True)
        return replace(member, type=replace(member.type, text=text), optional=False)
    return member


def utility_members(
    use: GenericUse, members: list[tuple[TsField, TsFile]]
) -> list[tuple[TsField, TsFile]]:
    """The fields of the utility type ``use`` of an interface whose fields are ``members``."""
    return [(_adjusted(f, use.generic), home) for f, home in members if _kept(f, use)]


def _what(generic: str) -> str:
    """What the struct has of the interface's fields."""
    return {
        "Partial": "every one optional",
        "Required": "every one required",
        "Pick": "only those picked",
        "Omit": "but those omitted",
    }[generic]

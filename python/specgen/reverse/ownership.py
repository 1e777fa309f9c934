"""One declaration per type per project: the other specs refer to it by name.

Types live in one namespace per project, so two specs must not both declare
``CollectionName``. After every command of a run is reversed, each type name gets
one owner, deterministically:

1. a spec already on disk that declares it (one this run does not rewrite);
2. the command whose own files declare it;
3. else the first command of the run (by path) that uses it.

A spec that is not the owner drops its copy and refers to the name when the copy
is the same type (the same declaration in the codebase, or, against a spec on disk,
the same entry); when it is a different type that happens to have the same name, the
copy is renamed ``<Command><Name>`` (SG545) so both keep their shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from specgen.codebase import SpecIndex
from specgen.reverse.build import ReverseResult
from specgen.reverse.collect import Home
from specgen.reverse.declare import located as diagnostic
from specgen.tsread.parser import SourcePos
from specgen.tsread.typetext import rename_refs

HomeOf = Callable[[str, dict[str, Any]], Home | None]
"""The home of an entry of a spec on disk (an external's module resolved), when known."""


def _comparable(entry: dict[str, Any]) -> object:
    """An entry without its descriptions (the same type may be documented differently)."""
    if "fields" in entry and isinstance(entry["fields"], dict):
        return {
            "fields": {
                k: {kk: vv for kk, vv in v.items() if kk != "description"}
                for k, v in entry["fields"].items()
                if isinstance(v, dict)
            }
        }
    return {k: v for k, v in entry.items() if k != "description"}


def settle_types(
    results: Sequence[ReverseResult],
    index: SpecIndex,
    home_of: HomeOf | None = None,
    *,
    replace: bool = False,
) -> None:
    """Give every type one owner across ``results`` and the specs on disk (edits in place).

    ``replace`` says whether existing specs of the run's commands are replaced
    (``--force``, ``--print``); if not, those commands keep their spec on disk (the
    write is refused) and take no part here.
    """
    made = [r for r in results if r.spec is not None and (replace or index.find(r.name) is None)]
    rewritten = {index.find(r.name) for r in made} - {None}
    on_disk = {name: entry for name, (path, entry) in index.types.items() if path not in rewritten}
    owners: dict[str, ReverseResult] = {}
    for result in made:
        for name in sorted(result.own_types):
            owners.setdefault(name, result)
    for aliased_first in (True, False):  # an alias or package spelling beats a relative path
        for result in made:
            for name, entry in result.spec.get("types", {}).items() if result.spec else ():
                if not aliased_first or _aliased(entry):
                    owners.setdefault(name, result)
    for result in made:
        _settle(result, owners, on_disk, home_of)


def _aliased(entry: dict[str, Any]) -> bool:
    external = entry.get("external")
    module = external.get("typescript", {}).get("module", "") if isinstance(external, dict) else ""
    return isinstance(module, str) and bool(module) and not module.startswith(".")


def _settle(
    result: ReverseResult,
    owners: dict[str, ReverseResult],
    on_disk: dict[str, dict[str, Any]],
    home_of: HomeOf | None,
) -> None:
    spec = result.spec
    if spec is None or "types" not in spec:
        return
    types: dict[str, dict[str, Any]] = spec["types"]
    renames: dict[str, str] = {}
    for name in list(types):
        entry, home = types[name], result.homes.get(name)
        if name in on_disk:
            disk = on_disk[name]
            same = _comparable(disk) == _comparable(entry) or (
                home is not None and home_of is not None and home_of(name, disk) == home
            )
            other = "a spec on disk"
        else:
            owner = owners[name]
            if owner is result:
                continue
            same = home is not None and owner.homes.get(name) == home
            other = f"the spec of '{owner.name}'"
        if same:
            del types[name]
            continue
        renames[name] = _free_name(result.command.pascal + name, types, owners, on_disk)
        file, pos = result.positions.get(name, (str(result.command.path), SourcePos(1, 1)))
        result.diagnostics.append(
            diagnostic(
                "SG545",
                f"type '{name}' is declared differently by {other}; "
                f"this spec declares its own as '{renames[name]}'",
                file,
                pos,
                ("types", renames[name]),
                hint="give the two types different names in the codebase, or make them one",
            )
        )
    if renames:
        _rename(spec, renames)
    if not types:
        del spec["types"]


def _free_name(
    wanted: str,
    types: dict[str, Any],
    owners: dict[str, ReverseResult],
    on_disk: dict[str, Any],
) -> str:
    name, number = wanted, 2
    while name in types or name in owners or name in on_disk:
        name, number = f"{wanted}{number}", number + 1
    return name


def _rename(spec: dict[str, Any], renames: dict[str, str]) -> None:
    """Rename types of ``spec`` (keys and every reference; an external keeps its export)."""
    for key in ("params", "results"):
        for entry in spec.get(key, []):
            entry["type"] = rename_refs(entry["type"], renames)
    types: dict[str, dict[str, Any]] = spec["types"]
    for old, new in renames.items():
        entry = types.pop(old)
        external = entry.get("external")
        if isinstance(external, dict):
            external["typescript"].setdefault("name", old)
        types[new] = entry
    for entry in types.values():
        for item in entry.get("fields", {}).values():
            item["type"] = rename_refs(item["type"], renames)


def disk_home(resolve: Callable[[str], Path | None]) -> HomeOf:
    """A `HomeOf` for externals on disk: ``resolve`` maps a spec's module to its file."""

    def home_of(key: str, entry: dict[str, Any]) -> Home | None:
        external = entry.get("external")
        if not isinstance(external, dict) or not isinstance(external.get("typescript"), dict):
            return None
        module = external["typescript"].get("module")
        name = external["typescript"].get("name")
        file = resolve(module) if isinstance(module, str) else None
        if file is None or not isinstance(name, str | None):
            return None
        return ("decl", str(file), name or key)

    return home_of

"""Which interfaces of a Types file are the command's Params and Result."""

from __future__ import annotations

from specgen.tsread.model import TsFile, TsInterface


def pick_pair(types: TsFile, pascal: str) -> tuple[TsInterface | None, TsInterface | None]:
    """The Params and Result interfaces: ``<Name>Params`` first, else the best-named pair."""
    params = {n[: -len("Params")]: i for n, i in types.interfaces.items() if n.endswith("Params")}
    results = {n[: -len("Result")]: i for n, i in types.interfaces.items() if n.endswith("Result")}
    for prefix in (pascal, *sorted(params, key=len, reverse=True)):
        if prefix in params and (prefix in results or prefix == pascal):
            return params[prefix], results.get(prefix)
    for prefix in sorted(results, key=len, reverse=True):
        if pascal.endswith(prefix):
            return params.get(prefix), results[prefix]
    only_params = next(iter(params.values())) if len(params) == 1 else None
    only_result = next(iter(results.values())) if len(results) == 1 else None
    return only_params, only_result

"""Cycles in a directed graph: one shortest cycle per strongly connected component.

The graphs here are small (a crate's top-level modules), so components come from plain
reachability: two nodes share one when each reaches the other.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

Graph = Mapping[str, AbstractSet[str]]
"""Each node and the nodes it has an edge to."""


def _reachable(graph: Graph, start: str) -> set[str]:
    """Every node a path of one edge or more leads to from ``start``."""
    seen: set[str] = set()
    queue = deque(graph.get(start, ()))
    while queue:
        node = queue.popleft()
        if node not in seen:
            seen.add(node)
            queue.extend(graph.get(node, ()))
    return seen


def _components(graph: Graph) -> list[list[str]]:
    """The components (each sorted) whose nodes lie on a cycle of two or more nodes."""
    reach = {node: _reachable(graph, node) for node in sorted(graph)}
    components: list[list[str]] = []
    placed: set[str] = set()
    for node, reached in reach.items():
        if node in placed or node not in reached:
            continue
        members = sorted(other for other in reached if node in reach.get(other, set()))
        placed.update(members)
        if len(members) > 1:
            components.append(members)
    return components


def _shortest_cycle(graph: Graph, start: str, members: set[str]) -> list[str]:
    """The shortest path from ``start`` back to itself inside ``members``."""
    parents: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(graph.get(node, ())):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                return path[::-1]
            if child in members and child not in parents:
                parents[child] = node
                queue.append(child)
    return [start]


def find_cycles(graph: Graph) -> list[tuple[list[str], list[str]]]:
    """Per cyclic component: its members, sorted, and one shortest cycle through the first.

    The cycle lists its nodes in order; the edge back to the first is implied. A self-loop
    is no cycle here: a module may use itself.
    """
    return [
        (component, _shortest_cycle(graph, component[0], set(component)))
        for component in _components(graph)
    ]

"""Progress of a task and its roll-up: the weighted mean of its children (Decidim's way)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    key: int
    parent: int | None
    weight: int
    status: str
    percent: int | None  # the latest report's, None without a report


def own_progress(status: str, percent: int | None) -> float:
    """Return a task's own progress: 100 when done, else its latest report's percent (or 0)."""
    if status == "done":
        return 100.0
    return float(percent or 0)


def progress(nodes: Sequence[Node]) -> dict[int, float]:
    """Return the progress of every task: its own, or the weighted mean of its children's.

    A parent's progress is the mean of its children's progress weighted by
    their weights (children of weight 0 count for nothing; all 0 gives its own).
    """
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent, []).append(node)
    result: dict[int, float] = {}

    def compute(node: Node) -> float:
        if node.key in result:
            return result[node.key]
        kids = children.get(node.key, [])
        total = sum(kid.weight for kid in kids)
        if total:
            value = sum(compute(kid) * kid.weight for kid in kids) / total
        else:
            value = own_progress(node.status, node.percent)
        result[node.key] = value
        return value

    for node in nodes:
        compute(node)
    return result


def weighted_mean(values: Mapping[int, tuple[float, int]]) -> float | None:
    """Return the weighted mean of ``{key: (value, weight)}``; None when the weights sum to 0."""
    total = sum(weight for _value, weight in values.values())
    if not total:
        return None
    return sum(value * weight for value, weight in values.values()) / total

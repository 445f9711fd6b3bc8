"""One-to-one assignment of detections to vessels within a scene, maximising the total score.

Pairs (detection, vessel, score) are split into connected groups (detections and vessels linked
by a pair, within one scene); a group of one pair is taken as it is, and a larger group is
solved exactly by the Hungarian algorithm (Kuhn-Munkres with potentials, O(n^2 m)) on a cost
matrix in which each detection may also stay unmatched at no score. Ties go to the pair order
given (by score, then distance, MMSI and detection). Pure; NumPy only.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

_NO_PAIR = 1e9


def assign_pairs(dets: list[int], vessels: list[tuple[str, int]], scores: list[float]
                 ) -> list[int]:
    """Indices of the chosen pairs: each detection and each (scene, vessel) at most once."""
    groups = _groups(dets, vessels)
    chosen: list[int] = []
    for members in groups:
        if len(members) == 1:
            chosen += members
            continue
        chosen += _solve(members, dets, vessels, scores)
    return sorted(chosen)


def _groups(dets: list[int], vessels: list[tuple[str, int]]) -> list[list[int]]:
    """Pair indices grouped by connected component (union-find over detections and vessels)."""
    parent: dict[object, object] = {}

    def find(node: object) -> object:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for det, vessel in zip(dets, vessels, strict=True):
        a, b = find(("d", det)), find(("v", vessel))
        if a != b:
            parent[a] = b
    members: dict[object, list[int]] = defaultdict(list)
    for index, det in enumerate(dets):
        members[find(("d", det))].append(index)
    return list(members.values())


def _solve(members: list[int], dets: list[int], vessels: list[tuple[str, int]],
           scores: list[float]) -> list[int]:
    rows = list(dict.fromkeys(dets[i] for i in members))
    cols = list(dict.fromkeys(vessels[i] for i in members))
    row_of = {d: r for r, d in enumerate(rows)}
    col_of = {v: c for c, v in enumerate(cols)}
    cost = np.full((len(rows), len(cols) + len(rows)), _NO_PAIR)
    cost[:, len(cols):] = 0.0
    pair_at: dict[tuple[int, int], int] = {}
    for order, i in enumerate(members):
        r, c = row_of[dets[i]], col_of[vessels[i]]
        # A hair of the pair order breaks ties as greedy best-first would.
        cost[r, c] = -scores[i] + order * 1e-9
        pair_at[(r, c)] = i
    picked = hungarian(cost)
    return [pair_at[(r, c)] for r, c in enumerate(picked) if (r, c) in pair_at]


def hungarian(cost: npt.NDArray[np.float64]) -> list[int]:
    """The column assigned to each row minimising the total cost (rows <= columns)."""
    n, m = cost.shape
    u, v = np.zeros(n + 1), np.zeros(m + 1)
    owner = np.zeros(m + 1, dtype=np.int64)  # row (1-based) holding each column; 0 free
    way = np.zeros(m + 1, dtype=np.int64)
    for row in range(1, n + 1):
        owner[0], col0 = row, 0
        best = np.full(m + 1, np.inf)
        used = np.zeros(m + 1, dtype=bool)
        while owner[col0] != 0:
            used[col0] = True
            r0 = owner[col0]
            reduced = cost[r0 - 1] - u[r0] - v[1:]
            free = ~used[1:]
            better = free & (reduced < best[1:])
            best[1:][better] = reduced[better]
            way[1:][better] = col0
            candidates = np.where(free, best[1:], np.inf)
            col1 = int(np.argmin(candidates)) + 1
            delta = candidates[col1 - 1]
            u[owner[used]] += delta
            v[used] -= delta
            best[1:][free] -= delta
            col0 = col1
        while col0:
            col1 = int(way[col0])
            owner[col0] = owner[col1]
            col0 = col1
    assigned = [0] * n
    for col in range(1, m + 1):
        if owner[col]:
            assigned[owner[col] - 1] = col - 1
    return assigned

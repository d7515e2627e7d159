"""Node positions for the network page, computed in Python (seeded, so deterministic)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: Pixels between the centres of two linked nodes, roughly.
EDGE_LENGTH = 120.0
#: Components at least this big lay out their core first and put leaves on rings.
_LEAF_SPLIT = 3
#: Distance between leaves on a ring, and between rings, in pixels.
_LEAF_SPACING = 46.0
_RING_GAP = 42.0
#: Above this many nodes, labels are hidden when zoomed out, so overlap removal stops.
_DECLUTTER_LIMIT = 3000


@dataclass(frozen=True)
class Box:
    """The space a node and its label take on screen, in pixels, centred on the node."""

    width: float
    height: float


def label_box(label: str, size: float, font: float = 14.0) -> Box:
    """Estimate the box a node of radius ``size`` with ``label`` under it needs.

    Example:
        >>> label_box("Russia", 10).width > 40
        True
    """
    text = 0.58 * font * len(label)
    return Box(width=max(2 * size, text) + 12.0, height=2 * size + font + 14.0)


def compute_layout(nodes: Sequence[str], edges: Iterable[tuple[str, str, float]],
                   boxes: Mapping[str, Box] | None = None, *,
                   seed: int = 7) -> dict[str, tuple[int, int]]:
    """Place ``nodes`` in the plane: one force layout per component, components packed.

    Args:
        nodes: node ids; their order does not matter (they are sorted).
        edges: (a, b, weight); direction and duplicates do not matter.
        boxes: the screen box of each node, to keep labels apart at first sight.
        seed: the seed of every random start, so the same graph gives the same layout.

    Returns:
        integer pixel coordinates per node id.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for a, b, weight in edges:
        if a != b and a in graph and b in graph:
            weights[(min(a, b), max(a, b))] += weight
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    boxes = boxes or {}
    default = Box(40.0, 40.0)
    components = sorted((sorted(c) for c in nx.connected_components(graph)),
                        key=lambda c: (-len(c), c[0]))
    placed: list[dict[str, tuple[float, float]]] = []
    singles: list[str] = []
    for component in components:
        if len(component) == 1:
            singles.append(component[0])
            continue
        positions = _component_layout(graph.subgraph(component), seed)
        if len(graph) <= _DECLUTTER_LIMIT:
            positions = remove_overlaps(positions, {n: boxes.get(n, default) for n in component})
        placed.append(positions)
    return _pack(placed, singles, boxes, default)


def _component_layout(graph, seed: int) -> dict[str, tuple[float, float]]:
    """Force layout of one connected component, scaled to EDGE_LENGTH.

    In components big enough to have a core, leaves (nodes with one link, such as an
    official affiliated with a state) are taken out, the core is laid out with each core
    node weighted by its leaves, and the leaves are put back on rings around their node.
    """
    order = sorted(graph)
    n = len(order)
    if n == 2:
        return {order[0]: (0.0, 0.0), order[1]: (EDGE_LENGTH, 0.0)}
    leaves: dict[str, list[str]] = defaultdict(list)
    if n >= _LEAF_SPLIT:
        for node in order:
            if graph.degree(node) == 1:
                (parent,) = graph.neighbors(node)
                if graph.degree(parent) > 1:
                    leaves[parent].append(node)
    leaf_set = {leaf for group in leaves.values() for leaf in group}
    core = [v for v in order if v not in leaf_set]
    if len(core) == 1:
        return {core[0]: (0.0, 0.0), **_rings((0.0, 0.0), sorted(leaf_set))}
    if len(core) < 2:
        leaves, leaf_set, core = defaultdict(list), set(), order
    index = {v: i for i, v in enumerate(core)}
    pairs = sorted((min(index[a], index[b]), max(index[a], index[b]))
                   for a, b in graph.edges() if a in index and b in index)
    mass = [1.0 + math.sqrt(len(leaves.get(v, ()))) for v in core]
    coords = force_layout(len(core), pairs, seed=seed, mass=mass)
    lengths = sorted(math.dist(coords[i], coords[j]) for i, j in pairs)
    lengths = [x for x in lengths if x > 0]
    scale = EDGE_LENGTH / (lengths[len(lengths) // 2] if lengths else 1.0)
    positions = {v: (float(coords[i][0]) * scale, float(coords[i][1]) * scale)
                 for i, v in enumerate(core)}
    if leaves:
        clouds = {v: Box(2 * r + 40, 2 * r + 40)
                  for v, r in ((v, _ring_radius(len(leaves.get(v, ())))) for v in core)}
        # A big core is spread until its area could hold the clouds twice over, so that
        # overlap removal (quadratic in crowding) only has to nudge.
        xs = [p[0] for p in positions.values()]
        ys = [p[1] for p in positions.values()]
        area = max((max(xs) - min(xs)) * (max(ys) - min(ys)), 1.0)
        need = 2 * sum(b.width * b.height for b in clouds.values())
        if len(core) >= 500 and need > area:
            grow = math.sqrt(need / area)
            positions = {v: (x * grow, y * grow) for v, (x, y) in positions.items()}
        positions = remove_overlaps(positions, clouds, rounds=30 if len(core) < 1000 else 8)
        for parent, group in leaves.items():
            away = _away_from(positions[parent], [positions[v] for v in graph.neighbors(parent)
                                                  if v in index])
            positions.update(_rings(positions[parent], sorted(group), away))
    return positions


def _ring_radius(count: int) -> float:
    """The radius of the outermost ring holding ``count`` leaves (0 for none)."""
    radius, left = 0.0, count
    while left > 0:
        radius = radius + _RING_GAP if radius else EDGE_LENGTH * 0.7
        left -= max(6, int(2 * math.pi * radius / _LEAF_SPACING))
    return radius


def _away_from(centre: tuple[float, float],
               neighbours: list[tuple[float, float]]) -> float | None:
    """The direction (radians) pointing away from a node's linked core nodes, if any."""
    dx = sum(x - centre[0] for x, _ in neighbours)
    dy = sum(y - centre[1] for _, y in neighbours)
    if not neighbours or math.hypot(dx, dy) < 1e-6:
        return None
    return math.atan2(-dy, -dx)


def _rings(centre: tuple[float, float], group: list[str],
           away: float | None = None) -> dict[str, tuple[float, float]]:
    """Leaves on concentric rings around ``centre``, in id order.

    With a direction ``away``, the leaves fill an arc of 240° centred on it, so they keep
    out of the way of the edges to the node's linked core nodes.
    """
    placed: dict[str, tuple[float, float]] = {}
    span = 2 * math.pi if away is None else 4 * math.pi / 3
    radius, start, ring = EDGE_LENGTH * 0.7, 0, 0
    while start < len(group):
        capacity = max(6, int(span * radius / _LEAF_SPACING))
        chunk = group[start:start + capacity]
        for k, node in enumerate(chunk):
            if away is None:
                angle = 2 * math.pi * (k + 0.5 * ring) / len(chunk)
            else:
                angle = away + span * ((k + 0.5) / len(chunk) - 0.5)
            placed[node] = (centre[0] + radius * math.cos(angle),
                            centre[1] + radius * math.sin(angle))
        start += capacity
        radius += _RING_GAP
        ring += 1
    return placed


def force_layout(n: int, pairs: Sequence[tuple[int, int]], *, seed: int = 7,
                 mass: Sequence[float] | None = None, iterations: int | None = None):
    """Fruchterman–Reingold in numpy, repulsion computed in row blocks.

    O(n²) per iteration but vectorised and memory-bounded; the number of iterations
    shrinks as n grows, so a 5,000-node core stays within a few seconds. ``mass`` scales
    a node's repulsion (a heavy node keeps more room around it).

    Returns:
        an (n, 2) float array.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)) * math.sqrt(n)
    if n < 2:
        return pos
    weight = np.ones(n) if mass is None else np.asarray(mass, dtype=float)
    if iterations is None:
        iterations = max(4, min(80, int(4e8 / (n * n))))
    temperature = math.sqrt(n) / 6
    cooling = (0.02 / temperature) ** (1 / iterations) if temperature > 0.02 else 1.0
    block = max(1, min(n, 2_000_000 // n))
    edge = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    src, dst = edge[:, 0], edge[:, 1]
    for _ in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        disp = np.zeros((n, 2))
        for start in range(0, n, block):
            stop = min(n, start + block)
            dx = x[start:stop, None] - x[None, :]
            dy = y[start:stop, None] - y[None, :]
            force = dx * dx
            force += dy * dy
            np.maximum(force, 1e-4, out=force)
            np.divide(weight[None, :], force, out=force)
            disp[start:stop, 0] = (dx * force).sum(axis=1) * weight[start:stop]
            disp[start:stop, 1] = (dy * force).sum(axis=1) * weight[start:stop]
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.sqrt((delta * delta).sum(axis=1))
            pull = delta * dist[:, None]
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        length = np.sqrt((disp * disp).sum(axis=1))
        np.maximum(length, 1e-9, out=length)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature *= cooling
    return pos


def remove_overlaps(positions: dict[str, tuple[float, float]], boxes: Mapping[str, Box],
                    *, rounds: int | None = None) -> dict[str, tuple[float, float]]:
    """Push apart nodes whose label boxes overlap (grid-hashed, rounds until none do).

    Small pictures get up to 300 rounds (pushes settle slowly in crowded spots), big
    ones 60.

    Example:
        >>> out = remove_overlaps({"a": (0, 0), "b": (1, 0)},
        ...                       {"a": Box(50, 20), "b": Box(50, 20)})
        >>> abs(out["a"][1] - out["b"][1]) >= 20  # apart along the axis of least overlap
        True
    """
    pos = {k: list(v) for k, v in positions.items()}
    order = sorted(pos)
    if not order:
        return {}
    # Cells of the typical box size; a box is filed under every cell it covers, so a few
    # big boxes (a hub's ring of leaves) do not make every pair a neighbour.
    sizes = sorted(max(boxes[k].width, boxes[k].height) for k in order)
    cell = max(sizes[len(sizes) // 2], 1.0)
    if rounds is None:
        rounds = 300 if len(order) <= 500 else 60
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[str]] = defaultdict(list)
        for key in order:
            (x, y), box = pos[key], boxes[key]
            for cx in range(math.floor((x - box.width / 2) / cell),
                            math.floor((x + box.width / 2) / cell) + 1):
                for cy in range(math.floor((y - box.height / 2) / cell),
                                math.floor((y + box.height / 2) / cell) + 1):
                    grid[(cx, cy)].append(key)
        moved = False
        seen: set[tuple[str, str]] = set()
        for members in grid.values():
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    if (a, b) in seen:
                        continue
                    seen.add((a, b))
                    moved |= _separate(pos[a], pos[b], boxes[a], boxes[b])
        if not moved:
            break
    return {k: (v[0], v[1]) for k, v in pos.items()}


def _separate(a: list[float], b: list[float], box_a: Box, box_b: Box) -> bool:
    overlap_x = (box_a.width + box_b.width) / 2 - abs(a[0] - b[0])
    overlap_y = (box_a.height + box_b.height) / 2 - abs(a[1] - b[1])
    if overlap_x <= 0 or overlap_y <= 0:
        return False
    if overlap_x < overlap_y:
        shift = overlap_x / 2 + 0.5
        sign = 1.0 if a[0] <= b[0] else -1.0
        a[0] -= sign * shift
        b[0] += sign * shift
    else:
        shift = overlap_y / 2 + 0.5
        sign = 1.0 if a[1] <= b[1] else -1.0
        a[1] -= sign * shift
        b[1] += sign * shift
    return True


#: The page's drawing area is about this much wider than tall; packing aims for it.
_ASPECT = 1.2


def _pack(parts: list[dict[str, tuple[float, float]]], singles: list[str],
          boxes: Mapping[str, Box], default: Box) -> dict[str, tuple[int, int]]:
    """Pack the components (largest first) and the unlinked nodes into one picture.

    A few row widths are tried and the one that a screen of aspect _ASPECT shows largest
    wins, so the page's fit-to-screen keeps labels big enough to draw.
    """
    frames = []
    for part in parts:
        xs0 = [x - boxes.get(k, default).width / 2 for k, (x, _) in part.items()]
        xs1 = [x + boxes.get(k, default).width / 2 for k, (x, _) in part.items()]
        ys0 = [y - boxes.get(k, default).height / 2 for k, (_, y) in part.items()]
        ys1 = [y + boxes.get(k, default).height / 2 for k, (_, y) in part.items()]
        frames.append((min(xs0), min(ys0), max(xs1) - min(xs0), max(ys1) - min(ys0)))
    gap = EDGE_LENGTH / 3
    area = sum((w + gap) * (h + gap) for _, _, w, h in frames)
    area += sum(boxes.get(k, default).width * boxes.get(k, default).height for k in singles)
    widest = max((w for _, _, w, _ in frames), default=0.0)
    best: tuple[float, dict[str, tuple[float, float]]] | None = None
    for factor in (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8):
        row_width = max(math.sqrt(area * _ASPECT) * factor, widest)
        result = _shelves(parts, frames, singles, boxes, default, row_width, gap)
        if not result:
            return {}
        width = max(p[0] for p in result.values()) - min(p[0] for p in result.values()) + 1
        height = max(p[1] for p in result.values()) - min(p[1] for p in result.values()) + 1
        zoom = min(_ASPECT / width, 1.0 / height)
        if best is None or zoom > best[0] * 1.001:
            best = (zoom, result)
    assert best is not None
    result = best[1]
    cx = (min(p[0] for p in result.values()) + max(p[0] for p in result.values())) / 2
    cy = (min(p[1] for p in result.values()) + max(p[1] for p in result.values())) / 2
    return {k: (round(p[0] - cx), round(p[1] - cy)) for k, p in result.items()}


def _shelves(parts, frames, singles: list[str], boxes: Mapping[str, Box], default: Box,
             row_width: float, gap: float) -> dict[str, tuple[float, float]]:
    """Shelf packing: the first component of a shelf sets its height, smaller ones stack
    in columns beside it up to ``row_width``; unlinked nodes flow in rows below."""
    result: dict[str, tuple[float, float]] = {}
    row_top = row_height = 0.0
    column_x = column_y = column_width = 0.0
    for part, (left, top, width, height) in zip(parts, frames):
        if result and column_y > 0 and column_y + height <= row_height \
                and column_x + width <= row_width:
            x, y = column_x, row_top + column_y
        elif result and column_x + column_width + gap + width <= row_width \
                and height <= row_height:
            column_x += column_width + gap
            column_width, column_y = 0.0, 0.0
            x, y = column_x, row_top
        else:
            row_top = row_top + row_height + gap if result else 0.0
            row_height, column_x, column_width, column_y = height, 0.0, 0.0, 0.0
            x, y = 0.0, row_top
        for key, (px, py) in part.items():
            result[key] = (px - left + x, py - top + y)
        column_width = max(column_width, width)
        column_y = (y - row_top) + height + gap
    x, y = 0.0, (row_top + row_height + gap) if result else 0.0
    row_height = 0.0
    for key in singles:
        box = boxes.get(key, default)
        if x > 0 and x + box.width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        result[key] = (x + box.width / 2, y + box.height / 2)
        x += box.width
        row_height = max(row_height, box.height)
    return result


__all__ = ["EDGE_LENGTH", "Box", "compute_layout", "force_layout", "label_box",
           "remove_overlaps"]

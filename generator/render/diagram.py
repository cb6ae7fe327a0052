# "Who demands what of whom" as a static SVG, drawn at build time: actors are
# nodes, each demand is a numbered arrow from who demands to whom it is made
# of, coloured and dashed by its status (with a legend). The numbered list beside it (in the
# template) is the text alternative and carries the full wording.
#
# No client-side diagram library: the SVG is plain markup in the page. Every
# data value is escaped with html.escape before it enters the SVG.
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from html import escape

from . import labels

WIDTH, HEIGHT = 680, 500
NODE_H = 40
FONT = 17  # px in the viewBox; the SVG scales with the column, the list below stays full size
# colour (dark enough for text on white) and dash pattern per status: never colour alone
STYLE = {"open": ("#7a5600", ""), "rejected": ("#a3171b", "8 5"), "met": ("#1c6b2a", ""),
         "partly-met": ("#1c5f6b", "2 4"), "withdrawn": ("#555555", "2 6")}


@dataclass
class Node:
    id: str
    name: str
    x: float
    y: float
    w: float


def _node_width(name: str) -> float:
    return min(230.0, 0.62 * FONT * len(name) + 24)


def layout(actor_ids: list[str], names: dict[str, str], degree: dict[str, int]) -> dict[str, Node]:
    """The actor with the most demands in the middle, the others on an ellipse around it, clockwise from the top."""
    nodes: dict[str, Node] = {}
    if len(actor_ids) <= 2:
        for i, actor_id in enumerate(actor_ids):
            x = WIDTH / 2 if len(actor_ids) == 1 else (WIDTH * (0.2 + 0.6 * i))
            nodes[actor_id] = Node(actor_id, names[actor_id], x, HEIGHT / 2, _node_width(names[actor_id]))
        return nodes
    hub = max(actor_ids, key=lambda a: (degree[a], -actor_ids.index(a)))
    nodes[hub] = Node(hub, names[hub], WIDTH / 2, (HEIGHT - 30) / 2, _node_width(names[hub]))
    # the hub's busiest partner on top, straight above it: vertical arrows leave room for parallel ones
    ring = sorted((a for a in actor_ids if a != hub), key=lambda a: (-degree[a], actor_ids.index(a)))
    widest = max(_node_width(names[a]) for a in ring)
    rx, ry = WIDTH / 2 - widest / 2 - 4, (HEIGHT - 30) / 2 - NODE_H / 2 - 4  # 30: the legend's row
    for i, actor_id in enumerate(ring):
        angle = -math.pi / 2 + 2 * math.pi * i / len(ring)
        nodes[actor_id] = Node(actor_id, names[actor_id], WIDTH / 2 + rx * math.cos(angle), (HEIGHT - 30) / 2 + ry * math.sin(angle),
                               _node_width(names[actor_id]))
    return nodes


def _edge_point(node: Node, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the line from the node's centre toward a point leaves the node's box."""
    dx, dy = toward[0] - node.x, toward[1] - node.y
    if dx == 0 and dy == 0:
        return node.x, node.y
    t = min((node.w / 2 + 4) / abs(dx) if dx else math.inf, (NODE_H / 2 + 4) / abs(dy) if dy else math.inf)
    return node.x + dx * t, node.y + dy * t


def demands_svg(key: str, demands: list, names: dict[str, str], title: str, described_by: str) -> str:
    """The SVG for a list of demands (each with .by, .of, .status); `key` keeps ids unique on the page."""
    order: dict[str, None] = {}
    degree: dict[str, int] = defaultdict(int)
    for demand in demands:
        order.update({demand.by: None, demand.of: None})
        degree[demand.by] += 1
        degree[demand.of] += 1
    nodes = layout(list(order), names, degree)
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, demand in enumerate(demands):
        pairs[tuple(sorted((demand.by, demand.of)))].append(i)  # type: ignore[index]
    out = [f'<svg class="demand-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-labelledby="{key}-titel" aria-describedby="{described_by}" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{key}-titel">{escape(title)}</title>', "<defs>"]
    for status, (colour, _) in STYLE.items():
        out.append(f'<marker id="{key}-pfeil-{status}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                   f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="{colour}"/></marker>')
    out.append("</defs>")
    badges = []
    placed: list[tuple[float, float]] = []
    for (a, b), indices in pairs.items():
        for k, i in enumerate(indices):
            demand = demands[i]
            colour, dash = STYLE[demand.status]
            src, dst = nodes[demand.by], nodes[demand.of]
            base_a, base_b = nodes[a], nodes[b]  # the normal is taken from the sorted pair: parallel arrows fan out
            mx, my = (base_a.x + base_b.x) / 2, (base_a.y + base_b.y) / 2
            dx, dy = base_b.x - base_a.x, base_b.y - base_a.y
            length = math.hypot(dx, dy) or 1.0
            offset = (k - (len(indices) - 1) / 2) * 90
            cx, cy = mx - dy / length * offset, my + dx / length * offset
            x1, y1 = _edge_point(src, (cx, cy))
            x2, y2 = _edge_point(dst, (cx, cy))
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" fill="none" stroke="{colour}" '
                       f'stroke-width="2.5"{dash_attr} marker-end="url(#{key}-pfeil-{demand.status})"/>')
            # parallel arrows put their labels at different points along the curve, so the labels do not overlap
            # and a label that would cover another one (crossing arrows) moves along its own curve
            t0 = 0.5 + (k - (len(indices) - 1) / 2) * (0.4 / max(1, len(indices) - 1) if len(indices) > 1 else 0)
            for t in (t0, t0 - 0.15, t0 + 0.15, t0 - 0.25, t0 + 0.25):
                bx = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t ** 2 * x2
                by = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t ** 2 * y2
                if all(math.hypot(bx - px, by - py) >= 34 for px, py in placed):
                    break
            placed.append((bx, by))
            badges.append(f'<g class="demand-map__badge"><circle cx="{bx:.1f}" cy="{by:.1f}" r="14" fill="#fff" '
                          f'stroke="{colour}" stroke-width="2.5"/><text x="{bx:.1f}" y="{by + 6:.1f}" '
                          f'text-anchor="middle" fill="{colour}">{i + 1}</text></g>')
    for node in nodes.values():
        out.append(f'<g class="demand-map__node"><rect x="{node.x - node.w / 2:.1f}" y="{node.y - NODE_H / 2:.1f}" '
                   f'width="{node.w:.1f}" height="{NODE_H}" rx="6" fill="#e8eaf6" stroke="#3949ab" stroke-width="2"/><text x="{node.x:.1f}" y="{node.y + 6:.1f}" '
                   f'text-anchor="middle" fill="#1a1a1a">{escape(node.name)}</text></g>')
    out.extend(badges)  # badges last: they stay readable on top of lines and boxes
    x = 10.0
    for status in dict.fromkeys(d.status for d in demands):  # legend: the statuses this diagram shows
        colour, dash = STYLE[status]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        word = labels.STATUS[status]
        out.append(f'<g class="demand-map__legend"><line x1="{x:.1f}" y1="{HEIGHT - 12}" x2="{x + 36:.1f}" y2="{HEIGHT - 12}" '
                   f'stroke="{colour}" stroke-width="2.5"{dash_attr}/><text x="{x + 44:.1f}" y="{HEIGHT - 6}" fill="{colour}">'
                   f'{escape(word)}</text></g>')
        x += 44 + 0.56 * FONT * len(word) + 24
    out.append("</svg>")
    return "".join(out)

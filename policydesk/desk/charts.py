"""Charts as inline SVG, drawn on the server: no script, no CDN, readable without JavaScript.
Every label is escaped; colours come from STATUS_COLOURS so the legend and the bars agree."""
from __future__ import annotations

from markupsafe import Markup, escape

STATUS_COLOURS = {"已完成": "#2e7d32", "推进中": "#1565c0", "未开始": "#9e9e9e", "暂缓": "#ef6c00", "逾期": "#c62828"}


def stacked_bars(rows: list[tuple[str, dict[str, int]]], keys: list[str], title: str, width: int = 640) -> Markup:
    """One horizontal bar per label, split by key (e.g. status), with counts at the end."""
    bar_h, gap, label_w, top = 20, 8, 190, 28
    height = top + len(rows) * (bar_h + gap) + 30
    most = max((sum(v.get(k, 0) for k in keys) for _, v in rows), default=0) or 1
    scale = (width - label_w - 50) / most
    out = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
           f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
           f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']
    for i, (label, counts) in enumerate(rows):
        y = top + i * (bar_h + gap)
        out.append(f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label[:16])}</text>')
        x = label_w
        for k in keys:
            n = counts.get(k, 0)
            if n:
                w = n * scale
                out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{STATUS_COLOURS.get(k, "#607d8b")}">'
                           f'<title>{escape(label)} {escape(k)} {n}</title></rect>')
                x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 15}" font-size="12">{sum(counts.get(k, 0) for k in keys)}</text>')
    ly = top + len(rows) * (bar_h + gap) + 12
    for j, k in enumerate(keys):
        out.append(f'<rect x="{label_w + j * 80}" y="{ly}" width="12" height="12" fill="{STATUS_COLOURS.get(k, "#607d8b")}"/>'
                   f'<text x="{label_w + j * 80 + 16}" y="{ly + 11}" font-size="12">{escape(k)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def line_chart(points: list[tuple[str, int]], title: str, width: int = 640, height: int = 220) -> Markup:
    """A cumulative series over dates (ISO strings), evenly spaced by order of the dates."""
    left, right, top, bottom = 40, 20, 28, 40
    out = [f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
           f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
           f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']
    if not points:
        out.append(f'<text x="{left}" y="{height // 2}" font-size="12">暂无数据</text></svg>')
        return Markup("".join(out))
    most = max(v for _, v in points) or 1
    span = max(len(points) - 1, 1)
    xy = [(left + i * (width - left - right) / span, height - bottom - v * (height - top - bottom) / most)
          for i, (_, v) in enumerate(points)]
    out.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#999"/>')
    out.append(f'<text x="{left - 6}" y="{top + 4}" font-size="11" text-anchor="end">{most}</text>')
    out.append('<polyline fill="none" stroke="#2e7d32" stroke-width="2" points="'
               + " ".join(f"{x:.1f},{y:.1f}" for x, y in xy) + '"/>')
    for (x, y), (day, v) in zip(xy, points):
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#2e7d32"><title>{escape(day)}：{v}</title></circle>')
    for i in sorted({0, len(points) - 1}):
        out.append(f'<text x="{xy[i][0]:.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle">'
                   f'{escape(points[i][0])}</text>')
    out.append("</svg>")
    return Markup("".join(out))

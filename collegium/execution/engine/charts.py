"""Server-rendered SVG charts: horizontal stacked bars with readable labels and titles.

Pure: strings in, an SVG document out (no script, nothing loaded from outside).
"""

from collections.abc import Mapping, Sequence
from html import escape

# Colours with enough contrast against white text and the page; one per bucket.
PALETTE = {
    "done": "#1a7f37",
    "in_progress": "#0969da",
    "overdue": "#cf222e",
    "carried_over": "#8250df",
    "not_started": "#6e7781",
    "cancelled": "#afb8c1",
}
ROW, GAP, LABEL_WIDTH, BAR_WIDTH = 26, 8, 260, 420
# Characters of a label that fit LABEL_WIDTH at the labels' size (longer ones end with "…").
SHORT_LABEL = 32


def stacked_bars(
    *,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Mapping[str, int]]],
    legend: Sequence[tuple[str, str]],
    chart_id: str,
) -> str:
    """Return an SVG of one stacked bar per row (``(label, {bucket: count})``).

    ``legend`` gives ``(bucket, label)`` in drawing order.  Each segment has
    a ``<title>`` with its label and count, the chart a title and a
    description for screen readers.
    """
    height = (ROW + GAP) * len(rows) + 2 * ROW + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        '<g font-family="sans-serif" font-size="13">',
    ]
    largest = max((sum(counts.values()) for _label, counts in rows), default=0) or 1
    for index, (label, counts) in enumerate(rows):
        y = index * (ROW + GAP)
        short = label if len(label) <= SHORT_LABEL else label[: SHORT_LABEL - 1] + "…"
        out.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW * 0.7:.1f}" text-anchor="end" '
            f'fill="#1f2328"><title>{escape(label)}</title>{escape(short)}</text>'
        )
        x = float(LABEL_WIDTH)
        for bucket, bucket_label in legend:
            count = counts.get(bucket, 0)
            if not count:
                continue
            w = BAR_WIDTH * count / largest
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW}" '
                f'fill="{PALETTE.get(bucket, "#57606a")}">'
                f"<title>{escape(label)}: {escape(bucket_label)} — {count}</title></rect>"
            )
            if w >= 18:
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + ROW * 0.7:.1f}" text-anchor="middle" '
                    f'fill="#ffffff">{count}</text>'
                )
            x += w
        total = sum(counts.values())
        out.append(f'<text x="{x + 6:.1f}" y="{y + ROW * 0.7:.1f}" fill="#1f2328">{total}</text>')
    y = len(rows) * (ROW + GAP) + GAP
    x = 0.0
    for bucket, bucket_label in legend:
        out.append(
            f'<rect x="{x:.1f}" y="{y}" width="14" height="14" '
            f'fill="{PALETTE.get(bucket, "#57606a")}"/>'
        )
        out.append(
            f'<text x="{x + 18:.1f}" y="{y + 12}" fill="#1f2328">{escape(bucket_label)}</text>'
        )
        x += 18 + 8 * len(bucket_label) + 16
    out.append("</g></svg>")
    return "".join(out)


def progress_bars(
    *, title: str, description: str, rows: Sequence[tuple[str, float]], chart_id: str
) -> str:
    """Return an SVG of one bar per row, its length the percent done (0–100)."""
    height = (ROW + GAP) * len(rows) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        '<g font-family="sans-serif" font-size="13">',
    ]
    for index, (label, percent) in enumerate(rows):
        y = index * (ROW + GAP)
        short = label if len(label) <= SHORT_LABEL else label[: SHORT_LABEL - 1] + "…"
        value = max(0.0, min(100.0, percent))
        out.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW * 0.7:.1f}" text-anchor="end" '
            f'fill="#1f2328"><title>{escape(label)}</title>{escape(short)}</text>'
        )
        out.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{ROW}" fill="#eaeef2"/>'
        )
        out.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH * value / 100:.1f}" '
            f'height="{ROW}" fill="#1a7f37"><title>{escape(label)}: {value:.0f}%</title></rect>'
        )
        out.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + ROW * 0.7:.1f}" '
            f'fill="#1f2328">{value:.0f}%</text>'
        )
    out.append("</g></svg>")
    return "".join(out)

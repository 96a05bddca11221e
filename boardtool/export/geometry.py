"""Rectangles on a slide or a page, and fitting a picture inside one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    """A rectangle in points: left and top edges, width and height."""

    left: float
    top: float
    width: float
    height: float


def fit_inside(aspect: float, box: Area) -> Area:
    """Return the largest area of this aspect ratio centred inside ``box`` (never stretched)."""
    if box.width / box.height > aspect:
        width, height = box.height * aspect, box.height
    else:
        width, height = box.width, box.width / aspect
    return Area(box.left + (box.width - width) / 2, box.top + (box.height - height) / 2, width, height)

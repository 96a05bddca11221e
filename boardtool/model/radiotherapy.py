"""Radiotherapy arithmetic a board needs before re-irradiation: dose summed per region."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boardtool.model.board import Case


@dataclass(frozen=True)
class RegionDose:
    """The summed prescribed dose to one region and the volumes it comes from."""

    region: str
    total: float
    unit: str  # "Gy", "Gy(RBE)", or "Gy + Gy(RBE)" when photon and proton doses are mixed
    parts: tuple[tuple[dt.date | None, float, str], ...]  # (course start, dose, unit)


def cumulative_doses(case: Case) -> list[RegionDose]:
    """Return the prescribed dose summed per region over every radiotherapy course, in order
    of first treatment. Physical sums only: no EQD2 conversion, no allowance for recovery."""
    groups: dict[str, list[tuple[dt.date | None, float, str]]] = {}
    names: dict[str, str] = {}
    courses = sorted((e for e in case.history if e.kind == "radiotherapy"),
                     key=lambda e: (e.date is None, e.date or dt.date.min))
    for course in courses:
        for volume in course.volumes:
            key = " ".join(volume.region.split()).lower()
            if not key or volume.dose is None:
                continue
            names.setdefault(key, " ".join(volume.region.split()))
            groups.setdefault(key, []).append((course.date, volume.dose, volume.unit))
    result = []
    for key, parts in groups.items():
        units = sorted({unit for _d, _dose, unit in parts})
        result.append(RegionDose(names[key], round(sum(d for _w, d, _u in parts), 2),
                                 " + ".join(units), tuple(parts)))
    return result

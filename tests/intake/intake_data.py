"""Paths of the intake test data and small readers for the tests."""

from __future__ import annotations

import io
import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "fhir"
MCODE = DATA / "mcode"
JENNY = MCODE / "Bundle-mcode-patient-bundle-jenny-m.json"
FICTIONAL = DATA / "fictional" / "Bundle-fictional-ependymoma.json"


def resource(name: str) -> dict:
    """Return one vendored example resource."""
    return json.loads((MCODE / name).read_text(encoding="utf-8"))


def deck_text(data: bytes) -> str:
    """Return every text frame of a deck."""
    from pptx import Presentation

    slides = Presentation(io.BytesIO(data)).slides
    return "\n".join(shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame)

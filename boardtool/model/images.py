"""Naming key images by their content, so equal pictures are stored once."""

from __future__ import annotations

import hashlib

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tif"),
    (b"MM\x00*", "tif"),
    (b"BM", "bmp"),
)


def sniff_suffix(data: bytes, fallback: str = "bin") -> str:
    """Return a file suffix for image bytes, judged by their first bytes."""
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            return suffix
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return fallback.lower().lstrip(".") or "bin"


def content_name(data: bytes, suffix: str = "") -> str:
    """Return ``<sha256>.<suffix>`` for image bytes."""
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest}.{sniff_suffix(data, suffix)}"

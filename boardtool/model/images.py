"""Key images: named by their content, so equal pictures are stored once, and held in
memory or read from the board file when asked for."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Protocol

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


class ImageSource(Protocol):
    """Where a key image's bytes can be read again: the board file, or memory."""

    def read(self) -> bytes:
        """Return the image's bytes (raises BoardError when they can no longer be read)."""

    def open(self) -> BinaryIO:
        """Return a seekable stream of the image's bytes, for reading its header alone."""


@dataclass(frozen=True)
class HeldImage:
    """Image bytes held in memory."""

    data: bytes = field(repr=False)

    def read(self) -> bytes:
        """Return the bytes."""
        return self.data

    def open(self) -> BinaryIO:
        """Return the bytes as a stream."""
        return io.BytesIO(self.data)


class ImageData(MutableMapping[str, bytes]):
    """The board's key-image bytes by name. A picture is held in memory, or (opened from a
    board file) only referred to and read each time it is asked for, so that a board of a
    hundred cases does not keep every scan in memory."""

    def __init__(self, items: Mapping[str, bytes] | None = None):
        self._entries: dict[str, bytes | ImageSource] = {}
        if items:
            self.update(items)

    def __getitem__(self, name: str) -> bytes:
        entry = self._entries[name]
        return entry if isinstance(entry, bytes) else entry.read()

    def __setitem__(self, name: str, data: bytes) -> None:
        self._entries[name] = bytes(data)

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ImageData):
            if self._entries.keys() != other._entries.keys():
                return False
            return all(a is b or self[name] == other[name]
                       for name, a, b in ((n, self._entries[n], other._entries[n]) for n in self._entries))
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]  (mutable)

    def __copy__(self) -> ImageData:
        copy = ImageData()
        copy._entries = dict(self._entries)
        return copy

    def __deepcopy__(self, memo) -> ImageData:
        return self.__copy__()  # bytes and sources never change: a copy may share them

    def __repr__(self) -> str:
        return f"ImageData({len(self)} images, {sum(isinstance(e, bytes) for e in self._entries.values())} in memory)"

    def refer(self, name: str, source: ImageSource) -> None:
        """Refer to an image's bytes without reading them now."""
        self._entries[name] = source

    def source(self, name: str) -> ImageSource:
        """Return where the image's bytes can be read (raises KeyError)."""
        entry = self._entries[name]
        return HeldImage(entry) if isinstance(entry, bytes) else entry

    def hold(self, names: Iterable[str]) -> None:
        """Read these images into memory now (before their file is overwritten)."""
        for name in names:
            if name in self._entries and not isinstance(self._entries[name], bytes):
                self._entries[name] = self._entries[name].read()

    def held_size(self) -> int:
        """Return how many bytes of pictures are held in memory (not only referred to)."""
        return sum(len(e) for e in self._entries.values() if isinstance(e, bytes))

    def referred(self) -> dict[str, ImageSource]:
        """Return the images only referred to, by name."""
        return {name: e for name, e in self._entries.items() if not isinstance(e, bytes)}

    def subset(self, names: Iterable[str]) -> ImageData:
        """Return the entries for these names only (held or referred, as here)."""
        part = ImageData()
        part._entries = {name: self._entries[name] for name in names if name in self._entries}
        return part

    @classmethod
    def __get_pydantic_core_schema__(cls, _source, _handler):
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(cls._coerce)

    @classmethod
    def _coerce(cls, value: Any) -> ImageData:
        if isinstance(value, ImageData):
            return value
        if isinstance(value, Mapping):
            return cls(value)
        raise TypeError("image data must map names to bytes")

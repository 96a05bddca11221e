"""Linear-time part naming and image lookup for python-pptx packages.

python-pptx names each new part (slide, notes page, picture) by walking every part
already in the package, and looks for an identical picture the same way, so a deck
grows quadratically slower with its length. These replacements remember the names
and pictures handed out instead; behaviour is otherwise the same.
"""

from __future__ import annotations

from pptx.opc.packuri import PackURI
from pptx.parts.image import Image, ImagePart


def speed_up(package) -> None:
    """Give this package's part naming and picture lookup a memory."""
    taken = {str(part.partname) for part in package.iter_parts()}
    next_number: dict[str, int] = {}

    def next_partname(template: str) -> PackURI:
        number = next_number.get(template, 1)
        while template % number in taken:
            number += 1
        name = template % number
        taken.add(name)
        next_number[template] = number + 1
        return PackURI(name)

    package.next_partname = next_partname
    package.next_image_partname = lambda ext: next_partname(f"/ppt/media/image%d.{ext}")

    pictures = package._image_parts
    known = {part.sha1: part for part in pictures if hasattr(part, "sha1")}

    def get_or_add_image_part(image_file) -> ImagePart:
        image = Image.from_file(image_file)
        part = known.get(image.sha1)
        if part is None:
            part = known[image.sha1] = ImagePart.new(package, image)
        return part

    pictures.get_or_add_image_part = get_or_add_image_part

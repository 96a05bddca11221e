"""A deck template gives its design only: slide masters, layouts, theme and slide size.
Everything else a presentation can carry (slides, custom shows, sections, thumbnail,
document properties, comments, notes and handout masters) is left behind."""

from __future__ import annotations

import datetime as dt

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn

from boardtool.export.pptx_private import drop_package_relationships, presentation_element

KEPT_ELEMENTS = {qn(tag) for tag in ("p:sldMasterIdLst", "p:sldIdLst", "p:sldSz", "p:notesSz", "p:defaultTextStyle")}
KEPT_RELATIONSHIPS = {RT.SLIDE_MASTER, RT.THEME}
_NAMESPACES = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
               'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
               'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FRESH_PARTS = (
    ("/ppt/presProps.xml", CT.PML_PRES_PROPS, RT.PRES_PROPS, f"<p:presentationPr {_NAMESPACES}/>"),
    ("/ppt/viewProps.xml", CT.PML_VIEW_PROPS, RT.VIEW_PROPS, f"<p:viewPr {_NAMESPACES}/>"),
    ("/ppt/tableStyles.xml", CT.PML_TABLE_STYLES, RT.TABLE_STYLES,
     '<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
     'def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>'),
)


def keep_design_only(prs) -> None:
    """Strip the presentation down to its masters, layouts, theme and slide size."""
    presentation = prs.part
    root = presentation_element(prs)
    for child in list(root):
        if child.tag not in KEPT_ELEMENTS:
            root.remove(child)
        elif child.tag == qn("p:sldIdLst"):
            for slide_id in list(child):
                child.remove(slide_id)
    for r_id, rel in list(presentation.rels.items()):
        if rel.reltype not in KEPT_RELATIONSHIPS:
            presentation.rels.pop(r_id)
    package = presentation.package
    drop_package_relationships(package, keep=RT.OFFICE_DOCUMENT)  # core, app and custom properties, thumbnail
    for name, content_type, reltype, xml in FRESH_PARTS:
        presentation.relate_to(Part(PackURI(name), content_type, package, (_HEAD + xml).encode()), reltype)


def fresh_properties(prs, title: str, subject: str, category: str) -> None:
    """Set the document properties anew: made now, by boardtool, about the meeting only."""
    props = prs.core_properties  # created afresh: the template's own were left behind
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.title, props.subject, props.category = title, subject, category
    props.author = props.last_modified_by = "boardtool"
    props.created = props.modified = now
    props.keywords = props.comments = ""
    props.revision = 1

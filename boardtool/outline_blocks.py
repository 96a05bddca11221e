"""The outline's vocabulary: the blocks, sections and case and meeting outlines that
the deck and the summary lay out. What goes into them is decided in ``outline.py``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from boardtool.model.images import ImageSource

KEY = {"structure": True}  # an id or kind that decides layout; never shown, so never scrubbed


@dataclass(frozen=True)
class Fact:
    """A labelled value, e.g. 'M stage' → 'M3'."""

    label: str
    value: str


@dataclass(frozen=True)
class Facts:
    """A list of labelled values."""

    items: tuple[Fact, ...]
    heading: str = ""


@dataclass(frozen=True)
class Text:
    """A titled piece of free text."""

    heading: str
    body: str
    emphasis: bool = False


@dataclass(frozen=True)
class Bullets:
    """A titled list of short items."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """One dated step of the treatment history."""

    date: dt.date | None
    when: str
    kind: str = field(metadata=KEY)
    title: str
    detail: str
    response: str
    end: dt.date | None = None  # last day of a course (radiotherapy, chemotherapy)


@dataclass(frozen=True)
class Timeline:
    """The treatment history in date order."""

    events: tuple[Event, ...]


@dataclass(frozen=True)
class Mark:
    """An annotation drawn over a key image: arrow (tail x1,y1 → head x2,y2), circle
    (the ellipse inside the box x1,y1–x2,y2) or text (at x1,y1); coordinates are
    fractions of the upright picture's width and height."""

    kind: str
    x1: float
    y1: float
    x2: float
    y2: float
    text: str = ""


@dataclass(frozen=True)
class Picture:
    """A key image and what to print beside it."""

    name: str = field(metadata=KEY)
    source: ImageSource = field(metadata=KEY, repr=False)  # where its bytes are read, when placed
    caption: str
    label: str
    when: str
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Pictures:
    """The key images of a case."""

    items: tuple[Picture, ...]


@dataclass(frozen=True)
class ActionRow:
    """A follow-up action with its owner and due date."""

    what: str
    who: str
    due: str


@dataclass(frozen=True)
class Actions:
    """The actions agreed by the board."""

    rows: tuple[ActionRow, ...]


Block = Facts | Text | Bullets | Timeline | Pictures | Actions


@dataclass(frozen=True)
class Section:
    """One part of a case, shown as a slide (or more) and a PDF section with a bookmark."""

    id: str = field(metadata=KEY)
    part: str = field(metadata=KEY)  # "case" (the case's title part), "overview", "modality" or "plan"
    title: str
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()
    draft: bool = False  # an unsigned plan: every slide and page it is on is marked DRAFT


@dataclass(frozen=True)
class CaseOutline:
    """Everything shown for one case, in order."""

    id: str = field(metadata=KEY)
    number: int
    heading: str  # patient name, or case code when de-identified
    title: str  # the case as its first slide and page name it: the heading, marked when deferred
    lead: str  # age, sex, integrated diagnosis: the line under the title
    sections: tuple[Section, ...]
    identifier: str = ""  # shown on every slide of the case: name, or code with age and sex
    key_facts: tuple[Fact, ...] = ()  # the case at a glance, for its title slide
    draft: bool = False  # listed for a decision that is not final: its pages are marked DRAFT

    @property
    def modality_ids(self) -> tuple[str, ...]:
        """Return the ids of the modality sections shown, in order."""
        return tuple(s.id for s in self.sections if s.part == "modality")


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda."""

    number: int
    heading: str
    presenter: str
    slot: str
    status: str
    deferred: bool


@dataclass(frozen=True)
class CaseRecord:
    """One case in the minutes: who was there for it, its quorum, and its outcome."""

    number: int
    heading: str
    outcome: str  # "Final — …", "Draft — not for signature", "Deferred"
    present: str  # everyone in the room for the case, with their specialty
    changes: str  # who left or joined for this case
    missing: tuple[str, ...]  # core specialties nobody present for the case speaks for
    exception: str  # why the plan was made final all the same
    deferral: tuple[Fact, ...] = ()  # reason and re-list date of a deferred case
    amended: str = ""  # how often and when the final plan was amended
    signed: bool = False  # a final plan: the chair signs this case's minutes
    draft: bool = False


@dataclass(frozen=True)
class Minutes:
    """Attendance, quorum and each case's record for the PDF's meeting minutes."""

    attendance: tuple[tuple[str, str, str], ...]  # specialty, present, absent
    missing_specialties: tuple[str, ...]
    records: tuple[CaseRecord, ...]
    chair: str


@dataclass(frozen=True)
class MeetingOutline:
    """The whole export: meeting facts, agenda, cases and minutes."""

    title: str
    institution: str
    date: str
    time: str
    location: str
    chair: str
    marking: str
    agenda: tuple[AgendaItem, ...]
    cases: tuple[CaseOutline, ...]
    minutes: Minutes
    disease: str
    author: str = ""  # the coordinator, for the PDF's document properties
    contact: str = ""  # how a referrer reaches the board
    draft: bool = False  # the whole export is a draft (the board has open problems)

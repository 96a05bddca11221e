"""boardtool's colours, as RGB hex, for the deck and the summary alike."""

NAVY = "1F3A5F"  # titles, headings, the patient badge
TEAL = "2A7F8E"  # section headings, accents
INK = "222B33"  # body text on slides
GREY = "5F6B76"  # secondary text, footers
CARD = "F3F6F9"  # key-fact tiles on slides
SLIDE_PANEL = "E3F0F2"  # behind the question and the recommendations on slides
PAGE_PANEL = "F1F5F9"  # behind the question, the plan and alternate table rows on paper
RULE = "C9D3DD"  # thin lines between table rows on paper
WHITE = "FFFFFF"
DRAFT = "B01E1E"  # the DRAFT mark on every page and slide of an unsigned plan
MARK = "FFD21F"  # annotations over key images: stands out on grey-scale scans
MARK_SHADE = "000000"  # drawn under each annotation so it shows on light pictures too
KINDS = {  # treatment events in the timeline, by kind
    "surgery": "3B6EA8",
    "radiotherapy": "C06C1E",
    "chemotherapy": "6A4C93",
    "other": GREY,
}

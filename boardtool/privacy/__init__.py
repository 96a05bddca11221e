"""De-identification: one scrubber built from every patient of a board, applied once to
every string of a finished outline, so that no field can be forgotten."""

from boardtool.privacy.scrubber import DOB_MARK, MRN_MARK, PATIENT_MARK, Scrubber

__all__ = ["DOB_MARK", "MRN_MARK", "PATIENT_MARK", "Scrubber"]

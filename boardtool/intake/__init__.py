"""Case intake from clinical systems: FHIR bundles become proposed case values with their
source; DICOM files become a key image's pixels. No Qt; nothing enters a case until the
user accepts it (``apply.apply_proposals``)."""

"""Replacing patients' identifiers in text: names however spelled, MRNs with or without
separators, dates of birth in any common spelling, and (Safe Harbor) calendar dates and
ages over 89. Matching is done on folded text, so it never depends on the locale."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from boardtool.model.board import Patient
from boardtool.privacy import dates
from boardtool.privacy.fold import Folded, fold

PATIENT_MARK = "[patient]"
MRN_MARK = "[MRN]"
DOB_MARK = "[date of birth]"
SHORT_MRN = 5  # a numeric MRN shorter than this is replaced only where it is labelled as one
MRN_LABEL = r"(?:mrn|mr\s?(?:no|nr|number|#)|hospital\s(?:no|number)|patient\s(?:id|no|number)|record(?:\sno)?|id|#|no|nr)"
WORD_START, WORD_END = r"(?<![^\W_])", r"(?![^\W_])"
NAME_GAP = r"[\W_]{0,3}"
MEMO_LENGTH = 200
LONGEST_RUN = 5  # name parts matched together; a longer name is covered by its runs and its parts


@dataclass(frozen=True)
class Rule:
    """One regular expression over folded text and what replaces its matches."""

    regex: re.Pattern
    mark: str | Callable[[str], str]
    group: str | int = 0
    accept: Callable[[str], bool] | None = None  # judges the original spelling of a match

    def replacement(self, found: str) -> str:
        return self.mark if isinstance(self.mark, str) else self.mark(found)


class Scrubber:
    """Replaces identifiers in text; built once per export from every patient of the board."""

    def __init__(self, rules: Iterable[Rule] = ()):
        self.rules = tuple(rules)
        self._seen: dict[str, str] = {}  # labels repeat across an outline: each short text is scrubbed once

    @classmethod
    def none(cls) -> Scrubber:
        """Return a scrubber that leaves text unchanged."""
        return cls()

    @classmethod
    def for_patient(cls, patient: Patient) -> Scrubber:
        """Return a scrubber for one patient's name, MRN and date of birth."""
        return cls.for_patients([patient])

    @classmethod
    def for_patients(cls, patients: Iterable[Patient], *, safe_harbor: bool = False) -> Scrubber:
        """Return a scrubber for all these patients' identifiers; with ``safe_harbor`` it
        also reduces every calendar date to its year and ages over 89 to '≥90'."""
        patients = list(patients)
        rules = [*name_rules([n for p in patients for n in patient_names(p)]),
                 *(rule for p in patients for rule in mrn_rules(p.mrn)),
                 *(Rule(re.compile(dates.birth_date_pattern(p.birth_date)), DOB_MARK) for p in patients if p.birth_date)]
        if safe_harbor:
            rules += [Rule(re.compile(dates.any_date_pattern()), dates.date_mark),
                      Rule(re.compile(dates.GREAT_AGE), dates.GREAT_AGE_MARK, "age")]
        return cls(rules)

    def __call__(self, text: str) -> str:
        """Return the text with every identifier replaced by its mark."""
        if not self.rules or not text:
            return text
        if len(text) <= MEMO_LENGTH:
            if text not in self._seen:
                self._seen[text] = self._scrub(text)
            return self._seen[text]
        return self._scrub(text)

    def _scrub(self, text: str) -> str:
        folded = Folded.of(text)
        spans: list[tuple[int, int, int, str]] = []
        for order, rule in enumerate(self.rules):
            for match in rule.regex.finditer(folded.text):
                start, end = match.span(rule.group)
                if start >= end:
                    continue
                first, after = folded.original_span(start, end)
                found = text[first:after]
                if rule.accept is None or rule.accept(found):
                    spans.append((first, -after, order, rule.replacement(found)))
        return _replace(text, spans)


def _replace(text: str, spans: list[tuple[int, int, int, str]]) -> str:
    """Return text with the spans replaced; overlapping spans become one, under the first mark."""
    merged: list[list] = []
    for first, neg_after, _order, mark in sorted(spans):
        if merged and first < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], -neg_after)
        else:
            merged.append([first, -neg_after, mark])
    out, position = [], 0
    for first, after, mark in merged:
        out += [text[position:first], mark]
        position = after
    out.append(text[position:])
    return "".join(out)


# ------------------------------------------------------------------ names


def patient_names(patient: Patient) -> list[str]:
    """Return the names a patient goes by: the name and each 'also known as' name."""
    others = re.split(r"[,;/\n]|\s+(?:or|aka|a\.k\.a\.)\s+", patient.also_known_as)
    return [name for name in (patient.name, *others) if name.strip()]


def _edge(char: str, pattern: str) -> str:
    """Return a word boundary for a name that begins or ends with ``char``; scripts written
    without spaces between words (Chinese, Japanese, Thai...) get none."""
    return pattern if ord(char) < 0x2E80 and not 0x0E00 <= ord(char) <= 0x109F else ""


def _word(part: str) -> str:
    return _edge(part[0], WORD_START) + re.escape(part) + _edge(part[-1], WORD_END)


def _parts(name: str) -> list[tuple[str, str]]:
    """Return the folded parts of a name with their spelling as given ('Ng' → ('ng', 'Ng'))."""
    folded = Folded.of(name)
    parts = []
    for match in re.finditer(r"[^\W_]+", folded.text):
        first, after = folded.original_span(*match.span())
        parts.append((match.group(), name[first:after]))
    if not parts and folded.text.strip():
        parts.append((folded.text.strip(), name.strip()))  # a name of symbols is matched as written
    return parts


def name_rules(names: list[str]) -> list[Rule]:
    """Return rules for these names: whole names with any separators, initials before the
    surname, parts of 3+ letters anywhere, shorter parts where written as given or capitalised."""
    long_forms: set[str] = set()
    rules: list[Rule] = []
    for name in names:
        parts = _parts(name)
        if not parts:
            continue
        folded = [p for p, _ in parts]
        for first in range(len(folded)):  # runs of neighbouring parts: "O'Brien", "Anne Marie Holt"
            for last in range(first + 1, min(len(folded), first + LONGEST_RUN)):
                run = folded[first:last + 1]
                long_forms.add(_edge(run[0][0], WORD_START) + NAME_GAP.join(map(re.escape, run))
                               + _edge(run[-1][-1], WORD_END))
        for given, _ in parts[:-1]:
            long_forms.add(WORD_START + re.escape(given[0]) + r"\.?\s{0,2}" + _word(folded[-1]))
        for part, spelled in parts:
            if len(part) >= 3:
                long_forms.add(_word(part))
            elif len(part) == 2 or len(parts) == 1:
                rules.append(Rule(re.compile(_word(part)), PATIENT_MARK, accept=_as_written(spelled)))
    if long_forms:
        ordered = sorted(long_forms, key=len, reverse=True)
        rules.insert(0, Rule(re.compile("|".join(ordered)), PATIENT_MARK))
    return rules


def _as_written(spelled: str) -> Callable[[str], bool]:
    def accept(found: str) -> bool:
        return found == spelled or (len(fold(spelled)) == 2 and found[:1].isupper())

    return accept


# ------------------------------------------------------------------ MRN


def mrn_rules(mrn: str) -> list[Rule]:
    """Return rules for an MRN written with spaces, dashes of any kind, or none between its parts."""
    folded = fold(mrn).strip()
    if not folded:
        return []
    chunks = re.findall(r"[^\W_]+", folded)
    if not chunks:
        return [Rule(re.compile(re.escape(folded)), MRN_MARK)]
    characters = "".join(chunks)
    gap = r"(?:[^\w\n]|_){0,2}"  # spaces, dashes of any kind, slashes, dots: up to two at a time
    if len(characters) >= SHORT_MRN:
        body = gap.join(map(re.escape, characters))
        return [Rule(re.compile(dates.START + body + dates.END), MRN_MARK)]
    body = gap.join(map(re.escape, chunks))
    if not characters.isdigit():
        return [Rule(re.compile(dates.START + body + dates.END), MRN_MARK)]
    labelled = WORD_START + MRN_LABEL + r"[\s.:#\-]{0,3}(?P<number>" + body + ")" + dates.END
    return [Rule(re.compile(labelled), MRN_MARK, "number")]

"""Write the fictional sample board and its synthetic pictures.

Run from the repository root: ``python assets/samples/make_sample.py``. Every name,
number and picture here is invented; the images are drawn shapes, not scans.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from boardtool.model.board import (
    Action,
    Attendee,
    Board,
    Case,
    CaseAttendance,
    ConsensusPlan,
    Deferral,
    Diagnosis,
    KeyImage,
    Marker,
    Meeting,
    Messenger,
    MetastaticSite,
    ModalityDiscussion,
    Patient,
    Performance,
    RtVolume,
    Staging,
    StagingExam,
    Toxicity,
    TreatmentEvent,
)
from boardtool.model.amendments import amend
from boardtool.store import save_board

HERE = Path(__file__).resolve().parent
D = dt.date
# Visibly fictional: ClinicalTrials.gov numbers start at NCT00000102, so no trial has this one.
FICTIONAL_TRIAL_ID = "NCT00000000"


def _noise(img: Image.Image, seed: int) -> Image.Image:
    rng = random.Random(seed)
    grain = Image.effect_noise(img.size, 18)
    img = Image.blend(img, grain.convert("L"), 0.08)
    return img.filter(ImageFilter.GaussianBlur(0.6 + rng.random() * 0.4))


def axial_brain(seed: int, lesion: tuple[int, int, int], enhancing: bool) -> bytes:
    """Draw a synthetic axial brain slice with one bright lesion."""
    img = Image.new("L", (640, 640), 8)
    d = ImageDraw.Draw(img)
    d.ellipse((110, 70, 530, 580), fill=70)  # skull / scalp
    d.ellipse((125, 85, 515, 565), fill=18)
    d.ellipse((140, 100, 500, 550), fill=95)  # brain
    d.ellipse((265, 240, 300, 360), fill=30)  # ventricles
    d.ellipse((340, 240, 375, 360), fill=30)
    x, y, r = lesion
    d.ellipse((x - r, y - r, x + r, y + r), fill=200 if enhancing else 150)
    d.ellipse((x - r // 2, y - r // 3, x + r // 3, y + r // 2), fill=60)  # necrotic core
    img = _noise(img, seed)
    return _png(img)


def sagittal_spine(seed: int, nodules: list[tuple[int, int]]) -> bytes:
    """Draw a synthetic sagittal spine with bright leptomeningeal nodules."""
    img = Image.new("L", (420, 900), 10)
    d = ImageDraw.Draw(img)
    for i in range(14):  # vertebral bodies
        top = 40 + i * 60
        d.rounded_rectangle((90, top, 190, top + 48), radius=8, fill=110)
    d.rectangle((205, 20, 265, 880), fill=150)  # CSF column
    d.rectangle((222, 20, 248, 880), fill=80)  # cord
    for x, y in nodules:
        d.ellipse((x - 9, y - 9, x + 9, y + 9), fill=235)
    return _png(_noise(img, seed))


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def adult_case(board: Board) -> Case:
    """A 34-year-old with recurrent PFB ependymoma and spinal leptomeningeal spread (M3)."""
    brain = board.add_image(axial_brain(1, (330, 440, 34), True), "png")
    spine = board.add_image(sagittal_spine(2, [(212, 300), (258, 520), (214, 700)]), "png")
    case = Case(
        id="c-adult-pfb",
        presenter="Dr. Ilse Varga (Neuro-oncology)",
        referring_clinician="Dr. Tomas Reyes",
        minutes=15,
        status="discussed",
        patient=Patient(name="Maren Holt", mrn="SYN-004417", birth_date=D(1992, 5, 14), sex="female"),
        question=(
            "Recurrent posterior fossa ependymoma with new spinal leptomeningeal nodules: "
            "craniospinal re-irradiation, systemic therapy, or a clinical trial?"
        ),
        clinical_summary=(
            "Resected posterior fossa ependymoma in 2023 followed by focal radiotherapy. "
            "No evidence of disease until the October 2026 surveillance MRI, which showed a local "
            "recurrence at the resection margin and three nodules along the thoracic and lumbar cord."
        ),
        symptoms="Intermittent headache; new mild gait unsteadiness; no bladder or bowel change.",
        diagnosis=Diagnosis(
            state="integrated",
            tumour_type="pfb",
            compartment="posterior fossa",
            grade=2,
            date=D(2023, 3, 2),
            central_review="done",
            markers=[
                Marker(name="H3 K27me3", result="retained", method="IHC", date=D(2023, 3, 2)),
                Marker(name="H3 K27M", result="not_detected", method="IHC", date=D(2023, 3, 2)),
                Marker(name="6q loss", result="not_detected", method="Methylation array", date=D(2023, 3, 20)),
                Marker(name="1q gain", result="detected", method="Methylation array", date=D(2023, 3, 20)),
                Marker(name="Ki-67", detail="labelling index 8%", method="IHC", date=D(2023, 3, 2)),
            ],
            methylation_class="EPN_PFB",
            methylation_score=0.93,
        ),
        disease_status="recurrent",
        primary_site="Fourth ventricle, left foramen of Luschka",
        metastatic_sites=[
            MetastaticSite(site="Spinal leptomeninges T6", detected=D(2026, 10, 21), evidence="MRI whole spine"),
            MetastaticSite(site="Spinal leptomeninges T11", detected=D(2026, 10, 21), evidence="MRI whole spine"),
            MetastaticSite(site="Cauda equina L2", detected=D(2026, 10, 21), evidence="MRI whole spine"),
        ],
        staging=Staging(
            m_stage="M3",
            mri_brain=StagingExam(date=D(2026, 10, 21), result="negative"),
            mri_spine=StagingExam(date=D(2026, 10, 21), result="positive"),
            csf_cytology=StagingExam(date=D(2026, 11, 4), result="negative"),
        ),
        performance=Performance(scale="karnofsky", value=80, rated_by="Dr. Ilse Varga", date=D(2026, 11, 20)),
        comorbidities=["Hypothyroidism (on replacement)", "Migraine"],
        medications=["Levothyroxine 75 µg daily", "Dexamethasone 2 mg daily"],
        dexamethasone_mg_per_day=2,
        history=[
            TreatmentEvent(kind="surgery", procedure="resection", date=D(2023, 2, 27),
                           description="Suboccipital craniotomy", resection="GTR", postop_mri=D(2023, 2, 28),
                           response="NED", response_criteria="RANO", response_date=D(2023, 2, 28)),
            TreatmentEvent(
                kind="radiotherapy", date=D(2023, 4, 3), end_date=D(2023, 5, 12), description="Adjuvant focal RT",
                volumes=[
                    RtVolume(target="Tumour bed + 5 mm", region="Posterior fossa", dose=54, unit="Gy",
                             fractions=30, modality="photon", technique="IMRT", intent="curative"),
                    RtVolume(target="Boost to the former tumour attachment", region="Posterior fossa", dose=5.4,
                             unit="Gy", fractions=3, modality="photon", technique="IMRT", intent="curative"),
                ],
                response="NED", response_criteria="RANO", response_date=D(2023, 8, 10),
                toxicities=[Toxicity(term="Fatigue", grade=1), Toxicity(term="Alopecia", grade=1)]),
            TreatmentEvent(kind="other", date=D(2026, 10, 21),
                           description="Surveillance MRI: local recurrence and spinal nodules",
                           response="PD", response_criteria="RANO", response_date=D(2026, 10, 21)),
        ],
        images=[
            KeyImage(file=brain, caption="Nodular enhancement at the left resection margin",
                     label="MRI T1 post-contrast, axial", date=D(2026, 10, 21)),
            KeyImage(file=spine, caption="Three enhancing leptomeningeal nodules (T6, T11, L2)",
                     label="MRI spine T1 post-contrast, sagittal", date=D(2026, 10, 21)),
        ],
        discussion={
            "surgery": ModalityDiscussion(
                discussed=True, options=["re-resection"],
                notes="The margin recurrence abuts the brainstem; a second resection would risk new "
                      "cranial nerve deficits and would not treat the spinal nodules.",
                recommendation="No re-resection now; reconsider if the local recurrence grows alone."),
            "radiation": ModalityDiscussion(
                discussed=True, options=["csi", "proton", "re-irradiation"],
                notes="Posterior fossa already received 59.4 Gy in 2023. Proton craniospinal irradiation "
                      "with a reduced re-irradiation boost keeps the brainstem within tolerance.",
                recommendation="Proton craniospinal irradiation 36 Gy(RBE) with boosts to the spinal "
                               "nodules; brainstem constraint per re-irradiation protocol."),
            "targeted": ModalityDiscussion(
                discussed=True, options=["profiling", "trial-referral"],
                notes="Methylation class EPN_PFB, 1q gain. No actionable alteration on the 2023 panel.",
                recommendation="Repeat NGS on the recurrence if tissue is obtained; screen for trial eligibility."),
            "supportive": ModalityDiscussion(
                discussed=True,
                options=["dexamethasone", "rehabilitation", "late-effects", "audiology", "fertility"],
                notes="Gait unsteadiness since October. Wishes to keep the option of a pregnancy later.",
                recommendation="Taper dexamethasone to 1 mg over two weeks; physiotherapy; baseline "
                               "audiology, endocrine and neurocognitive testing; fertility counselling before CSI."),
            "surveillance": ModalityDiscussion(
                discussed=True, options=["mri-schedule"],
                recommendation="MRI brain and whole spine 8 weeks after radiotherapy, then every 3 months."),
        },
        plan=ConsensusPlan(
            recommendation="Proton craniospinal irradiation with nodular boosts; screen for a recurrent "
                           "ependymoma trial in parallel; steroid taper and physiotherapy.",
            intent="disease control",
            guideline="eano2018",
            guideline_concordant=True,
            trial_discussed=True,
            trial_id=FICTIONAL_TRIAL_ID,
            patient_informed=True,
            patient_preferences="Wishes to keep working part-time during treatment; prefers treatment close "
                                "to home where the result is the same.",
            dissent="Dr. Nadia Osei would have offered second-line chemotherapy first; the board preferred "
                    "radiotherapy for nodular spinal disease.",
            tell_patient=Messenger(who="Dr. Nadia Osei (treating oncologist), clinic visit", due=D(2026, 12, 7)),
            tell_referrer=Messenger(who="Hanna Berg, MDT coordinator (outcome letter)", due=D(2026, 12, 4)),
            actions=[
                Action(what="Proton centre referral and planning MRI", who="Dr. Aiko Brandt (Radiation oncology)", due=D(2026, 12, 10)),
                Action(what="Trial eligibility screening", who="Research nurse J. Okafor", due=D(2026, 12, 17)),
                Action(what="Physiotherapy referral", who="Dr. Ilse Varga", due=D(2026, 12, 7)),
                Action(what="Fertility counselling before CSI", who="Dr. Ilse Varga", due=D(2026, 12, 9)),
            ],
            status="final",
            finalised_by="Dr. Paul Lindqvist",
            finalised_at=dt.datetime(2026, 12, 3, 9, 5),
        ),
        attendance=CaseAttendance(
            exception_reason="Central neuropathology review reported before the meeting (PFB confirmed, "
                             "no change at recurrence); Dr. Omar Haddad agreed the diagnosis in writing."),
    )
    # After sign-off the proton centre offered its first planning slot a few days later.
    case.plan = amend(case.plan, case.plan.model_copy(update={"actions": [
        case.plan.actions[0].model_copy(update={"due": D(2026, 12, 14)}), *case.plan.actions[1:]]}),
        by="Dr. Paul Lindqvist", reason="The proton centre's first planning slot is on 14 Dec 2026.",
        at=dt.datetime(2026, 12, 4, 11, 30))
    return case


def child_case(board: Board) -> Case:
    """A child of 2 years 5 months with a ZFTA fusion-positive supratentorial tumour,
    residual after surgery and tumour cells in the lumbar CSF (M1)."""
    brain = board.add_image(axial_brain(3, (235, 250, 58), True), "png")
    post = board.add_image(axial_brain(4, (235, 250, 16), False), "png")
    return Case(
        id="c-child-zfta",
        presenter="Dr. Nadia Osei (Paediatric oncology)",
        referring_clinician="Dr. Lukas Meyer (Paediatrics)",
        minutes=20,
        status="discussed",
        patient=Patient(name="Elio Marchetti", mrn="SYN-118802", birth_date=D(2024, 6, 30), sex="male"),
        question="ZFTA fusion-positive supratentorial ependymoma with residual tumour and positive "
                 "CSF cytology at 2 years 5 months: second-look surgery, and which radiotherapy?",
        clinical_summary="Presented with vomiting and irritability; right frontal mass with "
                         "hydrocephalus. Subtotal resection; small residual along the ventricle wall.",
        symptoms="Recovering well after surgery; mild left-sided weakness.",
        diagnosis=Diagnosis(
            state="integrated",
            tumour_type="st-zfta",
            compartment="supratentorial",
            grade=3,
            date=D(2026, 10, 29),
            central_review="requested",
            markers=[
                Marker(name="ZFTA fusion", result="detected", detail="ZFTA::RELA", method="RNA sequencing",
                       date=D(2026, 11, 6)),
                Marker(name="p65 (RELA) nuclear", result="detected", method="IHC", date=D(2026, 10, 29)),
                Marker(name="L1CAM", result="detected", method="IHC", date=D(2026, 10, 29)),
                Marker(name="CDKN2A homozygous deletion", result="not_detected", method="Methylation array",
                       date=D(2026, 11, 10)),
                Marker(name="Ki-67", detail="labelling index 25%", method="IHC", date=D(2026, 10, 29)),
            ],
            methylation_class="EPN_ST_ZFTA_RELA",
            methylation_score=0.98,
        ),
        disease_status="residual",
        primary_site="Right frontal lobe, periventricular",
        staging=Staging(
            m_stage="M1",
            mri_brain=StagingExam(date=D(2026, 10, 24), result="negative"),
            mri_spine=StagingExam(date=D(2026, 10, 24), result="negative"),
            csf_cytology=StagingExam(date=D(2026, 11, 13), result="positive"),
        ),
        performance=Performance(scale="lansky", value=70, rated_by="Parents with Dr. Nadia Osei", date=D(2026, 11, 25)),
        medications=["Levetiracetam 10 mg/kg twice daily (seizure on day 1 after surgery)"],
        history=[
            TreatmentEvent(kind="surgery", procedure="drain", date=D(2026, 10, 25),
                           description="External ventricular drain, removed day 6"),
            TreatmentEvent(kind="surgery", procedure="resection", date=D(2026, 10, 27),
                           description="Right frontal craniotomy", resection="STR", postop_mri=D(2026, 10, 29)),
        ],
        images=[
            KeyImage(file=brain, caption="Right frontal mass with cystic parts before surgery",
                     label="MRI T1 post-contrast, axial", date=D(2026, 10, 24)),
            KeyImage(file=post, caption="About 1 cm residual along the lateral ventricle wall",
                     label="MRI T1 post-contrast, axial, 48 h post-op", date=D(2026, 10, 29)),
        ],
        discussion={
            "surgery": ModalityDiscussion(
                discussed=True, options=["second-look", "central-review"],
                notes="Residual is accessible from the same approach; neurosurgery estimates low risk. "
                      "Central review of the post-operative MRI and the pathology is requested.",
                recommendation="Second-look resection aiming at gross total resection in 3–4 weeks."),
            "radiation": ModalityDiscussion(
                discussed=True, options=["proton", "csi", "focal-rt"],
                notes="Aged 29 months: radiotherapy is not deferred. M1 by cytology only (day 17 after "
                      "surgery); MRI of brain and spine show no nodules.",
                recommendation="Proton therapy straight after second-look surgery: craniospinal irradiation "
                               "with a tumour-bed boost if the repeat lumbar CSF is positive, focal proton "
                               "therapy to the tumour bed if it is negative."),
            "chemotherapy": ModalityDiscussion(
                discussed=True,
                notes="At 29 months chemotherapy is not a substitute for radiotherapy; no bridging "
                      "chemotherapy is needed because second-look surgery and proton therapy can follow "
                      "each other directly.",
                recommendation="No chemotherapy now; maintenance chemotherapy only within a clinical trial."),
            "supportive": ModalityDiscussion(
                discussed=True,
                options=["antiseizure", "rehabilitation", "late-effects", "fertility", "psychosocial"],
                notes="Fertility preservation before CSI discussed with the parents (experimental at this age).",
                recommendation="Continue levetiracetam; physiotherapy; neurocognitive and endocrine baseline "
                               "before radiotherapy; family support through the ward social worker."),
        },
        plan=ConsensusPlan(
            recommendation="Second-look surgery, then proton therapy without delay (craniospinal or focal "
                           "according to a repeat lumbar CSF taken 14 days or more after the second look); "
                           "no chemotherapy to defer radiotherapy.",
            intent="curative",
            guideline="siopep2",
            guideline_concordant=True,
            trial_discussed=True,
            patient_informed=True,
            patient_preferences="The parents want treatment at the nearest proton centre and ask for "
                                "fertility counselling to be repeated before radiotherapy.",
            tell_patient=Messenger(who="Dr. Nadia Osei, with the ward nurse, family meeting", due=D(2026, 12, 5)),
            tell_referrer=Messenger(who="Hanna Berg, MDT coordinator (outcome letter)", due=D(2026, 12, 4)),
            actions=[
                Action(what="Schedule second-look surgery", who="Dr. Felix Amsel (Neurosurgery)", due=D(2026, 12, 22)),
                Action(what="Proton therapy referral", who="Dr. Aiko Brandt (Radiation oncology)", due=D(2026, 12, 15)),
                Action(what="Repeat lumbar CSF 14 days or more after second look", who="Dr. Nadia Osei",
                       due=D(2027, 1, 12)),
            ],
        ),
        # The neuropathologist joined by video for this case only; the neurologist had left.
        attendance=CaseAttendance(joined=["Dr. Omar Haddad"], away=["Dr. Ilse Varga"]),
    )


def deferred_case() -> Case:
    """A case listed before tissue: a suspected spinal ependymoma, deferred for imaging review."""
    return Case(
        id="c-deferred-spinal",
        presenter="Dr. Felix Amsel (Neurosurgery)",
        minutes=10,
        status="deferred",
        deferral=Deferral(reason="Central neuroradiology review of the cervical MRI is pending.",
                          relist_on=D(2026, 12, 17)),
        patient=Patient(name="Ruth Abernathy", mrn="SYN-220931", birth_date=D(1968, 1, 9), sex="female"),
        question="Intramedullary lesion at C5–C6, radiologically an ependymoma: resection or surveillance?",
        clinical_summary="Deferred: central neuroradiology review of the cervical MRI pending.",
        diagnosis=Diagnosis(state="suspected", tumour_type="sp", compartment="spinal"),
        disease_status="new",
        primary_site="Cervical cord C5–C6",
        staging=Staging(
            m_stage="Mx",
            mri_brain=StagingExam(date=D(2026, 11, 18), result="negative"),
            mri_spine=StagingExam(date=D(2026, 11, 18), result="negative"),
            csf_cytology=StagingExam(result="not_done"),
        ),
    )


def build() -> Board:
    board = Board(
        meeting=Meeting(
            title="Neuro-oncology tumour board",
            institution="Northbridge University Hospital",
            date=D(2026, 12, 3),
            start_time=dt.time(8, 0),
            location="Room B2.14 and video link",
            chair="Dr. Paul Lindqvist",
            coordinator="Hanna Berg, MDT coordinator",
            contact="Tumour board office, telephone 0100 555 0142, tumourboard@northbridge.example",
            attendees=[
                Attendee(name="Dr. Paul Lindqvist", specialty="Medical or paediatric oncology", role="Chair"),
                Attendee(name="Dr. Felix Amsel", specialty="Neurosurgery"),
                Attendee(name="Dr. Aiko Brandt", specialty="Radiation oncology"),
                Attendee(name="Dr. Sofia Nakamura", specialty="Neuroradiology"),
                Attendee(name="Dr. Omar Haddad", specialty="Neuropathology", present=False),
                Attendee(name="Dr. Nadia Osei", specialty="Medical or paediatric oncology"),
                Attendee(name="Dr. Ilse Varga", specialty="Neurology"),
                Attendee(name="Hanna Berg", specialty="Nursing / case coordination", role="Coordinator"),
            ],
            quorum_specialties=[
                "Neurosurgery", "Radiation oncology", "Medical or paediatric oncology",
                "Neuroradiology", "Neuropathology",
            ],
        ),
    )
    board.cases = [adult_case(board), child_case(board), deferred_case()]
    return board


if __name__ == "__main__":
    save_board(build(), HERE / "ependymoma-board.json")
    print("wrote", HERE / "ependymoma-board.json")

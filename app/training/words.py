"""The invented words of the training database: names, and how incidents came to light.

Names mix apostrophes, hyphens, accents, Greek and Cyrillic, so every screen and
printed record is seen with awkward text; notes carry <, & and quotes for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRST_NAMES = [
    "Aoife",
    "Siân",
    "Zoë",
    "Chloé",
    "Łukasz",
    "Ayşe",
    "Çağrı",
    "Björn",
    "Nikolaos",
    "Ελένη",
    "Дмитрий",
    "Анна",
    "Jean-Luc",
    "Mary-Kate",
    "Oluwaseun",
    "Priya",
    "Mohammed",
    "Amélie",
    "Kacper",
    "Zofia",
    "Tomás",
    "Niamh",
    "Jayden",
    "Aleksandra",
    "Yusuf",
    "Grace",
    "Leo",
    "Harper",
    "Olivia",
    "Noah",
    "Ffion",
    "Dáithí",
    "Renée",
    "Gökhan",
]
LAST_NAMES = [
    "O'Brien",
    "O'Neill",
    "D'Souza",
    "Smith-Jones",
    "Nowak",
    "Wiśniewski",
    "Yılmaz",
    "Öztürk",
    "Müller",
    "Παπαδόπουλος",
    "Иванова",
    "Петров",
    "McAllister",
    "Nguyen",
    "Okafor",
    "Kowalczyk",
    "Ferreira",
    "García-López",
    "Brontë",
    "Ní Bhriain",
    "Çelik",
    "Evans",
    "Patel",
    "Khan",
    "Williams",
    "Taylor-Ward",
    "Łęcki",
    "Doğan",
]
HOW = [
    "A Year {yg} pupil told their form tutor that a photo was being passed round.",
    "A parent phoned the school office: their child had received an image on Snapchat.",
    "Staff confiscated a phone in a lesson after pupils were crowding round it.",
    "The pupil pictured came to the DSL in tears at break.",
    'A friend reported it to the pastoral lead "because it\'s gone too far".',
]
NOT_REPORTED = "No immediate-referral criteria met: handled in school; report if anything changes."
NOT_REFERRED = "No immediate-referral criteria met; no existing social care involvement."


@dataclass(frozen=True)
class Scenario:
    """One kind of incident, with the facts the guidance turns on and what the DSL did.

    Every answer is "yes", "no" or "not_known" (the wizard's codes). A scenario is
    written so the decision aid agrees with the DSL's decision; where the DSL decided
    otherwise (`differs`), the reason says why, as the wizard asks.
    """

    summary: str
    weight: int  # how often it comes up, out of the sum of weights
    classification: str  # "aggravated" or "experimental"
    classification_reason: str
    decision: str  # "refer" or "in_school"
    decision_reason: str
    adults_involved: str = "no"
    adults_details: str | None = None
    answers: dict[str, str] = field(default_factory=dict)  # question -> answer; else "no"
    notes: dict[str, str] = field(default_factory=dict)  # question -> the note beside it
    police: bool = False  # reported to the police
    police_reason: str = NOT_REPORTED
    mash: bool = False  # referred to children's social care
    mash_reason: str = NOT_REFERRED
    immediate_support: str = "Pastoral support today."
    differs: bool = False  # the DSL's decision differs from the aid's view, with a reason
    made_by_other: bool = False  # the pictured child did not take the image
    online_contact: bool = False  # the other side is someone online, not a pupil
    year_groups: tuple[str, ...] = ()  # the pupils' year groups, when the facts need them
    # The facts the decision aid reads, asked once (the wizard's codes): how it was shared,
    # sextortion (with what was demanded), where the image came from, a sexual act shown,
    # and the immediate risks recorded.
    sharing: tuple[str, ...] = ()
    sextortion: str = "no"
    sextortion_demand: tuple[str, ...] = ()
    sextortion_details: str | None = None
    image_origin: str = "real"
    sexual_act: str = "no"
    immediate_risks: tuple[str, ...] = ()


IN_SCHOOL = (
    "None of the five immediate-referral answers is yes: no adult, no coercion, no immediate "
    "risk, all involved 13 to 17. We will refer at once if anything changes."
)
SCENARIOS = [
    Scenario(
        "Semi-nude image shared between two pupils in a relationship; later sent on to a "
        "group chat.",
        3,
        "aggravated",
        "Sent on to a group chat without the pictured pupil's consent.",
        "in_school",
        IN_SCHOOL,
        sharing=("consensual", "without_consent"),
    ),
    Scenario(
        "Nude selfie sent to a boyfriend & forwarded without consent to <3 others>.",
        2,
        "aggravated",
        "Forwarded without the pictured pupil's consent.",
        "in_school",
        IN_SCHOOL,
        sharing=("consensual", "without_consent"),
    ),
    Scenario(
        'Image shared as a "joke" in the Year group chat; pupil pictured is upset.',
        2,
        "aggravated",
        "Shared to embarrass the pupil pictured (malice).",
        "in_school",
        IN_SCHOOL,
        sharing=("without_consent", "malice"),
    ),
    Scenario(
        "Two pupils exchanged images consensually; no onward sharing known.",
        3,
        "experimental",
        "Consensual exchange between peers, no malice, nobody unwilling.",
        "in_school",
        IN_SCHOOL,
        sharing=("consensual",),
    ),
    Scenario(
        "Pupil was asked repeatedly for images by someone they met online who said he was 16.",
        1,
        "aggravated",
        "Possible grooming by an online contact whose age is not known.",
        "refer",
        "Repeated requests from an online contact of unknown age: possible grooming, and "
        "possibly an adult. Referred to the police and MASH at once.",
        adults_involved="not_known",
        adults_details="Not known: the contact said he was 16; nobody has checked.",
        answers={"adult_involved": "not_known", "coercion_or_capacity": "yes"},
        notes={
            "adult_involved": "Said he was 16; not known.",
            "coercion_or_capacity": "Asked again and again for images: grooming.",
        },
        police=True,
        police_reason="Possible grooming, possibly by an adult: always a police matter.",
        mash=True,
        mash_reason="Immediate-referral criteria met (question 2).",
        online_contact=True,
        sharing=("not_known",),
    ),
    Scenario(
        'Pupil threatened that an image would be shared unless they sent more ("sextortion").',
        1,
        "aggravated",
        "Blackmail: sexual extortion.",
        "refer",
        "Threatened with the image unless they sent more: blackmail (question 2). Referred to "
        "the police and MASH at once; told the pupil plainly it is not their fault.",
        adults_involved="not_known",
        adults_details="Not known: an online account posing as a pupil at another school.",
        answers={"adult_involved": "not_known", "coercion_or_capacity": "yes"},
        notes={
            "adult_involved": "Not known who is behind the account.",
            "coercion_or_capacity": "Threatened: blackmail.",
        },
        police=True,
        police_reason="Blackmail of a child (sexual extortion): always a police matter.",
        mash=True,
        mash_reason="Immediate-referral criteria met (question 2).",
        immediate_support="Asked how the pupil is coping; pastoral lead with the pupil today.",
        online_contact=True,
        sharing=("consensual",),
        sextortion="yes",
        sextortion_demand=("more_images", "money"),
        sextortion_details='Told to send more images and a £50 gift card "by tonight" or the '
        "first would be sent to everyone in their year.",
    ),
    Scenario(
        "After the image spread, the pupil pictured told a friend they wanted to hurt themselves.",
        1,
        "aggravated",
        "Shared without the pictured pupil's consent.",
        "refer",
        "A child at immediate risk of harm (question 5): referred to MASH at once and the "
        "parents called; the pupil stayed with the school nurse.",
        answers={"immediate_risk": "yes"},
        notes={"immediate_risk": "Said they wanted to hurt themselves."},
        police_reason="Referred to MASH for the risk of harm; MASH will involve the police if "
        "it needs to. No adult and no coercion known.",
        mash=True,
        mash_reason="Immediate-referral criteria met (question 5).",
        immediate_support="Self-harm risk: with the school nurse until a parent arrived.",
        sharing=("without_consent",),
        immediate_risks=("self_harm",),
    ),
    Scenario(
        "A Year {yg} pupil described a video of a sexual act, sent between two pupils in "
        "their class.",
        1,
        "aggravated",
        "A sexual act involving children under 13.",
        "refer",
        "Sexual acts, with children under 13 (question 4): referred to MASH and the police "
        "at once.",
        answers={"under_13_sexual_acts": "yes"},
        notes={"under_13_sexual_acts": "Described as a sexual act; both pupils are 12."},
        police=True,
        police_reason="Sexual acts involving children under 13: the police were told at once.",
        mash=True,
        mash_reason="Immediate-referral criteria met (question 4).",
        year_groups=("Year 7", "Year 8"),
        sharing=("consensual",),
        sexual_act="yes",
    ),
    Scenario(
        "A pupil used an app to make a fake nude of a classmate from a school photo and shared it.",
        1,
        "aggravated",
        "Made and shared without the pictured pupil's consent.",
        "refer",
        "None of the five answers is yes, but a made-up nude of a pupil counts as an indecent "
        "image of a child and it was shared across the year: we asked the police for advice.",
        police=True,
        police_reason="A made-up nude of a child, shared widely: the police were asked to advise.",
        differs=True,
        made_by_other=True,
        sharing=("not_taken_by_child", "without_consent", "malice"),
        image_origin="ai_altered",
    ),
]
OWN_WORDS = [
    "\"I only sent it to him. I didn't think he'd show anyone.\"",
    "\"Everyone's seen it now. I can't come back to school.\"",
    "\"He said he'd delete it <promise> & he didn't.\"",
    '"It was just a laugh, everyone does it."',
    '"I didn\'t ask for it, it just came up on my phone."',
]
YEAR_GROUPS = ["Year 7", "Year 8", "Year 9", "Year 10", "Year 11", "Year 12", "Year 13"]

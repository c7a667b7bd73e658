"""Every field of a case record, declared once.

For each column of each table a case is made of: its label, its kind, the
vocabulary its coded answers come from, whether a DSL may amend it, whether it
may lie in the future, and which wizard answer fills it at Finish. From this
table come `cases.amend`'s checks and conversions, the case file's editors, the
printed labels, and the wizard-to-record mapping that Finish performs. A test
keeps it in step with the models and with `resources/wizard/pages.json`.

Plain Python: no database, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class Kind(StrEnum):
    TEXT = "text"  # a box of free text
    LINE = "line"  # one line of free text
    DATE = "date"
    DATETIME = "datetime"
    NUMBER = "number"
    YES_NO = "yes_no"  # yes / no, or not recorded
    ANSWER = "answer"  # yes / no / not known, or not recorded
    CODE = "code"  # one of a fixed list of codes (an enum)
    CHOICE = "choice"  # text chosen from one of the wizard's lists
    ROLES = "roles"  # a young person's parts in the incident
    STAFF = "staff"  # a staff account, by id
    CHILD = "child"  # a young person of the same case, by id


@dataclass(frozen=True)
class RecordField:
    table: str
    name: str
    label: str
    kind: Kind
    # Where coded answers get their codes and words: a vocabulary of pages.json
    # ("place", "roles"...), or one of labels' own ("agency", "pathway"...).
    vocabulary: str = ""
    amendable: bool = True
    future_ok: bool = False  # dates of things that have happened cannot lie ahead
    # The wizard answers that fill it at Finish: "page.field", or
    # "page.group.field" for one item of a group or one young person's answers.
    answers: tuple[str, ...] = ()
    # Bookkeeping that changes on its own (autosave stamps a draft every few
    # seconds): no amendment, no seal, no trigger for it.
    tracked: bool = True


@dataclass(frozen=True)
class RecordTable:
    name: str
    title: str
    fields: tuple[RecordField, ...]

    def field(self, name: str) -> RecordField:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name}.{name}")


def _f(
    name: str,
    label: str,
    kind: Kind,
    *answers: str,
    vocabulary: str = "",
    amendable: bool = True,
    future_ok: bool = False,
    tracked: bool = True,
) -> dict[str, object]:
    return {
        "tracked": tracked,
        "name": name,
        "label": label,
        "kind": kind,
        "answers": answers,
        "vocabulary": vocabulary,
        "amendable": amendable,
        "future_ok": future_ok,
    }


def _kept(name: str, label: str, kind: Kind, **options: object) -> dict[str, object]:
    """Written by Casebook as the record is made: shown, never amended by hand."""
    return _f(name, label, kind, amendable=False, **options)  # type: ignore[arg-type]


K = Kind
_ID = _kept("id", "Row", K.NUMBER)
_CASE_ID = _kept("case_id", "Case", K.NUMBER)

_DECLARED: tuple[tuple[str, str, list[dict[str, object]]], ...] = (
    (
        "cases",
        "The incident",
        [
            _ID,
            _kept("reference", "Reference", K.LINE),
            _kept("status", "Status", K.CODE, vocabulary="status"),
            _kept("created_at", "Started", K.DATETIME),
            _kept("created_by_id", "Started by", K.STAFF),
            _kept("updated_at", "Last saved", K.DATETIME, tracked=False),
            _kept("opened_at", "Opened", K.DATETIME),
            _kept("closed_at", "Closed", K.DATETIME),
            _f("came_to_light_at", "Came to light", K.DATETIME, "incident.came_to_light_at"),
            _f("came_to_light_how", "How it came to light", K.TEXT, "incident.came_to_light_how"),
            _f("reported_by", "Reported to the DSL by", K.LINE, "incident.reported_by"),
            _f("summary", "Summary", K.TEXT, "incident.summary"),
            _f(
                "adults_involved",
                "An adult (18 or over) involved",
                K.ANSWER,
                "incident.adults_involved",
                vocabulary="answer",
            ),
            _f(
                "adults_involved_details",
                "About the adult",
                K.TEXT,
                "incident.adults_involved_details",
            ),
            # Asked once per young person since format 2; older records keep theirs here.
            _f("existing_concerns", "Existing concerns or earlier referrals", K.TEXT),
            _f(
                "classification",
                "Classification",
                K.CODE,
                "summary.classification",
                vocabulary="classification",
            ),
            _f(
                "classification_reason",
                "Reason for the classification",
                K.TEXT,
                "summary.classification_reason",
            ),
            _f("pathway", "Pathway", K.CODE, vocabulary="pathway"),
            _f(
                "next_review_on",
                "Next review",
                K.DATE,
                "plan.first_review_on",
                future_ok=True,
            ),
            _f("closing_summary", "Closing summary", K.TEXT),
            _kept("signed_off_by_id", "Signed off by", K.STAFF),
            _kept("signed_off_at", "Signed off", K.DATETIME),
            _kept("discarded_at", "Discarded", K.DATETIME),
            _kept("discarded_by_id", "Discarded by", K.STAFF),
            _kept("discard_reason", "Why it was discarded", K.TEXT),
        ],
    ),
    (
        "young_people",
        "Young person",
        [
            _ID,
            _CASE_ID,
            _f("name", "Full name", K.LINE, "incident.young_people.name"),
            _f("known_as", "Also known as", K.LINE, "incident.young_people.known_as"),
            _f("date_of_birth", "Date of birth", K.DATE, "incident.young_people.date_of_birth"),
            _f("age_years", "Age", K.NUMBER, "incident.young_people.age_years"),
            _f(
                "year_group",
                "Year group",
                K.CHOICE,
                "incident.young_people.year_group",
                vocabulary="year_group",
            ),
            _f("roles", "Their part", K.ROLES, "incident.young_people.roles", vocabulary="roles"),
            _f(
                "has_send",
                "SEND",
                K.ANSWER,
                "incident.young_people.has_send",
                vocabulary="answer",
            ),
            _f("send", "About their SEND", K.TEXT, "incident.young_people.send"),
            _f(
                "other_vulnerabilities",
                "Other vulnerabilities",
                K.TEXT,
                "incident.young_people.other_vulnerabilities",
            ),
            _f(
                "existing_concerns",
                "Existing safeguarding concerns",
                K.TEXT,
                "incident.young_people.existing_concerns",
            ),
            _f(
                "earlier_mash_referral",
                "Earlier MASH referral",
                K.YES_NO,
                "incident.young_people.earlier_mash_referral",
            ),
            _f(
                "known_to_social_care",
                "Known to children's social care",
                K.YES_NO,
                "incident.young_people.known_to_social_care",
            ),
            _f(
                "looked_after",
                "Looked-after child",
                K.YES_NO,
                "incident.young_people.looked_after",
            ),
            _f("school_if_elsewhere", "School (if not this one)", K.LINE),
        ],
    ),
    (
        "initial_reviews",
        "Initial review",
        [
            _ID,
            _CASE_ID,
            _f("held_at", "Met", K.DATETIME, "initial_review.held_at"),
            _f("attendees", "Who met", K.TEXT, "initial_review.attendees"),
            _f(
                "more_information_needed",
                "Still to find out",
                K.TEXT,
                "initial_review.more_information_needed",
            ),
            _f(
                "other_school_contact",
                "Another school to be told",
                K.TEXT,
                "initial_review.other_school_contact",
            ),
            _f("notes", "Notes", K.TEXT),
        ],
    ),
    (
        "referral_answers",
        "Immediate-referral question",
        [
            _ID,
            _CASE_ID,
            _kept("question", "Question", K.CODE, vocabulary="question"),
            _f("answer", "Answer", K.ANSWER, vocabulary="answer"),
            _f("note", "Note", K.TEXT),
        ],
    ),
    (
        "conversations",
        "Conversation",
        [
            _ID,
            _CASE_ID,
            _kept("young_person_id", "Young person", K.CHILD),
            _f("held", "Conversation held", K.YES_NO, "conversations.conversations.held"),
            _f(
                "not_held_reason",
                "Why not yet, and when it will happen",
                K.TEXT,
                "conversations.conversations.not_held_reason",
            ),
            _f("held_at", "When", K.DATETIME, "conversations.conversations.held_at"),
            _f("present", "Present", K.LINE, "conversations.conversations.present"),
            _f(
                "confidentiality_explained",
                "Confidentiality and the need to share explained",
                K.YES_NO,
                "conversations.conversations.confidentiality_explained",
            ),
            _f(
                "own_words",
                "Their account, in their own words",
                K.TEXT,
                "conversations.conversations.own_words",
            ),
            _f("impact", "Impact on them", K.TEXT, "conversations.conversations.impact"),
            _f(
                "risk_to_child",
                "Safeguarding risk to this young person",
                K.TEXT,
                "conversations.conversations.risk_to_child",
            ),
            _f(
                "risk_to_others",
                "Safeguarding risk to others",
                K.TEXT,
                "conversations.conversations.risk_to_others",
            ),
            _f(
                "support_needed",
                "Support they need",
                K.TEXT,
                "conversations.conversations.support_needed",
            ),
            _f(
                "image_still_on_phone",
                "Image still on their phone",
                K.ANSWER,
                "conversations.conversations.image_still_on_phone",
                vocabulary="answer",
            ),
            _f(
                "who_has_it",
                "Who else has it, as far as they know",
                K.TEXT,
                "conversations.conversations.who_has_it",
            ),
            _f(
                "next_steps",
                "Next steps agreed with them",
                K.TEXT,
                "conversations.conversations.next_steps",
            ),
        ],
    ),
    (
        "incident_descriptions",
        "The incident as described",
        [
            _ID,
            _CASE_ID,
            _f("description", "The image, as described", K.TEXT, "incident_handling.description"),
            _f(
                "assessment",
                "What sort of image",
                K.CODE,
                "incident_handling.assessment",
                vocabulary="assessment",
            ),
            _f("explicitness", "How explicit, as described", K.TEXT, "police.explicitness"),
            _f(
                "coercion_or_threats",
                "Coercion or threats involved",
                K.ANSWER,
                "initial_review.q_coercion_or_capacity",
                vocabulary="answer",
            ),
            _f(
                "coercion_details",
                "About the coercion or threats",
                K.TEXT,
                "police.coercion_details",
            ),
            _f(
                "how_widely_shared",
                "How widely shared",
                K.TEXT,
                "incident_handling.how_widely_shared",
            ),
            _f(
                "was_viewed",
                "Viewed by anyone at school",
                K.YES_NO,
                "incident_handling.was_viewed",
            ),
            _f(
                "immediate_support_needed",
                "Support or protection needed now",
                K.TEXT,
                "incident_handling.immediate_support_needed",
            ),
            _f(
                "other_children_involved",
                "Other young people involved",
                K.TEXT,
                "incident_handling.other_children_involved",
            ),
            _f("deletion", "Deleting the image", K.TEXT, "incident_handling.deletion"),
            _f("sharing", "How it was shared", K.ROLES, "incident.sharing", vocabulary="sharing"),
            _f(
                "sextortion",
                "A threat to share it unless paid or sent more (sextortion)",
                K.ANSWER,
                "incident.sextortion",
                vocabulary="answer",
            ),
            _f(
                "sextortion_demand",
                "What was demanded",
                K.ROLES,
                "incident.sextortion_demand",
                vocabulary="sextortion_demand",
            ),
            _f(
                "sextortion_details",
                "About the threat",
                K.TEXT,
                "incident.sextortion_details",
            ),
            _f(
                "image_origin",
                "Real, or made or altered with AI",
                K.CHOICE,
                "incident_handling.image_origin",
                vocabulary="image_origin",
            ),
            _f(
                "shows_sexual_act",
                "A sexual act, as described",
                K.ANSWER,
                "incident_handling.shows_sexual_act",
                vocabulary="answer",
            ),
            _f(
                "immediate_risks",
                "Signs of immediate risk",
                K.ROLES,
                "incident_handling.immediate_risks",
                vocabulary="immediate_risk",
            ),
        ],
    ),
    (
        "sharing_locations",
        "Where the image is",
        [
            _ID,
            _CASE_ID,
            _f(
                "place",
                "Where",
                K.CODE,
                "incident_handling.locations.place",
                vocabulary="place",
            ),
            _f("details", "Details", K.LINE, "incident_handling.locations.details"),
            _f("removal_requested", "Removal requested", K.TEXT),
        ],
    ),
    (
        "devices",
        "Device",
        [
            _ID,
            _CASE_ID,
            _f("description", "Device", K.LINE, "incident_handling.devices.description"),
            _f("belongs_to", "Whose it is", K.LINE, "incident_handling.devices.belongs_to"),
            _f("taken_at", "Taken", K.DATETIME, "incident_handling.devices.taken_at"),
            _f("taken_by", "Taken by", K.LINE, "incident_handling.devices.taken_by"),
            _f(
                "switched_off",
                "Switched off",
                K.YES_NO,
                "incident_handling.devices.switched_off",
            ),
            _f(
                "custody",
                "Where it is now",
                K.CHOICE,
                "incident_handling.devices.custody",
                vocabulary="custody",
            ),
            _f("stored_where", "Kept now", K.LINE, "incident_handling.devices.stored_where"),
            _f(
                "handed_over_at",
                "Handed to the police",
                K.DATETIME,
                "incident_handling.devices.handed_over_at",
            ),
            _f("handed_to", "Handed to", K.LINE, "incident_handling.devices.handed_to"),
            _f(
                "police_reference",
                "Police reference",
                K.LINE,
                "incident_handling.devices.police_reference",
            ),
            _f("returned_at", "Returned", K.DATETIME, "incident_handling.devices.returned_at"),
            _f("returned_to", "Returned to", K.LINE, "incident_handling.devices.returned_to"),
        ],
    ),
    (
        "viewing_log",
        "Viewing log",
        [
            _ID,
            _CASE_ID,
            _f("viewed_at", "When", K.DATETIME, "incident_handling.viewing_log.viewed_at"),
            _f("viewed_by", "Viewed by", K.LINE, "incident_handling.viewing_log.viewed_by"),
            _f(
                "reason",
                "Why it was unavoidable",
                K.TEXT,
                "incident_handling.viewing_log.reason",
            ),
            _f(
                "others_present",
                "Also present",
                K.LINE,
                "incident_handling.viewing_log.others_present",
            ),
            _f(
                "head_agreed",
                "The head agreed beforehand",
                K.YES_NO,
                "incident_handling.viewing_log.head_agreed",
            ),
            _f(
                "head_name",
                "The head, or who was told afterwards",
                K.LINE,
                "incident_handling.viewing_log.head_name",
            ),
            _f(
                "head_told_at",
                "Told afterwards, on",
                K.DATETIME,
                "incident_handling.viewing_log.head_told_at",
            ),
            _f(
                "outcome",
                "What was decided as a result",
                K.TEXT,
                "incident_handling.viewing_log.outcome",
            ),
        ],
    ),
    (
        "police_contacts",
        "Police",
        [
            _ID,
            _CASE_ID,
            _f(
                "vulnerability_notes",
                "Vulnerability, and how each has been affected",
                K.TEXT,
                "police.vulnerability_notes",
            ),
            _f("reported", "Reported to the police", K.YES_NO, "police.reported"),
            _f("reason", "Why", K.TEXT, "police.reason"),
            _f("reported_at", "Reported", K.DATETIME, "police.reported_at"),
            _f("force", "Police force", K.LINE, "police.force"),
            _f("officer", "Officer", K.LINE, "police.officer"),
            _f("crime_reference", "Crime reference", K.LINE, "police.crime_reference"),
            _f("response", "Police response", K.TEXT, "police.response"),
            # Asked for each young person since format 3 (police_outcomes); records made
            # before keep the one outcome given for the case here.
            _f("outcome_code", "Outcome", K.CHOICE, vocabulary="outcome_code"),
            _f("outcome_notes", "About the outcome", K.TEXT),
        ],
    ),
    (
        "police_outcomes",
        "Police outcome",
        [
            _ID,
            _CASE_ID,
            _kept("young_person_id", "Young person", K.CHILD),
            _f(
                "crime_reference",
                "Crime reference",
                K.LINE,
                "police.outcomes.crime_reference",
            ),
            _f(
                "outcome_code",
                "Outcome",
                K.CHOICE,
                "police.outcomes.outcome_code",
                vocabulary="outcome_code",
            ),
            _f("outcome_notes", "About the outcome", K.TEXT, "police.outcomes.outcome_notes"),
        ],
    ),
    (
        "agency_referrals",
        "Agency",
        [
            _ID,
            _CASE_ID,
            _f(
                "agency",
                "Agency",
                K.CODE,
                "agencies.other_agencies.agency",
                vocabulary="agency",
            ),
            _f("agency_name", "Name or contact", K.LINE, "agencies.other_agencies.agency_name"),
            _f("referred", "Referred", K.YES_NO, "agencies.mash.referred"),
            _f(
                "referred_on",
                "Date",
                K.DATE,
                "agencies.mash.referred_on",
                "agencies.other_agencies.referred_on",
            ),
            _f(
                "reference",
                "Their reference",
                K.LINE,
                "agencies.mash.reference",
                "agencies.other_agencies.reference",
            ),
            _f(
                "outcome",
                "Outcome",
                K.TEXT,
                "agencies.mash.outcome",
                "agencies.other_agencies.outcome",
            ),
            _f(
                "reason",
                "Why",
                K.TEXT,
                "agencies.mash_reason",
                "agencies.other_agencies.reason",
            ),
            _kept("young_person_id", "Young person", K.CHILD),
        ],
    ),
    (
        "parent_carer_contacts",
        "Parents or carers",
        [
            _ID,
            _CASE_ID,
            _kept("young_person_id", "Young person", K.CHILD),
            _f("informed", "Parents or carers told", K.YES_NO, "agencies.parents.informed"),
            _f("who", "Who was told", K.LINE, "agencies.parents.who"),
            _f("informed_at", "When", K.DATETIME, "agencies.parents.informed_at"),
            _f("how", "How", K.LINE, "agencies.parents.how"),
            _f(
                "reason_not_informed",
                "Why not",
                K.TEXT,
                "agencies.parents.reason_not_informed",
            ),
            _f(
                "revisit_on",
                "Look at this decision again on",
                K.DATE,
                "agencies.parents.revisit_on",
                future_ok=True,
            ),
            _f(
                "planned_on",
                "Not told yet: planned for",
                K.DATE,
                "agencies.parents.planned_on",
                future_ok=True,
            ),
        ],
    ),
    (
        "plans",
        "The plan",
        [
            _ID,
            _CASE_ID,
            _f("bullying", "Bullying, and the work to address it", K.TEXT, "plan.bullying"),
            _f(
                "restorative_appropriate",
                "Restorative approach appropriate",
                K.ANSWER,
                "plan.restorative_appropriate",
                vocabulary="answer",
            ),
            _f(
                "restorative_notes",
                "About the restorative approach",
                K.TEXT,
                "plan.restorative_notes",
            ),
            _f(
                "work_with_others",
                "Work with other young people affected",
                K.TEXT,
                "plan.work_with_others",
            ),
            _f(
                "follow_up_support",
                "Follow-up support and education",
                K.TEXT,
                "plan.follow_up_support",
            ),
            _f(
                "removal",
                "Removal (Report Remove, Take It Down, platforms)",
                K.TEXT,
                "plan.removal",
            ),
            _f("preventative_work", "Preventative work", K.TEXT, "plan.preventative_work"),
        ],
    ),
    (
        "actions",
        "Action",
        [
            _ID,
            _CASE_ID,
            _f("description", "What needs doing", K.LINE, "plan.actions.description"),
            _kept("owner_id", "Who", K.STAFF),
            _f("owner_name", "Who", K.LINE, "plan.actions.owner"),
            _f("due_on", "Due", K.DATE, "plan.actions.due_on", future_ok=True),
            _kept("created_at", "Added", K.DATETIME),
            _kept("created_by_id", "Added by", K.STAFF),
            _kept("done_at", "Done", K.DATETIME),
            _f("done_note", "What was done", K.TEXT),
        ],
    ),
    (
        "reviews",
        "Review",
        [
            _ID,
            _CASE_ID,
            _f("held_on", "Held on", K.DATE),
            _f("notes", "Notes", K.TEXT),
            _f("risk_still_present", "Risk still present", K.ANSWER, vocabulary="answer"),
            _f("next_review_on", "Next review", K.DATE, future_ok=True),
            _f("propose_closing", "Proposed closing the case", K.YES_NO),
            _kept("reviewed_by_id", "Reviewed by", K.STAFF),
            _kept("recorded_at", "Recorded", K.DATETIME),
        ],
    ),
    (
        "chronology",
        "Chronology",
        [
            _ID,
            _CASE_ID,
            _f("happened_at", "When", K.DATETIME),
            _kept("recorded_at", "Recorded", K.DATETIME),
            _kept("recorded_by_id", "Recorded by", K.STAFF),
            _f("entry", "What happened", K.TEXT),
            _kept("source", "Source", K.CODE, vocabulary="source"),
        ],
    ),
    (
        "decisions",
        "Decision",
        [
            _ID,
            _CASE_ID,
            _kept("kind", "Kind", K.CODE, vocabulary="decision_kind"),
            _f("decision", "Decision", K.TEXT),
            _f("reason", "Reason", K.TEXT),
            _kept("aid_view", "The decision aid's view", K.TEXT),
            _kept("decided_by_id", "Decided by", K.STAFF),
            _kept("decided_at", "Decided", K.DATETIME),
            _kept("subject", "About", K.LINE),
        ],
    ),
)

# Wizard answers that reach the record by a rule of their own rather than
# one-to-one into a field, with where they go: Finish performs each.
DERIVED_ANSWERS: dict[str, str] = {
    "initial_review.q_*": "referral_answers.answer, one row per question",
    "initial_review.q_*_note": "referral_answers.note",
    "initial_review.q_adult_involved": "shown from incident.adults_involved (asked once)",
    "police.coercion_or_threats": "shown from initial_review.q_coercion_or_capacity",
    "police.sextortion": "shown from incident.sextortion (asked once)",
    "agencies.existing_concerns": "shown from each young person on page 1 (asked once)",
    "initial_review.decision": "a decision (immediate referral or in school), with its reason",
    "initial_review.decision_reason": "that decision's reason",
    "incident_handling.locations": "one sharing_locations row per item",
    "incident_handling.devices": "one devices row per item",
    "incident_handling.viewing_log": "one viewing_log row per item",
    "incident.young_people": "one young_people row per young person",
    "conversations.conversations": "one conversations row per young person",
    "agencies.parents": "one parent_carer_contacts row per young person",
    "agencies.other_agencies": "one agency_referrals row per item (referred)",
    "agencies.mash_referred": "agency_referrals (MASH) and cases.pathway",
    "agencies.mash": "one agency_referrals (MASH) row per young person",
    "police.reported": "cases.pathway",
    "police.outcomes": "one police_outcomes row per young person",
    "plan.actions": "one actions row per item",
    "plan.actions.owner": "actions.owner_id when it names a staff account",
}


@cache
def tables() -> dict[str, RecordTable]:
    out = {}
    for name, title, fields in _DECLARED:
        out[name] = RecordTable(
            name,
            title,
            tuple(RecordField(table=name, **spec) for spec in fields),  # type: ignore[arg-type]
        )
    return out


def table(name: str) -> RecordTable:
    return tables()[name]


def field(table_name: str, name: str) -> RecordField | None:
    found = tables().get(table_name)
    if found is None:
        return None
    try:
        return found.field(name)
    except KeyError:
        return None


def label(table_name: str, name: str) -> str:
    spec = field(table_name, name)
    return spec.label if spec else name.replace("_", " ").capitalize()


def title(table_name: str) -> str:
    found = tables().get(table_name)
    return found.title if found else table_name.replace("_", " ").capitalize()


@cache
def untracked_columns(table_name: str) -> frozenset[str]:
    found = tables().get(table_name)
    return frozenset(f.name for f in found.fields if not f.tracked) if found else frozenset()


def answers_of(table_name: str, prefix: str) -> dict[str, str]:
    """Record field -> wizard answer id, for one source of rows ("police", "plan.actions")."""
    out = {}
    for f in table(table_name).fields:
        for path in f.answers:
            head, _, leaf = path.rpartition(".")
            if head == prefix:
                out[f.name] = leaf
    return out

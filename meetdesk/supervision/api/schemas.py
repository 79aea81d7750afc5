"""The API's request and response models (pydantic), shared by its routers.

A record the access function trimmed is answered with only the fields it kept: the
models of personal records leave every such field optional and the routers serialise
them with ``exclude_unset``, so a withheld field is absent from the JSON (named in
``withheld``), never present as ``null``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from meetdesk.supervision.quality import GRADES, NOTE_MAX, REASONS
from meetdesk.supervision.queue import RESOLUTIONS


class Problem(BaseModel):
    """Every error: one message saying what is wrong (a list for malformed input)."""

    detail: str | list[dict[str, Any]]


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    """Who is calling, what the role may do and, for a cookie session, the CSRF token
    unsafe requests must carry in ``X-CSRF-Token``."""

    username: str
    role: str
    processor: str | None
    via: str
    capabilities: list[str]
    csrf_token: str | None = None


class Done(BaseModel):
    detail: str


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error statuses."""
    said = {
        401: "not signed in, or the token or session is not accepted",
        403: "the role, the processor's scope or the CSRF token does not allow it",
        404: "no such record",
        409: "the record's state does not allow it (claimed by another, closed)",
        422: "the input is not valid",
        429: "the account is locked after repeated failed sign-ins",
    }
    return {code: {"model": Problem, "description": said[code]} for code in codes}


class Trimmed(BaseModel):
    """A record as the access function showed it; ``withheld`` names the fields the
    caller's scope kept back (they are absent, never null)."""

    withheld: list[str] = Field(default_factory=list)


class EscalationSummary(Trimmed):
    """One line of the queue: ids, reason, rule names and the queue's facts."""

    id: str | None = None
    created_at: datetime | None = None
    status: str | None = None
    reason: str | None = None
    kind: str | None = None
    priority: str | None = None
    due_at: datetime | None = None
    overdue: bool | None = None
    claimed_by: str | None = None
    lease_until: datetime | None = None
    conversation: str | None = None
    details: dict[str, Any] | None = None


class EscalationList(BaseModel):
    escalations: list[EscalationSummary]
    left_out: int = Field(description="records of customers not served or restricted subjects")


class Participant(BaseModel):
    email: str
    name: str = ""
    role: str = "required"


class ThreadMessage(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    direction: str
    sender: str = Field(alias="from")
    at: datetime
    text: str


class EscalationDetail(EscalationSummary):
    """What a supervisor needs to decide one escalation: the new text of the message
    (all of it with ``full``), what the reading found, the candidate slots, the thread
    and the customer's busy time for the week (bare intervals, never event details)."""

    resolution: str | None = None
    note: str | None = None
    message: str | None = None
    subject: str | None = None
    duration_minutes: int | None = None
    meeting_kind: str | None = None
    windows: list[list[datetime]] | None = None
    exclusions: list[list[datetime]] | None = None
    asap: bool | None = None
    location: str | None = None
    location_kind: str | None = None
    participants: list[Participant] | None = None
    slots: list[list[datetime]] | None = None
    thread: list[ThreadMessage] | None = None
    week: list[datetime] | None = None
    busy: list[list[datetime]] | str | None = Field(
        default=None, description="busy intervals, or why the calendar could not be read"
    )


class EscalationState(Trimmed):
    """An escalation after a transition or an action."""

    id: str | None = None
    status: str | None = None
    claimed_by: str | None = None
    lease_until: datetime | None = None
    resolution: str | None = None
    action: str | None = None
    detail: str = ""


class Resolve(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resolution: Literal[RESOLUTIONS] = "handled"  # type: ignore[valid-type]
    note: str | None = Field(default=None, max_length=2000)


class Discard(BaseModel):
    model_config = ConfigDict(extra="forbid")

    why: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class QualitySampleOut(Trimmed):
    """A sampled decision: its rules and confidence, the message's new text with every
    name and address replaced by a pseudonym, and its grade if it has one."""

    id: str | None = None
    conversation_id: str | None = None
    action: str | None = None
    confidence: float | None = None
    decided_at: datetime | None = None
    rules: list[str] | None = None
    sampled_at: datetime | None = None
    grade: str | None = None
    reason: str | None = None
    graded_by: str | None = None
    graded_at: datetime | None = None
    text: str | None = None
    subject: str | None = None
    sender: str | None = None
    sender_role: str | None = None
    people: list[dict[str, Any]] | None = None
    reading: dict[str, Any] | None = None
    language: str | None = None
    note: str | None = None


class QualitySampleList(BaseModel):
    samples: list[QualitySampleOut]
    left_out: int


class GradeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Literal[GRADES]  # type: ignore[valid-type]
    reason: Literal[REASONS] | None = Field(  # type: ignore[valid-type]
        default=None, description="why a wrong decision was wrong (required for wrong)"
    )
    note: str | None = Field(default=None, max_length=NOTE_MAX)

    @model_validator(mode="after")
    def _reason_fits(self) -> GradeIn:
        if self.verdict == "wrong" and self.reason is None:
            raise ValueError(f"a wrong decision needs a reason (one of: {', '.join(REASONS)})")
        if self.verdict == "right" and self.reason is not None:
            raise ValueError("a reason is for a wrong decision only")
        return self


class Durations(BaseModel):
    count: int
    median_seconds: float | None
    p90_seconds: float | None


class RequestGroup(BaseModel):
    """A customer (by pseudonymous row id), the pool of small customers, or all; a
    suppressed row shows no figure."""

    group: str
    customers: int
    suppressed: bool
    requests: int | None
    booked: int | None
    automated: int | None
    automation_rate: float | None
    escalations: dict[str, int] | None
    time_to_first_reply: Durations | None
    time_to_booking: Durations | None


class QualityGroupOut(BaseModel):
    group: str
    customers: int
    suppressed: bool
    sampled: int | None
    graded: int | None
    wrong: int | None
    error_rate: float | None
    reasons: dict[str, int] | None
    time_to_resolution: Durations | None


class QualityFigures(BaseModel):
    groups: list[QualityGroupOut]
    overall: QualityGroupOut | None
    rules: list[QualityGroupOut] = Field(description="error rate per decision rule")


class StatisticsOut(BaseModel):
    """Numbers only (as ``meetdesk stats --json``): nothing is decrypted to make them."""

    model_config = ConfigDict(populate_by_name=True)

    start: datetime | None = Field(alias="from")
    end: datetime | None = Field(alias="to")
    min_group: int
    groups: list[RequestGroup]
    overall: RequestGroup | None
    quality: QualityFigures


class Span(BaseModel):
    """A time span; times carry their zone or offset."""

    model_config = ConfigDict(extra="forbid")

    start: AwareDatetime
    end: AwareDatetime


class Invitee(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=320)
    name: str = Field(default="", max_length=500)


Note = Annotated[
    str | None,
    Field(default=None, max_length=2000, description="kept encrypted with the escalation"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Note = None


class CorrectIn(NoteIn):
    """What the message means, by the supervisor: every field is optional, an absent
    one keeps what the reading found. With ``resume`` (the default) the message is read
    again with these values and the assistant carries on by itself."""

    duration_minutes: int | None = Field(default=None, ge=5, le=720)
    meeting_kind: str | None = Field(default=None, max_length=40)
    windows: list[Span] | None = Field(default=None, max_length=20)
    exclusions: list[Span] | None = Field(default=None, max_length=20)
    location: str | None = Field(default=None, max_length=500, description='"" for no place')
    asap: bool | None = None
    participants: list[Invitee] | None = Field(default=None, max_length=50)
    language: Literal["en", "fr"] | None = None
    chosen_option: int | None = Field(default=None, ge=1, le=10)
    intent: str | None = Field(default=None, max_length=40)
    resume: bool = True


class ProposeIn(NoteIn):
    slots: list[Span] = Field(min_length=1, max_length=10)


class ReplyIn(NoteIn):
    text: Text
    to: Literal["sender", "all"] = "sender"


class AskIn(NoteIn):
    question: Text

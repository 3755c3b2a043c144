"""Whose consent a proposed match needs, by the program's approval mode and who proposed it.

A person's own request (a mentee asking a mentor, or a mentor offering to mentor a mentee)
counts as its author's consent and awaits the other person only, in every mode. A proposal
an admin makes, or a published run, awaits whom the program's approval mode names:

| approval       | awaits                       |
|----------------|------------------------------|
| mentor_accepts | the mentor                   |
| mentee_accepts | the mentee                   |
| both_accept    | both (each acceptance kept)  |
| admin_assigns  | nobody: accepted at once     |
"""

from dataclasses import dataclass

from matching.models import Match


@dataclass(frozen=True)
class Consent:
    awaiting: list[str]
    """User ids whose acceptance is still due."""
    accepted_by: list[str]
    """User ids who have consented already."""


def needed(
    approval: str, mentee_user_id: str, mentor_user_id: str, requester: str | None
) -> Consent:
    """The consent a new proposal needs; `requester` is the person whose own request it is
    (None for an admin's or a run's proposal)."""
    if requester is not None:
        other = mentor_user_id if requester == mentee_user_id else mentee_user_id
        return Consent(awaiting=[other], accepted_by=[requester])
    if approval == "admin_assigns":
        return Consent(awaiting=[], accepted_by=[])
    if approval == "mentee_accepts":
        return Consent(awaiting=[mentee_user_id], accepted_by=[])
    if approval == "both_accept":
        return Consent(awaiting=[mentee_user_id, mentor_user_id], accepted_by=[])
    return Consent(awaiting=[mentor_user_id], accepted_by=[])


def requester_of(match: Match) -> str | None:
    """Whose own request the match is: its author when the author is one of the two people
    and no run proposed it (a run's pairs are proposals even when an admin is in one)."""
    if match.run_id is None and match.proposed_by in (match.mentor_user_id, match.mentee_user_id):
        return match.proposed_by
    return None


def consenting(match: Match) -> set[str]:
    """Everyone whose consent this proposal asks for (given or still awaited)."""
    return set(match.awaiting) | set(match.accepted_by)

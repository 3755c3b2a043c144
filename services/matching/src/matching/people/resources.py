"""A directory person as a SCIM `User` and back (scim2-models' resources).

The directory keeps what the mentorship backend uses: the userName, the externalId (the HR id),
the display name, the name's parts and the emails, and whether the person is active. The
attributes it does not keep (phone numbers, addresses, photos...) are left out of the schema it
publishes (`/Schemas`), so an identity provider knows they are not stored.
"""

import re
from typing import Any

from pydantic import EmailStr, TypeAdapter, ValidationError
from scim2_models import Email, InvalidValueException, Meta, Name, User

from matching.models import Person

MAX_TEXT = 200
MAX_EMAIL = 320
MAX_EMAILS = 10
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""As participants' names: a line break would split an email header downstream, and PostgreSQL
refuses NUL."""
_EMAIL: TypeAdapter[str] = TypeAdapter(EmailStr)

RESOURCE_TYPE = "User"
KEPT_ATTRIBUTES = ("userName", "name", "displayName", "emails", "active")
"""The core User attributes the directory stores (besides id, externalId and meta)."""


def to_user(person: Person, base_url: str) -> User[Any]:
    return User(
        id=str(person.id),
        external_id=person.external_id,
        user_name=person.user_name,
        display_name=person.display_name,
        name=Name.model_validate(person.name) if person.name else None,
        emails=[Email.model_validate(email) for email in person.emails] or None,
        active=person.active,
        meta=Meta(
            resource_type=RESOURCE_TYPE,
            created=person.created_at,
            last_modified=person.updated_at,
            location=f"{base_url}/Users/{person.id}",
            version=etag(person),
        ),
    )


def etag(person: Person) -> str:
    return f'W/"{person.version}"'


def held(user: User[Any]) -> dict[str, Any]:
    """What the directory stores of a User, as column values; `InvalidValueException` for a
    value it cannot keep (a line break in a name, a longer value than its column, an email
    that is not an address)."""
    name = user.name.model_dump(exclude_none=True) if user.name else {}
    emails = [email.model_dump(exclude_none=True) for email in user.emails or []]
    for attribute, value in (
        ("userName", user.user_name),
        ("externalId", user.external_id),
        ("displayName", user.display_name),
        *((f"name.{part}", text) for part, text in name.items()),
    ):
        _line(attribute, value, MAX_TEXT)
    if len(emails) > MAX_EMAILS:
        raise InvalidValueException(detail=f"At most {MAX_EMAILS} emails are kept.")
    for email in emails:
        _address(email.get("value"))
        _line("emails.display", email.get("display"), MAX_TEXT)
        _line("emails.type", email.get("type"), MAX_TEXT)
    return {
        "user_name": user.user_name,
        "external_id": user.external_id,
        "display_name": user.display_name,
        "name": name,
        "emails": emails,
        "active": user.active,
    }


def _line(attribute: str, value: object, limit: int) -> None:
    if value is None:
        return
    text = str(value)
    if len(text) > limit or _CONTROL.search(text):
        raise InvalidValueException(
            detail=f"{attribute} is one line of at most {limit} characters, without control "
            "characters."
        )


def _address(value: object) -> None:
    try:
        _EMAIL.validate_python(value)
    except ValidationError as error:
        raise InvalidValueException(detail=f"emails.value {value!r} is not an address.") from error
    if len(str(value)) > MAX_EMAIL:
        raise InvalidValueException(detail=f"emails.value is at most {MAX_EMAIL} characters.")


def contact_email(person: Person) -> str | None:
    """The primary email, else the first: the address notifications write to."""
    emails = [email for email in person.emails if email.get("value")]
    primary = next((email for email in emails if email.get("primary")), None)
    chosen = primary or (emails[0] if emails else None)
    return str(chosen["value"]) if chosen else None


def contact_name(person: Person) -> str:
    """The name shown to others: the display name, else the formatted or composed name."""
    name = person.name or {}
    composed = " ".join(part for part in (name.get("givenName"), name.get("familyName")) if part)
    return person.display_name or name.get("formatted") or composed or person.user_name

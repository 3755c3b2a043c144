from datetime import datetime

from pydantic import BaseModel, Field


class ScimCredential(BaseModel):
    """The organisation's new SCIM bearer secret, shown this once (only its SHA-256 is kept)."""

    secret: str = Field(
        description="Give it to the identity provider as its bearer token; the previous one "
        "stopped working now."
    )
    base_path: str = Field(
        default="/scim/v2", description="Where the SCIM API is, under the matching service."
    )
    created_at: datetime

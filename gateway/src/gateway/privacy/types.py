"""Erasure requests and an organisation's privacy settings, as matching has them."""

from typing import Annotated

import strawberry

from gateway.api import matching as api
from gateway.derive import model_type
from gateway.errors import ExpectedError


@model_type(api.ErasureRequest)
class ErasureRequest:
    pass


@strawberry.type(description="The organisation's erasure requests, newest first.")
class ErasureRequests:
    nodes: list[ErasureRequest]


@model_type(api.PrivacySettings, description="The organisation's privacy rules.")
class PrivacySettings:
    pass


@strawberry.input(description="The organisation's privacy rules, all of them.")
class PrivacySettingsInput:
    self_erasure: bool = strawberry.field(
        default=False, description="Whether a person may request their own erasure."
    )
    retention_days: int | None = strawberry.field(
        default=None,
        description="Days personal data of ended relationships and closed programs is kept "
        "after the end (1..36500); null keeps it until someone asks.",
    )


ErasureRequestResult = Annotated[
    ErasureRequest | ExpectedError, strawberry.union("ErasureRequestResult")
]
ErasureRequestsResult = Annotated[
    ErasureRequests | ExpectedError, strawberry.union("ErasureRequestsResult")
]
PrivacySettingsResult = Annotated[
    PrivacySettings | ExpectedError, strawberry.union("PrivacySettingsResult")
]

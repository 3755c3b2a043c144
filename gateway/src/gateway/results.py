"""Results shared by several domains."""

from typing import Annotated

import strawberry

from gateway.errors import ExpectedError


@strawberry.type(description="The object is gone (deleted or revoked).")
class Removed:
    id: strawberry.ID


RemovedResult = Annotated[Removed | ExpectedError, strawberry.union("RemovedResult")]

"""`Idempotency-Key` on POSTs that create things: a retried request returns the first answer.

The key, a fingerprint of the request and the response are stored in the same transaction as
the creation, so a client that lost the first answer cannot create twice. The same key with a
different request is refused; two requests racing with one key make one of them 409.
"""

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kit.auth import Principal
from kit.errors import ConflictError, UnprocessableError
from kit.tables import PlatformTables


class Idempotency:
    def __init__(self, key: str | None, method: str, path: str) -> None:
        self.key = key
        self._method = method
        self._path = path

    async def run(
        self,
        session: AsyncSession,
        user: Principal,
        request: BaseModel | None,
        create: Callable[[], Awaitable[Any]],
        response_model: type[BaseModel],
        status_code: int = 201,
    ) -> Any:
        """Create once per key: the first call runs `create`, a retry replays its response."""
        if self.key is None:
            return await create()
        table = _table(session)
        fingerprint = self._fingerprint(request)
        previous = (
            await session.execute(
                select(table.c.request_hash, table.c.status_code, table.c.response).where(
                    table.c.org_id == user.org_id,
                    table.c.user_id == user.user_id,
                    table.c.key == self.key,
                )
            )
        ).first()
        if previous is not None:
            if previous.request_hash != fingerprint:
                raise UnprocessableError(
                    "This Idempotency-Key was used for a different request.",
                    field="Idempotency-Key",
                )
            return JSONResponse(
                json.loads(previous.response),
                status_code=previous.status_code,
                headers={"Idempotent-Replayed": "true"},
            )
        created = await create()
        body = response_model.model_validate(created).model_dump(mode="json")
        try:
            async with session.begin_nested():
                await session.execute(
                    insert(table).values(
                        org_id=user.org_id,
                        user_id=user.user_id,
                        key=self.key,
                        request_hash=fingerprint,
                        status_code=status_code,
                        response=json.dumps(body),
                    )
                )
        except IntegrityError as exc:
            raise ConflictError(
                "Another request with this Idempotency-Key is in progress; retry it."
            ) from exc
        return created

    def _fingerprint(self, request: BaseModel | None) -> str:
        body = request.model_dump_json() if request is not None else ""
        return hashlib.sha256(f"{self._method} {self._path}\n{body}".encode()).hexdigest()


def _table(session: AsyncSession) -> Any:
    tables = session.info.get("platform")
    if not isinstance(tables, PlatformTables):
        raise RuntimeError("this session was not made by a service runtime")
    return tables.idempotency


async def _idempotency(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=200,
            description="Any unique string; a retry with the same key returns the first answer.",
        ),
    ] = None,
) -> Idempotency:
    return Idempotency(idempotency_key, request.method, request.url.path)


IdempotencyKey = Annotated[Idempotency, Depends(_idempotency)]

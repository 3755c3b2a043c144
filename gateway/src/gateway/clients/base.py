"""Calls to a service's REST API with the caller's token; problems become typed errors."""

from collections import Counter
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


class ServiceError(Exception):
    """A service answered with an RFC 9457 problem (4xx): an expected error for the client."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(problem.get("detail") or problem.get("title") or f"HTTP {status}")
        self.status = status
        self.code = str(problem.get("code", "error"))
        self.detail = str(problem.get("detail", ""))
        self.problem = problem


class ServiceUnavailableError(Exception):
    """A service failed (5xx or unreachable): unexpected, masked for clients."""


class ServiceClient:
    def __init__(self, name: str, http: httpx.AsyncClient, token: str, calls: Counter[str]) -> None:
        self.name = name
        self._http = http
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._calls = calls

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self._request("GET", path, params=params)

    async def read(self, model: type[M], path: str, params: dict[str, Any] | None = None) -> M:
        """A GET answer parsed into the service's API model (gateway.api)."""
        return model.model_validate(await self.get(path, params))

    async def post(
        self,
        path: str,
        body: Any = None,
        idempotency_key: str | None = None,
        allow_seconds: float | None = None,
        prefer: str | None = None,
    ) -> Any:
        if idempotency_key and not (idempotency_key.isascii() and idempotency_key.isprintable()):
            # A header carries printable ASCII only: refused as the service would refuse it.
            raise ServiceError(
                422,
                {
                    "code": "validation-failed",
                    "detail": "An idempotency key is printable ASCII.",
                    "field": "idempotency_key",
                },
            )
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        if prefer:
            headers["Prefer"] = prefer
        if allow_seconds is None:
            return await self._request("POST", path, json=body, headers=headers)
        return await self._request(
            "POST", path, json=body, headers=headers, timeout=httpx.Timeout(allow_seconds)
        )

    async def patch(self, path: str, body: Any) -> Any:
        return await self._request("PATCH", path, json=body)

    async def put(self, path: str, body: Any) -> Any:
        return await self._request("PUT", path, json=body)

    async def delete(self, path: str) -> Any:
        return await self._request("DELETE", path)

    async def _request(self, method: str, path: str, **options: Any) -> Any:
        self._calls[self.name] += 1
        extra = options.pop("headers", None) or {}
        try:
            response = await self._http.request(
                method, path, headers={**self._headers, **extra}, **options
            )
        except httpx.TransportError as exc:
            raise ServiceUnavailableError(f"{self.name} is unreachable: {exc!r}") from exc
        if response.status_code >= 500:
            raise ServiceUnavailableError(f"{self.name} answered {response.status_code}")
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {"detail": response.text}
            raise ServiceError(response.status_code, problem)
        if response.status_code == 204 or not response.content:
            return None
        if response.headers.get("content-type", "").startswith("application/json"):
            return response.json()
        return response.text

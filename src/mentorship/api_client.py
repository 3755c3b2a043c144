"""A small REST client for the CLI: one base URL (the embedded root or a gateway that mounts the
services at /matching, /goals, /feedback, /notifications), bearer tokens, and problem+json
answers turned into one readable line.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx


class ApiError(Exception):
    """What the CLI prints as its one error line."""

    def __init__(self, message: str, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body

    @property
    def errors(self) -> list[dict[str, Any]]:
        if isinstance(self.body, dict) and isinstance(self.body.get("errors"), list):
            return [error for error in self.body["errors"] if isinstance(error, dict)]
        return []


def mint_token(data_dir: Path, sub: str, org: str, roles: list[str], ttl: int = 3600) -> str:
    """A development token from the embedded mode's local issuer (as `mentorship token`)."""
    from mentorship.issuer import dev_issuer

    return dev_issuer(data_dir).mint(sub, org, roles, ttl)


def admin_token(token: str | None, data_dir: Path, sub: str, org: str) -> str:
    from kit.auth import ORG_ADMIN  # kit.auth loads FastAPI: only when a token is minted

    return token or mint_token(data_dir, sub, org, [ORG_ADMIN])


def _describe(response: httpx.Response) -> ApiError:
    body: Any = None
    try:
        body = response.json()
    except ValueError:
        body = None
    method, path = response.request.method, response.request.url.path
    if isinstance(body, dict) and (body.get("detail") or body.get("title")):
        message = str(body.get("detail") or body.get("title"))
    else:
        message = (response.text or response.reason_phrase).strip()[:300]
    return ApiError(
        f"{method} {path} -> {response.status_code}: {message}", response.status_code, body
    )


class Api:
    """Sync calls; every non-2xx answer raises ApiError, every transport failure too."""

    def __init__(self, url: str, token: str, timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self._client = httpx.Client(base_url=self.url, timeout=timeout)

    def __enter__(self) -> "Api":
        return self

    def __exit__(self, *_: object) -> None:
        self._client.close()

    def as_user(self, token: str) -> "Api":
        """The same backend with another person's token (shares the connection pool)."""
        other = Api.__new__(Api)
        other.url, other.token, other._client = self.url, token, self._client
        return other

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: str | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        all_headers = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        try:
            response = self._client.request(
                method, path, json=json, content=content, params=params, headers=all_headers
            )
        except httpx.TransportError as exc:
            raise ApiError(f"cannot reach the backend at {self.url}: {exc}") from exc
        if response.status_code >= 400:
            raise _describe(response)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise ApiError(f"{method} {path}: the answer is not JSON") from exc

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params or None)

    def post(self, path: str, json: Any = None, *, key: str | None = None) -> Any:
        headers = {"Idempotency-Key": key} if key else None
        return self.request("POST", path, json=json if json is not None else {}, headers=headers)

    def pages(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a paginated list, following `next_cursor`."""
        cursor: str | None = None
        while True:
            query = {"limit": 100, **params, **({"cursor": cursor} if cursor else {})}
            page = self.request("GET", path, params=query)
            yield from page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return

    def check_reachable(self) -> None:
        try:
            response = self._client.get("/healthz")
        except httpx.TransportError as exc:
            raise ApiError(f"cannot reach the backend at {self.url}: {exc}") from exc
        if response.status_code != 200:
            raise ApiError(
                f"{self.url}/healthz answered {response.status_code}; is this the backend root?"
            )

"""The same reads and writes as the matching service, written the shortest correct way: FastAPI,
asyncpg and PyJWT, nothing else. The baseline of `bench.request_cost`.

    MINIMAL_DATABASE_URL=postgresql://... MINIMAL_JWT_PUBLIC_KEY_FILE=key.pub.pem \\
        python -m uvicorn bench.minimal.app:app

It checks what the service checks (an RS256 token with issuer, audience, expiry; the tenant and
the roles from the token; a program of the caller's organisation, 404 otherwise; admins see a
program's participants, others themselves only; admins enrol anyone, others themselves) on the
matching service's own tables, and answers the same JSON. The enrolment writes the participant
and its outbox row in one transaction, as the service does; nothing relays that outbox.
"""

import base64
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID, uuid4

import asyncpg
import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response

ISSUER = os.environ.get("MINIMAL_JWT_ISSUER", "mentorship-dev")
AUDIENCE = os.environ.get("MINIMAL_JWT_AUDIENCE", "mentorship")
POOL_SIZE = int(os.environ.get("MINIMAL_POOL_SIZE", "10"))  # the services' pool_size
ENROLLED = "mentorship.matching.participant.enrolled.v1"
PROGRAM = "SELECT * FROM programs WHERE org_id = $1 AND id = $2"
PARTICIPANTS = """SELECT * FROM participants WHERE org_id = $1 AND program_id = $2
  AND ($3::text IS NULL OR user_id = $3) ORDER BY created_at, id LIMIT $4"""
INSERT_PARTICIPANT = """INSERT INTO participants (id, org_id, program_id, user_id, role,
  display_name, email, external_id, status, capacity, profile, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, now()) RETURNING *"""
INSERT_OUTBOX = """INSERT INTO outbox (event_id, type, aggregateid, topic, payload, headers,
  created_at) VALUES ($1, $2, $3, $4, $5, $6, now())"""
JSON_COLUMNS = {"admin_user_ids", "settings", "goal_templates", "profile"}
HIDDEN = {"org_id"}


def public_key() -> Any:
    return load_pem_public_key(Path(os.environ["MINIMAL_JWT_PUBLIC_KEY_FILE"]).read_bytes())


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.key = public_key()
    app.state.pool = await asyncpg.create_pool(
        os.environ["MINIMAL_DATABASE_URL"], min_size=POOL_SIZE, max_size=POOL_SIZE
    )
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan, openapi_url=None)


def claims_of(request: Request, authorization: Annotated[str | None, Header()] = None) -> Any:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(401, "A bearer token is required.")
    try:
        claims = jwt.decode(
            token,
            request.app.state.key,
            algorithms=["RS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            leeway=30,
        )
    except jwt.InvalidTokenError as exc:
        raise HTTPException(401, f"The token is invalid: {exc}") from exc
    if not isinstance(claims.get("org"), str) or not isinstance(claims.get("roles", []), list):
        raise HTTPException(401, "The token carries no `org` claim.")
    return claims


Claims = Annotated[dict[str, Any], Depends(claims_of)]


def plain(row: asyncpg.Record) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name in HIDDEN:
            continue
        if name in JSON_COLUMNS and isinstance(value, str):
            value = json.loads(value)
        elif isinstance(value, UUID):
            value = str(value)
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        out[name] = value
    return out


def answer(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status_code=status, media_type="application/json")


def administers(claims: dict[str, Any], program: asyncpg.Record) -> bool:
    admins = json.loads(program["admin_user_ids"] or "[]")
    return "org_admin" in (claims.get("roles") or []) or claims["sub"] in admins


async def program_of(db: asyncpg.Connection, claims: dict[str, Any], pid: UUID) -> asyncpg.Record:
    program = await db.fetchrow(PROGRAM, claims["org"], pid)
    if program is None:
        raise HTTPException(404, f"Program {pid} does not exist.")
    return program


@app.get("/healthz")
async def healthz() -> Response:
    return answer({"status": "ok"})


@app.get("/v1/programs/{program_id}")
async def get_program(program_id: UUID, request: Request, claims: Claims) -> Response:
    async with request.app.state.pool.acquire() as db:
        return answer(plain(await program_of(db, claims, program_id)))


@app.get("/v1/programs/{program_id}/participants")
async def list_participants(
    program_id: UUID,
    request: Request,
    claims: Claims,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> Response:
    async with request.app.state.pool.acquire() as db:
        program = await program_of(db, claims, program_id)
        only = None if administers(claims, program) else claims["sub"]
        rows = await db.fetch(PARTICIPANTS, claims["org"], program_id, only, limit + 1)
    shown, cursor = rows[:limit], None
    if len(rows) > limit:
        last = shown[-1]
        key = f"{last['created_at'].isoformat()}|{last['id']}"
        cursor = base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")
    return answer({"items": [plain(row) for row in shown], "next_cursor": cursor})


@app.post("/v1/programs/{program_id}/participants")
async def enrol(program_id: UUID, request: Request, claims: Claims) -> Response:
    data = await request.json()
    if not isinstance(data, dict) or data.get("role") not in ("mentor", "mentee"):
        raise HTTPException(422, "role must be mentor or mentee")
    if not isinstance(data.get("user_id"), str) or not isinstance(data.get("display_name"), str):
        raise HTTPException(422, "user_id and display_name are required")
    async with request.app.state.pool.acquire() as db, db.transaction():
        program = await program_of(db, claims, program_id)
        if data["user_id"] != claims["sub"] and not administers(claims, program):
            raise HTTPException(403, "Only admins enrol other people.")
        if program["status"] == "closed":
            raise HTTPException(409, "The program is closed.")
        settings = json.loads(program["settings"] or "{}")
        capacity = data.get("capacity", settings.get("default_capacity", 2))
        try:
            row = await db.fetchrow(
                INSERT_PARTICIPANT,
                uuid4(),
                claims["org"],
                program_id,
                data["user_id"],
                data["role"],
                data["display_name"],
                data.get("email"),
                data.get("external_id"),
                capacity,
                json.dumps(data.get("profile") or {}),
            )
        except asyncpg.UniqueViolationError as exc:
            raise HTTPException(409, f"{data['user_id']} is already enrolled.") from exc
        assert row is not None
        participant = plain(row)
        event_id = str(uuid4())
        event = {
            "specversion": "1.0",
            "id": event_id,
            "type": ENROLLED,
            "source": "minimal",
            "subject": participant["id"],
            "orgid": claims["org"],
            "data": {
                "program_id": str(program_id),
                "program_name": program["name"],
                "participant_id": participant["id"],
                "user_id": participant["user_id"],
                "role": participant["role"],
                "display_name": participant["display_name"],
                "email": participant["email"],
                "timezone": participant["profile"].get("timezone"),
            },
        }
        await db.execute(
            INSERT_OUTBOX,
            event_id,
            ENROLLED,
            participant["id"],
            "matching.participant",
            json.dumps(event).encode(),
            "{}",
        )
    return answer(participant, 201)

"""The GraphQL gateway. A placeholder until its own issue: it answers `/graphql` and `/healthz`
so that the embedded and distributed runs have their single entry point already."""

import strawberry
from fastapi import FastAPI
from strawberry.fastapi import GraphQLRouter


@strawberry.type
class Query:
    @strawberry.field(description="The API version; the domain schema arrives with the gateway.")
    def version(self) -> str:
        return "0.1.0"


schema = strawberry.Schema(query=Query)


def create_app() -> FastAPI:
    app = FastAPI(title="mentorship gateway", version="0.1.0")
    app.include_router(GraphQLRouter(schema), prefix="/graphql")

    @app.get("/healthz", tags=["operations"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app

import asyncio

import strawberry

from gateway.api import matching as api
from gateway.audit.merge import Entry, merge
from gateway.audit.types import AuditEntry, AuditLogFilter, query_of
from gateway.context import SERVICES, GatewayInfo
from gateway.derive import build
from gateway.pagination import Connection, PageInfo, page_query
from gateway.permissions import ORG_ADMIN


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="The organisation's audit log across every service, newest first (org "
        "admins). Entries are never changed or deleted through any API. The same as CSV: "
        "`GET /audit-log.csv` with the filter's fields as query parameters.",
        permission_classes=ORG_ADMIN,
    )
    async def audit_log(
        self,
        info: GatewayInfo,
        filter: AuditLogFilter | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Connection[AuditEntry]:
        params = {**query_of(filter), **page_query(first, after)}

        async def page_of(service: str) -> tuple[list[Entry[api.AuditEntry]], bool]:
            data = await info.context.client(service).get("/v1/audit-log", params)
            page = api.PageAuditEntry.model_validate(data)
            entries = [Entry(service, e.at, str(e.id), e) for e in page.items]
            return entries, page.next_cursor is not None

        pages = await asyncio.gather(*(page_of(service) for service in SERVICES))
        merged = merge(dict(zip(SERVICES, pages, strict=True)), first)
        nodes = [
            build(AuditEntry, e.row, service=e.service, before=e.row.before, after=e.row.after)
            for e in merged.entries
        ]
        return Connection(
            nodes=nodes,
            page_info=PageInfo(
                has_next_page=merged.next_cursor is not None, end_cursor=merged.next_cursor
            ),
        )

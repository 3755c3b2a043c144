"""Who may resolve a field, checked by Strawberry before the resolver runs (not by hand in each
resolver). Once checked, the resolver reads the principal as `info.context.caller`."""

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

SIGN_IN = "Sign in first: a bearer token is required."


class IsAuthenticated(BasePermission):
    """A signed-in caller (HTTP requests without a token are refused before GraphQL; this
    guards websockets and any path that bypasses that)."""

    message = SIGN_IN
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return info.context.principal is not None


class IsOrgAdmin(BasePermission):
    """A signed-in org admin (the services check again: this only refuses early)."""

    message = "This needs a signed-in caller with the org_admin role."
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        principal = info.context.principal
        return principal is not None and bool(principal.is_org_admin)


SIGNED_IN: list[type[BasePermission]] = [IsAuthenticated]
ORG_ADMIN: list[type[BasePermission]] = [IsOrgAdmin]

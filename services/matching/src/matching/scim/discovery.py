"""What the SCIM service says about itself (RFC 7643 §5-7): its configuration, its one resource
type (User) and the schema of what it keeps, so that an identity provider (and a conformance
checker) knows what to send."""

from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    ETag,
    Filter,
    Meta,
    Patch,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
    User,
)

from matching.people.resources import KEPT_ATTRIBUTES

MAX_RESULTS = 100
"""Users per page at most (`count` above it is lowered to it, RFC 7644 §3.4.2.4)."""
DOCS = "https://mentorship.dev/docs/operations#scim-provisioning"


def service_provider_config(base_url: str) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=DOCS,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="SCIM bearer token",
                description="The organisation's SCIM secret, created and rotated by an org "
                "admin (POST /v1/scim/credentials), as `Authorization: Bearer …`.",
                primary=True,
            )
        ],
        meta=Meta(
            resource_type="ServiceProviderConfig",
            location=f"{base_url}/ServiceProviderConfig",
        ),
    )


def user_schema(base_url: str) -> Schema:
    """The core User schema, narrowed to the attributes the directory keeps."""
    schema = User.to_schema()
    kept = {name.lower() for name in KEPT_ATTRIBUTES}
    schema.attributes = [
        attribute for attribute in schema.attributes or [] if (attribute.name or "").lower() in kept
    ]
    schema.meta = Meta(resource_type="Schema", location=f"{base_url}/Schemas/{schema.id}")
    return schema


def user_resource_type(base_url: str) -> ResourceType:
    resource_type = ResourceType.from_resource(User)
    resource_type.meta = Meta(
        resource_type="ResourceType", location=f"{base_url}/ResourceTypes/{resource_type.id}"
    )
    return resource_type


def dump(document: Any) -> dict[str, Any]:
    result: dict[str, Any] = document.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    return result

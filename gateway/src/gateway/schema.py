"""The root types, one base class per domain (DESIGN §8 rule 6)."""

import strawberry
from strawberry.schema.config import StrawberryConfig

from gateway.audit.queries import AuditQuery
from gateway.documents import Documents
from gateway.errors import refusals_name_schema_fields
from gateway.feedback.mutations import FeedbackMutation
from gateway.feedback.queries import FeedbackQuery
from gateway.feedback.surveys import SurveysMutation, SurveysQuery
from gateway.goals.mutations import GoalsMutation
from gateway.goals.queries import GoalsQuery
from gateway.goals.resources import ResourcesMutation, ResourcesQuery
from gateway.limits import (
    CheckedExecutionContext,
    QuietExecutionContext,
    bounds_of,
    extensions,
)
from gateway.matching.directory import DirectoryQuery
from gateway.matching.mutations import MatchingMutation
from gateway.matching.queries import MatchingQuery
from gateway.matching.scim import ScimMutation
from gateway.matching.subscriptions import MatchingSubscription
from gateway.notifications.mutations import NotificationsMutation
from gateway.notifications.queries import NotificationsQuery
from gateway.notifications.subscriptions import NotificationsSubscription
from gateway.privacy.mutations import PrivacyMutation
from gateway.privacy.queries import PrivacyQuery
from gateway.settings import GatewaySettings
from gateway.viewer.queries import ViewerQuery


@strawberry.type
class Query(
    MatchingQuery,
    DirectoryQuery,
    GoalsQuery,
    ResourcesQuery,
    FeedbackQuery,
    SurveysQuery,
    NotificationsQuery,
    AuditQuery,
    ViewerQuery,
    PrivacyQuery,
):
    pass


@refusals_name_schema_fields
@strawberry.type
class Mutation(
    MatchingMutation,
    ScimMutation,
    GoalsMutation,
    ResourcesMutation,
    FeedbackMutation,
    SurveysMutation,
    NotificationsMutation,
    PrivacyMutation,
):
    pass


@strawberry.type
class Subscription(NotificationsSubscription, MatchingSubscription):
    pass


def build_schema(
    settings: GatewaySettings, documents: Documents | None = None
) -> strawberry.Schema:
    """`documents`: the cache of parsed and validated documents (the app shares it with its
    router, which checks a request's documents before running them)."""
    documents = documents or Documents(bounds_of(settings), settings.document_cache_chars)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions(settings, documents),
        execution_context_class=(
            QuietExecutionContext if settings.production else CheckedExecutionContext
        ),
        config=StrawberryConfig(
            disable_field_suggestions=settings.production,
            batching_config={"max_operations": settings.max_batch},
        ),
    )

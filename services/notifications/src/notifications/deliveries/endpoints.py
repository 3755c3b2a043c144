from typing import Annotated

from fastapi import APIRouter, Depends

from kit.app import SessionDep
from kit.auth import CurrentUser
from kit.pagination import Page, PageParams, page_of, page_params
from notifications.deliveries.repository import DeliveryRepository
from notifications.deliveries.schemas import Delivery

router = APIRouter(prefix="/v1/deliveries", tags=["deliveries"])


@router.get("", response_model=Page[Delivery])
async def list_deliveries(
    session: SessionDep, user: CurrentUser, page: Annotated[PageParams, Depends(page_params)]
) -> Page[Delivery]:
    """The caller's email and Slack deliveries, oldest first: status, attempts, last error."""
    rows = await DeliveryRepository(session).list_for_user(user.org_id, user.user_id, page)
    return page_of(rows, page, Delivery)

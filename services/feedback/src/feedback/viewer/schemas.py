from pydantic import BaseModel, Field

from feedback.requests.schemas import FeedbackRequest
from feedback.surveys.schemas import Survey


class ViewerFeedback(BaseModel):
    """What feedback awaits from the signed-in person, for them alone."""

    feedback_due: list[FeedbackRequest] = Field(
        description="Open feedback requests the viewer is asked to give, oldest first."
    )
    surveys_open: list[Survey] = Field(
        description="Surveys the viewer has not answered yet, oldest first."
    )

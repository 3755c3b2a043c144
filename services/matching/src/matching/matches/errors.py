"""The match lifecycle's refusals, each with a stable `code` a client can switch on."""

from kit.errors import ConflictError, ForbiddenError, UnprocessableError


class PairNotAllowedError(UnprocessableError):
    """A hard constraint rules the pair out; `errors` names the request field each rejection
    is about, `rejected_by` keeps the engine's constraints."""

    code = "pair-not-allowed"
    title = "This pair is not allowed"


class NotProposedError(ConflictError):
    code = "match-not-proposed"
    title = "The match is no longer a proposal"


class ConsentNotAwaitedError(ForbiddenError):
    code = "consent-not-awaited"
    title = "This proposal does not await your answer"


class OwnRequestError(ForbiddenError):
    code = "own-request"
    title = "This is your own request"


class NotYourRequestError(ForbiddenError):
    code = "not-your-request"
    title = "Only the person who asked may withdraw a request"

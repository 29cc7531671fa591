"""Pagination of every list operation."""

from ninja import Field
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000_000


class Pagination(LimitOffsetPagination):
    """``limit``/``offset`` pages, with the offset bounded (422 beyond).

    An unbounded offset reaches the database as an out-of-range integer
    (a 500 on PostgreSQL); no real list comes near this bound.
    """

    class Input(LimitOffsetPagination.Input):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

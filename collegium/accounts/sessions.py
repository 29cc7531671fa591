"""Database sessions, read with one plain query.

Every signed-in request reads its session, so the read skips the ORM's query
building; writes, expiry and deletion are Django's own.  Sessions stay in the
database (not a per-process cache), so a logout ends them in every worker.
"""

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        model = self.model
        table = connections[router.db_for_read(model)].ops.quote_name(model._meta.db_table)
        with connections[router.db_for_read(model)].cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608 (table name from the model)
                [self.session_key, timezone.now()],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])

"""gunicorn settings for ``lexsearch serve --workers N`` (``gunicorn -c python:web.gunicorn_conf``).

Each worker builds its own app after the fork (no ``preload_app``): SQLite connections and
search indexes are opened per worker, never shared across a fork. Values come from the
environment the ``serve`` command sets; every one can be overridden on the gunicorn command line.
"""

from __future__ import annotations

import os

bind = os.environ.get("LEXSEARCH_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("LEXSEARCH_WORKERS", "2"))
threads = int(os.environ.get("LEXSEARCH_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"  # threads let cheap requests pass slow ones
preload_app = False
backlog = 2048  # connections queued while every worker is busy
timeout = 120  # an admin import of a large release may take a while
graceful_timeout = 30
keepalive = 2
max_requests = 20_000  # recycle workers now and then; the jitter keeps them from all going at once
max_requests_jitter = 2_000
limit_request_line = 8190  # a query string past this is refused with 400 by gunicorn
limit_request_fields = 100
accesslog = os.environ.get("LEXSEARCH_ACCESS_LOG", "-") or None
# No client address, query string, user agent or referer: what people search is personal, and
# the editors' statistics (web/stats.py) keep it without them; the access log must not undo that.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(L)s'
errorlog = "-"
loglevel = os.environ.get("LEXSEARCH_LOG_LEVEL", "info")
proc_name = "lexsearch"


# The node's follower (indexes/follow.py): one process per node, started by the master once it
# listens (never by a worker: N workers would be N followers) and stopped when the master exits;
# it applies each batch the store commits to the node's index while the workers serve, and the
# workers reopen their searchers when the index's state.json changes.
def when_ready(server) -> None:
    if os.environ.get("LEXSEARCH_FOLLOW", "1") != "1":
        return
    from indexes.follow import interval_from_env, spawn

    server.lexsearch_follower = spawn(os.environ.get("LEXSEARCH_DATA", "var"),
                                      interval=interval_from_env())


def on_exit(server) -> None:
    process = getattr(server, "lexsearch_follower", None)
    if process is not None:
        from indexes.follow import stop

        stop(process)

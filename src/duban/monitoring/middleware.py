"""Bring stored results current after a request that may have changed their inputs.

Approvals and publications, figures typed into the grid, web imports, admin edits of the
catalogue, targets and warning rules all arrive as unsafe requests; after one succeeds (and
its transaction has committed) ``freshness.after_change`` recomputes what it made stale,
inline or on the worker. Reads (GET, HEAD) pass through untouched.
"""

from duban.monitoring import freshness

SAFE = {"GET", "HEAD", "OPTIONS", "TRACE"}


class RefreshAfterWriteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE and response.status_code < 400:
            freshness.after_change()
        return response

"""The web application the daemon (or ``meetdesk console``) serves: the JSON API under
``/api`` and the console's pages, on one FastAPI app.

``context`` holds what every request needs (settings, store, clock, services), ``auth``
turns a cookie or a bearer token into a :class:`~meetdesk.supervision.web.auth.Caller`,
``app`` builds the application and ``serve`` runs it with uvicorn. The routes themselves
live in ``meetdesk.supervision.api`` and ``meetdesk.supervision.console``.
"""

"""The web console: server-rendered pages (Jinja2), plain CSS, no external resource.

See ``pages.py`` for the router and docs/console.md for what each page shows.
"""

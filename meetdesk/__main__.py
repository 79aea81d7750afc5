"""``python -m meetdesk`` is the same as the ``meetdesk`` command."""

from meetdesk.cli import main

raise SystemExit(main())

"""Calendaring: backends (CalDAV, local folder), busy time, slot search and iTIP/iMIP.

A calendar is a ``CalendarBackend`` (see ``base``); pure modules (``busy``, ``slots``,
``itip``) do no I/O so the decision steps stay testable and transaction-free.
"""

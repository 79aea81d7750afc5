"""Supervision: the escalation queue humans work (the full console is a later layer)."""

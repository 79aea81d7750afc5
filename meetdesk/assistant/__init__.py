"""Understanding and wording: what a message asks for, and how the assistant answers.

Everything here is pure (no I/O, no clock, no database) so the understand stage can run it
inside a transaction and tests can pin every phrasing. Entry points:
``new_text.new_text``, ``understand.read_request``, ``understand.read_choice``,
``wording.proposal_text`` and ``wording.confirmation_text``; ``decide`` holds the rules.
"""

"""Mail: reading inbound messages, composing replies and invitations, sending them.

``parse`` and ``compose`` are pure (no I/O) so the understand and act stages can call them
inside a transaction; ``outbound`` holds the transports (SMTP, Maildir) the daemon wires;
``inbound`` is the SMTP/LMTP listener.
"""

"""MeetDesk: a self-hosted e-mail scheduling assistant.

The package is split by concern (see docs/architecture.md): ``store`` (models, migrations,
job queue), ``mail`` (inbound listener, parsing, composing, outbound transports),
``assistant`` (understanding and wording), ``calendar`` (backends, busy time, slot search,
iTIP), ``privacy`` (encryption at rest), ``supervision`` (escalations). Only
``daemon.py`` wires them together.
"""

__version__ = "0.1.0"

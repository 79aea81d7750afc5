"""Accounts for the console and the API: who signs in, with which role, under which
processor's scope.

One concept per module: ``roles`` (the roles and their binding to a processor),
``passwords`` (argon2id hashing and the strength rule), ``registry`` (adding, listing and
changing accounts), ``login`` (password sign-in with lock-out), ``tokens`` (API tokens
for scripts) and ``sessions`` (the web console's server-side sessions and CSRF tokens).
The command line (``meetdesk.cli_accounts``) and the HTTP layer only call these.
"""

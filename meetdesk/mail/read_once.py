"""A parsed message that parses each header once.

With the modern ``email.policy.default`` the standard library builds a structured header
object on *every* access: asking a part for its content type, its charset and whether it
is an attachment parses Content-Type again each time, and reading one inbound message
touched it about a dozen times. The assistant only ever reads parsed messages, so each
part keeps the header objects it has built; any change to the headers forgets them.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from typing import Any

_MISSING = object()


class ReadOnceMessage(EmailMessage):
    """An ``EmailMessage`` whose header lookups are remembered until the headers change."""

    def get(self, name: str, failobj: Any = None) -> Any:
        cache: dict[str, Any] = self.__dict__.setdefault("_parsed_headers", {})
        key = name.lower()
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = super().get(name, _MISSING)
            cache[key] = value
        return failobj if value is _MISSING else value

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def _forget(self) -> None:
        self.__dict__.pop("_parsed_headers", None)

    def __setitem__(self, name: str, val: Any) -> None:
        self._forget()
        super().__setitem__(name, val)

    def __delitem__(self, name: str) -> None:
        self._forget()
        super().__delitem__(name)

    def replace_header(self, _name: str, _value: Any) -> None:
        self._forget()
        super().replace_header(_name, _value)

    def set_raw(self, name: str, value: Any) -> None:
        self._forget()
        super().set_raw(name, value)

    def set_param(self, *args: Any, **kwargs: Any) -> None:
        self._forget()
        super().set_param(*args, **kwargs)

    def del_param(self, *args: Any, **kwargs: Any) -> None:
        self._forget()
        super().del_param(*args, **kwargs)

    def set_type(self, *args: Any, **kwargs: Any) -> None:
        self._forget()
        super().set_type(*args, **kwargs)


# The parsing policy of the whole mail package: the modern default, read-once messages.
READ_POLICY = policy.default.clone(message_factory=ReadOnceMessage)

"""ReadOnceMessage: a header is parsed once per part, and forgotten when headers change."""

from __future__ import annotations

from email.parser import BytesParser

from meetdesk.mail.read_once import READ_POLICY, ReadOnceMessage

RAW = b"From: Bob <bob@x.example>\r\nSubject: Hi\r\nContent-Type: text/plain\r\n\r\nHello\r\n"


def test_the_same_header_object_is_returned() -> None:
    """Two reads of one header give the very object built the first time."""
    msg = BytesParser(policy=READ_POLICY).parsebytes(RAW)
    assert isinstance(msg, ReadOnceMessage)
    assert msg["From"] is msg["From"]
    assert msg.get("X-Missing", "none") == "none" and msg["X-Missing"] is None


def test_changing_headers_forgets_what_was_read() -> None:
    """After a header is replaced, reads see the new value."""
    msg = BytesParser(policy=READ_POLICY).parsebytes(RAW)
    assert str(msg["Subject"]) == "Hi"
    msg.replace_header("Subject", "Bye")
    assert str(msg["Subject"]) == "Bye"
    del msg["Subject"]
    assert msg["Subject"] is None
    msg["Subject"] = "Again"
    assert str(msg["Subject"]) == "Again"
    msg.set_param("charset", "utf-8")
    assert msg.get_content_charset() == "utf-8"

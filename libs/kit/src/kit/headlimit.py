"""Request heads of bounded size, enforced while they arrive.

uvicorn's httptools protocol (the fast one, with uvloop) buffers a request line and headers of
any size before the app sees them: 50 MB of headers were accepted. This protocol counts the head
as it streams in and answers 431 problem+json, then closes the connection, as soon as it is
over `max_bytes` bytes or `max_count` headers. The app's edge middleware checks the same limits
again (`kit.edge`), for servers that do not use this protocol.
"""

import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kit.errors import PROBLEM_BASE, PROBLEM_JSON


class _HeadTooLarge(Exception):
    pass


def bounded_httptools(max_bytes: int, max_count: int) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol, refusing heads over `max_bytes` or `max_count` headers."""

    class BoundedHttpToolsProtocol(HttpToolsProtocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._head_wire = 0
            self._head_count = 0
            self._in_body = False
            self._refused = False

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return
            if not self._in_body:
                self._head_wire += len(data)
            super().data_received(data)
            # Still in the head after all this data: the head alone is that long.
            if not self._in_body and not self._refused and self._head_wire > max_bytes:
                self._refuse()

        def on_message_begin(self) -> None:
            self._head_count = 0
            super().on_message_begin()

        def on_header(self, name: bytes, value: bytes) -> None:
            self._head_count += 1
            if self._head_count > max_count:
                self._refused = True
                raise _HeadTooLarge
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._in_body = True
            self._head_wire = 0
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self._in_body = False
            super().on_message_complete()

        def send_400_response(self, msg: str) -> None:
            if self._refused:  # the parser stopped because a callback refused the head
                self._refuse()
            else:
                super().send_400_response(msg)

        def _refuse(self) -> None:
            self._refused = True
            body = json.dumps(
                {
                    "type": PROBLEM_BASE + "headers-too-large",
                    "title": "Request header fields too large",
                    "status": 431,
                    "detail": f"Request heads are limited to {max_bytes} bytes and "
                    f"{max_count} headers.",
                    "code": "headers-too-large",
                }
            ).encode()
            head = (
                "HTTP/1.1 431 Request Header Fields Too Large\r\n"
                f"content-type: {PROBLEM_JSON}\r\n"
                f"content-length: {len(body)}\r\n"
                "connection: close\r\n\r\n"
            ).encode()
            if not self.transport.is_closing():
                self.transport.write(head + body)
                self.transport.close()

    return BoundedHttpToolsProtocol

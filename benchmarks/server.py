"""The loopback site server used by the crawl benchmarks.

``lfrwatch.crawl.mirror.MirrorServer`` writes a response's headers and its body in
two ``send`` calls on a socket with Nagle's algorithm on; with keep-alive
connections the body then waits for the client's delayed ACK (~40 ms on
Linux), which caps the server near 90 requests/s on 4 connections whatever
the machine. :class:`FastMirrorServer` is the same server (same files, same
``{{BASE_URL}}`` substitution, same ETag/304 rules, same request log) with
``TCP_NODELAY`` set on each connection, the standard library's
``StreamRequestHandler.disable_nagle_algorithm``. The crawl benchmark measures
both alone and crawls with the fast one.
"""

from __future__ import annotations

from lfrwatch.crawl.mirror import MirrorServer, _Handler


class _NoDelayHandler(_Handler):
    disable_nagle_algorithm = True


class FastMirrorServer(MirrorServer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._server.RequestHandlerClass = _NoDelayHandler

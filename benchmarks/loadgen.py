"""A bounded HTTP load generator for the loopback server alone (is the server fast enough?).

``concurrency`` threads each keep one HTTP/1.1 connection open (as Scrapy's
pool does) and GET paths in turn until ``count`` requests are done or
``max_seconds`` pass. Only 127.0.0.1 is ever contacted.

Run as ``python -m benchmarks.loadgen ARGS_FILE RESULT_FILE``.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time

from benchmarks.common import child_main


def load(port: int, paths: list[str], count: int, concurrency: int = 4, max_seconds: float = 60.0) -> dict:
    counter = itertools.count()
    done = [0] * concurrency
    failures = [0] * concurrency
    received = [0] * concurrency
    deadline = time.perf_counter() + max_seconds

    def worker(slot: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < deadline:
            n = next(counter)
            if n >= count:
                break
            try:
                conn.request("GET", paths[n % len(paths)])
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                failures[slot] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            received[slot] += len(body)
            if response.status == 200:
                done[slot] += 1
            else:
                failures[slot] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {"requests": sum(done), "failures": sum(failures), "bytes": sum(received), "seconds": seconds}


if __name__ == "__main__":
    child_main(load)

#!/usr/bin/env python3
"""A flood of failed TLS handshakes from many loopback addresses, at a target rate.

Each attempt connects from one of --sources addresses (127.1.x.y), sends what a scanner sends --
a TLS 1.0 ClientHello offering one RSA-CBC suite, plain garbage, or half a ClientHello before
hanging up -- and waits until the server closes. Prints the rate achieved and how attempts ended.
"""
import argparse
import asyncio
import collections
import os
import time


def tls10_client_hello():
    body = bytes([3, 1]) + os.urandom(32) + bytes([0, 0, 2, 0x00, 0x2F, 1, 0])
    handshake = bytes([1, 0, len(body) >> 8, len(body) & 0xFF]) + body
    return bytes([0x16, 3, 1, len(handshake) >> 8, len(handshake) & 0xFF]) + handshake


KINDS = {
    "tls1.0": tls10_client_hello,
    "garbage": lambda: b"GET / HTTP/1.0\r\n\r\n",
    "half": lambda: tls10_client_hello()[:11],
}


async def attempt(port, source, kind, outcomes, timeout):
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), timeout)
    except (OSError, asyncio.TimeoutError) as e:
        outcomes["connect failed: " + type(e).__name__] += 1
        return
    try:
        writer.write(KINDS[kind]())
        await writer.drain()
        if kind == "half":
            outcomes["hung up mid-handshake"] += 1
            return
        while await asyncio.wait_for(reader.read(4096), timeout):
            pass
        outcomes["closed by the server"] += 1
    except asyncio.TimeoutError:
        outcomes["server did not close within %ss" % timeout] += 1
    except OSError:
        outcomes["reset by the server"] += 1
    finally:
        writer.close()


async def flood(args):
    sources = ["127.1.%d.%d" % (i // 250, 1 + i % 250) for i in range(args.sources)]
    kinds = list(KINDS)
    outcomes = collections.Counter()
    pending = set()
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < args.seconds:
        due = start + n / args.rate
        now = time.monotonic()
        if due > now:
            await asyncio.sleep(due - now)
        port = args.port[n % len(args.port)]
        task = asyncio.ensure_future(attempt(port, sources[n % len(sources)], kinds[n % len(kinds)], outcomes,
                                             args.timeout))
        pending.add(task)
        task.add_done_callback(pending.discard)
        n += 1
        if len(pending) > args.max_pending:
            await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
    if pending:
        await asyncio.wait(pending)
    elapsed = time.monotonic() - start
    print("flood: %d failed handshakes in %.1f s = %.0f/s from %d addresses to ports %s"
          % (n, elapsed, n / elapsed, len(sources), ",".join(map(str, args.port))))
    for outcome, count in outcomes.most_common():
        print("  %-40s %d" % (outcome, count))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, action="append", required=True, help="implicit-TLS port (repeatable)")
    parser.add_argument("--rate", type=float, default=2000, help="attempts per second")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sources", type=int, default=200, help="distinct source addresses")
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument("--max-pending", type=int, default=4000)
    asyncio.run(flood(parser.parse_args()))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Login latency of one client, over and over: connect, greeting, LOGIN, LOGOUT with imaplib.

Prints count, p50, p95, p99 and max in milliseconds. Run it beside a flood to see what a trusted
client feels while strangers hammer the server.
"""
import argparse
import imaplib
import statistics
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between logins")
    parser.add_argument("--label", default="logins")
    args = parser.parse_args()
    samples, failures = [], 0
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        start = time.monotonic()
        try:
            client = imaplib.IMAP4("127.0.0.1", args.port, timeout=30)
            client.login(args.user, args.password)
            client.logout()
            samples.append((time.monotonic() - start) * 1000)
        except (OSError, imaplib.IMAP4.error):
            failures += 1
        time.sleep(args.pause)
    samples.sort()
    q = statistics.quantiles(samples, n=100) if len(samples) > 1 else samples * 99
    print("%s: %d logins, %d failed; ms p50 %.1f  p95 %.1f  p99 %.1f  max %.1f"
          % (args.label, len(samples), failures, q[49], q[94], q[98], samples[-1]))


if __name__ == "__main__":
    main()

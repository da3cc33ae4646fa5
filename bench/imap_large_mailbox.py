#!/usr/bin/env python3
"""Probe of an IMAP server with one large mailbox (issue 4: UID and sequence mapping at 100,000
messages). Fills the mailbox LARGE (if it holds fewer messages) with small messages over
--connections sessions of pipelined APPENDs (LITERAL+), then times, --repeat times each, from a
fresh session: SELECT, FETCH of the last 10 by UID, FETCH of one message in the middle by
sequence number, UID SEARCH for one UID, SEARCH UNSEEN, STORE on one message, NOOP, STATUS.
Prints one line per probe with the median and the worst, in milliseconds.

  imap_large_mailbox.py --port 10143 --user bench2 --password bench2pw --messages 100000
"""
import argparse
import imaplib
import re
import statistics
import sys
import threading
import time


def connect(a):
    m = imaplib.IMAP4(a.host, a.port, timeout=600)
    m.login(a.user, a.password)
    return m


def fill(a, missing):
    def worker(n, offset):
        m = connect(a)
        sock = m.socket()
        batch = 200
        sent = 0
        while sent < n:
            k = min(batch, n - sent)
            out = []
            for i in range(k):
                body = ("Subject: large %d\r\nMessage-ID: <%d@large>\r\n\r\nmessage %d\r\n"
                        % (offset + sent + i, offset + sent + i, offset + sent + i)).encode()
                out.append(b"f%d APPEND LARGE {%d+}\r\n" % (i, len(body)) + body + b"\r\n")
            sock.sendall(b"".join(out))
            done = 0
            while done < k:
                line = m.readline()
                if line.startswith(b"f"):
                    if b" OK " not in line:
                        raise RuntimeError(line)
                    done += 1
            sent += k
        m.logout()

    per = -(-missing // a.connections)
    threads = [threading.Thread(target=worker, args=(min(per, missing - i * per), i * per))
               for i in range(a.connections) if missing - i * per > 0]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - started


def probe(a, name, run):
    times = []
    for _ in range(a.repeat):
        m = connect(a)
        typ, data = m.select("LARGE")
        exists = int(data[0])
        started = time.monotonic()
        run(m, exists)
        times.append((time.monotonic() - started) * 1000)
        m.logout()
    print("%-34s median %8.2f ms  max %8.2f ms" % (name, statistics.median(times), max(times)), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=143)
    ap.add_argument("--user", default="bench2")
    ap.add_argument("--password", default="bench2pw")
    ap.add_argument("--messages", type=int, default=100000)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--label", default="imap")
    a = ap.parse_args()
    m = connect(a)
    m.create("LARGE")
    typ, data = m.select("LARGE")
    have = int(data[0])
    m.logout()
    if have < a.messages:
        took = fill(a, a.messages - have)
        print("[%s] appended %d messages in %.1f s (%.0f/s)" % (a.label, a.messages - have, took,
                                                               (a.messages - have) / took), flush=True)
    print("[%s] mailbox LARGE, %d messages" % (a.label, a.messages), flush=True)

    def select(m, exists):
        m.select("LARGE")

    def last_ten_by_uid(m, exists):
        typ, data = m.fetch("%d:*" % max(1, exists - 9), "(UID)")
        uids = [re.search(rb"UID (\d+)", d).group(1) for d in data]
        typ, data = m.uid("FETCH", b",".join(uids).decode(), "(FLAGS)")
        assert typ == "OK" and len(data) == 10, data

    def middle_by_sequence(m, exists):
        typ, data = m.fetch(str(exists // 2), "(UID FLAGS RFC822.SIZE)")
        assert typ == "OK" and data[0], data

    def uid_search(m, exists):
        typ, data = m.uid("SEARCH", None, "UID", "%d" % (exists // 3))
        assert typ == "OK", data

    def search_unseen(m, exists):
        typ, data = m.search(None, "UNSEEN")
        assert typ == "OK", data

    def store_one(m, exists):
        typ, data = m.store(str(exists // 4), "+FLAGS", "(\\Flagged)")
        assert typ == "OK", data
        m.store(str(exists // 4), "-FLAGS", "(\\Flagged)")

    def noop(m, exists):
        m.noop()

    def status(m, exists):
        m.status("LARGE", "(MESSAGES UNSEEN UIDNEXT)")

    probe(a, "[%s] SELECT" % a.label, select)
    probe(a, "[%s] UID FETCH last 10 (FLAGS)" % a.label, last_ten_by_uid)
    probe(a, "[%s] FETCH middle (UID FLAGS SIZE)" % a.label, middle_by_sequence)
    probe(a, "[%s] UID SEARCH UID one" % a.label, uid_search)
    probe(a, "[%s] SEARCH UNSEEN" % a.label, search_unseen)
    probe(a, "[%s] STORE +/-FLAGS one" % a.label, store_one)
    probe(a, "[%s] NOOP" % a.label, noop)
    probe(a, "[%s] STATUS (MESSAGES UNSEEN UIDNEXT)" % a.label, status)
    return 0


if __name__ == "__main__":
    sys.exit(main())

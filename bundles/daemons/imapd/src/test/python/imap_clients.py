"""IMAP as Python's imaplib speaks it, against IEMS on loopback.

usage: imap_clients.py PLAIN_PORT TLS_PORT DELIVER_FILE

Expects bart@ima.com (password "secret") to hold the three messages the Java test delivered.
When it writes "deliver" to DELIVER_FILE's trigger, the Java side does nothing: IDLE is checked
with an APPEND from a second session instead. Prints one "OK <check>" line per check passed;
exits non-zero at the first failure.
"""
import email
import imaplib
import socket
import ssl
import sys
import time

PLAIN, TLS = int(sys.argv[1]), int(sys.argv[2])
CONTEXT = ssl.create_default_context()
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE


def ok(check):
    print("OK " + check, flush=True)


# without TLS, passwords are refused and STARTTLS offered
m = imaplib.IMAP4("127.0.0.1", PLAIN, timeout=20)
assert "STARTTLS" in m.capabilities and "LOGINDISABLED" in m.capabilities, m.capabilities
try:
    m.login("bart@ima.com", "secret")
    raise AssertionError("LOGIN without TLS was accepted")
except imaplib.IMAP4.error as e:
    assert "PRIVACYREQUIRED" in str(e), e
m.logout()
ok("plaintext refused")

# STARTTLS, LOGIN, SELECT, FETCH, SEARCH, STORE
m = imaplib.IMAP4("127.0.0.1", PLAIN, timeout=20)
m.starttls(CONTEXT)
try:
    m.login("bart@ima.com", "wrong")
    raise AssertionError("wrong password accepted")
except imaplib.IMAP4.error as e:
    assert "AUTHENTICATIONFAILED" in str(e), e
m.login("bart@ima.com", "secret")
typ, data = m.select("INBOX")
assert typ == "OK" and data == [b"3"], (typ, data)
typ, data = m.fetch("1:3", "(UID RFC822.SIZE FLAGS)")
assert typ == "OK" and len(data) == 3, data
typ, data = m.fetch("2", "(RFC822)")
msg = email.message_from_bytes(data[0][1])
assert msg["Subject"] == "second", msg["Subject"]
typ, data = m.search(None, "SEEN")
assert data == [b"2"], data
typ, data = m.uid("SEARCH", None, "SUBJECT", "third")
assert data == [b"3"], data
typ, data = m.store("1", "+FLAGS", "(\\Flagged $Important)")
assert typ == "OK" and b"\\Flagged" in data[0] and b"$Important" in data[0], data
typ, data = m.search("UTF-8", "FLAGGED", "KEYWORD", "$Important")
assert data == [b"1"], data
ok("starttls select fetch search store")

# mailboxes: CREATE, LIST, APPEND with flags and date, COPY, MOVE, STATUS
assert m.create("Projects/IEMS")[0] == "OK"
typ, data = m.list()
names = [line.decode() for line in data]
assert any('"Projects/IEMS"' in n or " Projects/IEMS" in n for n in names), names
assert any("\\Sent" in n for n in names), names
typ, data = m.append("Projects/IEMS", "(\\Seen)", imaplib.Time2Internaldate(time.time()),
                     b"Subject: appended\r\n\r\nhello\r\n")
assert typ == "OK" and b"APPENDUID" in data[0], data
typ, data = m.copy("1:2", "Projects/IEMS")
assert typ == "OK" and b"COPYUID" in data[0], data
typ, data = m.uid("MOVE", "3", "Sent")
assert typ == "OK", (typ, data)
typ, data = m.status("Projects/IEMS", "(MESSAGES UNSEEN UIDNEXT)")
assert b"MESSAGES 3" in data[0] and b"UNSEEN 1" in data[0] and b"UIDNEXT 4" in data[0], data
typ, data = m.status("Sent", "(MESSAGES)")
assert b"MESSAGES 1" in data[0], data
typ, data = m.select("INBOX")
assert data == [b"2"], data
ok("create list append copy move status")

# IDLE: a second session appends, the idling one hears of it within a second
other = imaplib.IMAP4_SSL("127.0.0.1", TLS, ssl_context=CONTEXT, timeout=20)
other.login("bart@ima.com", "secret")
sock = m.socket()
m.send(b"i1 IDLE\r\n")
line = m.readline()
assert line.startswith(b"+"), line
started = time.monotonic()
other.append("INBOX", None, None, b"Subject: news\r\n\r\nnews\r\n")
sock.settimeout(5)
line = m.readline()
elapsed = time.monotonic() - started
assert line.strip() == b"* 3 EXISTS", line
assert elapsed < 1.0, elapsed
m.readline()  # RECENT
m.send(b"DONE\r\n")
line = m.readline()
assert line.startswith(b"i1 OK"), line
sock.settimeout(20)
ok("idle told within %.3f s" % elapsed)

# the other session deletes; this one sees EXPUNGE at its next NOOP
other.select("INBOX")
other.store("1", "+FLAGS", "\\Deleted")
other.expunge()
typ, data = m.noop()
assert m.untagged_responses.get("EXPUNGE") == [b"1"], m.untagged_responses
other.logout()
ok("expunge reported to another session")

m.close()
m.logout()

"""POP3 as Python's poplib speaks it, against IEMS on loopback.

usage: pop3_clients.py PLAIN_PORT TLS_PORT

Expects bart@ima.com (password "secret") to hold the three messages the Java test delivered.
Prints one "OK <check>" line per check passed; exits non-zero at the first failure.
"""
import base64
import poplib
import ssl
import sys

PLAIN, TLS = int(sys.argv[1]), int(sys.argv[2])
CONTEXT = ssl.create_default_context()
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE


def ok(check):
    print("OK " + check, flush=True)


def refused(call, what):
    try:
        call()
    except poplib.error_proto as e:
        return str(e)
    raise AssertionError(what + " was not refused")


# plaintext login without TLS is refused
p = poplib.POP3("127.0.0.1", PLAIN, timeout=20)
assert "STLS" in p.capa(), p.capa()
assert "USER" not in p.capa(), p.capa()
reply = refused(lambda: p.user("bart"), "USER without TLS")
assert "[AUTH]" in reply, reply
p.quit()
ok("plaintext refused")

# STLS, USER/PASS, STAT, LIST, UIDL, RETR, TOP
p = poplib.POP3("127.0.0.1", PLAIN, timeout=20)
p.stls(CONTEXT)
assert "USER" in p.capa() and "SASL" in p.capa(), p.capa()
p.user("bart")
p.pass_("secret")
count, size = p.stat()
assert count == 3, count
_, listing, _ = p.list()
assert len(listing) == 3 and sum(int(l.split()[1]) for l in listing) == size, listing
_, uidls, _ = p.uidl()
assert len({u.split()[1] for u in uidls}) == 3, uidls
_, lines, octets = p.retr(2)
assert lines[0] == b"Subject: second", lines
assert b".starts with a dot" in lines, lines
_, top, _ = p.top(3, 1)
assert top == [b"Subject: third", b"", b"body 3"], top
p.dele(1)
assert p.stat()[0] == 2
p.rset()
assert p.stat()[0] == 3
p.dele(1)
p.quit()
ok("stls session")

# implicit TLS on the second port; message 1 is gone, ids unchanged for the others
p = poplib.POP3_SSL("127.0.0.1", TLS, timeout=20, context=CONTEXT)
p.user("bart@ima.com")
p.pass_("secret")
assert p.stat()[0] == 2
_, after, _ = p.uidl()
assert [u.split()[1] for u in after] == [u.split()[1] for u in uidls[1:]], (after, uidls)
p.quit()
ok("implicit tls")

# AUTH PLAIN (RFC 5034), with a wrong password first
p = poplib.POP3_SSL("127.0.0.1", TLS, timeout=20, context=CONTEXT)
wrong = base64.b64encode(b"\0bart\0wrong").decode()
reply = refused(lambda: p._shortcmd("AUTH PLAIN " + wrong), "a wrong password")
assert "[AUTH]" in reply, reply
right = base64.b64encode(b"\0bart@ima.com\0secret").decode()
assert p._shortcmd("AUTH PLAIN " + right).startswith(b"+OK")
assert p.stat()[0] == 2
p.quit()
ok("auth plain")

# a second session is refused while the first holds the maildrop
first = poplib.POP3_SSL("127.0.0.1", TLS, timeout=20, context=CONTEXT)
first.user("bart")
first.pass_("secret")
second = poplib.POP3_SSL("127.0.0.1", TLS, timeout=20, context=CONTEXT)
second.user("bart")
reply = refused(lambda: second.pass_("secret"), "a second session")
assert "[IN-USE]" in reply, reply
first.quit()
second.quit()
ok("maildrop lock")

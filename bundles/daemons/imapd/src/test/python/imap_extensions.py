"""IMAP extensions as Python's imaplib speaks them (its own sort, thread, enable, and raw
commands for the rest), against IEMS on loopback over implicit TLS.

usage: imap_extensions.py TLS_PORT

Expects bart@ima.com (password "secret") to hold the messages "first", "second" and "third"
(sizes ascending), the Java test having delivered them. Prints one "OK <check>" line per check
passed; exits non-zero at the first failure.
"""
import imaplib
import ssl
import sys

TLS = int(sys.argv[1])
# commands imaplib does not know, in the states they are valid in
for command in ("SETMETADATA", "GETMETADATA"):
    imaplib.Commands[command] = ("AUTH", "SELECTED")
CONTEXT = ssl.create_default_context()
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE


def ok(check):
    print("OK " + check, flush=True)


def untagged(m, name):
    return m.untagged_responses.pop(name, [])


m = imaplib.IMAP4_SSL("127.0.0.1", TLS, ssl_context=CONTEXT, timeout=20)
for cap in ("SORT", "THREAD=REFERENCES", "ESEARCH", "QRESYNC", "METADATA", "UTF8=ACCEPT", "NOTIFY"):
    assert cap in m.capabilities, (cap, m.capabilities)
m.login("bart@ima.com", "secret")
m.select("INBOX")

typ, data = m.sort("(REVERSE SIZE)", "UTF-8", "ALL")
assert typ == "OK" and data == [b"3 2 1"], data
typ, data = m.uid("SORT", "(SUBJECT)", "UTF-8", "ALL")
assert data == [b"1 2 3"], data
ok("sort")

typ, data = m.thread("ORDEREDSUBJECT", "UTF-8", "ALL")
assert typ == "OK" and data == [b"(1)(2)(3)"], data
ok("thread")

typ, dat = m._simple_command("SEARCH", "RETURN", "(MIN MAX COUNT)", "ALL")
assert typ == "OK", dat
esearch = untagged(m, "ESEARCH")
assert esearch and esearch[0].endswith(b"MIN 1 MAX 3 COUNT 3"), esearch
ok("esearch")

typ, dat = m._simple_command("SETMETADATA", "INBOX", '(/private/comment "from imaplib")')
assert typ == "OK", dat
typ, dat = m._simple_command("GETMETADATA", "INBOX", "/private/comment")
metadata = untagged(m, "METADATA")
assert metadata == [b'INBOX (/private/comment "from imaplib")'], metadata
ok("metadata")

m.close()
typ, data = m.enable("UTF8=ACCEPT")
assert typ == "OK", data
typ, data = m.create('"Entwürfe"')
assert typ == "OK", data
typ, data = m.list('""', '"Entw*"')
names = [item for item in data if item is not None]
assert any("Entwürfe" in (part.decode("utf-8") if isinstance(part, bytes) else str(part))
           for item in names for part in (item if isinstance(item, tuple) else (item,))), names
ok("utf8")

typ, data = m._simple_command("ENABLE", "QRESYNC")
typ, data = m.select("INBOX")
typ, dat = m._simple_command("UID", "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE 0 VANISHED)")
assert typ == "OK", dat
fetched = untagged(m, "FETCH")
assert len(fetched) == 3 and all(b"MODSEQ" in f for f in fetched), fetched
ok("qresync")
m.logout()

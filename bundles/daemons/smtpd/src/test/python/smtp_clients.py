"""Talks to the IEMS SMTP server with Python's smtplib, as real mail clients do.

Usage: smtp_clients.py MX_PORT SUBMISSION_PORT SMTPS_PORT
Prints one line per check; exits 1 at the first check that fails.
"""
import smtplib
import ssl
import sys

MX, SUBMISSION, SMTPS = (int(p) for p in sys.argv[1:4])
HOST = "127.0.0.1"
USER, PASSWORD = "bart@ima.com", "secret"
MESSAGE = b"From: a@remote.example\r\nTo: bart@ima.com\r\nSubject: smtplib\r\n\r\nHello from smtplib.\r\n"


def tls_context():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def check(name, function):
    try:
        function()
    except Exception as e:  # report any failure as the check's outcome
        print(f"FAIL {name}: {type(e).__name__}: {e}")
        sys.exit(1)
    print(f"OK {name}")


def expect_error(error_type, code, function):
    try:
        function()
    except error_type as e:
        codes = [e.smtp_code] if hasattr(e, "smtp_code") else [c for c, _ in e.recipients.values()]
        if code not in codes:
            raise AssertionError(f"expected {code}, got {e}")
        return
    raise AssertionError(f"expected {error_type.__name__} {code}")


def plain_to_mx():
    with smtplib.SMTP(HOST, MX) as s:
        s.sendmail("a@remote.example", ["bart@ima.com"], MESSAGE)


def starttls_then_auth_plain_on_mx():
    with smtplib.SMTP(HOST, MX) as s:
        s.ehlo()
        assert "auth" not in s.esmtp_features, "AUTH offered before TLS"
        s.starttls(context=tls_context())
        s.ehlo()
        assert "PLAIN" in s.esmtp_features["auth"], s.esmtp_features
        s.user, s.password = USER, PASSWORD
        s.auth("PLAIN", s.auth_plain)
        s.sendmail(USER, ["someone@remote.example"], MESSAGE)


def submission_requires_auth():
    with smtplib.SMTP(HOST, SUBMISSION) as s:
        s.starttls(context=tls_context())
        expect_error(smtplib.SMTPSenderRefused, 530, lambda: s.sendmail(USER, ["bart@ima.com"], MESSAGE))


def submission_auth_login_relays():
    with smtplib.SMTP(HOST, SUBMISSION) as s:
        s.starttls(context=tls_context())
        s.ehlo()
        s.user, s.password = USER, PASSWORD
        s.auth("LOGIN", s.auth_login)
        s.sendmail(USER, ["someone@remote.example"], MESSAGE)


def wrong_password_refused():
    with smtplib.SMTP(HOST, SUBMISSION) as s:
        s.starttls(context=tls_context())
        expect_error(smtplib.SMTPAuthenticationError, 535, lambda: s.login(USER, "wrong"))


def implicit_tls_submission():
    with smtplib.SMTP_SSL(HOST, SMTPS, context=tls_context()) as s:
        s.login(USER, PASSWORD)
        s.sendmail(USER, ["bart@ima.com"], MESSAGE)


def size_refused_at_mail():
    too_big = MESSAGE + b"x" * 52428800
    with smtplib.SMTP(HOST, MX) as s:
        s.ehlo()
        assert int(s.esmtp_features["size"]) == 52428800
        # smtplib announces SIZE itself; the server refuses at MAIL, before any data is sent
        expect_error(smtplib.SMTPSenderRefused, 552, lambda: s.sendmail("a@remote.example", ["bart@ima.com"], too_big))


def eight_bit_mime():
    body = "From: a@remote.example\r\nSubject: 8bit\r\nContent-Type: text/plain; charset=utf-8\r\n" \
           "Content-Transfer-Encoding: 8bit\r\n\r\nGrüße, Ωmega\r\n".encode("utf-8")
    with smtplib.SMTP(HOST, MX) as s:
        s.sendmail("a@remote.example", ["bart@ima.com"], body, mail_options=["BODY=8BITMIME"])


def smtputf8_addresses():
    body = "From: jörg@ima.com\r\nSubject: utf8\r\n\r\nx\r\n".encode("utf-8")
    with smtplib.SMTP(HOST, MX) as s:
        s.ehlo()
        assert "smtputf8" in s.esmtp_features
        s.sendmail("jörg@remote.example", ["jörg@ima.com"], body, mail_options=["SMTPUTF8"])


def relay_denied_on_mx():
    with smtplib.SMTP(HOST, MX) as s:
        expect_error(smtplib.SMTPRecipientsRefused, 554,
                     lambda: s.sendmail("a@remote.example", ["victim@elsewhere.example"], MESSAGE))


def bad_and_long_commands():
    with smtplib.SMTP(HOST, MX) as s:
        code, _ = s.docmd("FOO")
        assert code == 500, code
        code, text = s.docmd("X" * 5000)
        assert code == 500 and b"5.5.6" in text, (code, text)
        code, _ = s.docmd("MAIL", "FROM:<not an address>")
        assert code == 501, code


def fifty_megabytes():
    line = b"0123456789" * 9 + b"\r\n"
    body = b"From: a@remote.example\r\nSubject: big\r\n\r\n" + line * (50_000_000 // len(line))
    with smtplib.SMTP(HOST, MX) as s:
        s.sendmail("a@remote.example", ["bart@ima.com"], body)


for name, function in [("plain to MX", plain_to_mx),
                       ("STARTTLS then AUTH PLAIN on MX", starttls_then_auth_plain_on_mx),
                       ("submission requires AUTH", submission_requires_auth),
                       ("submission AUTH LOGIN relays", submission_auth_login_relays),
                       ("wrong password refused", wrong_password_refused),
                       ("implicit TLS submission", implicit_tls_submission),
                       ("SIZE refused at MAIL", size_refused_at_mail),
                       ("8BITMIME", eight_bit_mime),
                       ("SMTPUTF8 addresses", smtputf8_addresses),
                       ("relay denied on MX", relay_denied_on_mx),
                       ("bad and over-long commands", bad_and_long_commands),
                       ("a 50 MB message", fifty_megabytes)]:
    check(name, function)

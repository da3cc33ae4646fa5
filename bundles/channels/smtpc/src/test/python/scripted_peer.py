#!/usr/bin/python3
"""A scriptable SMTP server for the outbound channel's tests (Debian's python3-aiosmtpd).

What it does with a recipient depends on the recipient's local part:
  ok...        accepted
  reject...    refused for good at RCPT (550 5.1.1)
  temp...      refused for now at RCPT the first time (451 4.3.0), accepted afterwards
  dropdata...  the first time, the connection is dropped after the data came, before any reply
  datatemp...  the first time, the data is refused for now (452 4.3.1)
  slow...      accepted, the reply to the data half a second late (a connection stays busy)
Server-wide behaviour comes from the options. Every accepted message is written to --out as
N.eml (the bytes as received) and N.json (envelope, parameters, connection number); each new
connection appends a line to --out/connections.
"""
import argparse
import asyncio
import json
import os
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

args = None
lock = threading.Lock()
seen = set()
counter = {"messages": 0, "connections": 0, "active": 0}


def first_time(key):
    with lock:
        if key in seen:
            return False
        seen.add(key)
        return True


class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        out = [r for r in responses if not (args.no_8bitmime and r.endswith("8BITMIME"))]
        if args.pipelining:
            out.insert(len(out) - 1, "250-PIPELINING")
        if args.dsn:
            out.insert(len(out) - 1, "250-DSN")
        return out

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        if local.startswith("temp") and first_time("rcpt:" + address):
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        key = "data:" + ",".join(envelope.rcpt_tos) + ":" + str(hash(envelope.original_content))
        if any(r.split("@")[0].lower().startswith("dropdata") for r in envelope.rcpt_tos) and first_time(key):
            server.transport.close()
            return "250 2.0.0 never seen by the client"
        if any(r.split("@")[0].lower().startswith("datatemp") for r in envelope.rcpt_tos) and first_time(key):
            return "452 4.3.1 insufficient system storage, try later"
        if any(r.split("@")[0].lower().startswith("slow") for r in envelope.rcpt_tos):
            await asyncio.sleep(0.5)
        with lock:
            counter["messages"] += 1
            n = counter["messages"]
        with open(os.path.join(args.out, "%d.eml" % n), "wb") as f:
            f.write(envelope.original_content)
        with open(os.path.join(args.out, "%d.json" % n), "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos, "mail_options": envelope.mail_options,
                       "rcpt_options": envelope.rcpt_options, "tls": session.ssl is not None,
                       "auth": session.authenticated, "connection": getattr(server, "connection_number", 0),
                       "client": session.peer[0]}, f)
        return "250 2.0.0 Ok: queued as M%d" % n


def take_params(arg, names):
    """Splits the parameters with these names off a MAIL or RCPT argument: (the rest, the ones taken)."""
    words = (arg or "").split(" ")
    taken = [w for w in words if w.upper().startswith(names)]
    return " ".join(w for w in words if w not in taken), taken


class ScriptedSMTP(SMTP):
    """With --dsn, takes the DSN parameters aiosmtpd would refuse and records them; with
    --max-connections, greets connections beyond that many at once with 421."""

    async def _handle_client(self):
        with lock:
            counter["active"] += 1
            active = counter["active"]
        try:
            if args.max_connections and active > args.max_connections:
                await self.push("421 4.7.0 too many connections from your host")
                self.transport.close()
                return
            await super()._handle_client()
        finally:
            with lock:
                counter["active"] -= 1

    async def smtp_MAIL(self, arg):
        if not args.dsn:
            return await super().smtp_MAIL(arg)
        rest, taken = take_params(arg, ("RET=", "ENVID="))
        await super().smtp_MAIL(None if arg is None else rest)
        if self.envelope.mail_from:
            self.envelope.mail_options.extend(taken)

    async def smtp_RCPT(self, arg):
        if not args.dsn:
            return await super().smtp_RCPT(arg)
        before = len(self.envelope.rcpt_tos)
        rest, taken = take_params(arg, ("NOTIFY=", "ORCPT="))
        await super().smtp_RCPT(None if arg is None else rest)
        if len(self.envelope.rcpt_tos) > before:
            self.envelope.rcpt_options.extend(taken)


def authenticator(server, session, envelope, mechanism, auth_data):
    user, password = args.auth.split(":", 1)
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
        and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--size", type=int, default=33554432)
    p.add_argument("--no-8bitmime", action="store_true")
    p.add_argument("--pipelining", action="store_true")
    p.add_argument("--dsn", action="store_true", help="offer DSN (RFC 3461)")
    p.add_argument("--max-connections", type=int, default=0, help="greet connections beyond this many with 421")
    p.add_argument("--smtputf8", action="store_true")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--auth", help="USER:PASSWORD required before MAIL")
    p.add_argument("--silent", action="store_true", help="accept connections, never greet")
    p.add_argument("--name", help="the host name the greeting gives")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)

    if args.silent:
        async def silent(reader, writer):
            with open(os.path.join(args.out, "connections"), "a") as f:
                f.write("silent\n")
            await asyncio.sleep(3600)

        async def serve():
            server = await asyncio.start_server(silent, "127.0.0.1", args.port)
            print("READY", flush=True)
            async with server:
                await server.serve_forever()
        asyncio.run(serve())
        return

    tls_context = None
    if args.tls:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls[0], args.tls[1])
    kwargs = dict(data_size_limit=args.size, enable_SMTPUTF8=args.smtputf8, decode_data=False)
    if tls_context:
        kwargs["tls_context"] = tls_context
    if args.auth:
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)

    class Connections(Controller):
        def factory(self):
            server = ScriptedSMTP(self.handler, **self.SMTP_kwargs)
            with lock:
                counter["connections"] += 1
                server.connection_number = counter["connections"]
            with open(os.path.join(args.out, "connections"), "a") as f:
                f.write("%d\n" % counter["connections"])
            return server

    if args.name:
        kwargs["server_hostname"] = args.name
    controller = Connections(Handler(), hostname="127.0.0.1", port=args.port, **kwargs)
    controller.start()
    # start() opened one connection of its own to see the server up: it does not count
    with lock:
        counter["connections"] = 0
    open(os.path.join(args.out, "connections"), "w").close()
    print("READY", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

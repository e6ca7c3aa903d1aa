"""A real SMTP server on loopback for the email tests (aiosmtpd).

Prints the port it listens on, then stores every accepted message as <n>.eml in --out.
Options: --auth USER:PASS (AUTH PLAIN/LOGIN required), --tls-cert/--tls-key (offers
STARTTLS and requires it), --reject ADDR (refuses that recipient with 550).
"""
import argparse
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--auth")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--reject", action="append", default=[])
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    class Handler:
        count = 0

        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address in args.reject:
                return "550 5.1.1 mailbox unavailable: no such user here"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            Handler.count += 1
            path = os.path.join(args.out, f"{Handler.count}.eml")
            with open(path + ".tmp", "wb") as f:
                f.write(envelope.original_content or envelope.content)
            os.replace(path + ".tmp", path)
            with open(os.path.join(args.out, f"{Handler.count}.rcpt"), "w") as f:
                f.write("\n".join(envelope.rcpt_tos))
            return "250 2.0.0 Message accepted for delivery"

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = args.auth.split(":", 1)
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False)

    kwargs = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = True
    if args.auth:
        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = bool(args.tls_cert)
    import socket
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()  # runs until the test closes stdin
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Notifications end to end: `motcua serve --notify-config` with a real SMTP server and a real webhook gateway on
loopback (both written here with the standard library), an intake and a supplementation request through the API,
and the messages that arrive. Also: a gateway that fails leaves the message queued with the error recorded, and a
forged configuration is refused. Usage: notify_test.py path/to/motcua"""
import base64, email, email.header, hashlib, hmac, http.client, http.server, json, os, shutil, socket, socketserver, subprocess
import sys, tempfile, threading, time

BIN = sys.argv[1]
SECRET = "gateway-shared-secret-0123456789"
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL: " + message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- a minimal SMTP server (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, QUIT) ---------------------------------
mails = []


class SmtpHandler(socketserver.StreamRequestHandler):
    def send(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.send("220 test-smtp ready")
        sender, rcpts = None, []
        while True:
            line = self.rfile.readline().decode("utf-8", "replace").rstrip("\r\n")
            if not line:
                return
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.send("250 test-smtp")
            elif verb == "MAIL":
                sender = line[10:].strip()
                self.send("250 ok")
            elif verb == "RCPT":
                rcpts.append(line[8:].strip())
                self.send("250 ok")
            elif verb == "DATA":
                self.send("354 go on")
                data = []
                while True:
                    l = self.rfile.readline().decode("utf-8", "replace")
                    if l.rstrip("\r\n") == ".":
                        break
                    data.append(l[1:] if l.startswith("..") else l)
                mails.append({"from": sender, "to": rcpts, "data": "".join(data)})
                self.send("250 queued as test-%d" % len(mails))
            elif verb == "QUIT":
                self.send("221 bye")
                return
            else:
                self.send("250 ok")


class ThreadingTCP(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


# ---- a webhook gateway that checks the signature ----------------------------------------------------------------
hooks = []
gateway_state = {"fail": False}


class Gateway(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        stamp = self.headers.get("X-Motcua-Timestamp", "")
        expected = "sha256=" + hmac.new(SECRET.encode(), (stamp + ".").encode() + body, hashlib.sha256).hexdigest()
        ok = hmac.compare_digest(expected, self.headers.get("X-Motcua-Signature", ""))
        hooks.append({"body": json.loads(body), "signed": ok, "key": self.headers.get("Idempotency-Key")})
        if gateway_state["fail"] or not ok:
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"gateway overloaded")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"sms-accepted-%d" % len(hooks))


class Api:
    def __init__(self, port):
        self.port, self.cookie, self.csrf = port, None, None

    def call(self, method, path, body=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        h = {}
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            h["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        text = r.read()
        sc = r.getheader("Set-Cookie")
        if sc:
            self.cookie = sc.split(";", 1)[0]
        return r.status, (json.loads(text) if text else None)


def wait_for(predicate, seconds=15):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def main():
    tmp = tempfile.mkdtemp(prefix="motcua-notify-")
    server = None
    try:
        smtp_port, hook_port, port = free_port(), free_port(), free_port()
        smtp = ThreadingTCP(("127.0.0.1", smtp_port), SmtpHandler)
        threading.Thread(target=smtp.serve_forever, daemon=True).start()
        gateway = http.server.ThreadingHTTPServer(("127.0.0.1", hook_port), Gateway)
        threading.Thread(target=gateway.serve_forever, daemon=True).start()

        db = os.path.join(tmp, "m.db")
        subprocess.run([BIN, "demo", "--db", db, "--dossiers", "0"], check=True, stdout=subprocess.DEVNULL)

        # A configuration the worker must refuse: plain http to a non-loopback gateway, a short secret.
        bad = os.path.join(tmp, "bad.json")
        with open(bad, "w") as f:
            json.dump({"webhook": {"url": "http://gateway.example/sms", "secret": "short"}}, f)
        r = subprocess.run([BIN, "notify", "--db", db, "--config", bad], capture_output=True, text=True)
        check(r.returncode != 0 and "webhook.url" in r.stderr, "an unsafe webhook URL is refused: " + r.stderr)

        config = os.path.join(tmp, "notify.json")
        with open(config, "w") as f:
            json.dump({"smtp": {"url": "smtp://127.0.0.1:%d" % smtp_port, "from": "motcua@thanhhoa.gov.vn"},
                       "webhook": {"url": "http://127.0.0.1:%d/sms" % hook_port, "secret": SECRET},
                       "interval_seconds": 1, "first_retry_seconds": 1}, f)
        server = subprocess.Popen([BIN, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port,
                                   "--notify-config", config], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        api = Api(port)
        check(wait_for(lambda: _alive(port)), "the server starts")
        st, me = api.call("POST", "/api/v1/auth/login", {"username": "demo.clerk", "password": "Demo-Clerk-2026!"})
        check(st == 200, "the clerk logs in")
        api.csrf = me["csrf_token"]

        st, procs = api.call("GET", "/api/v1/procedures?agency=000.21.40.H56")
        proc = None
        for p in procs:
            st, full = api.call("GET", "/api/v1/procedures/" + p["code"])
            if full["duration"]["unit"] == "days" and full["duration"]["value"] >= 3:
                proc = full
                break
        body = {"procedure_code": proc["code"], "channel": "direct", "decision": "receive",
                "applicant": {"name": "Trần Thị Bích Ngọc", "id_number": "079190004321", "phone": "0903123456",
                              "email": "ngoc.tran@example.vn", "address": "12 Đường Số 5"},
                "components": [{"component_id": c["id"], "originals": c["originals"], "copies": c["copies"],
                                "certified_copies": c["certified_copies"]} for c in proc["components"]]}
        st, out = api.call("POST", "/api/v1/intakes", body)
        check(st == 201, "the intake is received: %s %s" % (st, out))
        code = out["dossier"]["code"]

        # Both messages arrive: the e-mail through SMTP, the SMS through the signed webhook.
        check(wait_for(lambda: len(mails) >= 1 and len(hooks) >= 1), "an e-mail and an SMS arrive")
        if mails:
            msg = email.message_from_string(mails[0]["data"])
            text = msg.get_payload(decode=True).decode("utf-8")
            subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
            check(mails[0]["to"] == ["<ngoc.tran@example.vn>"], "the e-mail goes to the applicant")
            check(code in subject and "tiếp nhận" in subject, "the subject names the dossier: " + subject)
            check("Hẹn trả kết quả" in text and code in text, "the e-mail gives the appointment: " + text)
        if hooks:
            h = hooks[0]
            check(h["signed"], "the webhook carries a valid HMAC signature")
            check(h["body"]["recipient"] == "0903123456" and h["body"]["medium"] == "sms", "the SMS goes to the phone")
            check(h["body"]["dossier_code"] == code and h["key"] == "motcua-outbox-%d" % h["body"]["id"],
                  "the webhook names the dossier and an idempotency key")
            check(len(h["body"]["body"].encode()) <= 320, "the SMS text is short")

        def entries():
            st, js = api.call("GET", "/api/v1/dossiers/%s/notifications" % code)
            return js["items"] if st == 200 else []
        check(wait_for(lambda: [e["status"] for e in entries()] == ["sent", "sent"]),
              "the clerk sees both messages sent: %s" % [e["status"] for e in entries()])

        # The gateway fails: the supplementation SMS stays queued with the error, the e-mail still goes.
        gateway_state["fail"] = True
        st, _ = api.call("POST", "/api/v1/dossiers/%s/events" % code,
                         {"type": "request_supplement", "reason": "Thiếu bản sao",
                          "items": ["Bản sao giấy khai sinh"]})
        check(st == 201, "the supplementation request is recorded")
        check(wait_for(lambda: any(e["kind"] == "supplement_requested" and e["medium"] == "sms" and e["attempts"] >= 1
                                   for e in entries())), "the failed SMS is attempted")
        sms = [e for e in entries() if e["kind"] == "supplement_requested" and e["medium"] == "sms"][0]
        check(sms["status"] in ("pending", "sending") and "503" in sms["last_result"],
              "a failed SMS stays queued with the gateway's answer: %s" % sms)
        check(wait_for(lambda: len(mails) >= 2), "the supplementation e-mail arrives")
        if len(mails) >= 2:
            text = email.message_from_string(mails[1]["data"]).get_payload(decode=True).decode("utf-8")
            check("Bản sao giấy khai sinh" in text, "the e-mail says what to bring: " + text)
        # The gateway recovers: the retry delivers the same message (same idempotency key) once.
        gateway_state["fail"] = False
        check(wait_for(lambda: any(e["kind"] == "supplement_requested" and e["medium"] == "sms" and
                                   e["status"] == "sent" for e in entries()), 20), "the retry delivers the SMS")
        keys = [h["key"] for h in hooks if h["body"]["kind"] == "supplement_requested"]
        check(len(set(keys)) == 1 and len(keys) >= 2, "retries carry one idempotency key: %s" % keys)

        st, js = api.call("GET", "/api/v1/notifications?status=sent")
        check(st == 200 and js["channels"] == {"email": True, "sms": True} and len(js["items"]) >= 4,
              "the outbox lists sent messages and the configured channels")
        st, js = api.call("GET", "/api/v1/notifications?status=bogus")
        check(st == 400 and js["error"]["field"] == "status", "a bad status filter is a 400 naming the field")
    finally:
        if server:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    print("notify: %s" % ("ok" if not failures else "%d failure(s)" % len(failures)))
    sys.exit(1 if failures else 0)


def _alive(port):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        c.request("GET", "/healthz")
        return c.getresponse().status == 200
    except OSError:
        return False


if __name__ == "__main__":
    main()

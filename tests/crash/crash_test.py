#!/usr/bin/env python3
"""Crash and durability tests against the real `motcua` binary (issue #7, "Crashes and durability").

  kill      64 clerks' clients post intakes; the server is killed with SIGKILL at a random moment; after a restart
            every intake that was answered 201 is there with its events, PRAGMA integrity_check is ok and
            `motcua audit verify` passes. Repeated ROUNDS times on the same database.
  backup    `motcua backup` runs while 64 clients write; the copy passes integrity_check and audit verify, and a
            server started on the copy (the restore) serves every intake acknowledged before the backup began.
  sigterm   a request whose body is still arriving when SIGTERM comes is finished and answered (Connection:
            close), the server exits 0, and the intake is there after a restart.

  outbox    intakes written while no channel is configured, SIGKILL, restart with a webhook channel: the
            message of every acknowledged intake reaches the gateway (the outbox resumes after restart).
  limits    `serve --max-connections-per-client 2`: a third connection from one address is answered 503.

usage: crash_test.py MOTCUA_BINARY WEB_ROOT {kill|backup|sigterm|limits|outbox} [ROUNDS]
Python 3 standard library only. Prints one line per round; exits non-zero with the reason on the first failure.
"""
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

CLIENTS = 64
CLERK = ("demo.clerk", "Demo-Clerk-2026!")
PROCEDURE = "1.001193"


def fail(message):
    sys.exit("FAIL: " + message)


class Server:
    """`motcua serve` on a free loopback port; its log goes to a file for post-mortems."""

    def __init__(self, binary, web, db, log_path, extra=()):
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen([binary, "serve", "--db", db, "--listen", "127.0.0.1:0", "--web", web, *extra],
                                     stdout=self.log, stderr=subprocess.PIPE)
        self.port = None
        deadline = time.time() + 30
        # The first lines of the log name the port; copy them on to the log file.
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                fail("the server exited before listening (see %s)" % log_path)
            self.log.write(line)
            m = re.search(rb"listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            fail("the server did not say where it listens")
        self.pump = threading.Thread(target=self._copy_log, daemon=True)
        self.pump.start()

    def _copy_log(self):
        for line in self.proc.stderr:
            self.log.write(line)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.pump.join(timeout=5)

    def terminate(self, timeout=30):
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout)
        self.pump.join(timeout=5)
        return code


class Client:
    """One keep-alive connection with the clerk's session."""

    def __init__(self, port, cookie=None, csrf=None):
        self.port, self.cookie, self.csrf = port, cookie, csrf
        self.conn = None

    def call(self, method, path, body=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        try:
            self.conn.request(method, path, body=data, headers=headers)
            res = self.conn.getresponse()
            text = res.read()
        except Exception:
            self.conn.close()
            self.conn = None
            raise
        if res.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        cookie = res.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return res.status, (json.loads(text) if text else None)

    def login(self):
        status, body = self.call("POST", "/api/v1/auth/login", {"username": CLERK[0], "password": CLERK[1]})
        if status != 200:
            fail("login: %s %s" % (status, body))
        self.csrf = body["csrf_token"]
        return self


def intake_body(components, n):
    return {
        "procedure_code": PROCEDURE, "channel": "direct", "decision": "receive",
        "applicant": {"name": "Nguyễn Văn Thử %d" % n, "id_number": "0381900%05d" % (n % 100000),
                      "phone": "0903%06d" % (n % 1000000), "address": "12 Lê Lợi, phường Hạc Thành"},
        "components": [{"component_id": c, "originals": 1} for c in components],
    }


def components_of(port):
    status, proc = Client(port).call("GET", "/api/v1/procedures/" + PROCEDURE)
    if status != 200:
        fail("GET procedure %s: %s" % (PROCEDURE, status))
    return [c["id"] for c in proc["components"]]


class Load:
    """CLIENTS threads posting intakes until stopped or the server goes away. `acked` holds (code, time) of every
    201, in the order the answers arrived."""

    def __init__(self, port, session, components):
        self.acked = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.unexpected = []
        self.threads = [threading.Thread(target=self._run, args=(port, session, components, i), daemon=True)
                        for i in range(CLIENTS)]
        for t in self.threads:
            t.start()

    def _run(self, port, session, components, index):
        client = Client(port, session.cookie, session.csrf)
        n = index * 100000
        while not self.stop.is_set():
            n += 1
            try:
                status, body = client.call("POST", "/api/v1/intakes", intake_body(components, n))
            except Exception:
                if self.stop.is_set():
                    return
                time.sleep(0.01)  # killed: every later attempt fails the same way until stopped
                continue
            if status == 201:
                with self.lock:
                    self.acked.append((body["dossier"]["code"], time.monotonic()))
            else:
                with self.lock:
                    self.unexpected.append((status, body))

    def count(self):
        with self.lock:
            return len(self.acked)

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)


def check_database(binary, db, what):
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    if integrity != "ok":
        fail("%s: integrity_check says %s" % (what, integrity))
    verify = subprocess.run([binary, "audit", "verify", "--db", db], capture_output=True, text=True, timeout=120)
    if verify.returncode != 0:
        fail("%s: audit verify failed: %s" % (what, verify.stderr.strip()))
    return json.loads(verify.stdout)


def check_present(port, codes, what):
    client = Client(port).login()
    for code in codes:
        status, body = client.call("GET", "/api/v1/dossiers/" + code)
        if status != 200:
            fail("%s: dossier %s was acknowledged with 201 but answers %s" % (what, code, status))
        if not body.get("timeline"):
            fail("%s: dossier %s has no events" % (what, code))


def wait_for(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    fail("timed out waiting for " + what)


def kill_rounds(binary, web, workdir, db, rounds):
    rng = random.Random(os.environ.get("CRASH_SEED"))
    acknowledged = []  # every round's, checked again after every restart
    for r in range(1, rounds + 1):
        server = Server(binary, web, db, os.path.join(workdir, "server.log"))
        session = Client(server.port).login()
        load = Load(server.port, session, components_of(server.port))
        # Let some intakes through, then kill at a random moment while the clients keep writing.
        wait_for(lambda: load.count() >= 5, 30, "the first intakes")
        time.sleep(rng.uniform(0.05, 1.0))
        server.kill()
        load.finish()
        if load.unexpected:
            fail("round %d: unexpected answers, e.g. %s" % (r, load.unexpected[0]))
        codes = [c for c, _ in load.acked]
        if len(set(codes)) != len(codes) or set(codes) & set(acknowledged):
            fail("round %d: a dossier code was handed out twice" % r)
        # Restart on the same file: everything acknowledged must be there, intact.
        verified = check_database(binary, db, "round %d after SIGKILL" % r)
        server = Server(binary, web, db, os.path.join(workdir, "server.log"))
        acknowledged += codes
        check_present(server.port, acknowledged, "round %d" % r)
        if server.terminate() != 0:
            fail("round %d: the restarted server did not exit cleanly on SIGTERM" % r)
        print("round %d: killed after %d acknowledged intakes; all present with events after restart; "
              "integrity ok; audit chain intact (%d rows, %d events)" % (r, len(codes), verified["rows"],
                                                                        verified["events"]), flush=True)
    print("kill: %d rounds, %d acknowledged intakes, none lost" % (rounds, len(acknowledged)))


def backup_under_load(binary, web, workdir, db):
    server = Server(binary, web, db, os.path.join(workdir, "server.log"))
    session = Client(server.port).login()
    load = Load(server.port, session, components_of(server.port))
    wait_for(lambda: load.count() >= 50, 30, "the first intakes")
    with load.lock:
        before = [c for c, _ in load.acked]
    copy = os.path.join(workdir, "copy.db")
    result = subprocess.run([binary, "backup", "--db", db, "--to", copy], capture_output=True, text=True, timeout=120)
    during = load.count()
    time.sleep(0.3)
    load.finish()
    if result.returncode != 0:
        fail("backup under load failed: " + result.stderr.strip())
    if load.unexpected:
        fail("backup: unexpected answers while copying, e.g. %s" % (load.unexpected[0],))
    if server.terminate() != 0:
        fail("backup: the server did not exit cleanly on SIGTERM")
    verified = check_database(binary, copy, "backup copy")
    # The restore: serve the copy and find every intake acknowledged before the backup started.
    restored = Server(binary, web, copy, os.path.join(workdir, "restored.log"))
    check_present(restored.port, before, "restored copy")
    restored.terminate()
    print("backup: copied while %d clients wrote (%d intakes acknowledged by then, %d while copying); the copy "
          "passes integrity_check and audit verify (%d rows, %d events) and a server on it has all %d" %
          (CLIENTS, len(before), during - len(before), verified["rows"], verified["events"], len(before)))


def sigterm_in_flight(binary, web, workdir, db):
    server = Server(binary, web, db, os.path.join(workdir, "server.log"))
    session = Client(server.port).login()
    body = json.dumps(intake_body(components_of(server.port), 424242)).encode()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    head = ("POST /api/v1/intakes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n\r\n" % (len(body), session.cookie, session.csrf))
    sock.sendall(head.encode() + body[: len(body) // 2])
    time.sleep(0.3)  # the server has read the header: the request is in flight
    server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    # The server stopped accepting...
    try:
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        fail("sigterm: the server still accepts connections while shutting down")
    except OSError:
        pass
    # ...but finishes the request in flight.
    sock.sendall(body[len(body) // 2:])
    response = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        response += chunk
    sock.close()
    head, _, payload = response.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 201"):
        fail("sigterm: the request in flight was answered %r" % head[:60])
    if b"connection: close" not in head.lower():
        fail("sigterm: the last answer does not say Connection: close")
    code = json.loads(payload)["dossier"]["code"]
    exit_code = server.proc.wait(timeout=30)
    server.pump.join(timeout=5)
    if exit_code != 0:
        fail("sigterm: the server exited with %s" % exit_code)
    check_database(binary, db, "after SIGTERM")
    server = Server(binary, web, db, os.path.join(workdir, "server.log"))
    check_present(server.port, [code], "after SIGTERM")
    server.terminate()
    print("sigterm: the request in flight (%s) was finished and answered with Connection: close; the server "
          "exited 0 and the dossier is there after restart" % code)


def connection_limit(binary, web, workdir, db):
    bad = subprocess.run([binary, "serve", "--db", db, "--max-connections-per-client", "0"], capture_output=True,
                         text=True, timeout=30)
    if bad.returncode != 1 or "invalid_number" not in bad.stderr:
        fail("limits: --max-connections-per-client 0 was not refused: %s %s" % (bad.returncode, bad.stderr))
    server = Server(binary, web, db, os.path.join(workdir, "server.log"), ["--max-connections-per-client", "2"])
    held = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(2)]
    for s in held:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # half a request each: slow clients
    time.sleep(0.2)
    extra = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    answer = extra.recv(65536)
    extra.close()
    if not answer.startswith(b"HTTP/1.1 503") or b"too_many_connections" not in answer:
        fail("limits: a third connection from one address was answered %r" % answer[:80])
    for s in held:
        s.close()
    time.sleep(0.2)
    status, _ = Client(server.port).call("GET", "/healthz")
    if status != 200:
        fail("limits: service did not resume after the slow clients left: %s" % status)
    server.terminate()
    print("limits: with --max-connections-per-client 2, a third connection from one address got 503 and service "
          "resumed when the others left; 0 is refused")


def outbox_after_crash(binary, web, workdir, db):
    """Messages are written with their intake; after a SIGKILL and a restart with a channel configured, every
    acknowledged intake's message reaches the gateway."""
    import http.server
    received = {}
    lock = threading.Lock()

    class Gateway(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                received.setdefault(body["dossier_code"], []).append(body["idempotency_key"])
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    gateway = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    config = os.path.join(workdir, "notify.json")
    with open(config, "w") as f:
        json.dump({"webhook": {"url": "http://127.0.0.1:%d/hook" % gateway.server_address[1],
                               "secret": "crash-test-secret-0123456789", "mediums": ["sms"]},
                   "interval_seconds": 1}, f)
    # No channel while the clients write: every message waits in the outbox when the server is killed.
    server = Server(binary, web, db, os.path.join(workdir, "server.log"))
    session = Client(server.port).login()
    load = Load(server.port, session, components_of(server.port))
    wait_for(lambda: load.count() >= 20, 30, "the first intakes")
    time.sleep(random.uniform(0.05, 0.5))
    server.kill()
    load.finish()
    codes = [c for c, _ in load.acked]
    server = Server(binary, web, db, os.path.join(workdir, "server.log"), ["--notify-config", config])
    wait_for(lambda: all(c in received for c in codes), 60, "the outbox to deliver after restart")
    server.terminate()
    gateway.shutdown()
    check_database(binary, db, "outbox")
    print("outbox: %d intakes acknowledged before SIGKILL; after a restart with a channel, the gateway received the "
          "message of every one (%d messages)" % (len(codes), sum(len(v) for v in received.values())))


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    binary, web, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    workdir = tempfile.mkdtemp(prefix="motcua-crash-")
    try:
        db = os.path.join(workdir, "m.db")
        made = subprocess.run([binary, "demo", "--db", db, "--dossiers", "0"], capture_output=True, text=True,
                              timeout=120)
        if made.returncode != 0:
            fail("demo database: " + made.stderr.strip())
        {"kill": lambda: kill_rounds(binary, web, workdir, db, rounds),
         "backup": lambda: backup_under_load(binary, web, workdir, db),
         "sigterm": lambda: sigterm_in_flight(binary, web, workdir, db),
         "limits": lambda: connection_limit(binary, web, workdir, db),
         "outbox": lambda: outbox_after_crash(binary, web, workdir, db)}[mode]()
    except SystemExit:
        log = os.path.join(workdir, "server.log")
        if os.path.exists(log):
            with open(log, "rb") as f:
                sys.stderr.write(f.read()[-3000:].decode(errors="replace"))
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

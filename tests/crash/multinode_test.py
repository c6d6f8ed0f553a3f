#!/usr/bin/env python3
"""Two `motcua serve` nodes on one PostgreSQL database (issue #10, decision 0037).

Two nodes are started on a fresh database. 32 clients post intakes through each node at once, with one clerk
session (opened on node A, used on both: sessions are shared). Every acknowledged dossier is looked up by the
citizen through the *other* node. Node A is killed with SIGKILL mid-load; node B goes on. Then:
  - every intake answered 201 by either node is there, with its events (nothing acknowledged was lost);
  - the day's dossier codes are gap-free, 1..N, none handed out twice, across both nodes;
  - `motcua audit verify` passes: one hash chain, no forks, under concurrent writers on two nodes;
  - the single-apology rule holds when both nodes are asked at once for the same dossier's apology: one wins;
  - the II.06a report through node B counts exactly the dossiers in the database;
  - failed logins on node A count on node B (login throttling is shared);
  - the notification outbox is delivered once: every intake's message waited (no channel was configured); both
    nodes restart with a webhook channel and their dispatchers claim at the same time (FOR UPDATE SKIP LOCKED):
    each message reaches the gateway exactly once, and the outbox ends with every message sent.

usage: multinode_test.py MOTCUA_BINARY WEB_ROOT   (env MOTCUA_TEST_POSTGRESQL: the server's admin URL)
"""
import http.server
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_test import Client, Load, Server, components_of, fail, wait_for  # noqa: E402

SUPERVISOR = ("demo.supervisor", "Demo-Supervisor-2026!")
STARTED = []  # every node this test started: killed on the way out, whatever happened


def start_node(binary, web, url, log, files, extra=()):
    server = Server(binary, web, url, log, ("--files", files, *extra))
    STARTED.append(server)
    return server


def psql(admin_url, sql):
    out = subprocess.run(["psql", "-X", "-q", "-t", "-A", admin_url, "-c", sql], capture_output=True, text=True,
                         timeout=60)
    if out.returncode != 0:
        fail("psql: " + out.stderr.strip())
    return out.stdout.strip()


def with_database(admin_url, name):
    base, _, query = admin_url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


def main():
    binary, web = sys.argv[1], sys.argv[2]
    admin = os.environ.get("MOTCUA_TEST_POSTGRESQL")
    if not admin:
        print("MOTCUA_TEST_POSTGRESQL is not set: no PostgreSQL server to test against")
        sys.exit(77)
    name = "motcua_multinode_%d" % random.randrange(10**9)
    psql(admin, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" % name)
    url = with_database(admin, name)
    work = tempfile.mkdtemp(prefix="motcua-multinode-")
    files = os.path.join(work, "files")  # one directory both nodes share, as a deployment shares a volume
    seeded = subprocess.run([binary, "demo", "--db", url, "--dossiers", "0"], capture_output=True, text=True,
                            timeout=300)
    if seeded.returncode != 0:
        fail("demo: " + seeded.stderr.strip())

    a = start_node(binary, web, url, os.path.join(work, "a.log"), files)
    b = start_node(binary, web, url, os.path.join(work, "b.log"), files)
    session = Client(a.port).login()
    status, _ = Client(b.port, session.cookie, session.csrf).call("GET", "/api/v1/auth/me")
    if status != 200:
        fail("a session opened on node A is not known to node B (%s)" % status)

    components = components_of(a.port)
    load_a = Load(a.port, session, components)
    load_b = Load(b.port, session, components)
    wait_for(lambda: load_a.count() >= 20 and load_b.count() >= 20, 60, "intakes through both nodes")
    time.sleep(random.uniform(0.1, 0.8))
    a.kill()  # mid-load: its in-flight requests die with it
    load_a.finish()
    wait_for(lambda: load_b.count() >= load_a.count() // 2 + 40, 60, "node B going on alone")
    load_b.finish()
    for load, node in ((load_a, "A"), (load_b, "B")):
        if load.unexpected:
            fail("node %s: unexpected answers, e.g. %s" % (node, load.unexpected[0]))
    acked = [c for c, _ in load_a.acked] + [c for c, _ in load_b.acked]
    if len(set(acked)) != len(acked):
        fail("a dossier code was acknowledged twice")

    # Nothing acknowledged is lost, and each is there with its events (read through node B).
    reader = Client(b.port, session.cookie, session.csrf)
    keys = {}
    for code in acked:
        status, body = reader.call("GET", "/api/v1/dossiers/" + code)
        if status != 200 or not body.get("timeline"):
            fail("dossier %s was acknowledged but answers %s on node B" % (code, status))
        keys[code] = body.get("lookup_key")
    # The citizen's lookup works through the node that did not take the intake (a sample of node A's).
    a_node = start_node(binary, web, url, os.path.join(work, "a2.log"), files)  # A restarted
    citizen = Client(a_node.port)
    for code in [c for c, _ in load_b.acked][:25]:  # within the lookup limit's burst for one address
        if keys.get(code):
            status, _ = citizen.call("GET", "/api/v1/public/dossiers/%s?key=%s" % (code, keys[code]))
            if status != 200:
                fail("the citizen's lookup of %s through the other node answers %s" % (code, status))

    # One apology with one new date per dossier, even when two nodes are asked at the same instant.
    clerk_a, clerk_b = Client(a_node.port, session.cookie, session.csrf), Client(b.port, session.cookie, session.csrf)
    for code in acked[:8]:
        status, body = reader.call("GET", "/api/v1/dossiers/" + code)
        due = datetime.fromisoformat(body["due_at"])
        answers = []

        def apologise(client, days):
            new_due = (due + timedelta(days=days)).isoformat()
            answers.append(client.call("POST", "/api/v1/dossiers/%s/events" % code,
                                       {"type": "apologize", "reason": "Cần xác minh", "signer": "Trần Quang Minh",
                                        "new_due_at": new_due})[0])

        racers = [threading.Thread(target=apologise, args=(clerk_a, 7)),
                  threading.Thread(target=apologise, args=(clerk_b, 9))]
        for t in racers:
            t.start()
        for t in racers:
            t.join()
        status, body = reader.call("GET", "/api/v1/dossiers/" + code)
        apologies = [e for e in body["timeline"] if e.get("type") == "apologize"]
        if sorted(answers)[0] != 201 or sorted(answers)[1] < 400 or len(apologies) != 1:
            fail("two nodes apologising for %s at once: answers %s, %d apologies recorded" %
                 (code, answers, len(apologies)))

    # Gap-free codes: per day and agency sequence, every number from 1 to N once.
    rows = psql(url, "SELECT code FROM dossier WHERE code <> ''").split()
    if sorted(rows) != sorted(set(rows)):
        fail("a dossier code is stored twice")
    if set(acked) - set(rows):
        fail("acknowledged codes missing from the database")
    groups = {}
    for code in rows:
        m = re.match(r"^(.*)-(\d{6})-(\d{4,})$", code)
        if not m:
            fail("unexpected dossier code %s" % code)
        groups.setdefault((m.group(1), m.group(2)), []).append(int(m.group(3)))
    for key, numbers in groups.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            fail("the codes of %s on %s are not gap-free: %s" % (key[0], key[1], sorted(numbers)[:20]))

    verify = subprocess.run([binary, "audit", "verify", "--db", url], capture_output=True, text=True, timeout=300)
    if verify.returncode != 0:
        fail("audit verify on the shared database: " + verify.stderr.strip())
    verified = json.loads(verify.stdout)

    supervisor = Client(b.port)
    status, body = supervisor.call("POST", "/api/v1/auth/login", {"username": SUPERVISOR[0], "password": SUPERVISOR[1]})
    if status != 200:
        fail("supervisor login: %s" % status)
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 3600))
    status, report = supervisor.call("GET", "/api/v1/reports/timeliness?from=%s&to=%s&group_by=agency" % (today, today))
    stored = int(psql(url, "SELECT count(*) FROM dossier WHERE received_at IS NOT NULL AND received_at <> ''"))
    if status != 200 or report["total"]["received_total"] != stored:
        fail("II.06a through node B counts %s received, the database holds %d" %
             (report.get("total", {}).get("received_total") if status == 200 else status, stored))

    # Login throttling is shared: five free failures on node B, the sixth on node A locks on both.
    attacker_b, attacker_a = Client(b.port), Client(a_node.port)
    for _ in range(5):
        attacker_b.call("POST", "/api/v1/auth/login", {"username": "demo.clerk", "password": "wrong-password-1"})
    attacker_a.call("POST", "/api/v1/auth/login", {"username": "demo.clerk", "password": "wrong-password-1"})
    status, _ = attacker_b.call("POST", "/api/v1/auth/login", {"username": "demo.clerk", "password": "Demo-Clerk-2026!"})
    if status != 429:
        fail("six failures over two nodes did not lock the account at node B (got %s)" % status)

    for node in (a_node, b):
        if node.terminate() != 0:
            fail("a node did not exit cleanly on SIGTERM")

    # The outbox, delivered once by two dispatchers claiming at the same time.
    waiting = int(psql(url, "SELECT count(*) FROM notification_outbox WHERE status = 'pending'"))
    if waiting < len(acked):
        fail("only %d messages wait in the outbox for %d acknowledged intakes" % (waiting, len(acked)))
    received = []
    lock = threading.Lock()

    class Gateway(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                received.append(body["idempotency_key"])
            time.sleep(0.005)  # a gateway takes a moment: the two dispatchers' claims overlap
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    gateway = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    config = os.path.join(work, "notify.json")
    with open(config, "w") as f:
        json.dump({"webhook": {"url": "http://127.0.0.1:%d/hook" % gateway.server_address[1],
                               "secret": "multinode-test-secret-0123456789", "mediums": ["sms", "email"]},
                   "interval_seconds": 1}, f)
    senders = [start_node(binary, web, url, os.path.join(work, "%s-outbox.log" % n), files, ("--notify-config", config))
               for n in ("a", "b")]
    wait_for(lambda: int(psql(url, "SELECT count(*) FROM notification_outbox WHERE status <> 'sent'")) == 0, 120,
             "both nodes to deliver the outbox")
    time.sleep(1.5)  # a second delivery of a message, if there were one, would come within a dispatcher's interval
    for node in senders:
        if node.terminate() != 0:
            fail("a node did not exit cleanly on SIGTERM")
    gateway.shutdown()
    duplicates = len(received) - len(set(received))
    if duplicates or len(received) != waiting:
        fail("the gateway received %d messages (%d twice) for %d waiting in the outbox" %
             (len(received), duplicates, waiting))
    psql(admin, "DROP DATABASE %s WITH (FORCE)" % name)
    print("multinode: %d intakes through node A (killed mid-load) and %d through node B, all present; %d codes "
          "gap-free in %d sequences; one apology each in 8 two-node races; audit chain intact (%d rows); II.06a counts %d; "
          "sessions and login throttling shared; %d outbox messages delivered once each by two dispatchers" %
          (load_a.count(), load_b.count(), len(rows), len(groups), verified["rows"], stored, waiting))
    return work


if __name__ == "__main__":
    passed_in = None
    try:
        passed_in = main()
    finally:
        for server in STARTED:
            if server.proc.poll() is None:
                server.proc.kill()
                server.proc.wait()
    # The nodes' logs are kept only when the test failed (then the failure names them).
    if passed_in:
        shutil.rmtree(passed_in, ignore_errors=True)

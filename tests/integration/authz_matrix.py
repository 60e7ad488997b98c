#!/usr/bin/python3
"""authz_matrix.py — the authorisation matrix of zizhid (issue 5, "Must show"), driven by
tests/integration/t9300-authz-matrix.sh over loopback against the real server.

Every route of `zizhid --print-routes` x every role of SPEC section 0 (and anonymous) x the
organisation of the object the route touches (own / other; for dossiers also a draft):

  * SPEC (the table below, written from SPEC section 0, R-0.1..R-0.4 and the rules each route
    serves, independently of src/http/router.c) says which roles may call a route at all; the
    router's declared roles must be a subset of it, and no response to a role outside it may be 2xx;
  * anonymous on a protected route gets 401; a role outside the router's set gets 403 auth.role;
  * an applicant on another organisation's object gets 404, and no response to an applicant holds
    any identifying string (name, USCC, address, contact, people, projects, case and certificate
    numbers, sanction/appeal/complaint texts) or an "org_id" of the other organisation (R-0.1);
  * a project lead, assessor or expert on a case it is not assigned to gets 404 (R-0.2); an
    unassigned one sees no organisation's data at all; manager and supervisor read everything;
  * allowed combinations get anything but 401/403 (a gate's or validation's 4xx is fine), never a
    5xx, and never the "not found" of the object they may see;
  * every refusal (401/403/404) carries an error object and nothing else.

Reads run on the fixture; writes run afterwards on copies of it: every refused write on one copy
(after which the audit log must hold no new domain entry: a refusal commits nothing), and every
allowed write on a fresh copy of its own, so that no write sees another's effects.

Standard library only. Prints nothing on success but progress notes (#); writes the result lines
("ok|not ok<TAB>description" plus "#" detail lines) to --results and the matrix to --matrix.
"""
import argparse
import http.client
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile

# ---- roles ----------------------------------------------------------------------------------

AA, AM, PL, AS, EX, MG, CO, SU, SY, SE, AU = (
    "applicant_admin", "applicant_member", "project_lead", "assessor", "expert", "manager",
    "cert_officer", "supervisor", "sys_admin", "sec_admin", "audit_admin")
ALL_ROLES = (AA, AM, PL, AS, EX, MG, CO, SU, SY, SE, AU)
PUBLIC = "public"
SIGNED_IN = "signed-in"
APP = {AA, AM}
CASE_TEAM = {PL, AS, EX}  # see only the cases they are assigned to
SEE_ALL = {MG, SU}        # manager and supervisor see every case
ORG_READ = APP | CASE_TEAM | SEE_ALL  # its organisation, assigned staff, see-all

# ---- what SPEC allows, route by route --------------------------------------------------------
# Written from SPEC section 0 (the table of roles) and the rules each route serves. The router's
# roles must be a subset; a role missing here that the router lets in is a hole.
S_CASE_DETAIL = ORG_READ  # the inside of a case: assessment, panel, agreement
SPEC = {
    ("GET", "/api/v1/health"): PUBLIC,
    ("POST", "/api/v1/session"): PUBLIC,
    ("GET", "/api/v1/session"): SIGNED_IN,
    ("DELETE", "/api/v1/session"): SIGNED_IN,
    # public: the registry and verification only (section 0), the criteria
    ("GET", "/api/v1/public/certificates"): PUBLIC,
    ("GET", "/api/v1/public/certificates/{number}"): PUBLIC,
    ("GET", "/api/v1/catalogs/current"): PUBLIC,
    ("GET", "/api/v1/catalogs/{id}/items/{itemId}"): PUBLIC,
    # the documents an applicant reads before applying, kept by sys_admin
    ("GET", "/api/v1/public/documents"): PUBLIC,
    ("GET", "/api/v1/public/documents/{id}/content"): PUBLIC,
    ("POST", "/api/v1/documents"): {SY},
    # accounts by sys_admin, grants by sec_admin; the audit administrator reads the
    # roster the audit log's actors and grants refer to
    ("GET", "/api/v1/users"): {SY, SE, AU},
    ("POST", "/api/v1/users"): {SY},
    ("POST", "/api/v1/users/{username}/roles"): {SE},
    ("DELETE", "/api/v1/users/{username}/roles/{role}"): {SE},
    # organisations: their applicants, the body's case roles, sys_admin (accounts are made per
    # organisation; it creates the record and corrects its identity, R-1.2)
    ("GET", "/api/v1/organisations"): ORG_READ | {SY},
    ("POST", "/api/v1/organisations"): {SY},
    ("GET", "/api/v1/organisations/{id}"): ORG_READ | {SY},
    ("PUT", "/api/v1/organisations/{id}"): {AA, SY},
    ("GET", "/api/v1/organisations/{id}/checks"): ORG_READ,
    ("GET", "/api/v1/organisations/{id}/personal-data"): {AA},  # R-0.3 export by its organisation
    # people and projects: personal data, seen by its organisation and the staff of its cases
    # managed by applicant_admin (section 0)
    ("GET", "/api/v1/organisations/{id}/people"): ORG_READ,
    ("POST", "/api/v1/organisations/{id}/people"): {AA},
    ("GET", "/api/v1/organisations/{id}/people/{personId}"): ORG_READ,
    ("PUT", "/api/v1/organisations/{id}/people/{personId}"): {AA},
    ("PUT", "/api/v1/organisations/{id}/people/{personId}/active"): {AA},
    ("GET", "/api/v1/organisations/{id}/projects"): ORG_READ,
    ("POST", "/api/v1/organisations/{id}/projects"): {AA},
    ("GET", "/api/v1/organisations/{id}/projects/{projectId}"): ORG_READ,
    ("PUT", "/api/v1/organisations/{id}/projects/{projectId}"): {AA},
    # dossiers and evidence: edited by both applicant roles, submitted by applicant_admin only
    ("GET", "/api/v1/dossiers"): ORG_READ,
    ("POST", "/api/v1/dossiers"): APP,
    ("GET", "/api/v1/dossiers/{id}"): ORG_READ,
    ("GET", "/api/v1/dossiers/{id}/form"): ORG_READ,
    ("PUT", "/api/v1/dossiers/{id}/form"): APP,
    ("GET", "/api/v1/dossiers/{id}/answers"): ORG_READ,
    ("PUT", "/api/v1/dossiers/{id}/answers/{reqId}"): APP,
    ("GET", "/api/v1/dossiers/{id}/evidence"): ORG_READ,
    ("POST", "/api/v1/dossiers/{id}/evidence"): APP,
    ("GET", "/api/v1/dossiers/{id}/evidence/{evidenceId}"): ORG_READ,
    ("DELETE", "/api/v1/dossiers/{id}/evidence/{evidenceId}"): APP,
    ("GET", "/api/v1/dossiers/{id}/evidence/{evidenceId}/content"): ORG_READ,
    ("PUT", "/api/v1/dossiers/{id}/evidence/{evidenceId}/requirements/{reqId}"): APP,
    ("DELETE", "/api/v1/dossiers/{id}/evidence/{evidenceId}/requirements/{reqId}"): APP,
    ("GET", "/api/v1/evidence/{id}"): ORG_READ,
    ("GET", "/api/v1/evidence/{id}/content"): ORG_READ,
    ("GET", "/api/v1/dossiers/{id}/check"): ORG_READ,
    ("PUT", "/api/v1/dossiers/{id}/stamped-scan"): APP,
    ("PUT", "/api/v1/dossiers/{id}/bound"): APP,
    ("PUT", "/api/v1/dossiers/{id}/courier"): APP,
    ("POST", "/api/v1/dossiers/{id}/package"): APP,
    ("GET", "/api/v1/dossiers/{id}/package"): ORG_READ,
    ("GET", "/api/v1/dossiers/{id}/package/verification"): ORG_READ,
    ("POST", "/api/v1/dossiers/{id}/submit"): {AA},  # section 0: applicant_member "no submit"
    ("POST", "/api/v1/dossiers/{id}/rebind"): APP,
    # cases: the record is also the certificate officer's, for the cases it batches;
    # what happens inside a case is for its organisation, its assigned staff and the two
    # see-all roles (R-0.2; activities and plans name the applicant's staff, R-0.3)
    ("GET", "/api/v1/cases"): ORG_READ | {CO},
    ("GET", "/api/v1/cases/{id}"): ORG_READ | {CO},
    ("GET", "/api/v1/cases/{id}/members"): S_CASE_DETAIL,
    ("POST", "/api/v1/cases/{id}/members"): {MG},  # manager assigns (section 0)
    ("DELETE", "/api/v1/cases/{id}/members/{role}/{username}"): {MG},
    # "the certification body records the date the paper copy was received": the lead,
    # or the department head before a lead is assigned
    ("PUT", "/api/v1/cases/{id}/paper"): {PL, MG},
    ("PUT", "/api/v1/cases/{id}/exception"): {PL},  # the project lead accepts it
    ("POST", "/api/v1/cases/{id}/file"): {PL},
    ("GET", "/api/v1/cases/{id}/review"): S_CASE_DETAIL,
    ("POST", "/api/v1/cases/{id}/review"): {PL},
    ("POST", "/api/v1/cases/{id}/supplement"): {PL, AA},  # the applicant's move
    ("GET", "/api/v1/cases/{id}/agreement"): S_CASE_DETAIL,
    ("POST", "/api/v1/cases/{id}/agreement"): {PL},
    ("POST", "/api/v1/cases/{id}/agreement/send"): {PL},
    ("PUT", "/api/v1/cases/{id}/agreement/effective"): {PL},
    ("GET", "/api/v1/cases/{id}/payments"): S_CASE_DETAIL,
    ("POST", "/api/v1/cases/{id}/payments"): {PL},  # section 0: project lead: fee
    ("GET", "/api/v1/cases/{id}/assessment"): S_CASE_DETAIL,
    ("POST", "/api/v1/cases/{id}/assessment"): {PL},
    ("POST", "/api/v1/cases/{id}/withdraw"): {AA},
    ("POST", "/api/v1/cases/{id}/archive"): {MG},
    ("GET", "/api/v1/cases/{id}/cycle"): S_CASE_DETAIL,
    ("GET", "/api/v1/cases/{id}/plan"): S_CASE_DETAIL,
    ("PUT", "/api/v1/cases/{id}/plan"): {PL},  # section 0: project lead: assessment plan
    ("GET", "/api/v1/cases/{id}/activities"): S_CASE_DETAIL,
    ("POST", "/api/v1/cases/{id}/activities"): {PL, AS},  # assessor: activities, findings
    ("GET", "/api/v1/cases/{id}/ratings"): S_CASE_DETAIL,
    ("PUT", "/api/v1/cases/{id}/ratings/{itemId}"): {PL, AS},  # assessor: ratings
    ("GET", "/api/v1/cases/{id}/rectifications"): S_CASE_DETAIL,
    ("POST", "/api/v1/cases/{id}/rectifications"): {PL},
    ("POST", "/api/v1/cases/{id}/rectifications/{rectId}/done"): {PL},
    ("GET", "/api/v1/cases/{id}/conclusion"): S_CASE_DETAIL,
    ("POST", "/api/v1/cases/{id}/conclusion"): {PL},  # project lead: team conclusion
    ("GET", "/api/v1/cases/{id}/oscal/plan"): S_CASE_DETAIL,
    ("GET", "/api/v1/cases/{id}/oscal/results"): S_CASE_DETAIL,
    # expert review: the body's case roles; the applicant gets the conclusion, not votes
    ("GET", "/api/v1/cases/{id}/votes"): CASE_TEAM | SEE_ALL,
    ("POST", "/api/v1/cases/{id}/votes"): {EX},
    ("GET", "/api/v1/cases/{id}/panel-conclusion"): CASE_TEAM | SEE_ALL,
    ("POST", "/api/v1/cases/{id}/panel-conclusion"): {PL, MG},
    ("POST", "/api/v1/cases/{id}/approval"): {MG},  # 审批
    # batches and certificates: the certificate officer, the manager who approves,
    # the supervisor; certificates also their holders
    ("GET", "/api/v1/batches"): {MG, SU, CO},
    ("POST", "/api/v1/batches"): {CO},
    ("GET", "/api/v1/batches/{id}"): {MG, SU, CO},
    ("GET", "/api/v1/batches/{id}/cases"): {MG, SU, CO},
    ("POST", "/api/v1/batches/{id}/cases"): {CO},
    ("DELETE", "/api/v1/batches/{id}/cases/{caseId}"): {CO},
    ("POST", "/api/v1/batches/{id}/issue"): {CO},
    ("POST", "/api/v1/batches/{id}/publish"): {CO},
    ("GET", "/api/v1/certificates"): APP | {MG, SU, CO},
    ("GET", "/api/v1/certificates/{id}"): APP | {MG, SU, CO},
    # sanctions (section 5): decided by the supervision department, visible to the applicant
    #
    ("GET", "/api/v1/sanctions"): APP | SEE_ALL,
    ("POST", "/api/v1/sanctions"): {SU},
    ("GET", "/api/v1/sanctions/overdue"): SEE_ALL,
    ("GET", "/api/v1/sanctions/{id}"): APP | SEE_ALL,
    ("POST", "/api/v1/sanctions/{id}/lift"): {SU},
    ("POST", "/api/v1/sanctions/{id}/rectified"): {SU},
    # appeals and complaint records (section 6)
    ("GET", "/api/v1/appeals"): APP | SEE_ALL,
    ("POST", "/api/v1/appeals"): {AA},  # section 0: applicant_admin: appeal
    ("GET", "/api/v1/appeals/{id}"): APP | SEE_ALL,
    ("POST", "/api/v1/appeals/{id}/decision"): {SU},
    ("GET", "/api/v1/complaints"): APP | {SU},  # kept by the applicant, inspected by SU
    ("POST", "/api/v1/complaints"): {AA},
    ("GET", "/api/v1/complaints/{id}"): APP | {SU},
    ("PUT", "/api/v1/complaints/{id}"): {AA},
    # archives (section 7): manager approves disposal, supervisor holds
    ("GET", "/api/v1/archives"): SEE_ALL,
    ("GET", "/api/v1/archives/due"): SEE_ALL,
    ("GET", "/api/v1/archives/{caseId}"): SEE_ALL,
    ("POST", "/api/v1/archives/{caseId}/hold"): {SU},
    ("POST", "/api/v1/archives/{caseId}/hold/release"): {SU},
    ("POST", "/api/v1/archives/{caseId}/disposal/approval"): {MG},
    ("POST", "/api/v1/archives/{caseId}/disposal"): {MG},
    ("GET", "/api/v1/archives/{caseId}/export"): SEE_ALL,
    # audit: the audit administrator; the supervisor reads all of it (section 0)
    ("GET", "/api/v1/audit"): {SU, AU},
    ("GET", "/api/v1/audit/verification"): {SU, AU},
    # the outbox: the see-all roles, and sys_admin who runs mail delivery (configuration)
    ("GET", "/api/v1/outbox"): SEE_ALL | {SY},
}

# ---- principals ------------------------------------------------------------------------------
# name, username, role, organisation key ("A"/"B" for applicants)
PRINCIPALS = [
    ("anon", None, None, None),
    ("aa.A", "demo-applicant_admin", AA, "A"),
    ("am.A", "demo-applicant_member", AM, "A"),
    ("aa.B", "demo-applicant_admin2", AA, "B"),
    ("am.B", "demo-applicant_member2", AM, "B"),
    ("lead", "demo-project_lead", PL, None),
    ("lead.free", "free-lead", PL, None),
    ("asr", "demo-assessor", AS, None),
    ("asr.free", "free-assessor", AS, None),
    ("exp", "demo-expert", EX, None),
    ("exp.free", "free-expert", EX, None),
    ("mgr", "demo-manager", MG, None),
    ("certo", "demo-cert_officer", CO, None),
    ("sup", "demo-supervisor", SU, None),
    ("sys", "demo-sys_admin", SY, None),
    ("sec", "demo-sec_admin", SE, None),
    ("aud", "demo-audit_admin", AU, None),
]
PNAME = {p[0]: p for p in PRINCIPALS}

# "not found" codes of the objects a route is about: an allowed caller who may see the object
# never gets one of these (that would be the visibility check refusing what it should allow)
SCOPE_NOT_FOUND = {"org.not_found", "dossier.not_found", "evidence.not_found", "case.not_found",
                   "cert.not_found", "sanction.not_found", "appeal.not_found",
                   "complaint.not_found", "archive.not_found", "person.not_found",
                   "project.not_found"}


def note(msg):
    print("# " + msg, flush=True)


# ---- HTTP -------------------------------------------------------------------------------------

class Server:
    """One zizhid on a free loopback port over a data directory."""

    def __init__(self, args, data, log):
        self.args, self.data, self.log = args, data, log
        self.logf = open(log, "ab")
        self.log_from = self.logf.tell()  # servers share the log: read only this one's lines
        self.proc = subprocess.Popen(
            [args.zizhid, "--listen", "127.0.0.1:0", "--data", data, "--date", args.date,
             "--rate", "0", "--threads", "2", "--grace", "5"],
            stdout=self.logf, stderr=subprocess.STDOUT)
        self.port = None
        deadline = time.time() + 30
        pat = re.compile(rb"listening on http://127\.0\.0\.1:(\d+)")
        while time.time() < deadline:
            with open(log, "rb") as f:
                f.seek(self.log_from)
                m = pat.search(f.read())
            if m and self.proc.poll() is None:
                self.port = int(m.group(1))
                # the log may hold an earlier server's line: wait until this one listens
                try:
                    c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                    c.request("GET", "/api/v1/health")
                    if c.getresponse().status == 200:
                        c.close()
                        break
                except OSError:
                    pass
                self.port = None
            if self.proc.poll() is not None:
                break
            time.sleep(0.01)
        if not self.port:
            self.stop()
            raise RuntimeError("zizhid did not start on %s (log %s)" % (data, log))
        self.conn = None

    def request(self, method, path, headers=None, body=None):
        """Returns (status, headers dict lower-case, body bytes)."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                r = self.conn.getresponse()
                data = r.read()
                hdrs = {k.lower(): v for k, v in r.getheaders()}
                if hdrs.get("connection", "").lower() == "close" or r.will_close:
                    self.conn.close()
                    self.conn = None
                return r.status, hdrs, data
            except (ConnectionError, http.client.HTTPException, OSError):
                if self.conn:
                    self.conn.close()
                self.conn = None
                # a refused early answer to a body the server never read can break the
                # connection; reads and refused writes are safe to send again
                if attempt == 1:
                    raise
        raise RuntimeError("unreachable")

    def stop(self):
        if self.conn:
            self.conn.close()
            self.conn = None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logf.close()


def jbody(data):
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


class Client:
    """A principal's session on a server: cookie and CSRF token (None: anonymous)."""

    def __init__(self, srv, cookie=None, csrf=None):
        self.srv, self.cookie, self.csrf = srv, cookie, csrf

    def call(self, method, path, body=None, upload=None):
        h = {}
        if self.cookie:
            h["Cookie"] = "zz_session=" + self.cookie
            h["X-CSRF-Token"] = self.csrf
        data = None
        if upload is not None:
            boundary = "zzAuthzBoundary7MA4YWxk"
            parts = []
            for k, v in upload.get("fields", {}).items():
                parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                              % (boundary, k, v)).encode())
            parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\"; "
                          "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                          % (boundary, upload["filename"])).encode() + upload["content"] + b"\r\n")
            parts.append(("--%s--\r\n" % boundary).encode())
            data = b"".join(parts)
            h["Content-Type"] = "multipart/form-data; boundary=" + boundary
        elif body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            h["Content-Type"] = "application/json"
        elif method in ("POST", "PUT", "DELETE", "PATCH"):
            data = b""
        return self.srv.request(method, path, h, data)

    def json(self, method, path, body=None):
        st, _, data = self.call(method, path, body)
        return st, jbody(data)


def sign_in(srv, username, password):
    st, hdrs, data = srv.request(
        "POST", "/api/v1/session", {"Content-Type": "application/json"},
        json.dumps({"username": username, "password": password}).encode())
    if st != 201:
        raise RuntimeError("sign-in of %s: %d %s" % (username, st, data[:300]))
    m = re.search(r"zz_session=([A-Za-z0-9_-]+)", hdrs.get("set-cookie", ""))
    return m.group(1), jbody(data)["csrf_token"], jbody(data)["user"]


# ---- routes ------------------------------------------------------------------------------------

def load_routes(zizhid):
    out = subprocess.run([zizhid, "--print-routes"], check=True, capture_output=True,
                         text=True).stdout
    routes = []
    for line in out.splitlines():
        f = line.split()
        if len(f) < 5:
            continue
        method, pattern, access, scope, flags = f[:5]
        if access in (PUBLIC, SIGNED_IN):
            roles = access
        else:
            roles = set(access.split(","))
        routes.append({"method": method, "pattern": pattern, "roles": roles, "scope": scope,
                       "flags": set(flags.split(",")) if flags != "-" else set()})
    return routes


def is_write(rt):
    return rt["method"] != "GET"


LIST_FILTER = {"/api/v1/dossiers", "/api/v1/cases", "/api/v1/certificates", "/api/v1/sanctions",
               "/api/v1/appeals", "/api/v1/complaints"}
BODY_ORG = {("POST", "/api/v1/dossiers"), ("POST", "/api/v1/complaints"),
            ("POST", "/api/v1/appeals"), ("POST", "/api/v1/sanctions"),
            ("POST", "/api/v1/batches/{id}/cases")}


def contexts(rt):
    p, m = rt["pattern"], rt["method"]
    if re.match(r"^/api/v1/(dossiers|evidence)/\{id\}", p):
        return ["A", "B", "Ad", "Bd"]
    if (m, p) in BODY_ORG:
        return ["A", "B"]
    if m == "GET" and p in LIST_FILTER:
        return ["-", "A", "B"]
    if re.match(r"^/api/v1/(organisations|cases|certificates|sanctions|appeals|complaints)/\{id\}",
                p) or p.startswith("/api/v1/archives/{caseId}") or "{caseId}" in p:
        return ["A", "B"]
    return ["-"]


def object_kind(rt):
    p, m = rt["pattern"], rt["method"]
    seg = p.split("/")[3] if len(p.split("/")) > 3 else ""
    if (m, p) == ("POST", "/api/v1/batches/{id}/cases") or "{caseId}" in p:
        return "case"
    if m == "GET" and p in LIST_FILTER:
        return "orglist"  # ?organisation=: the organisation's objects of that kind
    return {"organisations": "org", "dossiers": "dossier", "evidence": "dossier", "cases": "case",
            "archives": "case", "certificates": "cert", "sanctions": "org", "appeals": "org",
            "complaints": "org"}.get(seg, "org")


# ---- the fixture ------------------------------------------------------------------------------

def pick(items, key="id"):
    return items[0][key] if items else None


def build_fixture(cl):
    """Adds what the demo lacks for a symmetric matrix and collects the objects of A and B."""
    F = {"A": {}, "B": {}}
    G = {}
    mgr, sup, aaA, aaB = cl["mgr"], cl["sup"], cl["aa.A"], cl["aa.B"]
    F["A"]["org"] = aaA.user["org_id"]
    F["B"]["org"] = aaB.user["org_id"]
    st, cat = mgr.json("GET", "/api/v1/catalogs/current?category=ai-security&level=1")
    G["method"] = cat["methods"][0]["id"]

    def first_req(g):
        for r in g.get("requirements", []):
            return r["id"]
        for s in g.get("groups", []):
            x = first_req(s)
            if x:
                return x
        return None

    G["req"] = first_req(cat)
    G["catalog"] = cat["id"]
    # cases, certificates of each organisation (as the manager)
    for k in ("A", "B"):
        org = F[k]["org"]
        st, cs = mgr.json("GET", "/api/v1/cases?organisation=%d&limit=500" % org)
        F[k]["cases"] = cs["items"]
    # A: a case in certification (certified); B: one in assessment — the cert officer sees the
    # former and not the latter
    def case_where(k, pred):
        for c in F[k]["cases"]:
            if pred(c):
                return c
        return None
    ca = case_where("A", lambda c: c["stage"] == "certification")
    cb = case_where("B", lambda c: c["stage"] == "assessment") or \
        case_where("B", lambda c: c["stage"] != "archived")
    for k, c in (("A", ca), ("B", cb)):
        F[k]["case"] = c["id"]
        F[k]["case_stage"] = c["stage"]
        F[k]["dossier"] = c["dossier_id"]
    # archives: one closed case of each organisation other than the one above
    for k in ("A", "B"):
        arch = None
        order = sorted(F[k]["cases"], key=lambda c: c.get("close_reason") == "certified")
        for c in order:
            if c["id"] != F[k]["case"] and c.get("closed_on") and c["stage"] != "archived":
                st, body = mgr.json("POST", "/api/v1/cases/%d/archive" % c["id"])
                if st == 200:
                    arch = c["id"]
                    break
                note("archiving case %d: %d %s" % (c["id"], st, body))
            elif c["stage"] == "archived":
                arch = c["id"]
                break
        F[k]["archive"] = arch
    # certificates
    for k, cli in (("A", aaA), ("B", aaB)):
        st, certs = cli.json("GET", "/api/v1/certificates?limit=500")
        F[k]["cert"] = pick(certs["items"])
        F[k]["cert_number"] = certs["items"][0]["number"] if certs["items"] else None
    # sanctions, appeals, complaints: the demo gives some organisations none; add one each
    for k, cli in (("A", aaA), ("B", aaB)):
        org = F[k]["org"]
        st, s = cli.json("GET", "/api/v1/sanctions")
        if not s["items"]:
            st, x = sup.json("POST", "/api/v1/sanctions", {
                "org_id": org, "cert_id": F[k]["cert"], "kind": "warning",
                "violation": "未按期报送年度报告（矩阵测试%s）" % k,
                "evidence": "监督检查记录", "decision": "给予警告"})
            assert st == 201, (st, x)
            st, s = cli.json("GET", "/api/v1/sanctions")
        F[k]["sanction"] = pick(s["items"])
        st, a = cli.json("GET", "/api/v1/appeals")
        if not a["items"]:
            st, x = cli.json("POST", "/api/v1/appeals", {
                "sanction_id": F[k]["sanction"], "grounds": "我单位已按期报送（矩阵测试%s）" % k})
            assert st == 201, (st, x)
            st, a = cli.json("GET", "/api/v1/appeals")
        F[k]["appeal"] = pick(a["items"])
        st, c = cli.json("GET", "/api/v1/complaints")
        if not c["items"]:
            st, x = cli.json("POST", "/api/v1/complaints", {
                "received_on": "2026-10-01", "complainant": "某客户（矩阵测试%s）" % k,
                "summary": "报告交付延迟（矩阵测试%s）" % k, "measures": "增加复核"})
            assert st == 201, (st, x)
            st, c = cli.json("GET", "/api/v1/complaints")
        F[k]["complaint"] = pick(c["items"])
        st, p = cli.json("GET", "/api/v1/organisations/%d/people" % org)
        F[k]["person"] = pick(p["items"])
        st, p = cli.json("GET", "/api/v1/organisations/%d/projects" % org)
        F[k]["project"] = pick(p["items"])
        st, ev = cli.json("GET", "/api/v1/dossiers/%d/evidence" % F[k]["dossier"])
        F[k]["evidence"] = pick(ev["items"])
        st, rect = mgr.json("GET", "/api/v1/cases/%d/rectifications" % F[k]["case"])
        F[k]["rect"] = pick(rect["items"]) if st == 200 and rect.get("items") else 999999
        st, o = cli.json("GET", "/api/v1/organisations/%d" % org)
        F[k]["org_record"] = o
        # a draft dossier with an evidence file: the applicant's own workspace
        st, d = cli.json("POST", "/api/v1/dossiers", {"category": "ai-security", "level": 1})
        assert st == 201, (st, d)
        F[k]["draft"] = d["id"]
        st, _, data = cli.call("POST", "/api/v1/dossiers/%d/evidence" % d["id"], upload={
            "fields": {"reqs": G["req"]}, "filename": "draft-%s.pdf" % k,
            "content": b"%PDF-1.4\n% matrix test\n%%EOF\n"})
        assert st == 201, (st, data)
        F[k]["draft_evidence"] = jbody(data)["id"]
    # an open batch: adding a case to it reaches the case's visibility, not the batch's state
    st, b = cl["certo"].json("POST", "/api/v1/batches")
    assert st == 201, (st, b)
    G["batch"] = b["id"]
    # a rectification request on B's case in assessment, when its state allows one
    st, r = cl["lead"].json("POST", "/api/v1/cases/%d/rectifications" % F["B"]["case"], {
        "item_id": G["req"], "request": "请补充制度发布记录。", "deadline": "2026-12-31"})
    if st == 409 and r["error"]["code"] == "case.state":
        # the audit plan moves the case from planning to in_progress
        st, x = cl["lead"].json("PUT", "/api/v1/cases/%d/plan" % F["B"]["case"],
                                {"content": "审核计划：文档审查、人员访谈、实际操作。"})
        st, r = cl["lead"].json("POST", "/api/v1/cases/%d/rectifications" % F["B"]["case"], {
            "item_id": G["req"], "request": "请补充制度发布记录。", "deadline": "2026-12-31"})
    if st == 201:
        F["A"]["rect"] = F["B"]["rect"] = r["id"]
    else:
        note("no rectification on case %d: %d %s" % (F["B"]["case"], st, r))
    # a published public document, when this build has them
    G["pubdoc"] = 1
    st, _, data = cl["sys"].call("POST", "/api/v1/documents", upload={
        "fields": {"kind": "faq", "version": "matrix-0"}, "filename": "faq.pdf",
        "content": b"%PDF-1.4\n% faq\n%%EOF\n"})
    if st == 201 and isinstance(jbody(data), dict) and jbody(data).get("id"):
        G["pubdoc"] = jbody(data)["id"]
    # case membership of the body's accounts and the stage of every case
    G["members"] = {}
    G["case_org"] = {}
    G["case_stage"] = {}
    for k in ("A", "B"):
        for c in F[k]["cases"]:
            G["case_org"][c["id"]] = k
            G["case_stage"][c["id"]] = c["stage"]
            st, m = mgr.json("GET", "/api/v1/cases/%d/members" % c["id"])
            for row in m["items"]:
                G["members"].setdefault(row["username"], set()).add(c["id"])
    G["case_stage"][F["A"]["case"]] = F["A"]["case_stage"]
    G["case_stage"][F["B"]["case"]] = F["B"]["case_stage"]
    for k in ("A", "B"):
        for key in ("org", "case", "dossier", "cert", "sanction", "appeal", "complaint", "person",
                    "project", "evidence", "archive", "draft", "draft_evidence"):
            if not F[k].get(key):
                raise RuntimeError("fixture: organisation %s has no %s" % (k, key))
    return F, G


def identity_strings(cl, F):
    """Identifying strings of each organisation as its own administrator sees them, and the
    text of everything it sees (the baseline another organisation's strings are checked
    against: a string both organisations hold is not identifying)."""
    ident, baseline = {}, {}
    for k in ("A", "B"):
        cli = cl["aa." + k]
        org = F[k]["org"]
        texts, strs = [], set()

        def grab(path, fields):
            st, body = cli.json("GET", path)
            texts.append(json.dumps(body, ensure_ascii=False))
            items = body.get("items", [body]) if isinstance(body, dict) else []
            for it in items:
                for f in fields:
                    v = it.get(f)
                    if isinstance(v, str):
                        strs.add(v)
        grab("/api/v1/organisations/%d" % org,
             ["name", "uscc", "address", "contact_name", "contact_phone", "email"])
        grab("/api/v1/organisations/%d/people?limit=500&include_inactive=true" % org,
             ["name", "cisp_number"])
        grab("/api/v1/organisations/%d/projects?limit=500" % org, ["name", "client"])
        grab("/api/v1/cases?limit=500", ["number"])
        grab("/api/v1/certificates?limit=500", ["number"])
        grab("/api/v1/sanctions?limit=500", ["violation", "evidence", "decision"])
        grab("/api/v1/appeals?limit=500", ["grounds", "investigation"])
        grab("/api/v1/complaints?limit=500", ["complainant", "summary", "measures"])
        grab("/api/v1/dossiers?limit=500", [])
        st, _, data = cli.call("GET", "/api/v1/organisations/%d/personal-data" % org)
        texts.append(data.decode("utf-8", "replace"))
        ident[k] = {s for s in strs if len(s.strip()) >= 2}
        baseline[k] = "\n".join(texts)
    return ident, baseline


# ---- requests of the matrix ----------------------------------------------------------------

def fill(rt, ctx, F, G):
    """The concrete path, JSON body and upload of a route in a context."""
    p, m = rt["pattern"], rt["method"]
    k = ctx[0] if ctx != "-" else "A"
    f = F[k]
    draft = ctx.endswith("d")
    dossier = f["draft"] if draft else f["dossier"]
    evidence = f["draft_evidence"] if draft else f["evidence"]
    seg = p.split("/")[3] if len(p.split("/")) > 3 else ""
    ids = {
        "organisations": {"id": f["org"]},
        "dossiers": {"id": dossier},
        "evidence": {"id": evidence},
        "cases": {"id": f["case"]},
        "certificates": {"id": f["cert"]},
        "sanctions": {"id": f["sanction"]},
        "appeals": {"id": f["appeal"]},
        "complaints": {"id": f["complaint"]},
        "batches": {"id": G["batch"], "caseId": f["case"]},
        "archives": {"caseId": f["archive"]},
        "catalogs": {"id": G["catalog"], "itemId": G["req"]},
        "users": {},
        "public": {"number": F["A"]["cert_number"], "id": G["pubdoc"]},
    }.get(seg, {})
    vals = dict(personId=f["person"], projectId=f["project"], evidenceId=evidence,
                reqId=G["req"], itemId=G["req"], rectId=f["rect"], role="assessor",
                username="demo-assessor")
    vals.update(ids)
    if seg == "users":
        vals.update(username="free-expert", role="expert") if m == "DELETE" else \
            vals.update(username="norole-user")
    path = re.sub(r"\{(\w+)\}", lambda mm: str(vals[mm.group(1)]), p)
    if m == "GET" and p in LIST_FILTER and ctx != "-":
        path += "?organisation=%d" % f["org"]
    if (m, p) == ("GET", "/api/v1/organisations/{id}/checks"):
        path += "?date=2026-11-25&category=ai-security&level=1"
    if (m, p) == ("GET", "/api/v1/catalogs/current"):
        path += "?category=ai-security&level=1"
    body, upload = None, None
    if "upload" in rt["flags"]:
        fields = {}
        if p.endswith("/evidence"):
            fields = {"reqs": G["req"]}
        elif p == "/api/v1/documents":
            fields = {"kind": "faq", "version": "matrix-1"}
        upload = {"fields": fields, "filename": "matrix.pdf",
                  "content": b"%PDF-1.4\n% authz matrix\n%%EOF\n"}
    elif "json" in rt["flags"]:
        body = json_body(rt, f, G)
    return path, body, upload


def json_body(rt, f, G):
    p, m = rt["pattern"], rt["method"]
    rec = f["org_record"]
    t = {
        ("POST", "/api/v1/session"): {"username": "probe-signin", "password": G["pw"]},
        ("POST", "/api/v1/users"): {"username": "probe-new", "display_name": "探针账号",
                                    "password": G["pw"]},
        ("POST", "/api/v1/users/{username}/roles"): {"role": "expert"},
        ("POST", "/api/v1/organisations"): {"name": "福建乙信息技术有限公司",
                                            "uscc": "91350100M000100Y43",
                                            "email": "apply@yi.example.cn"},
        # the organisation's own record (its USCC unchanged)
        ("PUT", "/api/v1/organisations/{id}"): {
            k: rec[k] for k in ("name", "uscc", "legal_person", "address", "contact_name",
                                "contact_phone", "email") if rec.get(k) is not None},
        ("POST", "/api/v1/organisations/{id}/people"): {"name": "测试人员",
                                                        "employment": "full_time"},
        ("PUT", "/api/v1/organisations/{id}/people/{personId}"): {"name": "测试人员",
                                                                  "employment": "full_time"},
        ("PUT", "/api/v1/organisations/{id}/people/{personId}/active"): {"active": False},
        ("POST", "/api/v1/organisations/{id}/projects"): {"name": "测试项目"},
        ("PUT", "/api/v1/organisations/{id}/projects/{projectId}"): {"name": "测试项目"},
        ("POST", "/api/v1/dossiers"): {"category": "ai-security", "level": 1, "org_id": f["org"]},
        ("PUT", "/api/v1/dossiers/{id}/form"): {"form": {"contact_phone": "010-00000000"}},
        ("PUT", "/api/v1/dossiers/{id}/answers/{reqId}"): {"rating": "conforms",
                                                           "statement": "满足。"},
        ("PUT", "/api/v1/dossiers/{id}/courier"): {"courier": "顺丰", "tracking_no": "SF0001"},
        ("POST", "/api/v1/cases/{id}/members"): {"username": "free-assessor", "role": "assessor"},
        ("PUT", "/api/v1/cases/{id}/paper"): {"matches": True},
        ("PUT", "/api/v1/cases/{id}/exception"): {"note": "分支机构经授权。"},
        ("POST", "/api/v1/cases/{id}/review"): {"outcome": "accepted", "opinion": "符合受理条件。"},
        ("PUT", "/api/v1/cases/{id}/agreement/effective"): {},
        ("POST", "/api/v1/cases/{id}/payments"): {"amount_fen": 100},
        ("POST", "/api/v1/cases/{id}/withdraw"): {"reason": "不再需要"},
        ("PUT", "/api/v1/cases/{id}/plan"): {"content": "审核计划"},
        ("POST", "/api/v1/cases/{id}/activities"): {"method": G["method"], "participants": "评估员",
                                                    "items": [G["req"]], "findings": "无"},
        ("PUT", "/api/v1/cases/{id}/ratings/{itemId}"): {"rating": "conforms"},
        ("POST", "/api/v1/cases/{id}/rectifications"): {"item_id": G["req"], "request": "补充",
                                                        "deadline": "2026-12-31"},
        ("POST", "/api/v1/cases/{id}/rectifications/{rectId}/done"): {},
        ("POST", "/api/v1/cases/{id}/conclusion"): {"conclusion": "met"},
        ("POST", "/api/v1/cases/{id}/votes"): {"vote": "pass", "opinion": "证据充分。"},
        ("POST", "/api/v1/batches/{id}/cases"): {"case_id": f["case"]},
        ("POST", "/api/v1/batches/{id}/issue"): {},
        ("POST", "/api/v1/batches/{id}/publish"): {},
        ("POST", "/api/v1/sanctions"): {"org_id": f["org"], "cert_id": f["cert"],
                                        "kind": "warning", "violation": "矩阵测试",
                                        "evidence": "记录", "decision": "警告"},
        ("POST", "/api/v1/sanctions/{id}/lift"): {},
        ("POST", "/api/v1/sanctions/{id}/rectified"): {},
        ("POST", "/api/v1/appeals"): {"sanction_id": f["sanction"], "grounds": "理由"},
        ("POST", "/api/v1/appeals/{id}/decision"): {"outcome": "dismissed",
                                                    "investigation": "经调查驳回。"},
        ("POST", "/api/v1/complaints"): {"org_id": f["org"], "received_on": "2026-11-01",
                                         "summary": "矩阵测试"},
        ("PUT", "/api/v1/complaints/{id}"): {"received_on": "2026-11-01", "summary": "矩阵测试"},
        ("POST", "/api/v1/archives/{caseId}/hold"): {"reason": "诉讼保全"},
        ("POST", "/api/v1/archives/{caseId}/hold/release"): {"reason": "解除"},
    }
    if (m, p) not in t:
        raise RuntimeError("no request body for %s %s: add one to json_body()" % (m, p))
    return t[(m, p)]


# ---- expectations ------------------------------------------------------------------------------

def visible(pn, ctx, rt, F, G):
    """Whether the principal may see the object of the route in the context (R-0.1, R-0.2)."""
    if ctx == "-":
        return True
    name, user, role, org = PNAME[pn]
    k, draft = ctx[0], ctx.endswith("d")
    kind = object_kind(rt)
    if role in APP:
        return org == k
    if draft and kind == "dossier":
        return False  # drafts are the applicant's own workspace
    if role in SEE_ALL:
        return True
    if role in CASE_TEAM:
        mine = G["members"].get(user, set())
        if kind in ("org", "orglist"):
            return any(G["case_org"].get(c) == k for c in mine)
        case = F[k]["archive"] if rt["pattern"].startswith("/api/v1/archives/") else F[k]["case"]
        return case in mine
    if role == CO:
        if kind == "orglist":  # every organisation's cases in certification, and certificates
            return True
        if kind == "case":
            return G["case_stage"].get(F[k]["case"]) == "certification"
        return kind == "cert"
    if role == SY:
        return kind == "org"
    return False


def expect(rt, pn, ctx, F, G):
    """'public' | '401' | '403' | '404' | 'ok'."""
    roles = rt["roles"]
    if roles == PUBLIC:
        return "public"
    if pn == "anon":
        return "401"
    role = PNAME[pn][2]
    if roles != SIGNED_IN and role not in roles:
        return "403"
    return "ok" if visible(pn, ctx, rt, F, G) else "404"


def spec_allows(rt, pn):
    s = SPEC.get((rt["method"], rt["pattern"]), set())  # no row: nobody (and a failed check)
    if s == PUBLIC:
        return True
    if pn == "anon":
        return False
    return s == SIGNED_IN or PNAME[pn][2] in s


# ---- running and judging ------------------------------------------------------------------------

class Judge:
    def __init__(self, F, G, ident, baseline):
        self.F, self.G = F, G
        self.fail = {}   # check name -> list of detail lines
        self.count = {}  # check name -> number of combinations it covered
        self.cells = {}  # (method pattern, principal) -> list of "ctx=status" strings
        self.leak_scanned = 0
        self.leak_bytes = 0
        self.spec_2xx = []
        # identifying strings of each organisation that the other one does not hold itself
        self.ident = {}
        for k, other in (("A", "B"), ("B", "A")):
            self.ident[k] = sorted(s for s in ident[k] if s not in baseline[other])
        self.ident_all = sorted(set(self.ident["A"]) | set(self.ident["B"]))

    def add(self, check, ok, detail):
        self.count[check] = self.count.get(check, 0) + 1
        if not ok:
            self.fail.setdefault(check, []).append(detail)

    def judge(self, rt, pn, ctx, path, reqtext, st, hdrs, data):
        exp = expect(rt, pn, ctx, self.F, self.G)
        key = "%s %s" % (rt["method"], rt["pattern"])
        body = jbody(data)
        code = body.get("error", {}).get("code") if isinstance(body, dict) and \
            isinstance(body.get("error"), dict) else None
        where = "%s %s as %s [%s] -> %d %s" % (rt["method"], path, pn, ctx, st, code or "")
        bad = False
        self.add("no 5xx", st < 500, where + " " + data[:200].decode("utf-8", "replace"))
        bad |= st >= 500
        if exp == "public":
            ok = st not in (401, 403) and st < 500
            self.add("public", ok, where)
        elif exp == "401":
            ok = st == 401
            self.add("anonymous 401", ok, where)
        elif exp == "403":
            ok = st == 403 and code == "auth.role"
            self.add("role 403", ok, where)
        elif exp == "404":
            ok = st == 404
            role = PNAME[pn][2]
            if role in APP:
                self.add("other organisation 404", ok, where)
            elif pn.endswith(".free") or role in CASE_TEAM:
                self.add("unassigned 404", ok, where)
            else:
                self.add("not visible 404", ok, where)
        else:  # ok
            ok = st not in (401, 403) and st < 500 and not (st == 404 and code in SCOPE_NOT_FOUND)
            role = PNAME[pn][2]
            if role in SEE_ALL and rt["method"] == "GET":
                ok = ok and st not in (403, 404)
                self.add("manager/supervisor read", ok, where)
            else:
                self.add("allowed", ok, where)
        bad |= not ok
        # refusals carry an error object and nothing else
        if st in (401, 403, 404):
            clean = isinstance(body, dict) and set(body) == {"error"} and \
                isinstance(body["error"], dict) and set(body["error"]) <= \
                {"code", "message", "message_en", "rule"}
            self.add("refusal bodies", clean, where + " " + data[:200].decode("utf-8", "replace"))
            bad |= not clean
        # SPEC: no role it does not allow reaches the route
        if 200 <= st < 300 and not spec_allows(rt, pn):
            self.spec_2xx.append(where)
        # 0 bytes of another organisation's data; unassigned staff see none at all
        # a 404 for an object the caller may not see names nothing of it (not even a
        # case number in the error message)
        if rt["roles"] != PUBLIC:
            role = PNAME[pn][2]
            if role in APP:
                other = "B" if PNAME[pn][3] == "A" else "A"
                self.scan(where, reqtext, data, hdrs, self.ident[other], self.F[other]["org"])
            elif pn.endswith(".free"):
                self.scan(where, reqtext, data, hdrs, self.ident_all,
                          (self.F["A"]["org"], self.F["B"]["org"]))
            elif exp == "404":
                k = ctx[0]
                self.scan(where, reqtext, data, hdrs, self.ident[k], self.F[k]["org"])
        cell = "%s:%s=%d%s%s" % (ctx, "P" if exp == "public" else exp, st,
                                 "(%s)" % code if code and exp in ("ok", "public") else "",
                                 "!" if bad else "")
        self.cells.setdefault((key, pn), []).append(cell)

    def scan(self, where, reqtext, data, hdrs, strings, org_ids):
        if not isinstance(org_ids, tuple):
            org_ids = (org_ids,)
        self.leak_scanned += 1
        texts = [data.decode("utf-8", "replace")]
        body = jbody(data)
        if body is not None:
            texts.append(json.dumps(body, ensure_ascii=False))
        if data[:2] == b"PK":
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    for n in z.namelist():
                        texts.append(n)
                        texts.append(z.read(n).decode("utf-8", "replace"))
            except zipfile.BadZipFile:
                pass
        texts.append(hdrs.get("content-disposition", ""))
        text = "\n".join(texts)
        found = [s for s in strings if s in text and s not in reqtext]
        ids = []

        def walk(v):
            if isinstance(v, dict):
                for kk, vv in v.items():
                    if kk == "org_id" and vv in org_ids:
                        ids.append(vv)
                    walk(vv)
            elif isinstance(v, list):
                for vv in v:
                    walk(vv)
        walk(body)
        leaked = sum(len(s.encode()) for s in found)
        self.leak_bytes += leaked
        self.add("no other organisation's data", not found and not ids,
                 "%s: %s%s" % (where, ", ".join(found[:5]), " org_id=%s" % ids if ids else ""))


def run_combo(srv, sessions, judge, rt, pn, ctx, F, G):
    path, body, upload = fill(rt, ctx, F, G)
    c = Client(srv, *(sessions.get(pn) or (None, None)))
    reqtext = path + (json.dumps(body, ensure_ascii=False) if body is not None else "")
    st, hdrs, data = c.call(rt["method"], path, body=body, upload=upload)
    judge.judge(rt, pn, ctx, path, reqtext, st, hdrs, data)
    return st


def domain_audit_count(srv, sessions):
    """Audit entries other than sign-in/out (a refused request must commit nothing)."""
    c = Client(srv, *sessions["aud"])
    n, offset = 0, 0
    while True:
        st, body = c.json("GET", "/api/v1/audit?limit=500&offset=%d" % offset)
        if st != 200:
            raise RuntimeError("audit list: %d %s" % (st, body))
        for e in body["items"]:
            a = e.get("action", "")
            if not a.startswith("session.") and not a.startswith("auth."):
                n += 1
        offset += len(body["items"])
        if not body["items"] or offset >= body["total"]:
            return n, body["total"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zizhid", required=True)
    ap.add_argument("--data", required=True, help="the demo data directory (used, then kept)")
    ap.add_argument("--work", required=True, help="scratch directory for copies and logs")
    ap.add_argument("--password", required=True)
    ap.add_argument("--date", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--matrix", required=True)
    args = ap.parse_args()
    t0 = time.time()
    results = RESULTS

    def result(ok, desc, details=()):
        results.append((ok, desc, list(details)))

    routes = load_routes(args.zizhid)
    G0 = {"pw": args.password}

    # ---- the route table against SPEC ----------------------------------------------------
    keys = {(r["method"], r["pattern"]) for r in routes}
    missing = sorted(keys - set(SPEC))
    stale = sorted(set(SPEC) - keys)
    result(not missing and not stale,
           "SPEC table of the test covers exactly the %d routes of --print-routes" % len(routes),
           ["route without a SPEC row: %s %s" % k for k in missing] +
           ["SPEC row without a route: %s %s" % k for k in stale])
    wider = []
    narrower = []
    for r in routes:
        s = SPEC.get((r["method"], r["pattern"]))
        if s is None:
            continue
        if r["roles"] in (PUBLIC, SIGNED_IN) or s in (PUBLIC, SIGNED_IN):
            if r["roles"] != s:
                wider.append("%s %s: router %s, SPEC %s" % (r["method"], r["pattern"],
                                                             r["roles"], s))
            continue
        if r["roles"] - s:
            wider.append("%s %s: router lets in %s" % (r["method"], r["pattern"],
                                                       ",".join(sorted(r["roles"] - s))))
        if s - r["roles"]:
            narrower.append("%s %s: not %s" % (r["method"], r["pattern"],
                                               ",".join(sorted(s - r["roles"]))))
    result(not wider, "no route declares a role SPEC section 0 does not allow", wider)

    # ---- set-up: sign in, complete the fixture ---------------------------------------------
    log = os.path.join(args.work, "zizhid.log")
    srv = Server(args, args.data, log)
    try:
        sessions, users = {}, {}
        for pn, user, role, org in PRINCIPALS:
            if user:
                cookie, csrf, u = sign_in(srv, user, args.password)
                sessions[pn] = (cookie, csrf)
                users[pn] = u
                if role not in u["roles"]:
                    raise RuntimeError("%s does not hold %s: %s" % (user, role, u["roles"]))
        cl = {}
        for pn in sessions:
            cl[pn] = Client(srv, *sessions[pn])
            cl[pn].user = users[pn]
        F, G = build_fixture(cl)
        G.update(G0)
        ident, baseline = identity_strings(cl, F)
        result(True, "fixture: %d principals signed in; organisations A=%d, B=%d with a case, "
               "dossier, draft, evidence, certificate, sanction, appeal, complaint, archive" %
               (len(sessions), F["A"]["org"], F["B"]["org"]))
        judge = Judge(F, G, ident, baseline)
        note("identifying strings: A %d, B %d" % (len(judge.ident["A"]), len(judge.ident["B"])))
        note("fixture A: " + json.dumps({k: v for k, v in F["A"].items()
                                         if k not in ("cases", "org_record")}))
        note("fixture B: " + json.dumps({k: v for k, v in F["B"].items()
                                         if k not in ("cases", "org_record")}))

        # ---- reads -------------------------------------------------------------------------
        combos = [(rt, pn, ctx) for rt in routes for pn, *_ in PRINCIPALS for ctx in contexts(rt)]
        reads = [c for c in combos if not is_write(c[0])]
        writes = [c for c in combos if is_write(c[0])]
        for rt, pn, ctx in reads:
            run_combo(srv, sessions, judge, rt, pn, ctx, F, G)
        note("reads: %d combinations in %.1f s" % (len(reads), time.time() - t0))
    finally:
        srv.stop()

    # ---- writes: refused ones together on one copy, each allowed one on a copy of its own ----
    base = args.data
    refused = [c for c in writes if expect(c[0], c[1], c[2], F, G) in ("401", "403", "404")]
    allowed = [c for c in writes if c not in refused]
    # sign-out last: it ends the session the other requests use
    refused.sort(key=lambda c: c[0]["pattern"] == "/api/v1/session")
    wdir = os.path.join(args.work, "w-refused")
    shutil.copytree(base, wdir)
    srv = Server(args, wdir, log)
    try:
        before = domain_audit_count(srv, sessions)
        for rt, pn, ctx in refused:
            run_combo(srv, sessions, judge, rt, pn, ctx, F, G)
        after = domain_audit_count(srv, sessions)
    finally:
        srv.stop()
    shutil.rmtree(wdir)
    result(before[0] == after[0],
           "%d refused writes committed nothing: %d domain audit entries before and after"
           % (len(refused), before[0]),
           ["before %s, after %s (entries, all)" % (before, after)])
    t1 = time.time()
    for i, (rt, pn, ctx) in enumerate(allowed):
        wdir = os.path.join(args.work, "w-%d" % i)
        shutil.copytree(base, wdir)
        srv = Server(args, wdir, log)
        try:
            run_combo(srv, sessions, judge, rt, pn, ctx, F, G)
        finally:
            srv.stop()
            shutil.rmtree(wdir)
    note("writes: %d refused on one copy, %d allowed on a copy each, %.1f s"
         % (len(refused), len(allowed), time.time() - t1))

    # ---- results -------------------------------------------------------------------------
    total = len(reads) + len(writes)
    checks = [
        ("anonymous 401", "anonymous on every protected route: 401"),
        ("role 403", "a role outside the route's set: 403 auth.role"),
        ("other organisation 404", "an applicant on another organisation's object: 404 (R-0.1)"),
        ("unassigned 404", "an unassigned project lead, assessor or expert: 404 (R-0.2)"),
        ("not visible 404", "other roles on an object outside their scope (cert officer: cases "
                            "not in certification; drafts): 404"),
        ("manager/supervisor read", "manager and supervisor read every case's data: never "
                                    "403/404 (R-0.2)"),
        ("allowed", "allowed combinations: never 401/403, never the not-found of their object"),
        ("public", "public routes answer without sign-in"),
        ("refusal bodies", "every 401/403/404 carries an error object and nothing else"),
        ("no 5xx", "no combination answers 5xx"),
    ]
    for key, desc in checks:
        n, bad = judge.count.get(key, 0), judge.fail.get(key, [])
        result(not bad and n > 0, "%s (%d combinations, %d failed)" % (desc, n, len(bad)),
               bad[:40])
    result(not judge.spec_2xx,
           "0 routes reachable (2xx) by a role SPEC does not allow (%d found)"
           % len(judge.spec_2xx), judge.spec_2xx[:40])
    bad = judge.fail.get("no other organisation's data", [])
    result(not bad and judge.leak_scanned > 0,
           "0 bytes of another organisation's data in %d responses to applicants, unassigned "
           "staff and refusals (%d leaked bytes; %d+%d identifying strings)"
           % (judge.leak_scanned, judge.leak_bytes, len(judge.ident["A"]), len(judge.ident["B"])),
           bad[:40])

    # ---- the matrix file -----------------------------------------------------------------
    with open(args.matrix, "w", encoding="utf-8") as out:
        out.write("zizhid authorisation matrix: %d routes x %d principals, %d combinations "
                  "(%.0f s)\n" % (len(routes), len(PRINCIPALS), total, time.time() - t0))
        out.write("cell: context:expected=status; contexts: - no object, A organisation A's "
                  "object, B organisation B's, Ad/Bd their draft dossiers; expected: P public, "
                  "401, 403 (auth.role), 404, ok (anything but 401/403/5xx and the object's "
                  "not-found); '!' marks a failure\n")
        out.write("A = organisation %d (aa.A, am.A), B = organisation %d (aa.B, am.B); "
                  "lead/asr/exp are assigned to some cases, *.free to none\n\n"
                  % (F["A"]["org"], F["B"]["org"]))
        for rt in routes:
            key = "%s %s" % (rt["method"], rt["pattern"])
            out.write("%s  router=%s\n" % (key, rt["roles"] if isinstance(rt["roles"], str)
                                            else ",".join(sorted(rt["roles"]))))
            for pn, *_ in PRINCIPALS:
                out.write("    %-10s %s\n" % (pn, " ".join(judge.cells.get((key, pn), []))))
        out.write("\nidentifying strings searched for (each organisation's, less those the "
                  "other holds too):\n")
        for k in ("A", "B"):
            out.write("    %s: %s\n" % (k, " | ".join(judge.ident[k])))
        if narrower:
            out.write("\nroutes where the router is narrower than SPEC (allowed by SPEC, refused "
                      "by the router):\n")
            for n in narrower:
                out.write("    %s\n" % n)
    result(True, "%d combinations checked (%d routes x %d principals x own/other organisation); "
           "matrix in %s" % (total, len(routes), len(PRINCIPALS), os.path.relpath(args.matrix)))

    note("done in %.1f s" % (time.time() - t0))


RESULTS = []  # (ok, description, [detail lines]), written to --results even after a failure


def write_results(path):
    with open(path, "w", encoding="utf-8") as out:
        for ok, desc, details in RESULTS:
            out.write("%s\t%s\n" % ("ok" if ok else "not ok", desc))
            for d in details:
                out.write("#\t%s\n" % d)


if __name__ == "__main__":
    rpath = sys.argv[sys.argv.index("--results") + 1] if "--results" in sys.argv else None
    try:
        main()
    except Exception as e:  # the shell script counts the results it did not get as failures
        import traceback
        traceback.print_exc()
        RESULTS.append((False, "authz_matrix.py stopped: %s" % e, []))
        sys.exit(1)
    finally:
        if rpath:
            write_results(rpath)

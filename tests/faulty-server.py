#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A misbehaving stand-in for cours-adultes-server, to test how clients face faults.

Usage:
    /usr/bin/python3 tests/faulty-server.py [--mode MODE] [--path PATH=MODE ...]

It listens on 127.0.0.1 on a free port and prints, once ready (flushed):
    listening on http://127.0.0.1:PORT
It stops on SIGTERM / SIGINT, or on POST /__shutdown.

Modes (the behaviour of every request, unless a per-path mode matches):
    ok          a small but coherent service of the contract (catalogue with ETag/304,
                search, sheets, captcha with X-Captcha-Answer, accounts, session, profile,
                candidatures, payment, contact), in memory, so an app can be driven against it
    hang        accepts the request and never answers (until the client gives up)
    500         500 with an HTML body
    500-json    500 with a contract error body (internal-error)
    503-json    503 with a contract error body (service-unavailable)
    garbage     200 with an HTML body
    half-json   200 with half a JSON document and a Content-Length that matches it
    truncated   200 announcing the full Content-Length, sends half of it, closes the connection
    wrong-shape 200 with valid JSON of the wrong shape for every path (strings for numbers…)
    empty       200 with an empty body
    close       closes the connection without answering
    401         authenticated calls (profile, candidatures, DELETE /session, contact with a
                token) answer 401 unauthorized; the others behave as `ok`
    429         POST /session answers 429 too-many-attempts with Retry-After: 120; the others
                behave as `ok`
    slow:N      behaves as `ok` after N seconds (N may be fractional)

Per-path modes win over the global one: `--path /api/v1/catalogue=500`. A path ending in `*`
is a prefix (`--path '/api/v1/candidatures*=401'`). The query string is never part of the path.

Control endpoints, whatever the mode:
    POST /__mode       body {"mode": "500"} switches the global mode;
                       {"path": "/api/v1/catalogue", "mode": "hang"} sets a per-path mode;
                       {"path": "/api/v1/catalogue", "mode": null} removes it;
                       {"reset": true} drops every per-path mode;
                       {"domain_names": {"langues": "Langues vivantes"}} renames domains in
                       the catalogue served from then on (a new ETag: a newer catalogue).
                       Answers 200 {"mode": …}.
    GET  /__requests   200 [{"method","path","query","authorization","if_none_match",
                       "user_agent"}, …]:
                       every request received so far (not the control ones)
    POST /__shutdown   stops the server

In `ok` mode: the captcha answer is always sent in X-Captcha-Answer; an account can log in
at once (no mail); tokens are "token-1", "token-2"…; DELETE /session revokes the token;
POST /__mode {"mode": "401"} then simulates a session that expires mid-way.

Example (a UI test):
    p = subprocess.Popen(["/usr/bin/python3", "tests/faulty-server.py", "--mode", "ok"],
                         stdout=subprocess.PIPE, text=True)
    url = p.stdout.readline().split()[-1]
    ... drive the app against url ...
    urllib.request.urlopen(urllib.request.Request(url + "/__mode", method="POST",
                           data=b'{"mode": "401"}'))
"""

import argparse
import hashlib
import json
import signal
import sys
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MODES = ("ok", "hang", "500", "500-json", "503-json", "garbage", "half-json", "truncated",
         "wrong-shape", "empty", "close", "401", "429")

WRONG_SHAPE = json.dumps({"id": 7, "title": ["x"], "total": "many", "items": {"id": 1},
                          "domains": "none", "token": 42, "status": None}).encode()

MESSAGES = {
    "invalid-request": "La demande envoyée au service est incorrecte.",
    "unauthorized": "Votre session a expiré. Veuillez vous reconnecter.",
    "invalid-credentials": "Adresse électronique ou mot de passe incorrect.",
    "not-found": "L’élément demandé est introuvable.",
    "too-many-attempts": "Trop de tentatives de connexion. Réessayez dans quelques minutes.",
    "internal-error": "Le service a rencontré une erreur interne. Réessayez plus tard.",
    "service-unavailable": "Le service est momentanément indisponible. Réessayez plus tard.",
    "not-deletable": "Seule une formation présélectionnée et non confirmée peut être supprimée.",
    "not-cancellable": "Cette candidature ne peut plus être annulée.",
    "not-payable": "Cette candidature n’est pas en attente de règlement.",
    "validation-failed": "Certains champs sont incorrects. Corrigez-les puis réessayez.",
}

CATALOGUE = {
    "domains": [
        {"id": "langues", "name": "Langues", "course_count": 2},
        {"id": "informatique", "name": "Informatique", "course_count": 1},
    ],
    "periods": [
        {"id": "2026-open", "name": "Inscriptions ouvertes",
         "opens_at": "2026-01-01T09:00:00+01:00", "closes_at": "2099-12-31T18:00:00+01:00",
         "open": True},
        {"id": "2025-closed", "name": "Inscriptions closes",
         "opens_at": "2025-01-01T09:00:00+01:00", "closes_at": "2025-02-01T18:00:00+01:00",
         "open": False},
    ],
    "rhythms": [{"id": "annual", "name": "Annuel"}, {"id": "semester-1", "name": "1er semestre"}],
    "modes": [{"id": "onsite", "name": "Présentiel"}, {"id": "remote", "name": "Distanciel"},
              {"id": "hybrid", "name": "Hybride"}],
    "slots": [{"id": "day", "name": "Journée"}, {"id": "morning", "name": "Matin"},
              {"id": "afternoon", "name": "Après-midi"}, {"id": "evening", "name": "Soirée"}],
    "days": [{"id": d, "name": n} for d, n in (
        ("monday", "Lundi"), ("tuesday", "Mardi"), ("wednesday", "Mercredi"),
        ("thursday", "Jeudi"), ("friday", "Vendredi"), ("saturday", "Samedi"),
        ("sunday", "Dimanche"))],
    "arrondissements": [{"number": n, "name": "1er" if n == 1 else f"{n}e"}
                        for n in range(1, 21)],
    "establishments": [
        {"id": "voltaire", "name": "École Voltaire", "address": "10 rue Voltaire",
         "arrondissement": 11},
        {"id": "dorian", "name": "Lycée Dorian", "address": "74 avenue Philippe-Auguste",
         "arrondissement": 11},
    ],
    "heard_from_options": [{"id": "friend", "name": "Par un proche"},
                           {"id": "web", "name": "Sur paris.fr"}],
}

OPEN_PERIOD = {"id": "2026-open", "name": "Inscriptions ouvertes", "open": True}
CLOSED_PERIOD = {"id": "2025-closed", "name": "Inscriptions closes", "open": False}


def _session(sid, est, day, start, end, slot, mode="onsite"):
    establishment = next(e for e in CATALOGUE["establishments"] if e["id"] == est)
    return {"id": sid, "establishment": establishment, "day": day, "start": start, "end": end,
            "slot": slot, "mode": mode, "rhythm": "annual", "seats": 20}


COURSES = [
    {"id": "anglais-a1", "title": "Anglais A1", "domain": {"id": "langues", "name": "Langues"},
     "objective": "Comprendre et utiliser des expressions familières.",
     "audience": "Grands débutants", "prerequisites": "Aucun",
     "program": "Se présenter, poser des questions simples.", "fee_cents": 9500,
     "period": OPEN_PERIOD, "open": True,
     "candidature_form": [
         {"id": "level", "label": "Avez-vous déjà étudié l’anglais ?", "type": "choice",
          "required": True, "choices": ["Jamais", "Un peu"]},
         {"id": "motivation", "label": "Vos motivations", "type": "text", "required": False,
          "choices": []},
     ],
     "sessions": [_session("anglais-a1-lun", "voltaire", "monday", "18:30", "20:30",
                           "evening"),
                  _session("anglais-a1-sam", "dorian", "saturday", "09:00", "12:00",
                           "morning")]},
    {"id": "francais-b1", "title": "Français B1", "domain": {"id": "langues", "name": "Langues"},
     "objective": "Gagner en aisance à l’oral.", "audience": "Tout public",
     "prerequisites": "Niveau A2", "program": "Débats, exposés.", "fee_cents": 9500,
     "period": OPEN_PERIOD, "open": True, "candidature_form": [],
     "sessions": [_session("francais-b1-mar", "voltaire", "tuesday", "18:30", "20:30",
                           "evening")]},
    {"id": "tableur", "title": "Tableur : premiers pas",
     "domain": {"id": "informatique", "name": "Informatique"},
     "objective": "Construire un tableau simple.", "audience": "Tout public",
     "prerequisites": "Savoir utiliser une souris", "program": "Cellules, formules, graphiques.",
     "fee_cents": 4500, "period": CLOSED_PERIOD, "open": False,
     "candidature_form": [{"id": "computer", "label": "Avez-vous un ordinateur ?",
                           "type": "boolean", "required": True, "choices": []}],
     "sessions": [_session("tableur-mer", "dorian", "wednesday", "14:00", "17:00",
                           "afternoon", "hybrid")]},
]

PROFILE_FIELDS = ("civility", "last_name", "first_name", "birth_date", "birth_country",
                  "address", "postal_code", "city", "phone_mobile", "phone_other",
                  "heard_from")


def fold(text):
    """Lower case without accents: "Français" → "francais"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def session_matches(session, query):
    """Whether @session meets every session-level filter of @query (OR within a key)."""
    values = {"rhythm": session["rhythm"], "mode": session["mode"], "day": session["day"],
              "slot": session["slot"], "establishment": session["establishment"]["id"],
              "arrondissement": str(session["establishment"]["arrondissement"])}
    return all(not query.get(key) or value in query[key] for key, value in values.items())


def _etag(document):
    return '"' + hashlib.sha256(document).hexdigest()[:16] + '"'


CATALOGUE_BODY = json.dumps(CATALOGUE, ensure_ascii=False).encode()
CATALOGUE_ETAG = _etag(CATALOGUE_BODY)


class State:
    """Everything the server remembers, behind one lock."""

    def __init__(self, mode, paths):
        self.lock = threading.Lock()
        self.mode = mode
        self.paths = dict(paths)
        self.requests = []
        self.catalogue_body = CATALOGUE_BODY
        self.catalogue_etag = CATALOGUE_ETAG
        self.accounts = {}      # email → password
        self.tokens = {}        # token → email
        self.profiles = {}      # email → profile dict
        self.candidatures = {}  # id → (email, candidature dict)
        self.counter = 0
        self.stopping = threading.Event()

    def next_id(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def mode_for(self, path):
        with self.lock:
            if path in self.paths:
                return self.paths[path]
            for pattern, mode in self.paths.items():
                if pattern.endswith("*") and path.startswith(pattern[:-1]):
                    return mode
            return self.mode


def valid_mode(mode):
    if mode in MODES:
        return True
    if mode.startswith("slow:"):
        try:
            return float(mode[5:]) >= 0
        except ValueError:
            return False
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "faulty-server/1"
    state = None  # set by main()

    def log_message(self, format, *args):  # noqa: A002 - keep stderr quiet for tests
        pass

    # -- plumbing ---------------------------------------------------------------------------

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status, body=b"", content_type="application/json", headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if body or status not in (204, 304):
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _json(self, status, document, headers=None):
        self._send(status, json.dumps(document, ensure_ascii=False).encode(), headers=headers)

    def _error(self, status, code, headers=None):
        self._json(status, {"error": {"code": code, "message": MESSAGES[code]}}, headers)

    def _token(self):
        value = self.headers.get("Authorization") or ""
        return value[len("Bearer "):] if value.startswith("Bearer ") else None

    def _handle(self, method):
        url = urlsplit(self.path)
        body = self._read_body()
        if url.path.startswith("/__"):
            return self._control(method, url.path, body)
        with self.state.lock:
            self.state.requests.append({
                "method": method, "path": url.path, "query": url.query,
                "authorization": self.headers.get("Authorization"),
                "if_none_match": self.headers.get("If-None-Match"),
                "user_agent": self.headers.get("User-Agent")})
        mode = self.state.mode_for(url.path)
        if not self._fault(mode, method, url.path):
            self._serve(method, url.path, parse_qs(url.query), body)

    def do_GET(self):  # noqa: N802 - the names http.server looks for
        self._handle("GET")

    def do_POST(self):  # noqa: N802
        self._handle("POST")

    def do_PUT(self):  # noqa: N802
        self._handle("PUT")

    def do_DELETE(self):  # noqa: N802
        self._handle("DELETE")

    # -- control ----------------------------------------------------------------------------

    def _control(self, method, path, body):
        if method == "POST" and path == "/__mode":
            return self._set_mode(body)
        if method == "GET" and path == "/__requests":
            with self.state.lock:
                return self._json(200, self.state.requests)
        if method == "POST" and path == "/__shutdown":
            self._json(200, {"stopping": True})
            self.state.stopping.set()
            return None
        return self._error(404, "not-found")

    def _set_mode(self, body):
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return self._error(400, "invalid-request")
        mode = request.get("mode")
        names = request.get("domain_names")
        if names is not None and (not isinstance(names, dict)
                                  or not all(isinstance(v, str) for v in names.values())):
            return self._error(400, "invalid-request")
        with self.state.lock:
            if names:
                catalogue = json.loads(self.state.catalogue_body)
                for domain in catalogue["domains"]:
                    domain["name"] = names.get(domain["id"], domain["name"])
                self.state.catalogue_body = json.dumps(catalogue, ensure_ascii=False).encode()
                self.state.catalogue_etag = _etag(self.state.catalogue_body)
            if request.get("reset"):
                self.state.paths.clear()
            if "path" in request:
                if mode is None:
                    self.state.paths.pop(request["path"], None)
                elif valid_mode(mode):
                    self.state.paths[request["path"]] = mode
                else:
                    return self._error(400, "invalid-request")
            elif mode is not None:
                if not valid_mode(mode):
                    return self._error(400, "invalid-request")
                self.state.mode = mode
            return self._json(200, {"mode": self.state.mode, "paths": self.state.paths})

    # -- faults -----------------------------------------------------------------------------

    def _authenticated(self, method, path):
        if path == "/api/v1/session":
            return method == "DELETE"
        if path == "/api/v1/contact":
            return self._token() is not None
        return path.startswith("/api/v1/profile") or path.startswith("/api/v1/candidatures")

    def _fault(self, mode, method, path):
        """Misbehaves as @mode says; False when the request is to be served normally."""
        if mode.startswith("slow:"):
            time.sleep(float(mode[5:]))
            return False
        if mode == "hang":
            # Holds the connection until the client leaves or the server stops.
            self.state.stopping.wait()
            self.close_connection = True
            return True
        if mode == "close":
            self.close_connection = True
            return True
        if mode == "500":
            self._send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                       "text/html")
        elif mode == "500-json":
            self._error(500, "internal-error")
        elif mode == "503-json":
            self._error(503, "service-unavailable")
        elif mode == "garbage":
            self._send(200, b"<html><body>Bienvenue</body></html>", "text/html")
        elif mode == "half-json":
            self._send(200, CATALOGUE_BODY[:len(CATALOGUE_BODY) // 2])
        elif mode == "truncated":
            self._truncated()
        elif mode == "wrong-shape":
            self._send(200, WRONG_SHAPE)
        elif mode == "empty":
            self._send(200, b"")
        elif mode == "401" and self._authenticated(method, path):
            self._error(401, "unauthorized")
        elif mode == "429" and method == "POST" and path == "/api/v1/session":
            self._error(429, "too-many-attempts", {"Retry-After": "120"})
        else:
            return False
        return True

    def _truncated(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(CATALOGUE_BODY)))
        self.end_headers()
        self.wfile.write(CATALOGUE_BODY[:len(CATALOGUE_BODY) // 2])
        self.wfile.flush()
        self.close_connection = True

    # -- the `ok` service -------------------------------------------------------------------

    def _serve(self, method, path, query, body):
        try:
            document = json.loads(body) if body else {}
        except ValueError:
            return self._error(400, "invalid-request")
        if not isinstance(document, dict):
            return self._error(400, "invalid-request")
        routes = {
            ("GET", "/api/v1/health"): lambda: self._json(200, {"status": "ok"}),
            ("GET", "/api/v1/captcha"): self._captcha,
            ("POST", "/api/v1/accounts"): lambda: self._create_account(document),
            ("POST", "/api/v1/accounts/confirm"): lambda: self._json(200, {"status": "ok"}),
            ("POST", "/api/v1/session"): lambda: self._login(document),
            ("DELETE", "/api/v1/session"): self._logout,
            ("GET", "/api/v1/profile"): self._get_profile,
            ("PUT", "/api/v1/profile"): lambda: self._put_profile(document),
            ("GET", "/api/v1/catalogue"): self._catalogue,
            ("GET", "/api/v1/courses"): lambda: self._courses(query),
            ("GET", "/api/v1/candidatures"): self._list_candidatures,
            ("POST", "/api/v1/candidatures"): lambda: self._preselect(document),
            ("POST", "/api/v1/contact"): lambda: self._json(201, {"status": "received"}),
        }
        route = routes.get((method, path))
        if route is not None:
            return route()
        if method == "GET" and path.startswith("/api/v1/courses/"):
            return self._sheet(path[len("/api/v1/courses/"):])
        if path.startswith("/api/v1/candidatures/"):
            return self._candidature_action(method, path[len("/api/v1/candidatures/"):])
        return self._error(404, "not-found")

    def _captcha(self):
        number = self.state.next_id()
        answer = f"{number:05d}"[-5:]
        self._json(200, {"id": f"captcha-{number}",
                         "image": "data:image/png;base64,iVBORw0KGgo="},
                   {"X-Captcha-Answer": answer})

    def _create_account(self, document):
        email = document.get("email")
        if not isinstance(email, str) or "@" not in email:
            return self._json(422, {"error": {"code": "validation-failed",
                                              "message": MESSAGES["validation-failed"],
                                              "fields": {"email": "Adresse invalide."}}})
        with self.state.lock:
            self.state.accounts[email] = document.get("password")
        self._json(201, {"email": email, "status": "pending-confirmation"})

    def _login(self, document):
        email, password = document.get("email"), document.get("password")
        with self.state.lock:
            known = email in self.state.accounts and self.state.accounts[email] == password
        if not known:
            return self._error(401, "invalid-credentials")
        token = f"token-{self.state.next_id()}"
        with self.state.lock:
            self.state.tokens[token] = email
            complete = self.state.profiles.get(email, {}).get("complete", False)
        self._json(200, {"token": token, "expires_at": "2099-01-01T00:00:00+01:00",
                         "profile_complete": complete})

    def _email(self):
        """The logged-in e-mail, or None after answering 401."""
        with self.state.lock:
            email = self.state.tokens.get(self._token())
        if email is None:
            self._error(401, "unauthorized")
        return email

    def _logout(self):
        if self._email() is not None:
            with self.state.lock:
                self.state.tokens.pop(self._token(), None)
            self._send(204)

    def _profile_of(self, email):
        profile = {field: None for field in PROFILE_FIELDS}
        profile.update(self.state.profiles.get(email, {}))
        profile["email"] = email
        profile["complete"] = all(profile[f] for f in PROFILE_FIELDS
                                  if not f.startswith("phone_"))
        return profile

    def _get_profile(self):
        email = self._email()
        if email is not None:
            with self.state.lock:
                self._json(200, self._profile_of(email))

    def _put_profile(self, document):
        email = self._email()
        if email is None:
            return
        with self.state.lock:
            stored = self.state.profiles.setdefault(email, {})
            for field in PROFILE_FIELDS:
                if isinstance(document.get(field), str):
                    stored[field] = document[field]
            self._json(200, self._profile_of(email))

    def _catalogue(self):
        with self.state.lock:
            body, etag = self.state.catalogue_body, self.state.catalogue_etag
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, headers={"ETag": etag})
        self._send(200, body, headers={"ETag": etag})

    def _courses(self, query):
        words = fold(" ".join(query.get("q", []))).split()
        items = sorted((c for c in COURSES
                        if all(w in fold(c["title"]) for w in words)
                        and (not query.get("domain") or c["domain"]["id"] in query["domain"])
                        and (not query.get("period") or c["period"]["id"] in query["period"])
                        and (query.get("open_only") != ["true"] or c["open"])
                        and any(session_matches(s, query) for s in c["sessions"])),
                       key=lambda c: fold(c["title"]))
        try:
            offset = int((query.get("offset") or ["0"])[0])
            limit = min(int((query.get("limit") or ["50"])[0]), 200)
        except ValueError:
            return self._error(400, "invalid-request")
        self._json(200, {"total": len(items), "offset": offset, "items": [
            {"id": c["id"], "title": c["title"], "domain": c["domain"],
             "objective": c["objective"], "period": c["period"], "open": c["open"],
             "matching_sessions": len(c["sessions"])} for c in items[offset:offset + limit]]})

    def _sheet(self, course_id):
        course = next((c for c in COURSES if c["id"] == course_id), None)
        if course is None:
            return self._error(404, "not-found")
        self._json(200, course)

    def _list_candidatures(self):
        email = self._email()
        if email is None:
            return
        with self.state.lock:
            items = [c for owner, c in self.state.candidatures.values() if owner == email]
        active = sum(1 for c in items if c["status"] in ("pending", "convoked",
                                                         "awaiting-payment"))
        self._json(200, {"active_count": active, "max_active": 3, "items": items})

    def _preselect(self, document):
        email = self._email()
        if email is None:
            return
        for course in COURSES:
            for session in course["sessions"]:
                if session["id"] == document.get("session_id"):
                    return self._new_candidature(email, course, session)
        self._error(404, "not-found")

    def _new_candidature(self, email, course, session):
        now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        candidature = {"id": f"cand-{self.state.next_id()}", "status": "preselected",
                       "reason": None, "course": {"id": course["id"], "title": course["title"]},
                       "session": session, "amount_due_cents": 0, "can_cancel": False,
                       "created_at": now, "updated_at": now, "convocation": None}
        with self.state.lock:
            self.state.candidatures[candidature["id"]] = (email, candidature)
        self._json(201, candidature)

    def _candidature_action(self, method, rest):
        email = self._email()
        if email is None:
            return None
        cid, _, action = rest.partition("/")
        with self.state.lock:
            owner, candidature = self.state.candidatures.get(cid, (None, None))
        if owner != email:
            return self._error(404, "not-found")
        handlers = {
            ("DELETE", ""): lambda: self._change(candidature, ("preselected",), None,
                                                 "not-deletable"),
            ("POST", "confirm"): lambda: self._change(candidature, ("preselected",), "pending",
                                                      "invalid-request"),
            ("POST", "cancel"): lambda: self._change(candidature, ("pending", "convoked",
                                                                   "awaiting-payment"),
                                                     "cancelled", "not-cancellable"),
            ("POST", "payment"): lambda: self._payment(candidature),
        }
        handler = handlers.get((method, action))
        return handler() if handler else self._error(404, "not-found")

    def _change(self, candidature, allowed, status, refusal):
        if candidature["status"] not in allowed:
            return self._error(409, refusal)
        if status is None:
            with self.state.lock:
                del self.state.candidatures[candidature["id"]]
            return self._send(204)
        with self.state.lock:
            candidature["status"] = status
            candidature["can_cancel"] = status == "pending"
        return self._json(200, candidature)

    def _payment(self, candidature):
        if candidature["status"] != "awaiting-payment":
            return self._error(409, "not-payable")
        return self._json(201, {"payment_url": "http://127.0.0.1/payfip/paiement.web",
                                "reference": candidature["id"], "amount_cents": 9500})


def main():
    parser = argparse.ArgumentParser(description="A misbehaving cours-adultes service.")
    parser.add_argument("--mode", default="ok", help="global mode (see the file's header)")
    parser.add_argument("--path", action="append", default=[], metavar="PATH=MODE",
                        help="a per-path mode; may repeat")
    args = parser.parse_args()

    paths = {}
    for item in args.path:
        path, _, mode = item.rpartition("=")
        if not path or not valid_mode(mode):
            parser.error(f"bad --path {item!r}")
        paths[path] = mode
    if not valid_mode(args.mode):
        parser.error(f"unknown mode {args.mode!r}")

    Handler.state = State(args.mode, paths)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True

    def stop(*_):
        Handler.state.stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    Handler.state.stopping.wait()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A hostile "Janus" for the web listener tests: answers Janus's HTTP API with the shapes Janus
uses but fields of the wrong type: the first mountpoint is made, every other one "exists" with
an info of a numeric secret and a text port, and each info gives text for the viewers. Prints
"info N" for the Nth info request. What a broken or malicious server at the configured address
could send; `dragoman run` must live through it.

usage: hostile-janus.py PORT FIRST_ID
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


INFO_REQUESTS = 0


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        kind = request.get("janus")
        body = (request.get("body") or {}).get("request")
        if kind in ("create", "attach"):
            answer = {"janus": "success", "data": {"id": 1234}}
        elif body == "create" and request["body"].get("id") == FIRST_ID:
            answer = {"janus": "success", "plugindata": {"data": {
                "streaming": "created", "created": "x"}}}
        elif body == "create":
            answer = {"janus": "success", "plugindata": {"data": {
                "streaming": "event", "error_code": 456, "error": "exists"}}}
        elif body == "info":
            global INFO_REQUESTS
            INFO_REQUESTS += 1
            print(f"info {INFO_REQUESTS}", flush=True)
            answer = {"janus": "success", "plugindata": {"data": {
                "info": {"secret": 5, "media": [{"port": "twenty"}], "viewers": "many"}}}}
        else:
            answer = {"janus": "success", "plugindata": {"data": {"streaming": ["odd"]}}}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


FIRST_ID = int(sys.argv[2])
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()

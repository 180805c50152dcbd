"""A stand-in for OSV's API on 127.0.0.1 answering from the OSV records in a folder (for check.sh).

Serves POST /v1/querybatch and GET /v1/vulns/ID with OSV's shapes; prints its port, then serves until killed.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import osv

FOLDER = sys.argv[1]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if self.path != "/v1/querybatch":
            return self.answer(404, {"message": "not found"})
        queries = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["queries"]
        results = []
        for q in queries:
            hits = osv.offline([(q["package"]["name"], q["version"])], FOLDER)
            results.append({"vulns": [{"id": rec["id"]} for _, _, rec in hits]} if hits else {})
        self.answer(200, {"results": results})

    def do_GET(self):
        vid = self.path.rsplit("/", 1)[-1]
        try:
            with open("%s/%s.json" % (FOLDER, vid), encoding="utf-8") as f:
                self.answer(200, json.load(f))
        except OSError:
            self.answer(404, {"message": "Bug not found"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()

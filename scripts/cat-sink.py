#!/usr/bin/env python3
"""A CAT collector stand-in for measurements: serves the router endpoint and reads (and counts, then discards)
the NT1 frames CAT clients send, so their sending cost is part of what is measured. Until the collector exists.
Usage: cat-sink.py TCP_PORT HTTP_PORT   (prints frames and bytes received on SIGTERM)"""
import json, signal, socket, socketserver, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

tcp_port, http_port = int(sys.argv[1]), int(sys.argv[2])
counts = {"frames": 0, "bytes": 0}
lock = threading.Lock()

class Frames(socketserver.BaseRequestHandler):
    def handle(self):
        buffer = b""
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            buffer += data
            while len(buffer) >= 4:
                length = int.from_bytes(buffer[:4], "big")
                if len(buffer) < 4 + length:
                    break
                buffer = buffer[4 + length:]
                with lock:
                    counts["frames"] += 1
                    counts["bytes"] += 4 + length

class Router(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"kvs": {"routers": f"127.0.0.1:{tcp_port};", "block": "false", "sample": "1.0",
                                   "startTransactionTypes": "", "matchTransactionTypes": ""}}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

frames = Server(("127.0.0.1", tcp_port), Frames)
router = ThreadingHTTPServer(("127.0.0.1", http_port), Router)
def stop(*_):
    print(json.dumps(counts), flush=True)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
threading.Thread(target=frames.serve_forever, daemon=True).start()
router.serve_forever()

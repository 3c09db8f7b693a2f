# A replica for the gateway's streaming tests, standard library only, serving HTTP on $PORT:
#   GET /          200 (the readiness probe)
#   GET /events    text/event-stream: 10 events 100 ms apart, each flushed; its data is when it was sent (epoch ms)
#   GET /chunks    text/plain, Transfer-Encoding: chunked: 10 lines 100 ms apart, one chunk each, the same data
#   GET /closed    the close frames its WebSockets received, one "code reason" a line
#   GET /echo      with Upgrade: websocket: an echo server (handshake and framing by hand). Text "whoami" is answered
#                  with the upgrade's path and whether it carried an Authorization header; text "close-me" makes the
#                  replica close the socket with 4002 "asked".
import base64
import hashlib
import http.server
import os
import struct
import threading
import time

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
closed = []
closed_lock = threading.Lock()


def now_ms():
    return str(int(time.time() * 1000))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        if self.headers.get("Upgrade", "").lower() == "websocket":
            return self.websocket()
        if self.path == "/events":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            for i in range(10):
                self.wfile.write(("id: %d\ndata: %s\n\n" % (i, now_ms())).encode())
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/chunks":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(10):
                line = ("%d %s\n" % (i, now_ms())).encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
                self.wfile.flush()
                time.sleep(0.1)
            self.wfile.write(b"0\r\n\r\n")
            return
        with closed_lock:
            body = "".join(c + "\n" for c in closed).encode() if self.path == "/closed" else b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def websocket(self):
        key = self.headers["Sec-WebSocket-Key"]
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.close_connection = True
        message, kind, closing = b"", None, False
        while True:
            opcode, fin, payload = self.read_frame()
            if opcode == 8:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                with closed_lock:
                    closed.append("%d %s" % (code, payload[2:].decode()))
                if not closing:
                    self.send_frame(8, payload[:2])
                return
            if opcode == 9:
                self.send_frame(10, payload)
                continue
            if opcode == 10:
                continue
            if opcode != 0:
                kind = opcode
            message += payload
            if not fin:
                continue
            if kind == 1 and message == b"whoami":
                self.send_frame(1, ("%s auth=%s" % (self.path, "Authorization" in self.headers)).encode())
            elif kind == 1 and message == b"close-me":
                self.send_frame(8, struct.pack("!H", 4002) + b"asked")
                closing = True
            else:
                self.send_frame(kind, message)
            message, kind = b"", None

    def read_frame(self):
        first, second = self.rfile.read(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack("!H", self.rfile.read(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", self.rfile.read(8))[0]
        mask = self.rfile.read(4) if second & 0x80 else b"\0\0\0\0"
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
        return first & 0x0F, bool(first & 0x80), payload

    def send_frame(self, opcode, payload):
        header = bytes([0x80 | opcode])
        if len(payload) < 126:
            header += bytes([len(payload)])
        elif len(payload) < 65536:
            header += bytes([126]) + struct.pack("!H", len(payload))
        else:
            header += bytes([127]) + struct.pack("!Q", len(payload))
        self.wfile.write(header + payload)
        self.wfile.flush()


http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()

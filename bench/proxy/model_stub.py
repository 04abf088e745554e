"""A local stand-in for the Anthropic Messages API that records every request body (bench only, not a test).

    python3 model_stub.py OUTDIR PORT

Answers /v1/messages as Claude Code expects: a Bash tool call for each of STEPS steps (env, default 12), each printing a
few hundred bytes, then a final text; SSE when the request asks to stream. Each body is saved as OUTDIR/NNN_<path>.json,
so bench/proxy/capture-claude.sh gets the bodies a real Claude Code sends over one conversation.
"""
import itertools
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
COUNTER = itertools.count()
STEPS = int(os.environ.get("STEPS", "12"))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = self.path.split("?")[0]
        with open(f"{OUT}/{next(COUNTER):03d}{path.replace('/', '_')}.json", "wb") as f:
            f.write(body)
        try:
            request = json.loads(body)
        except ValueError:
            request = {}
        if "count_tokens" in path:
            return self.send_json({"input_tokens": 100})
        steps = sum(1 for m in request.get("messages", []) if isinstance(m.get("content"), list)
                    for c in m["content"] if c.get("type") == "tool_result")
        tools = [t.get("name") for t in request.get("tools", [])]
        if "Bash" in tools and steps < STEPS:
            block = {"type": "tool_use", "id": f"toolu_{steps}", "name": "Bash",
                     "input": {"command": f"seq 1 {40 * (steps + 1)} | tail -n 40; echo step {steps}", "description": f"step {steps}"}}
            stop = "tool_use"
        else:
            block = {"type": "text", "text": "Done: every step ran."}
            stop = "end_turn"
        message = {"id": "msg_stub", "type": "message", "role": "assistant", "model": request.get("model", "stub"), "content": [],
                   "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 10, "output_tokens": 1}}
        if not request.get("stream"):
            message["content"], message["stop_reason"] = [block], stop
            return self.send_json(message)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()

        def event(name, data):
            self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()

        start = dict(block)
        if block["type"] == "tool_use":
            start["input"] = {}
            delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
        else:
            start["text"] = ""
            delta = {"type": "text_delta", "text": block["text"]}
        event("message_start", {"type": "message_start", "message": message})
        event("content_block_start", {"type": "content_block_start", "index": 0, "content_block": start})
        event("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta})
        event("content_block_stop", {"type": "content_block_stop", "index": 0})
        event("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None}, "usage": {"output_tokens": 8}})
        event("message_stop", {"type": "message_stop"})
        self.close_connection = True

    def do_GET(self):
        self.send_json({})

    def send_json(self, value):
        data = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler).serve_forever()

#!/usr/bin/python3
"""A fake SPIFFE Workload API for the tests: Debian's grpcio (python3-grpcio) serving
SpiffeWorkloadAPI/FetchJWTSVID on a Unix socket with a generic handler and hand-encoded
messages (no code generator), plus sockets that misbehave below gRPC.

Usage: fake_workload_api.py --dir DIR [--spiffe-id ID]...
  Serves, until SIGTERM, in DIR:
    agent.sock         the Workload API (gRPC over HTTP/2, as SPIRE's agent serves it)
    half-close.sock    reads the client's preface, sends half an HTTP/2 frame, closes
    half-stall.sock    the same, then says nothing more until the client goes away
    silent.sock        accepts, then says nothing until the client goes away
    not-listening.sock a socket that is bound but not listening (connections are refused)
  and prints "ready" on stdout once they all are.
  Like SPIRE's agent, a call without the metadata `workload.spiffe.io: true` is refused
  (INVALID_ARGUMENT "security header missing from request"), and a call for a spiffe_id gets
  only that identity's SVID.
  Each call is appended to DIR/calls.jsonl: {"socket", "metadata", "audience", "spiffe_id"}.
  DIR/script.json, when present, is read at each call:
    {"generation": N, "answers": [ANSWER...], "svids": [{"spiffe_id": ID, "svid": TOKEN}...]}
  The calls of one generation get its answers in turn, then {"ok": true}. An ANSWER is
    {"ok": true}                   the SVIDs (a token missing from an entry is minted: an
                                   unsigned JWT for the requested audience, valid for an hour)
    {"ok": true, "svids": [...]}   exactly these SVIDs, whatever spiffe_id was asked for
    {"code": N, "message": TEXT}   that gRPC status and message (grpcio percent-encodes it)
    {"stall": true}                nothing until the client goes away
  Without a script the SVIDs are one minted token for each --spiffe-id (default
  spiffe://example.org/workload).
fake_workload_api.py --probe SOCKET
  Calls FetchJWTSVID on SOCKET as a gRPC client, without the security header, then with it,
  and prints the status code's name of each call on a line (OK, INVALID_ARGUMENT, ...).
"""

import argparse
import base64
import json
import os
import signal
import socket
import sys
import threading
import time

import grpc

METHOD_SERVICE = "SpiffeWorkloadAPI"
METHOD = "FetchJWTSVID"


# --- the protocol buffers wire format, as far as these messages need it -------------------------
def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def string_field(number, text):
    data = text.encode() if isinstance(text, str) else text
    return varint(number << 3 | 2) + varint(len(data)) + data


def read_fields(data):
    """Yields (number, wire type, value) of a message."""
    i = 0

    def read_varint():
        nonlocal i
        shift = value = 0
        while True:
            byte = data[i]
            i += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    while i < len(data):
        key = read_varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            yield number, wire, read_varint()
        elif wire == 2:
            size = read_varint()
            yield number, wire, data[i:i + size]
            i += size
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            raise ValueError("wire type %d" % wire)


def decode_request(data):
    audience, spiffe_id = [], ""
    for number, wire, value in read_fields(data):
        if number == 1 and wire == 2:
            audience.append(value.decode())
        elif number == 2 and wire == 2:
            spiffe_id = value.decode()
    return audience, spiffe_id


def encode_response(svids):
    """JWTSVIDResponse {repeated JWTSVID svids = 1}; JWTSVID {spiffe_id = 1, svid = 2, hint = 3},
    with a field the client does not know after each SVID."""
    out = b""
    for svid in svids:
        inner = string_field(1, svid["spiffe_id"]) + string_field(2, svid["svid"])
        inner += string_field(3, "hint-" + svid["spiffe_id"].rsplit("/", 1)[-1])
        inner += varint(7 << 3 | 0) + varint(1)  # an unknown varint field
        out += string_field(1, inner)
    return out


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint(spiffe_id, audience):
    now = int(time.time())
    header = {"alg": "ES256", "kid": "fake", "typ": "JWT"}
    claims = {"sub": spiffe_id, "aud": audience, "iat": now, "exp": now + 3600}
    return ".".join([b64url(json.dumps(header).encode()), b64url(json.dumps(claims).encode()),
                     b64url(b"\x01" * 64)])


# --- the gRPC service ---------------------------------------------------------------------------
class WorkloadApi:
    def __init__(self, directory, spiffe_ids):
        self.directory = directory
        self.spiffe_ids = spiffe_ids
        self.lock = threading.Lock()
        self.generation = None
        self.used = 0

    def log(self, entry):
        with self.lock:
            with open(os.path.join(self.directory, "calls.jsonl"), "a") as log:
                log.write(json.dumps(entry) + "\n")

    def next_answer(self):
        try:
            with open(os.path.join(self.directory, "script.json")) as file:
                script = json.load(file)
        except FileNotFoundError:
            script = {"generation": 0, "answers": [],
                      "svids": [{"spiffe_id": spiffe_id} for spiffe_id in self.spiffe_ids]}
        with self.lock:
            if script.get("generation") != self.generation:
                self.generation = script.get("generation")
                self.used = 0
            answers = script.get("answers", [])
            answer = answers[self.used] if self.used < len(answers) else {"ok": True}
            self.used += 1
        return answer, script.get("svids", [])

    def fetch_jwt_svid(self, request, context):
        metadata = {key: value for key, value in context.invocation_metadata()}
        audience, spiffe_id = decode_request(request)
        self.log({"socket": "agent.sock", "metadata": metadata, "audience": audience,
                  "spiffe_id": spiffe_id})
        if metadata.get("workload.spiffe.io") != "true":
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "security header missing from request")
        answer, svids = self.next_answer()
        if answer.get("stall"):
            while context.is_active():
                time.sleep(0.02)
            context.abort(grpc.StatusCode.CANCELLED, "the client went away")
        if "code" in answer:
            code = next(c for c in grpc.StatusCode if c.value[0] == answer["code"])
            context.abort(code, answer.get("message", ""))
        if "svids" in answer:
            chosen = [dict(svid) for svid in answer["svids"]]
        else:
            chosen = [dict(svid) for svid in svids
                      if not spiffe_id or svid["spiffe_id"] == spiffe_id]
        if not chosen and "svids" not in answer:
            context.abort(grpc.StatusCode.PERMISSION_DENIED, "no identity issued")
        for svid in chosen:
            svid.setdefault("svid", mint(svid["spiffe_id"], audience))
        return encode_response(chosen)


# --- sockets that misbehave below gRPC ----------------------------------------------------------
# An HTTP/2 SETTINGS frame header announcing 12 bytes of payload, and 6 of them.
HALF_FRAME = bytes([0, 0, 12, 4, 0, 0, 0, 0, 0]) + bytes([0, 3, 0, 0, 0, 100])


def serve_raw(api, path, mode):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)

    def handle(connection):
        with connection:
            api.log({"socket": os.path.basename(path)})
            connection.settimeout(10)
            try:
                if mode != "silent":
                    connection.recv(4096)  # the client's preface and SETTINGS
                    connection.sendall(HALF_FRAME)
                if mode == "half-close":
                    return
                while connection.recv(4096):  # until the client goes away
                    pass
            except OSError:
                pass

    def accept_loop():
        while True:
            connection, _ = listener.accept()
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    return listener


def serve(directory, spiffe_ids):
    api = WorkloadApi(directory, spiffe_ids)
    handler = grpc.method_handlers_generic_handler(
        METHOD_SERVICE,
        {METHOD: grpc.unary_unary_rpc_method_handler(api.fetch_jwt_svid)})
    from concurrent import futures
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8), handlers=[handler])
    server.add_insecure_port("unix://" + os.path.join(directory, "agent.sock"))
    server.start()
    kept = [serve_raw(api, os.path.join(directory, name + ".sock"), name)
            for name in ("half-close", "half-stall", "silent")]
    not_listening = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    not_listening.bind(os.path.join(directory, "not-listening.sock"))
    kept.append(not_listening)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    server.stop(0)


def probe(path):
    with grpc.insecure_channel("unix://" + path) as channel:
        call = channel.unary_unary("/%s/%s" % (METHOD_SERVICE, METHOD))
        for metadata in ([], [("workload.spiffe.io", "true")]):
            try:
                call(string_field(1, "probe"), metadata=metadata, timeout=10)
                print("OK")
            except grpc.RpcError as error:
                print(error.code().name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir")
    parser.add_argument("--spiffe-id", action="append")
    parser.add_argument("--probe")
    args = parser.parse_args()
    if args.probe:
        probe(args.probe)
    elif args.dir:
        serve(os.path.abspath(args.dir), args.spiffe_id or ["spiffe://example.org/workload"])
    else:
        parser.error("--dir or --probe is needed")


if __name__ == "__main__":
    sys.exit(main())

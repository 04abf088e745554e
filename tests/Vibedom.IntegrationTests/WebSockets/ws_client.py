# A raw RFC 6455 client in Python's standard library (the sandbox has no websockets package): CONNECT through
# $HTTPS_PROXY, TLS trusting $SSL_CERT_FILE, the upgrade, masked frames. Prints one "name=value" line per check.
import base64, json, os, socket, ssl, struct, sys, urllib.parse

host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
secret = sys.argv[4] + sys.argv[5]  # assembled here: no whole value in argv
key = os.environ.get("CODEX_API_KEY", "")
proxy = urllib.parse.urlparse(os.environ["HTTPS_PROXY"])


def connect(target, headers=""):
    raw = socket.create_connection((proxy.hostname, proxy.port), timeout=30)
    raw.sendall(f"CONNECT {target}:{port} HTTP/1.1\r\nHost: {target}:{port}\r\n\r\n".encode())
    answer = read_head(raw)
    status = int(answer.split(b" ")[1])
    if status != 200:
        return None, status
    tls = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"]).wrap_socket(raw, server_hostname=target)
    nonce = base64.b64encode(os.urandom(16)).decode()
    tls.sendall((f"GET {path} HTTP/1.1\r\nHost: {target}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 f"Sec-WebSocket-Key: {nonce}\r\nSec-WebSocket-Version: 13\r\n"
                 f"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n{headers}\r\n").encode())
    head = read_head(tls)
    return tls, int(head.split(b" ")[1])


def read_head(sock):
    data = b""
    while not data.endswith(b"\r\n\r\n"):
        chunk = sock.recv(1)
        if not chunk:
            break
        data += chunk
    return data


def frame(opcode, payload, fin=True, length=None):
    mask = os.urandom(4)
    n = len(payload) if length is None else length
    head = bytes([(0x80 if fin else 0) | opcode])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError()
        data += chunk
    return data


def receive(sock):
    b0, b1 = recv_exact(sock, 2)
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack(">H", recv_exact(sock, 2))[0]
    elif n == 127:
        n = struct.unpack(">Q", recv_exact(sock, 8))[0]
    return b0 & 0x0F, recv_exact(sock, n)


ws, status = connect(host, f"Authorization: Bearer {key}\r\n")
print(f"status={status}")
ws.sendall(frame(1, b"hello"))
print("echo=" + receive(ws)[1].decode())
message = json.dumps({"type": "response.create", "input": "the key is " + secret}).encode()
cut = message.index(secret[:4].encode()) + 6
ws.sendall(frame(1, message[:cut], fin=False) + frame(0, message[cut:cut + 9], fin=False) + frame(0, message[cut + 9:]))
echoed = receive(ws)[1].decode()
print("split=" + ("redacted" if "REDACTED_" in echoed and secret not in echoed else "LEAKED"))
ws.sendall(frame(1, b"auth?"))
print("auth=" + ("sentinel" if receive(ws)[1].decode() == "Bearer " + key else "OTHER"))
ws.sendall(frame(1, ("two messages: " + secret[:10]).encode()))  # the first part leaves with its message
receive(ws)
ws.sendall(frame(1, (secret[10:] + " end").encode()))
second = receive(ws)[1].decode()
print("across=" + ("redacted" if second.startswith("[REDACTED_") and secret[10:] not in second else "LEAKED"))
ws.sendall(frame(1, b"", length=17 * 1024 * 1024))  # announces 17 MiB, over the 16 MiB limit: refused at the header
opcode, payload = receive(ws)
print(f"oversized={opcode}:{struct.unpack('>H', payload[:2])[0]}")
_, refused = connect("other.test")
print(f"unlisted={refused}")

"""The seed's DLP design as a mitmdump addon, the peer of vibedom's proxy with DLP on (bench/proxy/run.sh).

Written for the benchmark from the seed's description (shared/seeds/architecture-dlp.md): mitmproxy with an
allowlist, one JSONL line per request with the scrubbing audit trail, and regexes over text bodies under 512 KB
(requests and responses) and sensitive headers, each match replaced with [REDACTED_<RULE>]. Binary and larger
bodies pass unscanned, as the seed did.

Rules: by default the 15 secret patterns and 5 PII patterns the seed lists (AWS, Stripe, OpenAI, GitHub x2,
GitLab, Slack x2, database password and connection string, private key, JWT, bearer token, generic API key and
password; e-mail, card, US SSN, US phone, private IPv4), regexes written here. SEED_DLP_GITLEAKS=<gitleaks.toml>
loads that file's rules instead (those Python's re compiles), plus the same 5 PII patterns.

Environment: SEED_DLP_ALLOWLIST (one host or host:port a line), SEED_DLP_LOG (the JSONL file).
"""

import hashlib
import json
import os
import re
import time

from mitmproxy import http

MAX_SCRUB = 512_000
SENSITIVE_HEADERS = ("authorization", "x-api-key", "cookie", "proxy-authorization")
TEXT_TYPES = ("text/", "application/json", "application/x-www-form-urlencoded", "application/xml",
              "application/javascript", "application/x-ndjson")

SEED_SECRETS = [
    ("aws-access-key", r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b"),
    ("stripe-api-key", r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,99}\b"),
    ("openai-api-key", r"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}\b"),
    ("github-pat", r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
    ("github-fine-grained-pat", r"\bgithub_pat_[A-Za-z0-9_]{82}\b"),
    ("gitlab-token", r"\bglpat-[A-Za-z0-9_-]{20,}"),
    ("slack-token", r"\bxox[abposr]-[0-9A-Za-z-]{10,}"),
    ("slack-webhook", r"hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9+/]{40,60}"),
    ("database-password", r"(?i)(?:db|database)[_-]?pass(?:word)?[\"':\s]*[=:]\s*[\"']?[^\"'\s]+"),
    ("connection-string", r"(?i)\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp)://[^:/\s]+:[^@\s]+@[^\s\"']+"),
    ("private-key", r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY-----[\s\S]{0,8192}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY-----"),
    ("jwt", r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    ("bearer-token", r"(?i)\bbearer\s+[A-Za-z0-9._~+/-]{20,}=*"),
    ("generic-api-key", r"(?i)\b(?:api[_-]?key|apikey|secret[_-]?key|access[_-]?token)[\"':\s]*[=:]\s*[\"']?[A-Za-z0-9_\-]{16,}"),
    ("generic-password", r"(?i)\b(?:password|passwd|pwd)[\"':\s]*[=:]\s*[\"']?[^\"'\s]{8,}"),
]

PII = [
    ("email", r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"),
    ("credit-card", r"\b(?:4\d{12}(?:\d{3})?|5[1-5]\d{14}|3[47]\d{13}|6(?:011|5\d\d)\d{12})\b"),
    ("us-ssn", r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b"),
    ("phone", r"(?<!\w)(?:\+?1[-.\s]?)?\(?[2-9]\d{2}\)?[-.\s]?[2-9]\d{2}[-.\s]?\d{4}\b"),
    ("private-ipv4", r"\b(?:10(?:\.\d{1,3}){3}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2}|192\.168(?:\.\d{1,3}){2})\b"),
]


def load_rules():
    toml_path = os.environ.get("SEED_DLP_GITLEAKS")
    secrets = SEED_SECRETS
    if toml_path:
        import tomllib
        with open(toml_path, "rb") as f:
            secrets = [(r["id"], r["regex"]) for r in tomllib.load(f).get("rules", []) if "regex" in r]
    compiled = []
    for rule_id, pattern in secrets + PII:
        try:
            compiled.append((rule_id, re.compile(pattern), "[REDACTED_" + rule_id.upper().replace("-", "_") + "]"))
        except re.error:
            pass  # a Go-only construct: the rule is left out, as the seed's loader did
    return compiled


class SeedDlp:
    def __init__(self):
        self.rules = load_rules()
        with open(os.environ["SEED_DLP_ALLOWLIST"]) as f:
            self.allowed = {line.strip().lower() for line in f if line.strip() and not line.startswith("#")}
        self.log = open(os.environ["SEED_DLP_LOG"], "a", buffering=1)

    def scrub(self, text, where, findings):
        for rule_id, regex, placeholder in self.rules:
            hits = []

            def replace(match, hits=hits):
                hits.append(match.group(0))
                return placeholder

            text = regex.sub(replace, text)
            if hits:
                digest = hashlib.sha256(hits[0].encode()).hexdigest()[:12]
                findings.append({"rule": rule_id, "where": where, "count": len(hits), "hash": digest})
        return text

    def scrub_message(self, message, where, findings):
        for name in SENSITIVE_HEADERS:
            if name in message.headers:
                message.headers[name] = self.scrub(message.headers[name], "header:" + name, findings)
        content_type = message.headers.get("content-type", "").lower()
        raw = message.raw_content
        if not raw or len(raw) > MAX_SCRUB or not content_type.startswith(TEXT_TYPES):
            return
        text = message.get_text(strict=False)
        if text is None:
            return
        scrubbed = self.scrub(text, where, findings)
        if scrubbed != text:
            message.text = scrubbed

    def request(self, flow: http.HTTPFlow):
        host = flow.request.pretty_host.lower()
        flow.metadata["seed_dlp"] = findings = []
        flow.metadata["seed_t0"] = time.time()
        if host not in self.allowed and f"{host}:{flow.request.port}" not in self.allowed:
            flow.response = http.Response.make(403, b"blocked by allowlist", {"Content-Type": "text/plain"})
            self.write(flow, False)
            return
        self.scrub_message(flow.request, "body", findings)

    def response(self, flow: http.HTTPFlow):
        if "seed_dlp" not in flow.metadata or flow.metadata.get("seed_done"):
            return  # refused by the allowlist: already logged
        self.scrub_message(flow.response, "response-body", flow.metadata["seed_dlp"])
        self.write(flow, True)

    def write(self, flow, allowed):
        flow.metadata["seed_done"] = True
        self.log.write(json.dumps({
            "ts": flow.metadata["seed_t0"], "method": flow.request.method, "host": flow.request.pretty_host,
            "port": flow.request.port, "path": flow.request.path, "allowed": allowed,
            "status": flow.response.status_code if flow.response else None,
            "scrubbed": flow.metadata["seed_dlp"],
        }) + "\n")


addons = [SeedDlp()]

"""Plants secrets (assembled here from pieces, never stored whole) into the bench corpus.

Writes CORPUS/.planted.json: [{file, rule}] for the comparison."""
import base64, json, os, random, sys

corpus = sys.argv[1]
rnd = random.Random(42)
alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

def rand(n, chars=alnum):
    return "".join(rnd.choice(chars) for _ in range(n))

secrets = [
    ("aws-access-token", lambda: "AK" + "IA" + rand(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")),
    ("github-pat", lambda: "gh" + "p_" + rand(36)),
    ("stripe-access-token", lambda: "sk" + "_live_" + rand(24)),
    ("slack-bot-token", lambda: "xo" + "xb-" + rand(11, "0123456789") + "-" + rand(12, "0123456789") + "-" + rand(24)),
    ("gitlab-pat", lambda: "gl" + "pat-" + rand(20)),
    ("npm-access-token", lambda: "np" + "m_" + rand(36)),
]
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs if f.endswith((".md", ".py", ".json", ".txt")))
planted = []
for i, path in enumerate(rnd.sample(files, 60)):
    rule, make = secrets[i % len(secrets)]
    value = make()
    line = f"\nconfig_value = \"{value}\"\n"
    if i % 10 == 9:  # some only visible after decoding
        line = "\nblob = \"" + base64.b64encode(f"token={value}".encode()).decode() + "\"\n"
    with open(path, "a", encoding="utf-8") as f:
        f.write(line)
    planted.append({"file": os.path.relpath(path, corpus), "rule": rule})
with open(os.path.join(corpus, ".planted.json"), "w") as f:
    json.dump(planted, f, indent=1)
print(f"planted {len(planted)} secrets", file=sys.stderr)

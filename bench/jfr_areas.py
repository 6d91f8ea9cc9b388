"""Groups `jfr print --events jdk.ExecutionSample` output (stdin) by area: each sample counts for the first frame,
from the top of its stack, that belongs to a named area; frames of the JDK's own collections, strings and NIO are
passed over so that their time counts for the caller that asked for them."""
import re
import sys

AREAS = [
    ("TLS and crypto", re.compile(r"^(sun\.security|javax\.crypto|com\.sun\.crypto|java\.security|javax\.net\.ssl|io\.netty\.handler\.ssl)")),
    ("rule core (core/)", re.compile(r"^dev\.vaultserver\.admission\.core\.")),
    ("review decode and encode (webhook/)", re.compile(r"^dev\.vaultserver\.admission\.webhook\.")),
    ("REST resource, edge and metrics wrapper (http/)", re.compile(r"^dev\.vaultserver\.admission\.http\.")),
    ("other of ours", re.compile(r"^dev\.vaultserver\.admission\.")),
    ("JSON (Jackson)", re.compile(r"^com\.fasterxml\.jackson")),
    ("JSON patch (zjsonpatch)", re.compile(r"^io\.fabric8\.zjsonpatch")),
    ("metrics (Micrometer)", re.compile(r"^io\.micrometer")),
    ("HTTP/2 and HTTP/1.1 codecs (Netty)", re.compile(r"^io\.netty\.handler\.codec")),
    ("Netty I/O and buffers", re.compile(r"^io\.netty")),
    ("Vert.x", re.compile(r"^io\.vertx")),
    ("logging", re.compile(r"^org\.jboss\.log")),
    ("Quarkus REST (RESTEasy Reactive)", re.compile(r"^(org\.jboss\.resteasy\.reactive|io\.quarkus\.resteasy\.reactive)")),
    ("Quarkus and SmallRye", re.compile(r"^(io\.quarkus|io\.smallrye)")),
    ("Kubernetes client (fabric8)", re.compile(r"^io\.fabric8")),
]
PASS_OVER = re.compile(r"^(java\.|jdk\.|sun\.nio|sun\.misc|sun\.invoke)")

counts = {}
total = 0
stack = None
for line in sys.stdin:
    line = line.strip()
    if line.startswith("stackTrace = ["):
        stack = []
    elif stack is not None and line == "]":
        total += 1
        area = "JDK only (GC, JIT, threads, NIO)"
        for frame in stack:
            if PASS_OVER.match(frame) and not AREAS[0][1].match(frame):
                continue
            area = next((name for name, pattern in AREAS if pattern.match(frame)), "other libraries: " + frame.split("(")[0].rsplit(".", 2)[0])
            break
        counts[area] = counts.get(area, 0) + 1
        stack = None
    elif stack is not None and line and line != "...":
        stack.append(line)

print(f"{'area':48} {'samples':>8} {'share':>7}")
for area, n in sorted(counts.items(), key=lambda kv: -kv[1])[:16]:
    print(f"{area:48} {n:8} {100.0 * n / max(total, 1):6.1f}%")
print(f"{'all':48} {total:8}")

#!/usr/bin/env python3
"""Checks what scripts/build-image.sh wrote, reading the OCI archives themselves (tar, index.json, blobs).

    check-archive.py ARCHIVE AGAIN VERSION REVISION CREATED

ARCHIVE and AGAIN are two builds of one commit. Checks, and prints what it read:
- the archive's index lists exactly linux/amd64 and linux/arm64, under one name;
- each image's configuration has the org.opencontainers.image.* labels (version, revision and created as given,
  the others present and not empty) and its manifest the same annotations, and the platform it is listed under;
- the two builds have the same index digest and the same manifest digest per platform.
Exits 1 naming every check that failed.
"""
import hashlib
import json
import sys
import tarfile

archive, again, version, revision, created = sys.argv[1:6]
KEYS = ["title", "description", "version", "revision", "created", "source", "licenses", "base.name"]
failures = []


def check(ok, what):
    print(("ok      " if ok else "FAILED  ") + what)
    if not ok:
        failures.append(what)


class Archive:
    def __init__(self, path):
        self.tar = tarfile.open(path)
        self.layout = json.loads(self.read("index.json"))

    def read(self, name):
        return self.tar.extractfile(name).read()

    def blob(self, digest):
        data = self.read("blobs/" + digest.replace(":", "/"))
        assert "sha256:" + hashlib.sha256(data).hexdigest() == digest, "blob " + digest + " does not match its digest"
        return data

    def index(self):
        (entry,) = self.layout["manifests"]
        return entry, json.loads(self.blob(entry["digest"]))


first = Archive(archive)
entry, index = first.index()
print("index     %s  %s" % (entry["digest"], entry.get("annotations", {}).get("org.opencontainers.image.ref.name")))
check(entry["mediaType"] == "application/vnd.oci.image.index.v1+json", "the archive holds an image index")
platforms = sorted("%s/%s" % (m["platform"]["os"], m["platform"]["architecture"]) for m in index["manifests"])
check(platforms == ["linux/amd64", "linux/arm64"], "the index lists exactly linux/amd64 and linux/arm64: %s" % platforms)
check(entry.get("annotations", {}).get("org.opencontainers.image.ref.name", "").endswith("vaultserver-admission:" + version),
      "the index is named vaultserver-admission:" + version)

digests = {}
for m in index["manifests"]:
    arch = m["platform"]["architecture"]
    digests[arch] = m["digest"]
    manifest = json.loads(first.blob(m["digest"]))
    config = json.loads(first.blob(manifest["config"]["digest"]))
    labels = config.get("config", {}).get("Labels") or {}
    annotations = manifest.get("annotations") or {}
    print("manifest  %s  %s, %d layers" % (arch, m["digest"], len(manifest["layers"])))
    for key in KEYS:
        print("          %s=%s" % ("org.opencontainers.image." + key, labels.get("org.opencontainers.image." + key)))
    check(config.get("architecture") == arch and config.get("os") == "linux", arch + ": its configuration says linux/" + arch)
    for key in KEYS:
        name = "org.opencontainers.image." + key
        check(bool(labels.get(name)), "%s: label %s" % (arch, name))
        check(annotations.get(name) == labels.get(name), "%s: manifest annotation %s, as the label" % (arch, name))
    check(labels.get("org.opencontainers.image.version") == version, arch + ": version " + version)
    check(labels.get("org.opencontainers.image.revision") == revision, arch + ": revision " + revision)
    check(labels.get("org.opencontainers.image.created") == created, arch + ": created " + created + " (the commit's time)")
    check(config.get("created", "").startswith(created.rstrip("Z")), arch + ": the image's own created time is the commit's")

second_entry, second_index = Archive(again).index()
print("again     %s" % second_entry["digest"])
check(second_entry["digest"] == entry["digest"], "a second build (from source, an empty cache) has the same index digest")
for m in second_index["manifests"]:
    arch = m["platform"]["architecture"]
    print("again     %s  %s" % (arch, m["digest"]))
    check(digests.get(arch) == m["digest"], arch + ": the same manifest digest in both builds")

if failures:
    print("%d checks failed" % len(failures))
    sys.exit(1)

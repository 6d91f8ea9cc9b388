#!/usr/bin/env python3
"""Adds what the image carries besides the Java dependencies to the CycloneDX SBOM the Maven build wrote.

    merge-sbom.py BOM PACKAGES JDK_PACKAGE JDK_VERSION ARCH MODULES OUT

BOM is target/bom.json (the application's Java dependencies); PACKAGES the base's Debian package list (name, version,
architecture per line, tab-separated); JDK_PACKAGE and JDK_VERSION the Debian package the Java runtime was linked from;
ARCH its architecture; MODULES the modules linked into it. Writes OUT: the same SBOM with one component per Debian
package and one for the Java runtime, each with its package URL (pkg:deb/debian/...), so that scanners see the C
libraries and the JDK the image runs on, not only the jars.
"""
import json
import sys

bom_path, packages_path, jdk_package, jdk_version, arch, modules, out = sys.argv[1:8]
with open(bom_path) as f:
    bom = json.load(f)

def deb(name, version, architecture):
    return f"pkg:deb/debian/{name}@{version}?arch={architecture}&distro=debian-12"

components = bom.setdefault("components", [])
known = {c.get("bom-ref") for c in components}
with open(packages_path) as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 3:
            continue
        name, version, architecture = parts
        purl = deb(name, version, architecture)
        if purl not in known:
            components.append({"type": "library", "bom-ref": purl, "name": name, "version": version, "purl": purl,
                               "properties": [{"name": "vaultserver-admission:layer", "value": "base (Debian bookworm)"}]})
            known.add(purl)
jdk = deb(jdk_package, jdk_version, arch)
if jdk not in known:
    components.append({"type": "platform", "bom-ref": jdk, "name": jdk_package, "version": jdk_version, "purl": jdk,
                       "description": "The Java runtime of the image, linked by jlink from this Debian package",
                       "properties": [{"name": "vaultserver-admission:layer", "value": "java-runtime (/opt/java)"},
                                      {"name": "vaultserver-admission:jlink-modules", "value": modules}]})
with open(out, "w") as f:
    json.dump(bom, f, indent=2)
    f.write("\n")

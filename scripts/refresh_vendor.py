"""Refresh or verify the pinned third-party front-end files in tiwizi/static/vendor/.

Why: Tiwizi has no JavaScript build step and loads nothing from a CDN.  The few front-end
libraries it uses (Bootstrap, htmx) are committed as plain files, so what runs in production
is exactly what was reviewed.  scripts/vendor.json pins each npm package to an exact version
and its tarball's sha512 integrity, lists the files to copy, and records the sha256 of every
copied file.  Never edit the vendored files by hand: change the manifest and re-run this.

    python3 scripts/refresh_vendor.py          # download (npm pack), verify, copy, record sha256
    python3 scripts/refresh_vendor.py --check  # offline: files on disk match the manifest?

Downloads go through `npm pack`, i.e. whatever registry npm is configured to use.  A package
whose "integrity" is empty is pinned to the downloaded tarball (trust on first use).
Trailing sourceMappingURL comments are stripped, since the .map files are not vendored.
Every package must vendor its licence as "LICENSE".
"""

import argparse
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "scripts" / "vendor.json"
# A trailing "/*# sourceMappingURL=x.css.map */" (CSS) or "//# sourceMappingURL=x.js.map" (JS).
SOURCE_MAP = re.compile(rb"(?:/\*[#@] sourceMappingURL=[^\n]*?\*/|//[#@] sourceMappingURL=.*)\s*\Z")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check(manifest: dict[str, Any]) -> list[str]:
    """Return a list of problems; empty if the vendored files match the manifest."""
    problems = []
    for pkg in manifest["packages"]:
        pkg_dir = ROOT / manifest["dest"] / pkg["dir"]
        expected = {pkg_dir / f["dest"]: f["sha256"] for f in pkg["files"]}
        for path, digest in expected.items():
            rel = path.relative_to(ROOT)
            if not path.is_file():
                problems.append(f"missing: {rel}")
            elif sha256(path.read_bytes()) != digest:
                problems.append(f"sha256 mismatch (edited by hand?): {rel}")
        extra = [p for p in pkg_dir.rglob("*") if p.is_file() and p not in expected]
        problems += [f"not in manifest: {p.relative_to(ROOT)}" for p in sorted(extra)]
    return problems


def refresh(pkg: dict[str, Any], dest_root: Path, tmp: Path) -> None:
    spec = f"{pkg['name']}@{pkg['version']}"
    print(f"npm pack {spec}")
    npm_exe = shutil.which("npm") or sys.exit("npm not found on PATH")
    npm = subprocess.run(  # noqa: S603 - fixed argv, no shell; spec comes from the manifest
        [npm_exe, "pack", spec, "--json", "--ignore-scripts", "--pack-destination", str(tmp)],
        cwd=tmp,
        capture_output=True,
        text=True,
    )
    if npm.returncode:
        sys.exit(f"npm pack {spec} failed:\n{npm.stderr}")
    tarball = tmp / json.loads(npm.stdout)[0]["filename"]
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    integrity = "sha512-" + base64.b64encode(digest).decode()
    if not pkg["integrity"]:
        print(f"  pinning new integrity {integrity}")
        pkg["integrity"] = integrity
    elif integrity != pkg["integrity"]:
        sys.exit(f"{spec}: tarball integrity {integrity} != manifest {pkg['integrity']}")
    if not any(f["dest"] == "LICENSE" for f in pkg["files"]):
        sys.exit(f"{spec}: manifest must copy the package licence to 'LICENSE'")

    with tarfile.open(tarball) as tar:
        # npm tarballs hold one top-level folder (usually "package/"): index by the rest.
        members = {m.name.split("/", 1)[-1]: m for m in tar.getmembers() if m.isfile()}

        def read(name: str) -> bytes:
            fh = tar.extractfile(members[name]) if name in members else None
            if fh is None:
                sys.exit(f"{spec}: {name} not found in tarball")
            return fh.read()

        meta = json.loads(read("package.json"))
        if (meta["name"], meta["version"]) != (pkg["name"], pkg["version"]):
            sys.exit(f"{spec}: tarball contains {meta['name']}@{meta['version']}")
        pkg["license"] = meta.get("license", "")
        pkg_dir = dest_root / pkg["dir"]
        shutil.rmtree(pkg_dir, ignore_errors=True)  # drop files no longer listed
        for f in pkg["files"]:
            data = SOURCE_MAP.sub(b"", read(f["src"]))
            target = pkg_dir / f["dest"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            f["sha256"] = sha256(data)
            print(f"  {target.relative_to(ROOT)} ({len(data)} bytes)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="verify only, no network")
    args = parser.parse_args()
    manifest = json.loads(MANIFEST.read_text())

    if not args.check:
        with tempfile.TemporaryDirectory() as tmp:
            for pkg in manifest["packages"]:
                refresh(pkg, ROOT / manifest["dest"], Path(tmp))
        MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")

    problems = check(manifest)
    if problems:
        print("Vendored files do not match scripts/vendor.json:", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        print("Run `python3 scripts/refresh_vendor.py` to regenerate them.", file=sys.stderr)
        return 1
    print(f"OK: vendored files match {MANIFEST.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

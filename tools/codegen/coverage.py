"""docs/api-coverage.md: one row per operation of the spec, filled from annotations in the code.

    // operationId: ContainerCreate          (right above a wrapper in include/docker/api/*.hpp)
    // covers: ContainerCreate (real engine)  (in a test; several ids may share one line,
    // covers: ImageSearch, SystemAuth (scripted server)   separated by commas)
"""

import glob
import os
import re

OP_RE = re.compile(r"^\s*//\s*operationId:\s*([A-Za-z0-9_, ]+?)\s*$")
COVERS_RE = re.compile(r"//\s*covers:\s*([A-Za-z0-9_, ]+?)\s*\((real engine|scripted server)\)")
CLASS_RE = re.compile(r"^\s*class\s+(\w+)\b(?:\s*:\s*([^{;]*))?[^;]*$")
BASE_RE = re.compile(r"public\s+(\w+)")
FUNC_RE = re.compile(r"^\s*(?:template\s*<[^>]*>\s*)?(?:static\s+|inline\s+|virtual\s+)*[\w:<>,\s*&]+?\b(\w+)\s*\(")
ACCESSOR_RE = re.compile(r"\b(\w+)\s+Client::(\w+)\s*\(\s*\)")


def group_name(cls):
    """The name a group is used by: class template BasicNetworksApi is NetworksApi."""
    return cls[len("Basic"):] if cls.startswith("Basic") and cls.endswith("Api") else cls


def wrappers(root):
    """operationId -> C++ call text, from include/docker/api/*.hpp."""
    accessors = {}
    files = sorted(glob.glob(os.path.join(root, "include/docker/api/*.hpp")))
    texts = {}
    for path in files:
        with open(path) as f:
            texts[path] = f.read().splitlines()
        for line in texts[path]:
            for cls, acc in ACCESSOR_RE.findall(line):
                accessors[cls] = acc
    # A base class's calls are reached through the group that derives from it.
    for path in files:
        for line in texts[path]:
            m = CLASS_RE.match(line)
            if m and m.group(2) and group_name(m.group(1)) in accessors:
                for base in BASE_RE.findall(m.group(2)):  # every base: a group may have several
                    accessors.setdefault(group_name(base), accessors[group_name(m.group(1))])
    calls = {}
    for path in files:
        lines = texts[path]
        cls = None
        pending = []
        for line in lines:
            m = CLASS_RE.match(line)
            if m:
                cls = group_name(m.group(1))
            m = OP_RE.match(line)
            if m:
                pending += [x.strip() for x in m.group(1).split(",") if x.strip()]
                continue
            if pending and line.strip() and not line.strip().startswith("//"):
                fm = FUNC_RE.match(line)
                if fm:
                    fn = fm.group(1)
                    if cls in accessors:
                        call = "client.%s().%s()" % (accessors[cls], fn)
                    elif cls:
                        call = "%s::%s()" % (cls, fn)
                    else:
                        call = "%s()" % fn
                    for op in pending:
                        calls.setdefault(op, call)
                    pending = []
    return calls


def tests(root):
    """operationId -> set of "real engine" / "scripted server"."""
    out = {}
    for path in sorted(glob.glob(os.path.join(root, "tests/**/*.cpp"), recursive=True)):
        with open(path) as f:
            for line in f:
                for ids, how in COVERS_RE.findall(line):
                    for op in ids.split(","):
                        if op.strip():
                            out.setdefault(op.strip(), set()).add(how)
    return out


README_TOTAL_RE = re.compile(r"today \d+ of \d+ typed, \d+ tested")


def annotations(root):
    """What the code says, read once: the C++ call of each wrapped operation (from the API
    headers) and how each is tested (from the tests)."""
    return wrappers(root), tests(root)


def totals(operations, calls, tested):
    """Operations typed, tested, and both."""
    typed = sum(1 for op in operations if op["id"] in calls)
    covered = sum(1 for op in operations if op["id"] in tested)
    both = sum(1 for op in operations if op["id"] in calls and op["id"] in tested)
    return typed, covered, both


def check_readme_total(operations, calls, tested, root, write):
    """The README's coverage total ("today N of M typed, K tested") must say what the code
    says: rewritten when `write`, else a failure naming both."""
    typed, covered, _ = totals(operations, calls, tested)
    expected = "today %d of %d typed, %d tested" % (typed, len(operations), covered)
    path = os.path.join(root, "README.md")
    with open(path) as f:
        text = f.read()
    found = README_TOTAL_RE.search(text)
    if not found:
        raise SystemExit("codegen: README.md has no coverage total (\"today N of M typed, K tested\")")
    if found.group(0) == expected:
        return
    if not write:
        raise SystemExit("codegen: README.md says \"%s\", the code says \"%s\"; run scripts/codegen.sh"
                         % (found.group(0), expected))
    with open(path, "w") as f:
        f.write(text[:found.start()] + expected + text[found.end():])


def table(operations, calls, tested, version):
    known = {op["id"] for op in operations}
    unknown = sorted((set(calls) | set(tested)) - known)
    if unknown:
        raise SystemExit("codegen: annotations name operations the spec does not have: " + ", ".join(unknown))
    typed, covered, both = totals(operations, calls, tested)
    rows = [
        "<!-- generated by tools/codegen (scripts/codegen.sh); do not edit. -->",
        "# Engine API coverage",
        "",
        "Every operation of Engine API v%s, in the spec's order. **Typed: %d of %d; tested: %d of %d "
        "(typed and tested: %d).**" % (version, typed, len(operations), covered, len(operations), both),
        "",
        "The C++ call comes from the `// operationId:` comment above each wrapper in "
        "`include/docker/api/`; the test column from `// covers: <id> (real engine|scripted server)` "
        "comments in `tests/`. \"Since\" is the first API version whose spec has the operation "
        "(1.41 is the oldest read).",
        "",
        "| Operation | Method | Path | C++ call | Since | Tested |",
        "|---|---|---|---|---|---|",
    ]
    for op in operations:
        oid = op["id"]
        call = "`%s`" % calls[oid] if oid in calls else "not yet"
        how = ", ".join(sorted(tested.get(oid, []))) or "not yet"
        rows.append("| %s | %s | `%s` | %s | %s | %s |" % (oid, op["method"], op["path"], call, op["since"], how))
    rows.append("")
    return "\n".join(rows)

"""Corrections to the spec where real daemons answer otherwise (checked against dockerd 20.10,
API 1.41, unless noted). Each entry: (definition, property path, change, why).

The models already survive the common kinds of drift without an entry here: a null reads as
"unset", a key the spec does not know lands in `extra`, and a value of an unexpected type is
kept verbatim in `extra` under its key (so it is sent back unchanged). Entries here are for
what a user would otherwise meet as a wrong C++ type.
"""

import copy

OVERRIDES = [
    # Fields the spec lists as required (so plain members, always sent) that dockerd sends
    # as null; nullable keeps the null a null instead of turning it into {} or [] on the way
    # back. Seen from GET /images/json and GET /containers/{id}/json on 20.10.
    ("ImageSummary", ["RepoDigests"], {"x-nullable": True}, "null for an image without a digest"),
    ("ImageSummary", ["Labels"], {"x-nullable": True}, "null for an image without labels"),
    ("DriverData", ["Data"], {"x-nullable": True}, "null for a graph driver without data"),
]


def _walk(schema, path, defs):
    node = schema
    for key in path:
        if "$ref" in node and "properties" not in node:
            node = defs[node["$ref"].split("/")[-1]]
        props = node.get("properties")
        if props is None:
            for part in node.get("allOf", []):
                if "properties" in part and key in part["properties"]:
                    props = part["properties"]
                    break
        if props is None or key not in props:
            return None
        node = props[key]
    return node


def _merge(node, change):
    for k, v in change.items():
        if isinstance(v, dict) and isinstance(node.get(k), dict):
            _merge(node[k], v)
        else:
            node[k] = v


def apply_overrides(spec):
    spec = copy.deepcopy(spec)
    defs = spec["definitions"]
    for name, path, change, _why in OVERRIDES:
        if name not in defs:
            continue
        node = _walk(defs[name], path, defs)
        if node is not None:
            _merge(node, change)
    return spec


# The older specs we read (1.41, 1.44, 1.52) only bound when something appeared: a parameter
# absent from 1.41 and present in 1.44 is gated at 1.44. Where the exact version is known,
# it goes here (operation, query parameter or None for the operation itself, version).
VERSION_OVERRIDES = [
    ("ContainerStop", "signal", "1.42"),     # API 1.42 added signal to stop and restart
    ("ContainerRestart", "signal", "1.42"),
]

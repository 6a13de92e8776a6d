"""Reads one Engine API spec (Swagger 2.0) into a flat list of C++ model descriptions.

Every schema the operations reach becomes a Model (an object with named properties), an
Enum (a string with a fixed set of values) or an Alias (a map, array or scalar under a
name). Anonymous nested objects are named after where they sit: HostConfig.LogConfig
becomes HostConfigLogConfig, the items of HostConfig.Devices-like arrays ...Item.
"""

import re

from overrides import apply_overrides

SCALARS = {
    ("string", None): "std::string",
    ("boolean", None): "bool",
    ("number", None): "double",
    ("integer", None): "std::int64_t",
    ("integer", "int64"): "std::int64_t",
    ("integer", "int32"): "std::int64_t",
    ("integer", "uint64"): "std::uint64_t",
    ("integer", "uint32"): "std::uint64_t",
    ("integer", "uint16"): "std::uint64_t",
    ("integer", "uint8"): "std::uint64_t",
    ("number", "double"): "double",
}

CPP_KEYWORDS = {
    "auto", "bool", "break", "case", "catch", "char", "class", "const", "continue", "default",
    "delete", "do", "double", "else", "enum", "explicit", "export", "extern", "false", "float",
    "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new",
    "operator", "private", "protected", "public", "register", "return", "short", "signed",
    "sizeof", "static", "struct", "switch", "template", "this", "throw", "true", "try",
    "typedef", "union", "unsigned", "using", "virtual", "void", "volatile", "while", "and",
    "or", "not", "xor", "extra", "none", "null", "fields", "value",
}

# Names that g++ and clang predefine as macros in their GNU modes (-std=gnu++17, CMake's
# default for cxx_std_17): a member called `linux` would not compile there.
PREDEFINED_MACROS = {"linux", "unix", "i386"}

# Acronyms that the plain CamelCase split would cut in odd places.
_WORD_FIXES = [("IPv6", "Ipv6"), ("IPv4", "Ipv4"), ("IOps", "Iops"), ("IOBps", "Iobps"),
               ("OSType", "OsType"), ("OSVersion", "OsVersion"), ("OSFeatures", "OsFeatures"),
               ("CAs", "Cas"), ("IDs", "Ids"), ("TTL", "Ttl"), ("OOM", "Oom"), ("CPUs", "Cpus")]


def snake(key):
    s = key
    for a, b in _WORD_FIXES:
        s = s.replace(a, b)
    s = re.sub(r"[^A-Za-z0-9]+", "_", s)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = s.lower().strip("_")
    s = re.sub(r"_+", "_", s)
    if not s or s[0].isdigit():
        s = "f_" + s
    if s in CPP_KEYWORDS or s in PREDEFINED_MACROS:
        s += "_"
    return s


def pascal(key):
    parts = re.split(r"[^A-Za-z0-9]+", key)
    return "".join(p[:1].upper() + p[1:] for p in parts if p)


def enum_constant(value):
    s = snake(str(value)) if str(value) else "empty"
    return s


class Field:
    def __init__(self, key, name, cpp_type, kind, required, nullable, nested=None):
        self.key = key            # JSON key
        self.name = name          # C++ member
        self.cpp_type = cpp_type  # C++ type of the value (without the optional around it)
        self.kind = kind          # "scalar" "model" "json" "container" "enum" "alias"
        self.required = required
        self.nullable = nullable
        self.nested = nested      # model names this field's value may hold (for version checks)
        self.since = None


class Model:
    def __init__(self, name, origin):
        self.name = name
        self.origin = origin      # "definitions/HostConfig" or "HostConfig.LogConfig" ...
        self.fields = []
        self.deps = set()         # model/enum/alias names used by value
        self.since = None
        self.group = None


class Enum:
    def __init__(self, name, origin, values):
        self.name = name
        self.origin = origin
        self.values = values
        self.deps = set()
        self.since = None
        self.group = None


class Alias:
    def __init__(self, name, origin, cpp_type, deps):
        self.name = name
        self.origin = origin
        self.cpp_type = cpp_type
        self.deps = set(deps)
        self.since = None
        self.group = None


class SpecReader:
    def __init__(self, spec):
        self.spec = apply_overrides(spec)
        self.defs = self.spec["definitions"]
        self.types = {}           # name -> Model | Enum | Alias
        self.order = []           # names in the order first met
        self.def_names = set(self.defs)
        self.operations = []      # (operation_id, method, path, tag, query params, body model, response model)
        self.read_operations()

    # -- schemas --------------------------------------------------------------------------

    def deref(self, schema):
        while "$ref" in schema:
            schema = self.defs[schema["$ref"].split("/")[-1]]
        return schema

    def flatten(self, schema, owner=None):
        """Properties (key -> (schema, owner definition or None)) and required keys of an
        object schema, allOf merged in order. A property inherited from a definition is named
        after that definition, so HostConfig and ContainerUpdateRequest share Resources' parts."""
        props, required = {}, set()
        if "$ref" in schema:
            name = schema["$ref"].split("/")[-1]
            return self.flatten(self.defs[name], name)
        for part in schema.get("allOf", []):
            p, r = self.flatten(part, owner)
            props.update(p)
            required |= r
        for k, v in schema.get("properties", {}).items():
            props[k] = (v, owner)
        required |= set(schema.get("required", []))
        return props, required

    def is_object_with_properties(self, schema):
        if "$ref" in schema:
            return False
        parts = schema.get("allOf")
        if parts:
            # One definition under another name (NetworkSummary is Network) is an alias of
            # it, not a copy of its fields.
            return not (len(parts) == 1 and "$ref" in parts[0] and not schema.get("properties"))
        return bool(schema.get("properties"))

    def type_of(self, schema, suggested, origin):
        """C++ type for a schema; returns (cpp_type, kind, deps, nested_model_names)."""
        if "$ref" in schema:
            name = schema["$ref"].split("/")[-1]
            self.define(name, self.defs[name], "definitions/" + name)
            t = self.types[name]
            kind = "model" if isinstance(t, Model) else "enum" if isinstance(t, Enum) else "alias"
            nested = {name} if isinstance(t, Model) else set(getattr(t, "nested", set()))
            return name, kind, {name}, nested
        if "allOf" in schema and len(schema["allOf"]) == 1 and not schema.get("properties"):
            return self.type_of(schema["allOf"][0], suggested, origin)
        if self.is_object_with_properties(schema):
            name = self.unique(suggested, origin)
            self.define(name, schema, origin)
            return name, "model", {name}, {name}
        t = schema.get("type")
        if t == "array":
            inner, _, deps, nested = self.type_of(schema.get("items", {}), suggested + "Item", origin + "[]")
            if schema.get("items", {}).get("x-nullable") and inner not in ("json",):
                inner = "std::optional<%s>" % inner
            return "std::vector<%s>" % inner, "container", deps, nested
        if t == "object" or (t is None and "additionalProperties" in schema):
            ap = schema.get("additionalProperties")
            if isinstance(ap, dict) and ap:
                inner, _, deps, nested = self.type_of(ap, suggested + "Value", origin + "{}")
                if ap.get("x-nullable") and inner not in ("json",):
                    inner = "std::optional<%s>" % inner
                return "std::map<std::string, %s>" % inner, "container", deps, nested
            if ap is not None:  # {} or true: any values; keys matter (Docker's sets)
                return "std::map<std::string, json>", "container", set(), set()
            return "json", "json", set(), set()
        if t == "string" and schema.get("enum"):
            name = self.unique(suggested, origin)
            self.define(name, schema, origin)
            return name, "enum", {name}, set()
        if t in ("string", "boolean", "number", "integer"):
            key = (t, schema.get("format")) if (t, schema.get("format")) in SCALARS else (t, None)
            return SCALARS[key], "scalar", set(), set()
        return "json", "json", set(), set()

    def unique(self, suggested, origin):
        name = suggested
        n = 2
        while (name in self.types and self.types[name].origin != origin) or \
                (name in self.def_names and origin != "definitions/" + name):
            name = "%s%d" % (suggested, n)
            n += 1
        return name

    def define(self, name, schema, origin):
        if name in self.types:
            return
        schema = dict(schema)
        if self.is_object_with_properties(schema) or (schema.get("type") == "object" and "properties" in schema):
            m = Model(name, origin)
            self.types[name] = m  # before the fields: a recursive reference finds it
            props, required = self.flatten(schema)
            used = set()
            for key, (prop, owner) in props.items():
                if owner and owner != name:
                    where, prefix = "definitions/" + owner, owner
                else:
                    where, prefix = origin, name
                cpp, kind, deps, nested = self.type_of(prop, prefix + pascal(key), where + "." + key)
                member = snake(key)
                while member in used:
                    member += "_"
                used.add(member)
                nullable = bool(prop.get("x-nullable"))
                f = Field(key, member, cpp, kind, key in required and not nullable, nullable, nested)
                m.fields.append(f)
                m.deps |= deps
            self.order.append(name)
            return
        if schema.get("type") == "string" and schema.get("enum"):
            e = Enum(name, origin, [str(v) for v in schema["enum"]])
            self.types[name] = e
            self.order.append(name)
            return
        if "allOf" in schema and len(schema["allOf"]) == 1:
            inner = schema["allOf"][0]
            cpp, kind, deps, nested = self.type_of(inner, name + "Value", origin)
        else:
            cpp, kind, deps, nested = self.type_of(schema, name + "Value", origin)
        a = Alias(name, origin, cpp, deps)
        a.nested = nested
        self.types[name] = a
        self.order.append(name)

    # -- operations -----------------------------------------------------------------------

    def read_operations(self):
        for path, item in self.spec["paths"].items():
            shared = item.get("parameters", [])
            for method, op in item.items():
                if method == "parameters":
                    continue
                oid = op["operationId"]
                tag = (op.get("tags") or ["System"])[0]
                query, body_type, deps = [], None, set()
                for p in shared + op.get("parameters", []):
                    if p.get("in") == "query":
                        query.append(p["name"])
                    elif p.get("in") == "body":
                        schema = p.get("schema", {})
                        suggested = schema.get("title") or oid + "Request"
                        if not re.match(r"^[A-Za-z][A-Za-z0-9]*$", suggested):
                            suggested = oid + "Request"
                        parts = schema.get("allOf", [])
                        extra_parts = [x for x in parts if "$ref" not in x and x.get("properties")]
                        refs = [x for x in parts if "$ref" in x]
                        if parts and not extra_parts and len(refs) == 1:
                            schema = refs[0]
                        body_type, _, body_deps, _ = self.type_of(schema, suggested, "body:" + oid)
                        deps |= body_deps
                response_type = None
                for code, r in sorted(op.get("responses", {}).items()):
                    if str(code).startswith("2") and "schema" in r:
                        schema = r["schema"]
                        suggested = schema.get("title") or oid + "Response"
                        if not re.match(r"^[A-Za-z][A-Za-z0-9]*$", suggested):
                            suggested = oid + "Response"
                        response_type, _, response_deps, _ = self.type_of(schema, suggested, "response:" + oid)
                        deps |= response_deps
                        break
                self.operations.append({
                    "id": oid, "method": method.upper(), "path": path, "tag": tag,
                    "query": query, "body": body_type, "response": response_type, "deps": deps,
                })

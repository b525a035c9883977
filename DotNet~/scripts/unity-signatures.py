#!/usr/bin/env python3
"""Extract Unity 2022.3's signatures of exactly what the Unity API shim (DotNet~/UnityShim) declares.

Reads the shim's C# sources to learn which types and member names it declares, finds those types in Unity's C#
reference source (the UnityCsReference repository, branch 2022.3, read with `git show`/`git grep` from a bare clone),
and writes every public overload Unity 2022.3 has of each declared member into DotNet~/UnityShim/UnitySignatures.txt,
one line per type, member, enum value or attribute usage, in the format ShimSignatureTests reads the shim with by
reflection. Members bound to native code (.bindings.cs, `extern`, [FreeFunction]) are declarations like any other.
A shim member Unity does not have gets no line, so the test names it. Standard library only.

usage: unity-signatures.py [--repo BARE_GIT_DIR] [--branch 2022.3] [--out FILE]
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOTNET = os.path.dirname(HERE)
SHIM = os.path.join(DOTNET, "UnityShim")
DEFAULT_REPO = "/work/.mirror/Unity-Technologies+UnityCsReference/repo"

KEYWORDS = {
    "Boolean": "bool", "Byte": "byte", "SByte": "sbyte", "Int16": "short", "UInt16": "ushort", "Int32": "int",
    "UInt32": "uint", "Int64": "long", "UInt64": "ulong", "Single": "float", "Double": "double", "Decimal": "decimal",
    "Char": "char", "String": "string", "Void": "void", "IntPtr": "IntPtr",
}
MODIFIERS = {"public", "private", "protected", "internal", "static", "sealed", "abstract", "virtual", "override", "extern",
             "unsafe", "readonly", "const", "new", "partial", "volatile", "async", "fixed", "ref"}
ATTRIBUTE_TARGETS = [("Assembly", 1), ("Module", 2), ("Class", 4), ("Struct", 8), ("Enum", 16), ("Constructor", 32),
                     ("Method", 64), ("Property", 128), ("Field", 256), ("Event", 512), ("Interface", 1024),
                     ("Parameter", 2048), ("Delegate", 4096), ("ReturnValue", 8192), ("GenericParameter", 16384)]
OPERATORS = {"+": "op_Addition", "-": "op_Subtraction", "*": "op_Multiply", "/": "op_Division", "%": "op_Modulus",
             "==": "op_Equality", "!=": "op_Inequality", "<": "op_LessThan", ">": "op_GreaterThan",
             "<=": "op_LessThanOrEqual", ">=": "op_GreaterThanOrEqual", "!": "op_LogicalNot", "~": "op_OnesComplement",
             "&": "op_BitwiseAnd", "|": "op_BitwiseOr", "^": "op_ExclusiveOr", "true": "op_True", "false": "op_False",
             "++": "op_Increment", "--": "op_Decrement"}
UNARY = {"-": "op_UnaryNegation", "+": "op_UnaryPlus"}


# ---------------------------------------------------------------- lexing

def strip_source(text):
    """Removes comments; keeps only the first branch of each #if/#elif/#else group (braces stay balanced)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif c == '"' or text.startswith('@"', i) or text.startswith('$"', i):
            verbatim = text.startswith('@"', i)
            j = i + (2 if c in "@$" else 1)
            while j < n:
                if verbatim and text[j] == '"' and j + 1 < n and text[j + 1] == '"':
                    j += 2
                    continue
                if not verbatim and text[j] == "\\":
                    j += 2
                    continue
                if text[j] == '"':
                    break
                j += 1
            out.append(text[i:j + 1])
            i = j + 1
        elif c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    lines = "".join(out).split("\n")
    kept, taking = [], []  # one entry per open #if: is the current branch the first one?
    for line in lines:
        s = line.strip()
        if s.startswith("#"):
            word = s[1:].strip().split(" ")[0]
            if word == "if":
                taking.append(True)
            elif word in ("elif", "else") and taking:
                taking[-1] = False
            elif word == "endif" and taking:
                taking.pop()
            continue
        if all(taking):
            kept.append(line)
    return "\n".join(kept)


TOKEN = re.compile(r'@?"(?:[^"\\]|\\.)*"|\$"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[A-Za-z_@][A-Za-z0-9_]*|'
                   r'\d[\dA-Fa-fxX_.]*[fFdDmMuUlL]*|=>|==|!=|<=|&&|\|\||\?\?|::|\+\+|--|[^\sA-Za-z0-9_]')


def tokens(text):
    return TOKEN.findall(strip_source(text))


# ---------------------------------------------------------------- parsing

class TypeDecl:
    def __init__(self, namespace, name, kind, modifiers, generics, bases, attributes):
        self.namespace, self.name, self.kind = namespace, name, kind
        self.modifiers, self.generics, self.bases, self.attributes = modifiers, generics, bases, attributes
        self.members = []  # dicts
        self.invoke = None  # for delegates: (params, return)
        self.has_ctor = False  # any constructor declared, public or not

    @property
    def full(self):
        return (self.namespace + "." if self.namespace else "") + self.name


class Parser:
    def __init__(self, toks):
        self.t, self.i = toks, 0
        self.types = []
        self.aliases = {}  # using Alias = Some.Type;

    def peek(self, k=0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else ""

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def skip_balanced(self, open_, close):
        depth = 0
        while self.i < len(self.t):
            tok = self.take()
            if tok == open_:
                depth += 1
            elif tok == close:
                depth -= 1
                if depth == 0:
                    return

    def attributes(self):
        found = []
        while self.peek() == "[":
            start = self.i
            self.skip_balanced("[", "]")
            found.append(self.t[start + 1:self.i - 1])
        return found

    def parse_file(self):
        self.namespace_body("")
        return self.types

    def namespace_body(self, ns):
        while self.i < len(self.t):
            tok = self.peek()
            if tok == "}":
                self.take()
                return
            if tok == "using":
                self.take()
                if self.peek(1) == "=":
                    alias = self.take()
                    self.take()
                    self.aliases[alias] = self.type_ref()
                while self.take() != ";":
                    pass
                continue
            if tok == "namespace":
                self.take()
                name = self.qualified()
                inner = ns + "." + name if ns else name
                if self.peek() == ";":
                    self.take()
                    self.namespace_body(inner)
                    return
                self.take()  # {
                self.namespace_body(inner)
                continue
            attrs = self.attributes()
            mods = self.modifiers()
            if self.peek() in ("class", "struct", "interface", "enum", "record") or (self.peek() == "delegate"):
                self.type_decl(ns, None, mods, attrs)
            elif self.peek() == ";":
                self.take()
            elif self.i < len(self.t):
                self.take()

    def modifiers(self):
        mods = []
        while self.peek() in MODIFIERS and not (self.peek() == "ref" and self.peek(1) in ("struct",)):
            mods.append(self.take())
        if self.peek() == "ref" and self.peek(1) == "struct":
            self.take()
        return mods

    def qualified(self):
        name = self.take()
        while self.peek() in (".", "::"):
            self.take()
            name += "." + self.take()
        return name

    def type_ref(self):
        """A type as written: qualified name, generic arguments, '?', '[]', '*', or a tuple."""
        if self.peek() == "(":
            start = self.i
            self.skip_balanced("(", ")")
            text = "(" + " ".join(self.t[start + 1:self.i - 1]) + ")"
        else:
            text = self.qualified()
            if self.peek() == "<":
                self.take()
                args = [self.type_ref()]
                while self.peek() == ",":
                    self.take()
                    args.append(self.type_ref())
                self.take()  # >
                text += "<" + ", ".join(args) + ">"
                while self.peek() == ".":  # Outer<T>.Inner
                    self.take()
                    text += "." + self.take()
        while True:
            if self.peek() == "?":
                self.take()
                text += "?"
            elif self.peek() == "[" and self.peek(1) in ("]", ","):
                self.take()
                dims = ""
                while self.peek() == ",":
                    dims += self.take()
                self.take()
                text += "[" + dims + "]"
            elif self.peek() == "*":
                self.take()
                text += "*"
            else:
                return text

    def generic_params(self):
        params = []
        if self.peek() == "<":
            self.take()
            while self.peek() != ">":
                tok = self.take()
                if tok not in (",", "in", "out") and not tok.startswith("["):
                    params.append(tok)
            self.take()
        return params

    def skip_constraints(self):
        if self.peek() == "where":
            while self.peek() not in ("{", ";", "=>", ""):
                self.take()

    def type_decl(self, ns, outer, mods, attrs):
        kind = self.take()
        if kind == "delegate":
            ret = self.type_ref()
            name = self.take()
            generics = self.generic_params()
            params = self.params()
            self.skip_constraints()
            self.take()  # ;
            decl = TypeDecl(ns, (outer.name + "." if outer else "") + name, "delegate", mods, generics, [], attrs)
            decl.invoke = (params, ret)
            self.types.append(decl)
            return
        name = self.take()
        generics = self.generic_params()
        bases = []
        if self.peek() == ":":
            self.take()
            bases.append(self.type_ref())
            while self.peek() == ",":
                self.take()
                bases.append(self.type_ref())
        self.skip_constraints()
        decl = TypeDecl(ns, (outer.name + "." if outer else "") + name, kind, mods, generics, bases, attrs)
        self.types.append(decl)
        if self.peek() == ";":
            self.take()
            return
        self.take()  # {
        if kind == "enum":
            self.enum_body(decl)
        else:
            self.type_body(decl)

    def enum_body(self, decl):
        value = -1
        known = {}
        while self.peek() != "}" and self.i < len(self.t):
            self.attributes()
            name = self.take()
            if self.peek() == "=":
                self.take()
                expr = []
                while self.peek() not in (",", "}"):
                    expr.append(self.take())
                value = evaluate(expr, known)
            else:
                value = None if value is None else value + 1
            known[name] = value
            decl.members.append({"kind": "enum", "name": name, "value": value})
            if self.peek() == ",":
                self.take()
        self.take()

    def type_body(self, decl):
        while self.i < len(self.t):
            if self.peek() == "}":
                self.take()
                return
            attrs = self.attributes()
            mods = self.modifiers()
            tok = self.peek()
            if tok in ("class", "struct", "interface", "enum", "record", "delegate"):
                self.type_decl(decl.namespace, decl, mods, attrs)
                continue
            if tok == ";":
                self.take()
                continue
            if tok == "~":
                self.take()
                self.take()
                self.params()
                self.body()
                continue
            if tok in ("implicit", "explicit"):
                self.take()
                self.take()  # operator
                ret = self.type_ref()
                params = self.params()
                self.body()
                self.add(decl, mods, "method", "op_Implicit" if tok == "implicit" else "op_Explicit", ret, params, [])
                continue
            if tok == "event":
                self.take()
                etype = self.type_ref()
                names = [self.take()]
                while self.peek() == ",":
                    self.take()
                    names.append(self.take())
                if self.peek() == "{":
                    self.skip_balanced("{", "}")
                else:
                    self.skip_statement()
                for n in names:
                    self.add(decl, mods, "event", n, etype, None, [])
                continue
            if tok == decl.name.split(".")[-1] and self.peek(1) == "(":
                self.take()
                params = self.params()
                if self.peek() == ":":  # : base(...) / this(...)
                    self.take()
                    self.take()
                    self.skip_balanced("(", ")")
                self.body()
                self.add(decl, mods, "ctor", ".ctor", None, params, [])
                continue
            mtype = self.type_ref()
            if self.peek() == "operator":
                self.take()
                op = self.take()
                if op in (">", "<") and self.peek() in ("=",):
                    op += self.take()
                params = self.params()
                self.body()
                name = (UNARY.get(op) if len(params) == 1 and op in UNARY else OPERATORS.get(op, "op_" + op))
                self.add(decl, mods, "method", name, mtype, params, [])
                continue
            if self.peek() == "this" and self.peek(1) == "[":
                self.take()
                params = self.params("[", "]")
                accessors = self.accessors()
                self.add(decl, mods, "indexer", "this[]", mtype, params, [], accessors)
                continue
            name = self.qualified()
            if "." in name:  # explicit interface implementation: not public API
                self.skip_member()
                continue
            generics = self.generic_params()
            if self.peek() == "(":
                params = self.params()
                self.skip_constraints()
                self.body()
                self.add(decl, mods, "method", name, mtype, params, generics)
            elif self.peek() in ("{", "=>"):
                accessors = self.accessors()
                self.add(decl, mods, "property", name, mtype, None, [], accessors)
            else:
                names = [name]
                while True:
                    if self.peek() == "=":
                        self.skip_initializer()
                    if self.peek() == ",":
                        self.take()
                        names.append(self.take())
                        continue
                    break
                if self.peek() == ";":
                    self.take()
                for n in names:
                    self.add(decl, mods, "field", n, mtype, None, [])

    def resolve(self, text):
        for alias, target in self.aliases.items():
            text = re.sub(r"(?<![\w.])%s(?![\w])" % re.escape(alias), target, text)
        return text

    def add(self, decl, mods, kind, name, mtype, params, generics, accessors=None):
        if kind == "ctor" and "static" not in mods:
            decl.has_ctor = True
        if mtype is not None:
            mtype = self.resolve(mtype)
        for p in params or []:
            p["type"] = self.resolve(p["type"])
        public = "public" in mods or decl.kind == "interface" or (kind in ("ctor", "method") and name.startswith("op_") and "public" in mods)
        if not public:
            return
        decl.members.append({"kind": kind, "name": name, "type": mtype, "params": params, "generics": generics,
                             "mods": mods, "accessors": accessors})

    def params(self, open_="(", close=")"):
        self.take()  # (
        result = []
        while self.peek() != close and self.i < len(self.t):
            self.attributes()
            prefix = []
            while self.peek() in ("ref", "out", "in", "params", "this", "scoped", "readonly"):
                prefix.append(self.take())
            ptype = self.type_ref()
            self.take()  # name
            default = None
            if self.peek() == "=":
                self.take()
                expr = []
                depth = 0
                while not (depth == 0 and self.peek() in (",", close)):
                    tok = self.take()
                    depth += 1 if tok in ("(", "<") else -1 if tok in (")", ">") else 0
                    expr.append(tok)
                default = expr
            result.append({"prefix": [p for p in prefix if p in ("ref", "out", "in", "params")], "type": ptype, "default": default})
            if self.peek() == ",":
                self.take()
        self.take()  # )
        return result

    def accessors(self):
        """Public accessors of a property: get/set, from a block or an expression body."""
        if self.peek() == "=>":
            self.skip_statement()
            return ["get"]
        self.take()  # {
        found = []
        while self.peek() != "}":
            self.attributes()
            mods = self.modifiers()
            acc = self.take()
            if acc in ("get", "set", "init") and not any(m in ("private", "protected", "internal") for m in mods):
                found.append(acc)
            if self.peek() == "{":
                self.skip_balanced("{", "}")
            elif self.peek() == "=>":
                self.skip_statement()
            elif self.peek() == ";":
                self.take()
        self.take()  # }
        if self.peek() == "=":  # auto-property initializer
            self.skip_statement()
        return found

    def body(self):
        if self.peek() == "{":
            self.skip_balanced("{", "}")
        elif self.peek() == "=>":
            self.skip_statement()
        elif self.peek() == ";":
            self.take()

    def skip_statement(self):
        depth = 0
        while self.i < len(self.t):
            tok = self.take()
            if tok in ("(", "{", "["):
                depth += 1
            elif tok in (")", "}", "]"):
                depth -= 1
            elif tok == ";" and depth == 0:
                return

    def skip_initializer(self):
        self.take()  # =
        depth = 0
        while self.i < len(self.t):
            tok = self.peek()
            if depth == 0 and tok in (",", ";"):
                return
            self.take()
            if tok in ("(", "{", "["):
                depth += 1
            elif tok in (")", "}", "]"):
                depth -= 1

    def skip_member(self):
        generics = self.generic_params()
        if self.peek() == "(":
            self.params()
            self.skip_constraints()
        if self.peek() in ("{", "=>", ";"):
            if self.peek() == "{":
                self.skip_balanced("{", "}")
                if self.peek() == "=":
                    self.skip_statement()
            else:
                self.body()


def evaluate(expr, known):
    text = " ".join(expr)
    for name, value in sorted(known.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(r"\b%s\b" % re.escape(name), str(value), text)
    text = re.sub(r"\b(0x[0-9A-Fa-f]+|\d+)[uUlL]*\b", r"\1", text)
    text = re.sub(r"\(\s*(int|uint|long|short|byte)\s*\)", "", text)
    text = re.sub(r"<\s*<", "<<", re.sub(r">\s*>", ">>", text))
    if not re.fullmatch(r"[\s\d+\-*/()<>|&~^xA-Fa-f]*", text):
        return None  # refers to another type's constant: no value line, so a shim member using it is reported
    try:
        return int(eval(text, {"__builtins__": {}}))  # only digits and operators remain
    except SyntaxError:
        return None


# ---------------------------------------------------------------- formatting

def simple_type(text, nested):
    """Type text as the signature list writes it: namespaces dropped, keywords for System types."""
    text = text.strip()
    if text.startswith("("):
        return text
    suffix = ""
    while True:
        m = re.search(r"(\?|\[,*\]|\*)$", text)
        if not m:
            break
        suffix = m.group(1) + suffix
        text = text[:m.start()]
    args = ""
    if "<" in text:
        head, rest = text.split("<", 1)
        inner = rest[:-1]
        parts, depth, cur = [], 0, ""
        for ch in inner:
            if ch == "<":
                depth += 1
            elif ch == ">":
                depth -= 1
            if ch == "," and depth == 0:
                parts.append(cur)
                cur = ""
            else:
                cur += ch
        parts.append(cur)
        args = "<" + ", ".join(simple_type(p, nested) for p in parts) + ">"
        text = head
    segments = text.split(".")
    # Drop namespace segments: everything before the last segment that starts a type (nested types keep their outer).
    while len(segments) > 1 and segments[0] in NAMESPACE_SEGMENTS:
        segments = segments[1:]
    if segments == ["Object"] and text.startswith("System."):
        segments = ["object"]
    name = ".".join(segments)
    name = KEYWORDS.get(name, name)
    if name in nested:
        name = nested[name]
    return name + args + suffix


NAMESPACE_SEGMENTS = {"System", "Collections", "Generic", "UnityEngine", "UnityEditor", "Unity", "Rendering",
                      "SceneManagement", "AssetImporters", "Experimental", "Internal", "Scripting", "Bindings",
                      "Serialization", "IO", "Text", "Threading", "Tasks", "LowLevel", "Unsafe", "Runtime",
                      "CompilerServices", "InteropServices", "UnityLinker", "Reporting", "Build"}


def format_default(expr, ptype):
    text = " ".join(expr).replace(" . ", ".").replace("- ", "-").strip()
    if text in ("null", "true", "false"):
        return text
    if text.startswith("default"):
        return "default"
    if text.startswith('"'):
        return text
    m = re.fullmatch(r"(-?[\d.]+)[fFdDmM]?", text)
    if m:
        number = float(m.group(1))
        return str(int(number)) if number == int(number) else repr(number)
    m = re.fullmatch(r"-?\d+[uUlL]*", text)
    if m:
        return text.rstrip("uUlL")
    if text in ("Mathf.Infinity", "float.PositiveInfinity"):
        return "Infinity"
    # An enum member: keep Type.Member with namespaces dropped.
    parts = text.split(".")
    while len(parts) > 2 and parts[0] in NAMESPACE_SEGMENTS:
        parts = parts[1:]
    # A nested enum written from inside its outer type (Options.None in Progress) is named as the parameter's
    # type is (Progress.Options.None), as reflection names it.
    if len(parts) == 2 and ptype.endswith("." + parts[0]):
        return ptype + "." + parts[1]
    return ".".join(parts)


def format_params(params, nested):
    out = []
    for p in params:
        text = " ".join(p["prefix"] + [simple_type(p["type"], nested)])
        if p["default"] is not None:
            text += " = " + format_default(p["default"], simple_type(p["type"], nested))
        out.append(text)
    return ", ".join(out)


def type_name(decl):
    return decl.full + ("<" + ", ".join(decl.generics) + ">" if decl.generics else "")


def member_lines(decl, member, nested, static_type):
    kind = member["kind"]
    owner = type_name(decl)
    mods = member.get("mods", [])
    static = "static" in mods or "const" in mods or static_type or (kind == "method" and member["name"].startswith("op_"))
    inherit = "abstract" if ("abstract" in mods or (decl.kind == "interface" and not static)) else "virtual" if ("virtual" in mods or ("override" in mods and "sealed" not in mods)) else ""
    words = lambda *ws: " ".join(w for w in ws if w)
    if kind == "enum":
        return [] if member["value"] is None else ["enum %s.%s = %d" % (owner, member["name"], member["value"])]
    if kind == "ctor":
        if static:
            return []
        return ["ctor %s(%s)" % (owner, format_params(member["params"], nested))]
    if kind == "method":
        generics = "<" + ", ".join(member["generics"]) + ">" if member["generics"] else ""
        return ["%s %s.%s%s(%s): %s" % (words("method", "static" if static else "", inherit), owner, member["name"], generics,
                                         format_params(member["params"], nested), simple_type(member["type"], nested))]
    if kind in ("property", "indexer"):
        name = member["name"] if kind == "property" else "this[%s]" % format_params(member["params"], nested)
        return ["%s %s.%s: %s %s" % (words("property", "static" if static else "", inherit), owner, name,
                                     simple_type(member["type"], nested), " ".join(a for a in ("get", "set") if a in member["accessors"]))]
    if kind == "field":
        qual = "const" if "const" in mods else words("static" if static else "", "readonly" if "readonly" in mods else "")
        return ["%s %s.%s: %s" % (words("field", qual), owner, member["name"], simple_type(member["type"], nested))]
    if kind == "event":
        return ["%s %s.%s: %s" % (words("event", "static" if static else ""), owner, member["name"], simple_type(member["type"], nested))]
    return []


def attribute_usage(decl, by_name):
    """AttributeUsage of an attribute class, inherited from its base as the runtime does."""
    for attr in decl.attributes:
        if "AttributeUsage" in attr or "AttributeUsageAttribute" in attr:
            text = " ".join(attr)
            targets = 0
            for name, value in ATTRIBUTE_TARGETS + [("All", 32767)]:
                if re.search(r"AttributeTargets \. %s\b" % name, text):
                    targets |= value
            multiple = re.search(r"AllowMultiple = (true|false)", text)
            inherited = re.search(r"Inherited = (true|false)", text)
            return targets, (multiple.group(1) == "true") if multiple else False, (inherited.group(1) == "true") if inherited else True
    base = decl.bases[0] if decl.bases else ""
    base_decl = by_name.get(simple_type(base, {}))
    if base_decl is not None:
        return attribute_usage(base_decl, by_name)
    return 32767, False, True


def format_targets(value):
    if value == 32767:
        return "All"
    return ", ".join(name for name, bit in ATTRIBUTE_TARGETS if value & bit)


def type_lines(decl, by_name, nested):
    kind = decl.kind
    mods = decl.modifiers
    if kind == "class":
        flag = "static" if "static" in mods else "abstract" if "abstract" in mods else "sealed" if "sealed" in mods else ""
    else:
        flag = ""
    base = ""
    interfaces = []
    if kind == "class" and decl.bases:
        first = simple_type(decl.bases[0], nested)
        if first.startswith("I") and len(first) > 1 and first[1].isupper() and first not in by_name:
            interfaces = decl.bases
        else:
            base = first
            interfaces = decl.bases[1:]
    elif kind in ("struct", "interface"):
        interfaces = decl.bases
    lines = ["type %s: %s" % (type_name(decl), " ".join(w for w in (kind, flag) if w)) + (" : " + base if base else "")]
    lines += ["implements %s: %s" % (type_name(decl), simple_type(i, nested)) for i in interfaces]
    if kind == "class" and is_attribute(decl, by_name):
        targets, multiple, inherited = attribute_usage(decl, by_name)
        lines.append("usage %s: %s multiple=%s inherited=%s" % (type_name(decl), format_targets(targets), str(multiple).lower(), str(inherited).lower()))
    if kind == "delegate":
        params, ret = decl.invoke
        lines.append("invoke %s(%s): %s" % (type_name(decl), format_params(params, nested), simple_type(ret, nested)))
    return lines


def is_attribute(decl, by_name, depth=0):
    if not decl.bases or depth > 10:
        return False
    base = simple_type(decl.bases[0], {})
    if base == "Attribute":
        return True
    parent = by_name.get(base)
    return parent is not None and is_attribute(parent, by_name, depth + 1)


# ---------------------------------------------------------------- sources

def git(repo, *args):
    return subprocess.run(["git", "-C", repo] + list(args), check=True, capture_output=True, text=True).stdout


def shim_types():
    found = []
    for folder, _, files in os.walk(SHIM):
        if os.sep + "obj" in folder or os.sep + "bin" in folder:
            continue
        for f in sorted(files):
            if f.endswith(".cs"):
                with open(os.path.join(folder, f), encoding="utf-8") as fh:
                    # The shim's own plumbing (namespace UnityShim...) is not Unity API.
                    found += [t for t in Parser(tokens(fh.read())).parse_file() if not (t.namespace + ".").startswith("UnityShim.")]
    return found


def unity_types(repo, branch, names):
    """Every type declaration (all partial parts) in the files of the reference source that declare one of names."""
    pattern = r"(class|struct|enum|interface|delegate[^;(]*)\s+(%s)\b" % "|".join(sorted(names))
    files = git(repo, "grep", "-l", "-E", pattern, branch, "--", "Runtime", "Editor", "Modules", "ModuleOverrides").split()
    decls = []
    for entry in files:
        path = entry.split(":", 1)[1]
        if not path.endswith(".cs"):
            continue
        try:
            decls += [(path, d) for d in Parser(tokens(git(repo, "show", "%s:%s" % (branch, path)))).parse_file()]
        except (IndexError, ValueError, KeyError) as e:
            print("note: could not parse %s (%s)" % (path, e), file=sys.stderr)
    return decls


# Where the source and the documentation read differently, what the list follows and why.
NOTES = [
    "Note: #if blocks in Unity's source are read in their first branch (#if UNITY_EDITOR members are listed).",
    "Note: docs.unity3d.com shows EditorSceneManager.NewScene(setup, mode = NewSceneMode.Single) and SaveScene(scene,",
    "  dstScenePath = \"\", saveAsCopy = false); the 2022.3 source declares overloads instead ([ExcludeFromDocs] ones",
    "  plus [DefaultValue] attributes, which are not C# optional parameters), and compiled code sees those overloads.",
    "Note: a type without an AttributeUsage (SerializeField, HideInInspector, AddComponentMenu) is valid on All targets.",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", default=DEFAULT_REPO)
    ap.add_argument("--branch", default="2022.3")
    ap.add_argument("--out", default=os.path.join(SHIM, "UnitySignatures.txt"))
    args = ap.parse_args()
    if not os.path.isdir(args.repo):
        sys.exit("error: %s is not a clone of UnityCsReference (give --repo)" % args.repo)

    shim = shim_types()
    wanted = {}
    for decl in shim:
        names = wanted.setdefault(decl.full, set())
        for m in decl.members:
            names.add(m["name"])
    top_names = {d.name.split(".")[0] for d in shim}
    unity = unity_types(args.repo, args.branch, top_names)
    commit = git(args.repo, "rev-parse", args.branch).strip()

    by_full = {}
    for path, decl in unity:
        by_full.setdefault(decl.full, []).append((path, decl))
    by_name = {}
    for path, decl in unity:
        if decl.full in wanted or decl.name not in by_name:
            by_name.setdefault(decl.name.split(".")[-1], decl)

    lines, missing = [], []
    for full in sorted(wanted):
        parts = by_full.get(full)
        if not parts:
            missing.append(full)
            continue
        primary = next((d for _, d in parts if "public" in d.modifiers), parts[0][1])
        decl = primary
        nested = {}
        outer = decl.name.split(".")[0]
        for other in by_full:
            if other.startswith(decl.namespace + "." + outer + "."):
                inner = other[len(decl.namespace) + 1:]
                nested[inner.split(".")[-1]] = inner
        merged_mods = sorted({m for _, d in parts for m in d.modifiers})
        merged_bases = next((d.bases for _, d in parts if d.bases), [])
        merged = TypeDecl(decl.namespace, decl.name, decl.kind, merged_mods, decl.generics, merged_bases,
                          [a for _, d in parts for a in d.attributes])
        merged.invoke = decl.invoke
        lines += type_lines(merged, by_name, nested)
        static_type = "static" in merged_mods
        for _, d in parts:
            for m in d.members:
                # Constructors always: the shim may have C#'s implicit one, which Unity's class may or may not have.
                if m["name"] in wanted[full] or m["kind"] == "ctor":
                    lines += member_lines(merged, m, nested, static_type)
        if merged.kind == "class" and not any(d.has_ctor for _, d in parts) and not ({"static", "abstract"} & set(merged_mods)):
            lines.append("ctor %s()" % type_name(merged))  # C#'s implicit public constructor

    header = [
        "# Unity 2022.3 signatures of exactly the types and members DotNet~/UnityShim declares, extracted from Unity's",
        "# C# reference source (UnityCsReference, branch %s, commit %s) by DotNet~/scripts/unity-signatures.py." % (args.branch, commit),
        "# Every public overload Unity has of a member the shim declares is listed; ShimSignatureTests fails on any public",
        "# shim type or member whose line is missing here. Regenerate after changing the shim; do not edit by hand.",
    ]
    header += ["# " + note for note in NOTES]
    for full in missing:
        header.append("# not found in Unity's source: %s" % full)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(header + sorted(set(lines))) + "\n")
    print("wrote %d lines for %d shim types to %s" % (len(set(lines)), len(wanted) - len(missing), args.out))
    for full in missing:
        print("not found in Unity 2022.3: %s" % full, file=sys.stderr)


if __name__ == "__main__":
    main()

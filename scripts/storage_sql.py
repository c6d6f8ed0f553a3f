#!/usr/bin/env python3
"""Lists every SQL statement storage/*.cpp (and app/*.cpp) can prepare, for scripts/pg-schema-check.sh (decision 0036).

Statements are found in the source, not by running it:
  - each `constexpr std::string_view kName = "..." "...";` whose text starts with SELECT, INSERT, UPDATE, DELETE or
    WITH is a statement of its own;
  - each `prepare(...)` argument is evaluated: string literals, those constants, `std::string(x)`, `a + b`,
    `c ? a : b` (both), `filter_sql(kHead, f)` (kHead with every kWhere* fragment of the file appended, which is the
    widest statement it builds), and a string_view parameter of the enclosing function (the constants its callers in
    the same file pass for it).
In CATALOGUE_FILES an argument built from catalogue names is noted on stderr instead (see below).
A fragment constant (one that is not a statement by itself) that no evaluated prepare() uses is reported, so a new
way of composing SQL cannot slip past the check unnoticed.

Engine-specific statements: a constant named k...Sqlite, or a statement that reads sqlite_master or runs a PRAGMA, is
SQLite-only and listed as skipped; k...Postgres ones are checked (their SQLite twin is used on SQLite).

Output: one JSON object per line: {"file", "name", "sql", "sqlite_only"}; ?N and ? placeholders are rewritten to $N.
Exit status 1 when a prepare() argument cannot be evaluated or a fragment is not covered (the reason on stderr).
"""
import json
import re
import sys
from pathlib import Path

SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b")
ENGINE_FILES = {"database.cpp", "sqlite_connection.cpp", "pg_connection.cpp"}  # the engines themselves
# Files whose statements are built from names read in the engine's catalogue (the table being copied): such a
# prepare() argument cannot be evaluated here, so it is listed on stderr, not failed. Their fixed statements are
# checked as usual, and their tests run every built statement on both engines (decision 0038).
CATALOGUE_FILES = {"database_move.cpp": "tests/storage/database_move_test.cpp"}


def tokenize(text):
    """C++ tokens: ('str', decoded), ('id', name), ('p', punctuation). Comments and preprocessor lines dropped."""
    tokens = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            i = text.find("*/", i) + 2
        elif c == "#" and (i == 0 or text[i - 1] == "\n"):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif c == '"':
            j, out = i + 1, []
            while text[j] != '"':
                if text[j] == "\\":
                    out.append({"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}.get(text[j + 1], text[j + 1]))
                    j += 2
                else:
                    out.append(text[j])
                    j += 1
            tokens.append(("str", "".join(out)))
            i = j + 1
        elif c == "'":
            j = i + 1
            while text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            tokens.append(("p", text[i:j + 1]))
            i = j + 1
        elif c.isalnum() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(("id", text[i:j]))
            i = j
        elif text.startswith("::", i):
            tokens.append(("p", "::"))
            i += 2
        else:
            tokens.append(("p", c))
            i += 1
    return tokens


def constants(tokens):
    """`constexpr std::string_view kName = "...";` and `constexpr InsertReturningId kName{"..."};` (storage/
    returning.hpp: its text is the PostgreSQL one, SQLite runs it without the final RETURNING id)."""
    out = {}
    for i in range(len(tokens) - 6):
        declaration = [("id", "constexpr"), ("id", "std"), ("p", "::"), ("id", "string_view")]
        if tokens[i:i + 4] == declaration:
            name = tokens[i + 4][1]
            if tokens[i + 5] != ("p", "="):
                continue
            j, parts = i + 6, []
            while tokens[j][0] == "str":
                parts.append(tokens[j][1])
                j += 1
            if parts and tokens[j] == ("p", ";"):
                out[name] = "".join(parts)
        elif tokens[i:i + 2] == [("id", "constexpr"), ("id", "InsertReturningId")] and tokens[i + 3] == ("p", "{"):
            name = tokens[i + 2][1]
            j, parts = i + 4, []
            while tokens[j][0] == "str":
                parts.append(tokens[j][1])
                j += 1
            if parts and tokens[j:j + 2] == [("p", "}"), ("p", ";")]:
                out[name] = "".join(parts)
    return out


def split_top(tokens, sep):
    parts, depth, cur = [], 0, []
    for t in tokens:
        if t in (("p", "("), ("p", "[")):
            depth += 1
        elif t in (("p", ")"), ("p", "]")):
            depth -= 1
        if depth == 0 and t == ("p", sep):
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    return parts


class Unresolved(Exception):
    pass


def unnumbered(sql):
    return re.sub(r"\?#?\d+", "?", sql)


def highest_parameter(sql):
    return max([int(n) for n in re.findall(r"\?(\d+)", sql)] + [0])


def append_fragment(sql, fragment):
    """storage's append_fragment: the fragment's ?#k become ?N after the highest number `sql` uses."""
    base = highest_parameter(sql)
    return sql + re.sub(r"\?#(\d)", lambda m: "?" + str(base + int(m.group(1))), fragment)


def evaluate(expr, consts, params):
    """All the texts `expr` can take."""
    # c ? a : b
    q = split_top(expr, "?")
    if len(q) == 2:
        a, b = split_top(q[1], ":")
        return evaluate(a, consts, params) + evaluate(b, consts, params)
    texts = [""]
    for term in split_top(expr, "+"):
        options = evaluate_term(term, consts, params)
        texts = [append_fragment(t, o) if t else o for t in texts for o in options]  # markers stay until appended
    return texts


def evaluate_term(term, consts, params):
    if term and all(t[0] == "str" for t in term):
        return ["".join(t[1] for t in term)]
    if len(term) == 1 and term[0][0] == "id":
        name = term[0][1]
        if name in consts:
            return [consts[name]]
        if name in params:
            return params[name]
        raise Unresolved(name)
    # std::string(x) / std::string_view(x)
    if len(term) >= 5 and term[0] == ("id", "std") and term[1] == ("p", "::") and term[3] == ("p", "(") \
            and term[-1] == ("p", ")"):
        return evaluate(term[4:-1], consts, params)
    # filter_sql(kHead, f, used[, kTail]): the head with every subset of the kWhere* fragments (in the order the
    # function appends them), then the tail; their ?#k parameters numbered as storage numbers them
    if term and term[0] == ("id", "filter_sql"):
        args = split_top(term[2:-1], ",")
        heads = evaluate(args[0], consts, params)
        tails = evaluate(args[3], consts, params) if len(args) > 3 else [""]
        order = params.get("@filter_order", sorted(k for k in consts if k.startswith("kWhere")))
        out = []
        for head in heads:
            for mask in range(1 << len(order)):
                text = head
                for bit, name in enumerate(order):
                    if mask & (1 << bit):
                        text = append_fragment(text, consts[name])
                out += [append_fragment(text, tail) for tail in tails]
        return out
    raise Unresolved(" ".join(t[1] for t in term))


def enclosing_string_view_params(text, pos):
    """{parameter: function name and index} of the function definition that contains `pos`."""
    best = None
    for m in re.finditer(r"(\w+)\(([^()]*)\)\s*(?:const\s*)?\{", text[:pos]):
        best = m
    if best is None:
        return None, {}
    params = {}
    for index, p in enumerate(best.group(2).split(",")):
        m = re.search(r"std::string_view\s+(\w+)\s*$", p.strip())
        if m:
            params[m.group(1)] = index
    return best.group(1), params


def caller_arguments(tokens, function, index, consts):
    out = []
    for i in range(len(tokens) - 1):
        if tokens[i] == ("id", function) and tokens[i + 1] == ("p", "(") and (i == 0 or tokens[i - 1] != ("p", "::")):
            depth, j, args, cur = 0, i + 1, [], []
            while True:
                t = tokens[j]
                if t == ("p", "("):
                    depth += 1
                    if depth == 1:
                        j += 1
                        continue
                elif t == ("p", ")"):
                    depth -= 1
                    if depth == 0:
                        args.append(cur)
                        break
                if depth == 1 and t == ("p", ","):
                    args.append(cur)
                    cur = []
                else:
                    cur.append(t)
                j += 1
            if index < len(args) and len(args[index]) == 1 and args[index][0][1] in consts:
                out.append(consts[args[index][0][1]])
    return out


def to_dollar(sql):
    counter = [0]

    def repl(m):
        if m.group(1):
            return "$" + m.group(1)
        counter[0] += 1
        return "$" + str(counter[0])

    # Outside string literals only: split on single-quoted SQL strings.
    parts = re.split(r"('(?:[^']|'')*')", sql)
    return "".join(p if p.startswith("'") else re.sub(r"\?(\d*)", repl, p) for p in parts)


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    files = sorted((root / "storage").glob("*.cpp")) + sorted((root / "app").glob("*.cpp"))
    problems = []
    seen = set()
    for path in files:
        if path.name in ENGINE_FILES:
            continue
        text = path.read_text()
        tokens = tokenize(text)
        consts = constants(tokens)
        body = re.search(r"std::string filter_sql\(.*?\n}\n", text, re.S)
        filter_order = re.findall(r"\b(kWhere\w+)\b", body.group(0)) if body else []
        statements = []  # (name, sql)
        used = set()  # constants that are part of a composed prepare() argument
        alone = set()  # constants prepared as they are
        for m in re.finditer(r"\bprepare\(", text):
            # the argument's tokens: tokenize from the call to its closing parenthesis
            depth, j = 0, m.end() - 1
            in_str = False
            while True:
                ch = text[j]
                if in_str:
                    if ch == "\\":
                        j += 1
                    elif ch == '"':
                        in_str = False
                elif ch == '"':
                    in_str = True
                elif ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            arg = tokenize(text[m.end():j])
            if len(arg) == 1 and arg[0][0] == "id" and arg[0][1] in ("sql",):
                continue  # Database::prepare itself
            owner = re.search(r"(\w+)\.$", text[max(0, m.start() - 80):m.start()])
            if owner and owner.group(1) in consts:
                alone.add(owner.group(1))  # kInsert.prepare(db): an InsertReturningId, checked as a constant below
                continue
            function, sv_params = enclosing_string_view_params(text, m.start())
            params = {p: caller_arguments(tokens, function, i, consts) for p, i in sv_params.items()}
            if filter_order:
                params["@filter_order"] = filter_order
            line = text.count("\n", 0, m.start()) + 1
            try:
                texts = [append_fragment("", t) for t in evaluate(arg, consts, params)]
            except Unresolved as e:
                if path.name in CATALOGUE_FILES:
                    print(f"storage_sql: {path.name}:{line}: built from catalogue names ({e}), run on both engines "
                          f"by {CATALOGUE_FILES[path.name]}", file=sys.stderr)
                else:
                    problems.append(f"{path.name}:{line}: cannot evaluate prepare() argument ({e})")
                continue
            if all(t[0] == "id" and t[1] in consts or t in (("p", "?"), ("p", ":")) for t in arg):
                alone.update(t[1] for t in arg if t[0] == "id")
                continue  # one of the constants, or a choice of them: each is checked as a constant below
            for t in texts:
                for name, value in consts.items():
                    if value and unnumbered(value) in unnumbered(t):
                        used.add(name)
                exact = [name for name, value in consts.items() if value == t]
                statements.append((exact[0] if exact else f"prepare@{line}", t))
        # A statement constant is checked by itself unless storage only ever prepares it with more SQL appended (the
        # head of a composed statement: checked as composed).
        for name, sql in consts.items():
            if SQL_START.match(sql) and (name in alone or name not in used):
                statements.append((name, sql))
        for name, sql in consts.items():
            if not SQL_START.match(sql) and name not in used and re.search(r"\b(WHERE|AND|ORDER|FROM|JOIN)\b", sql):
                problems.append(f"{path.name}: fragment {name} is used by no prepare() the check can evaluate")
        for name, sql in statements:
            key = " ".join(sql.split())
            if key in seen:
                continue
            seen.add(key)
            sqlite_only = name.endswith("Sqlite") or re.search(r"\bsqlite_master\b|\bPRAGMA\b", sql, re.I) is not None
            numbers = {int(n) for n in re.findall(r"\?(\d+)", sql)}
            if numbers and numbers != set(range(1, max(numbers) + 1)) and not sqlite_only:
                problems.append(f"{path.name} {name}: parameter numbers skip "
                                f"{sorted(set(range(1, max(numbers) + 1)) - numbers)} (PostgreSQL cannot type them): {sql}")
            print(json.dumps({"file": f"{path.parent.name}/{path.name}", "name": name, "sql": to_dollar(sql),
                              "sqlite_only": sqlite_only}, ensure_ascii=False))
    for p in problems:
        print("storage_sql: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Codemod of issue 13 ("Languages"): every message a client reads goes through the catalogs.

It rewrites the message of every construction of an AppError subclass (core/errors.py, and any
class anywhere that derives from one, found by scanning the tree) from a string literal, an
f-string, an implicit or `+` concatenation of them, or a name bound to one of those in the same
function (or at module level), into `msg("template", name=expr, ...)`; the same for each literal
element of a `reasons=[...]` list (TransitionRefused). A list that becomes part of a message
(passed as `reasons=NAME`, or joined into the message: `"; ".join(NAME)`) gets each literal it is
`NAME.append(...)`-ed rewritten to `tr(...)`: the same catalog entry, rendered at once (a str,
so the joins and the `list[str]` annotations stay as they are); the same for the message of
the records in EAGER_CONSTRUCTORS (an import's row errors). Placeholder names come from the
expressions: `unit['name']` -> unit_name, `x.y` -> x_y, `state.value` -> state, `len(ids)` ->
ids_count, `", ".join(missing)` -> missing, `year - 1` -> year_minus_1. It adds
`from core.i18n import msg`, runs ruff (format, import order) on the files it changed, then
`pybabel extract` into core/locales/messages.pot and `pybabel update` of every catalog, and makes
the English msgstr equal to the msgid. New msgids are left untranslated in vi/messages.po (no
fuzzy guesses), so tests/core/test_i18n.py fails until someone translates them.

Idempotent: a message that is already a call (`msg(...)`, `say(...)`, `str(error)`) is left as it
is, and a second run changes nothing. Messages it cannot rewrite safely (an f-string with `=` or
an expression inside a format spec, a name bound to something other than a literal) are listed on
stderr and left alone.

Usage (from the repository root):
    .venv/bin/python docs/codemods/i18n_messages.py            # rewrite, then update catalogs
    .venv/bin/python docs/codemods/i18n_messages.py --check    # exit 1 if anything would change
    .venv/bin/python docs/codemods/i18n_messages.py --catalogs-only
"""

from __future__ import annotations

import argparse
import ast
import keyword
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("services", "authz", "graph", "api", "core", "db")
SKIP = {Path("core/i18n.py")}
LOCALES_DIR = ROOT / "core" / "locales"
POT = LOCALES_DIR / "messages.pot"
LOCALES = ("vi", "en")
KEYWORDS = ("msg", "tr", "label_msg:1c,2")
BASE_ERRORS = {"AppError"}
# The project's own ValueError subclasses (TermError, RuleError, SheetError) carry messages that
# reach people through `BadInput(str(error))`; str() of an exception renders its Message.
# ValueError itself stays English: graphql-core and libraries raise it too.
MESSAGE_BASES = {"ValueError"}
# Records whose `message: str` reaches people (an import's rows): the argument (position or
# keyword) becomes `tr(...)`, a str rendered at once, so their field types stay str.
EAGER_CONSTRUCTORS: dict[str, tuple[int, str]] = {
    "RowError": (1, "message"),
    "ImportRowError": (2, "message"),
}
CHUNK = 72  # characters per literal piece; ruff format lays the pieces out one per line


def python_files(packages: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative not in SKIP and ".venv" not in relative.parts:
                files.append(path)
    return files


def error_classes(files: Sequence[Path]) -> set[str]:
    """Names of AppError and every class deriving from it or from a MESSAGE_BASES class (by
    name, to a fixed point)."""
    bases: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {
                    b.id if isinstance(b, ast.Name) else b.attr
                    for b in node.bases
                    if isinstance(b, ast.Name | ast.Attribute)
                }
                bases.setdefault(node.name, set()).update(names)
    found = BASE_ERRORS | MESSAGE_BASES
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found - MESSAGE_BASES
        found |= more


# ---- placeholder names -------------------------------------------------------------------------

OPS = {ast.Sub: "minus", ast.Add: "plus", ast.Mult: "times", ast.FloorDiv: "div", ast.Div: "div"}
TRANSPARENT_CALLS = {"str", "repr", "int", "float", "round", "abs", "sorted", "list", "tuple"}
TRANSPARENT_METHODS = {
    "isoformat", "strip", "lower", "upper", "capitalize", "title", "casefold", "replace",
    "format", "strftime",
}  # fmt: skip


def _identifier(text: str) -> str:
    name = re.sub(r"_+", "_", re.sub(r"\W", "_", text.lower())).strip("_") or "value"
    if name[0].isdigit():
        name = f"n_{name}"
    return f"{name}_" if keyword.iskeyword(name) else name


def _words(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        if node.attr == "value":  # an enum's value: the enum's own name says it
            return _words(node.value)
        if isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}:
            return node.attr
        return f"{_words(node.value)}_{node.attr}"
    if isinstance(node, ast.Subscript):
        key = node.slice
        if isinstance(key, ast.Constant):
            return f"{_words(node.value)}_{key.value!s}"
        return f"{_words(node.value)}_{_words(key)}"
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr == "join" and node.args:
                return _words(node.args[0])
            if func.attr in TRANSPARENT_METHODS:
                return _words(func.value)
            return func.attr
        if isinstance(func, ast.Name):
            if func.id == "len" and node.args:
                return f"{_words(node.args[0])}_count"
            if func.id in TRANSPARENT_CALLS and node.args:
                return _words(node.args[0])
            return func.id
    if isinstance(node, ast.BinOp) and isinstance(node.right, ast.Constant):
        return f"{_words(node.left)}_{OPS.get(type(node.op), 'op')}_{node.right.value!s}"
    if isinstance(node, ast.GeneratorExp | ast.ListComp) and node.generators:
        return _words(node.generators[0].iter)
    if isinstance(node, ast.IfExp):
        return _words(node.body)
    return "value"


def placeholder_name(code: str) -> str:
    try:
        tree = ast.parse(code.strip(), mode="eval")
    except SyntaxError:
        return "value"
    return _identifier(_words(tree.body))


# ---- message conversion ------------------------------------------------------------------------


class Unsafe(Exception):
    """A message this codemod will not rewrite (it is reported and left as it is)."""


@dataclass
class Template:
    text: str = ""
    params: dict[str, cst.BaseExpression] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # expression code -> placeholder

    def add_expression(self, expression: cst.BaseExpression, conversion: str, spec: str) -> None:
        code = cst.Module([]).code_for_node(expression)
        key = " ".join(code.split())
        name = self.names.get(key)
        if name is None:
            base = placeholder_name(code)
            name, n = base, 1
            while name in self.params:
                n += 1
                name = f"{base}_{n}"
            self.names[key] = name
            self.params[name] = expression
        self.text += "{" + name + (f"!{conversion}" if conversion else "") + spec + "}"


def _string_prefix(quoted: str) -> tuple[str, str]:
    match = re.match(r"^([A-Za-z]*)", quoted)
    prefix = match.group(1) if match else ""
    return prefix, quoted[len(prefix) :]


def _text_value(raw: str, prefix: str, quote: str) -> str:
    """The value of the literal text of an f-string part (its `{{` stay doubled: that is the
    same escape in a str.format template)."""
    plain = prefix.lower().replace("f", "")
    return str(ast.literal_eval(f"{plain}{quote}{raw}{quote}"))


def _format_spec(parts: Sequence[cst.BaseFormattedStringContent], prefix: str, quote: str) -> str:
    spec = ""
    for part in parts:
        if not isinstance(part, cst.FormattedStringText):
            raise Unsafe("an expression inside a format spec")
        spec += _text_value(part.value, prefix, quote)
    return spec


def is_stringy(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.SimpleString):
        return "b" not in _string_prefix(node.value)[0].lower()
    if isinstance(node, cst.FormattedString):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return is_stringy(node.left) and is_stringy(node.right)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        operands = _add_operands(node)
        return any(is_stringy(o) for o in operands)
    return False


def _add_operands(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    if (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Add)
        and not node.lpar
    ):
        return _add_operands(node.left) + _add_operands(node.right)
    return [node]


def collect(node: cst.BaseExpression, template: Template) -> None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        if not isinstance(value, str):
            raise Unsafe("bytes")
        template.text += value.replace("{", "{{").replace("}", "}}")
    elif isinstance(node, cst.FormattedString):
        prefix, quote = node.prefix, node.start[len(node.prefix) :]
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                template.text += _text_value(part.value, prefix, quote)
            elif isinstance(part, cst.FormattedStringExpression):
                if part.equal is not None:
                    raise Unsafe("an f-string `=` specifier")
                spec = _format_spec(part.format_spec or (), prefix, quote)
                if part.format_spec is not None:
                    spec = ":" + spec
                template.add_expression(part.expression, part.conversion or "", spec)
    elif isinstance(node, cst.ConcatenatedString):
        collect(node.left, template)
        collect(node.right, template)
    elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        for operand in _add_operands(node):
            if is_stringy(operand):
                collect(operand, template)
            else:
                template.add_expression(operand.with_changes(lpar=[], rpar=[]), "", "")
    else:
        raise Unsafe(f"a {type(node).__name__}")


def chunks(text: str) -> list[str]:
    """The template cut after spaces (never inside a `{placeholder}`) into pieces of about
    CHUNK characters, so that no line of the rewritten code runs past the limit."""
    pieces, current, depth = [], "", 0
    for char in text:
        current += char
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == " " and depth <= 0 and len(current) >= CHUNK:
            pieces.append(current)
            current = ""
    if current or not pieces:
        pieces.append(current)
    return pieces


def literal(text: str) -> cst.BaseExpression:
    pieces = [cst.SimpleString(_quote(p)) for p in chunks(text)]
    node: cst.BaseExpression = pieces[0]
    for piece in pieces[1:]:
        node = cst.ConcatenatedString(left=node, right=piece)  # type: ignore[arg-type]
    return node


def _quote(text: str) -> str:
    body = repr(text)  # ruff format turns the quotes into double quotes where it can
    if body.startswith("'") and '"' not in text:
        body = '"' + body[1:-1].replace("\\'", "'") + '"'
    return body


def msg_call(node: cst.BaseExpression, function: str = "msg") -> cst.Call:
    template = Template()
    collect(node, template)
    args = [cst.Arg(literal(template.text))]
    for name, expression in template.params.items():
        args.append(
            cst.Arg(
                value=expression,
                keyword=cst.Name(name),
                equal=cst.AssignEqual(
                    whitespace_before=cst.SimpleWhitespace(""),
                    whitespace_after=cst.SimpleWhitespace(""),
                ),
            )
        )
    return cst.Call(func=cst.Name(function), args=args)


# ---- the transformation ------------------------------------------------------------------------


def _callee(call: cst.Call) -> str | None:
    if isinstance(call.func, cst.Name):
        return call.func.value
    if isinstance(call.func, cst.Attribute):
        return call.func.attr.value
    return None


def _message_arg(call: cst.Call) -> tuple[int, cst.Arg] | None:
    for i, arg in enumerate(call.args):
        if arg.keyword is None and arg.star == "":
            return i, arg
        if arg.keyword is not None and arg.keyword.value == "message":
            return i, arg
    return None


class Scopes(cst.CSTVisitor):
    """First pass: names passed as a message, per scope (a function, or the module "")."""

    def __init__(self, errors: set[str]) -> None:
        self.errors = errors
        self.stack: list[str] = [""]
        self.wanted: set[tuple[str, str]] = set()
        self.assigned: set[tuple[str, str]] = set()
        self.lists: set[tuple[str, str]] = set()  # lists that become part of a message

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append(f"{self.stack[-1]}.{node.name.value}")

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self.assigned.add((self.stack[-1], target.target.value))

    def visit_Call(self, node: cst.Call) -> None:
        if _callee(node) not in self.errors:
            return
        found = _message_arg(node)
        if found is not None and isinstance(found[1].value, cst.Name):
            self.wanted.add((self.stack[-1], found[1].value.value))
        for arg in node.args:
            if (
                arg.keyword is not None
                and arg.keyword.value == "reasons"
                and isinstance(arg.value, cst.Name)
            ):
                self.lists.add((self.stack[-1], arg.value.value))
        if found is not None:
            joins = _Joins()
            found[1].value.visit(joins)
            self.lists.update((self.stack[-1], name) for name in joins.names)

    def bound_names(self) -> set[tuple[str, str]]:
        """(scope, name) of the assignments to rewrite: in the function that raises, else at
        module level."""
        out = set()
        for scope, name in self.wanted:
            if (scope, name) in self.assigned:
                out.add((scope, name))
            elif ("", name) in self.assigned:
                out.add(("", name))
        return out


class _Joins(cst.CSTVisitor):
    """Names of the lists joined into a message: `"; ".join(reasons)`."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Call(self, node: cst.Call) -> None:
        if (
            isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "join"
            and len(node.args) == 1
            and isinstance(node.args[0].value, cst.Name)
        ):
            self.names.add(node.args[0].value.value)


class Rewrite(cst.CSTTransformer):
    def __init__(
        self,
        path: Path,
        errors: set[str],
        bound: set[tuple[str, str]],
        lists: set[tuple[str, str]],
    ) -> None:
        self.path = path
        self.errors = errors
        self.bound = bound
        self.lists = lists
        self.functions: set[str] = set()  # of core.i18n, to import
        self.stack: list[str] = [""]
        self.changed = 0
        self.skipped: list[str] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append(f"{self.stack[-1]}.{node.name.value}")

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self.stack.pop()
        return updated_node

    def _convert(self, node: cst.BaseExpression, function: str = "msg") -> cst.BaseExpression:
        if not is_stringy(node):
            return node
        try:
            call = msg_call(node, function)
        except Unsafe as why:
            code = cst.Module([]).code_for_node(node).strip().splitlines()[0]
            self.skipped.append(f"{self.path}: {why}: {code[:90]}")
            return node
        self.changed += 1
        self.functions.add(function)
        return call

    def _eager(self, call: cst.Call, position: int, keyword: str) -> cst.Call:
        args = list(call.args)
        for i, arg in enumerate(args):
            named = arg.keyword is not None and arg.keyword.value == keyword
            if named or (arg.keyword is None and not arg.star and i == position):
                args[i] = arg.with_changes(value=self._convert(arg.value, "tr"))
        return call.with_changes(args=args)

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        names = {t.target.value for t in updated_node.targets if isinstance(t.target, cst.Name)}
        if any((self.stack[-1], n) in self.bound for n in names):
            return updated_node.with_changes(value=self._convert(updated_node.value))
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = updated_node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "append"
            and isinstance(func.value, cst.Name)
            and (self.stack[-1], func.value.value) in self.lists
            and len(updated_node.args) == 1
        ):
            arg = updated_node.args[0]
            return updated_node.with_changes(
                args=[arg.with_changes(value=self._convert(arg.value, "tr"))]
            )
        eager = EAGER_CONSTRUCTORS.get(_callee(updated_node) or "")
        if eager is not None:
            return self._eager(updated_node, *eager)
        if _callee(updated_node) not in self.errors:
            return updated_node
        args = list(updated_node.args)
        found = _message_arg(updated_node)
        if found is not None:
            i, arg = found
            args[i] = arg.with_changes(value=self._convert(arg.value))
        for i, arg in enumerate(args):
            if (
                arg.keyword is not None
                and arg.keyword.value == "reasons"
                and isinstance(arg.value, cst.List | cst.Tuple)
            ):
                elements = [
                    e.with_changes(value=self._convert(e.value)) for e in arg.value.elements
                ]
                args[i] = arg.with_changes(value=arg.value.with_changes(elements=elements))
        return updated_node.with_changes(args=args)


def rewrite_file(path: Path, errors: set[str]) -> tuple[str | None, list[str]]:
    """The new source of `path` (None when nothing changes) and what was left alone."""
    source = path.read_text(encoding="utf-8")
    module = cst.parse_module(source)
    scopes = Scopes(errors)
    module.visit(scopes)
    rewrite = Rewrite(path.relative_to(ROOT), errors, scopes.bound_names(), scopes.lists)
    new = module.visit(rewrite)
    if not rewrite.changed:
        return None, rewrite.skipped
    context = CodemodContext()
    for function in sorted(rewrite.functions):
        AddImportsVisitor.add_needed_import(context, "core.i18n", function)
    new = AddImportsVisitor(context).transform_module(new)
    return new.code, rewrite.skipped


# ---- catalogs ----------------------------------------------------------------------------------


def run(*command: str) -> None:
    subprocess.run(command, cwd=ROOT, check=True)


def update_catalogs(packages: Sequence[str]) -> None:
    LOCALES_DIR.mkdir(parents=True, exist_ok=True)
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
    run(
        *pybabel, "extract", "--no-default-keywords", *keywords, "--sort-output",
        "--add-location=file", "--project=antq", "--copyright-holder=ANTQ",
        "--msgid-bugs-address=antq@localhost", "-o", str(POT), *packages,
    )  # fmt: skip
    for locale in LOCALES:
        po = LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            run(*pybabel, "init", "-i", str(POT), "-d", str(LOCALES_DIR), "-l", locale)
        run(
            *pybabel, "update", "-i", str(POT), "-d", str(LOCALES_DIR), "-l", locale,
            "--no-fuzzy-matching", "--ignore-obsolete", "--init-missing",
        )  # fmt: skip
    english_is_the_msgid(LOCALES_DIR / "en" / "LC_MESSAGES" / "messages.po")
    for path in (POT, *(LOCALES_DIR / x / "LC_MESSAGES" / "messages.po" for x in LOCALES)):
        steady_header(path)


def english_is_the_msgid(path: Path) -> None:
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as file:
        catalog = read_po(file, locale="en")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with path.open("wb") as file:
        write_po(file, catalog, sort_output=True, include_previous=False)


def steady_header(path: Path) -> None:
    """Fixed dates in the header, so that a run with nothing new leaves the files as they are
    (and two branches do not conflict over a timestamp)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r'"POT-Creation-Date: [^"\\]*\\n"', '"POT-Creation-Date: 2026-01-01 00:00+0000\\\\n"', text
    )
    text = re.sub(
        r'"PO-Revision-Date: [^"\\]*\\n"', '"PO-Revision-Date: 2026-01-01 00:00+0000\\\\n"', text
    )
    text = re.sub(r'"Generated-By: [^"\\]*\\n"\n', "", text)
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if it would")
    parser.add_argument("--catalogs-only", action="store_true")
    parser.add_argument("--no-catalogs", action="store_true")
    args = parser.parse_args(argv)
    files = python_files(PACKAGES)
    changed: list[Path] = []
    if not args.catalogs_only:
        errors = error_classes(files)
        for path in files:
            new, skipped = rewrite_file(path, errors)
            for line in skipped:
                print(f"left alone: {line}", file=sys.stderr)
            if new is not None:
                changed.append(path)
                if not args.check:
                    path.write_text(new, encoding="utf-8")
        for path in changed:
            print(f"rewrote {path.relative_to(ROOT)}")
        if args.check:
            return 1 if changed else 0
        if changed:
            ruff = str(Path(sys.executable).parent / "ruff")
            names = [str(p) for p in changed]
            run(ruff, "check", "--select", "I", "--fix", "--quiet", *names)
            run(ruff, "format", "--quiet", *names)
    if not args.no_catalogs:
        update_catalogs(PACKAGES)
    return 0


if __name__ == "__main__":
    sys.exit(main())

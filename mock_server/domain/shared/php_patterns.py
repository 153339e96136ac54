"""PHP's regular expression dialect (PCRE patterns as preg_* functions take them: delimiters, trailing
modifiers) compiled for Python's `re`; services/pattern_matching.py turns the compiled pattern into the `regex`
package's to run it. Two readings, one owner:

- `compile_delimited`, the strict one (the naming convention): delimiters required, unknown modifiers refused with
  a reason, PCRE-only spellings (named groups, \\k, \\z, \\Z) rewritten;
- `compile_lenient`, the forgiving one (an asset attribute's `validation_regexp`): a delimited pattern is unwrapped
  and its flags applied, anything else is compiled as written; None when it does not compile;
- `compile_slashed`, the product side's older reading of the same (only `/` unwrapped, no flags).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# PHP modifiers we can honour; `u` (UTF-8 subject) only lifts the ASCII restriction of \w, \d, \s and \b.
_FLAGS: dict[str, re.RegexFlag] = {
    "i": re.IGNORECASE,
    "m": re.MULTILINE,
    "s": re.DOTALL,
    "x": re.VERBOSE,
    "u": re.NOFLAG,
}
_BRACKET_DELIMITERS = {"(": ")", "[": "]", "{": "}", "<": ">"}
EXAMPLE = r"/(?P<product_ref>.*)\.jpg/"


def compile_delimited(pattern: str) -> re.Pattern[str]:
    """Compile a delimited PCRE pattern such as `/(?P<ref>.*)\\.jpg/i`; ValueError tells why it cannot be."""
    body, closing, modifiers = _split_delimiters(pattern.strip())
    flags = re.NOFLAG if "u" in modifiers else re.ASCII
    for modifier in modifiers:
        if not modifier.isalpha():
            raise ValueError(
                f'it goes on after its ending delimiter "{closing}" with "{modifiers}": are its delimiters missing, '
                f'or a "{closing}" inside it not escaped?'
            )
        if modifier not in _FLAGS:
            supported = ", ".join(_FLAGS)
            raise ValueError(f'the modifier "{modifier}" is not supported (supported: {supported})')
        flags |= _FLAGS[modifier]
    try:
        return re.compile(_translate(body), flags)
    except re.error as error:
        raise ValueError(f"it does not compile: {error.msg} at position {error.pos}") from error


LENIENT_DELIMITERS = frozenset("/#~@%!|")


def compile_lenient(
    pattern: str, delimiters: frozenset[str] = LENIENT_DELIMITERS, modifiers: Mapping[str, int] = _FLAGS
) -> re.Pattern[str] | None:
    """Compile `<d>body<d>flags` (a delimiter of `delimiters`, flags of `modifiers`) as its body and flags, or a
    bare pattern as written; None when it does not compile."""
    body, flags = pattern, 0
    if len(pattern) >= 2 and pattern[0] in delimiters:
        end = pattern.rfind(pattern[0])
        trailing = pattern[end + 1 :]
        if end > 0 and set(trailing) <= set(modifiers):
            body = pattern[1:end]
            for flag in trailing:
                flags |= modifiers[flag]
    try:
        return re.compile(body, flags)
    except re.error:
        return None


def compile_slashed(pattern: str) -> re.Pattern[str] | None:
    """The product side's reading: `/body/` unwrapped (no other delimiter, no flags), anything else as written."""
    return compile_lenient(pattern, frozenset("/"), {})


def _split_delimiters(pattern: str) -> tuple[str, str, str]:
    """The body, the closing delimiter and the trailing modifiers, split the way PHP's preg_* functions do."""
    if not pattern:
        raise ValueError(f"it is empty: write a delimited expression such as {EXAMPLE}")
    opening = pattern[0]
    if opening.isalnum() or opening == "\\" or opening.isspace():
        raise ValueError(f"it has no delimiters: write it like {EXAMPLE}")
    closing = _BRACKET_DELIMITERS.get(opening, opening)
    end = _closing_index(pattern, opening, closing)
    if end is None:
        raise ValueError(f'it has no ending delimiter "{closing}"')
    return pattern[1:end], closing, pattern[end + 1 :]


def _closing_index(pattern: str, opening: str, closing: str) -> int | None:
    """Index of the first unescaped closing delimiter (nesting counted for bracket delimiters)."""
    depth, index = 1, 1
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == closing:
            depth -= 1
            if depth == 0:
                return index
        elif char == opening and opening != closing:
            depth += 1
        index += 1
    return None


# PCRE-only spellings and their Python equivalents, tried at each position outside character classes.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\(\?<([A-Za-z_]\w*)>"), r"(?P<\1>"),  # (?<name>...)
    (re.compile(r"\(\?'([A-Za-z_]\w*)'"), r"(?P<\1>"),  # (?'name'...)
    (re.compile(r"\\k[<{']([A-Za-z_]\w*)[>}']"), r"(?P=\1)"),  # \k<name>, \k{name}, \k'name'
    (re.compile(r"\\z"), r"\\Z"),  # PCRE \z: the very end
    (re.compile(r"\\Z"), r"(?=\\n?\\Z)"),  # PCRE \Z: the end or before a final newline
)


def _translate(body: str) -> str:
    """Rewrite the PCRE-only syntax Python spells differently; escapes and character classes are copied as is."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(body):
        if not in_class:
            rewritten = _rewrite_at(body, index)
            if rewritten is not None:
                text, index = rewritten
                out.append(text)
                continue
        char = body[index]
        if char == "\\":
            out.append(body[index : index + 2])
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            index += 1
            # A "]" right after "[" or "[^" is a literal member of the class.
            for prefix in ("^", "]"):
                if body.startswith(prefix, index):
                    out.append(prefix)
                    index += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def _rewrite_at(body: str, index: int) -> tuple[str, int] | None:
    for pcre, python in _REWRITES:
        match = pcre.match(body, index)
        if match:
            return match.expand(python), match.end()
    return None

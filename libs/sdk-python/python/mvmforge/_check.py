"""Type, range and shape checks shared by every constructor (python-sdk.md §5).

Each check raises DeclarationError at the author's call site; `what` names the argument in the
message so the author sees which value is wrong.
"""
from __future__ import annotations

import re

from ._errors import fail

ID_PATTERN = "^[a-z][a-z0-9-]{0,62}$"
ENV_NAME_PATTERN = "^[A-Za-z_][A-Za-z0-9_]*$"
_ID_RE = re.compile(r"[a-z][a-z0-9-]{0,62}")
_ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

U16_MAX = 65535
U32_MAX = 4294967295
U64_MAX = 2 ** 53 - 1  # the IR is integer-only and capped at 2^53 - 1 (ir-v0 §3.4)
JSON_INT_MAX = 2 ** 53 - 1


def type_name(value) -> str:
    return type(value).__name__


def string(value, what: str) -> str:
    if not isinstance(value, str):
        fail("%s must be a str, got %s" % (what, type_name(value)))
    if "\x00" in value:
        fail("%s must not contain U+0000" % what)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        fail("%s is not valid Unicode text (lone surrogate)" % what)
    return value


def optional_string(value, what: str):
    return None if value is None else string(value, what)


def boolean(value, what: str) -> bool:
    if not isinstance(value, bool):
        fail("%s must be a bool, got %s" % (what, type_name(value)))
    return value


def integer(value, what: str, low: int, high: int) -> int:
    # bool is a subclass of int in Python; the IR never accepts it as a number.
    if isinstance(value, bool) or not isinstance(value, int):
        fail("%s must be an int, got %s" % (what, type_name(value)))
    if value < low or value > high:
        fail("%s must be between %d and %d, got %d" % (what, low, high, value))
    return int(value)


def u16(value, what: str) -> int:
    return integer(value, what, 0, U16_MAX)


def u32(value, what: str) -> int:
    return integer(value, what, 0, U32_MAX)


def u64(value, what: str) -> int:
    return integer(value, what, 0, U64_MAX)


def port(value, what: str) -> int:
    return integer(value, what, 1, U16_MAX)


def sequence(value, what: str) -> list:
    if not isinstance(value, (list, tuple)):
        fail("%s must be a list, got %s" % (what, type_name(value)))
    return list(value)


def string_list(value, what: str, non_empty: bool = False) -> list:
    items = sequence(value, what)
    if non_empty and not items:
        fail("%s must not be empty" % what)
    return [string(item, "%s[%d]" % (what, i)) for i, item in enumerate(items)]


def one_of(value, what: str, allowed) -> str:
    string(value, what)
    if value not in allowed:
        fail("%s must be one of %s, got %r" % (what, ", ".join(repr(a) for a in allowed), value))
    return value


def identifier(value, what: str) -> str:
    string(value, what)
    if not _ID_RE.fullmatch(value):
        fail("%s %r must match %s" % (what, value, ID_PATTERN))
    return value


def env_name(value, what: str) -> str:
    string(value, what)
    if not _ENV_NAME_RE.fullmatch(value):
        fail("%s %r must match %s" % (what, value, ENV_NAME_PATTERN))
    return value


def working_dir(value, what: str = "working_dir") -> str:
    """ir-v0 §10.2: absolute, not '/', no LF/CR, no empty/'.'/'..' component, no trailing '/'."""
    string(value, what)
    problem = None
    if not value.startswith("/"):
        problem = "must be an absolute path"
    elif value == "/":
        problem = "must not be '/'"
    elif "\n" in value or "\r" in value:
        problem = "must not contain a line break"
    elif value.endswith("/"):
        problem = "must not end with '/'"
    else:
        for part in value[1:].split("/"):
            if part in ("", ".", ".."):
                problem = "must be normalized (no empty, '.' or '..' component)"
                break
    if problem is not None:
        fail("%s %r %s" % (what, value, problem))
    return value


def json_value(value, what: str):
    """A JSON-compatible value (open IR values): deep-copied, no floats, no U+0000."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return integer(value, what, -JSON_INT_MAX, JSON_INT_MAX)
    if isinstance(value, float):
        fail("%s must not contain a float (the IR is integer-only), got %r" % (what, value))
    if isinstance(value, str):
        return string(value, what)
    if isinstance(value, (list, tuple)):
        return [json_value(item, "%s[%d]" % (what, i)) for i, item in enumerate(value)]
    if isinstance(value, dict):
        return json_object(value, what)
    fail("%s must be JSON-compatible (str, int, bool, None, list, dict), got %s" % (what, type_name(value)))


def json_object(value, what: str) -> dict:
    if not isinstance(value, dict):
        fail("%s must be a dict, got %s" % (what, type_name(value)))
    result = {}
    for key, item in value.items():
        if not isinstance(key, str):
            fail("%s keys must be str, got %s" % (what, type_name(key)))
        string(key, "%s key" % what)
        result[key] = json_value(item, "%s[%r]" % (what, key))
    return result


def optional_json_object(value, what: str):
    return None if value is None else json_object(value, what)

#!/usr/bin/env python3
"""Validate a JSON document (a SARIF log, a Palisade JSON report) against a JSON schema.

Usage: python3 validate_json_schema.py SCHEMA JSON_FILE

Uses the JSON Schema draft the schema itself declares in "$schema"
(draft-04 for the official SARIF 2.1.0 schema).

Exit status: 0 valid, 1 invalid (including a SARIF file that is not JSON),
2 usage error, unreadable file, or unusable schema.
"""
import json
import sys

try:
    import jsonschema
    from jsonschema import validators
except ImportError:
    print("error: the 'jsonschema' Python package is required", file=sys.stderr)
    sys.exit(2)


def json_path(error):
    # jsonschema >= 4.0 has error.json_path; build it ourselves otherwise.
    path = getattr(error, "json_path", None)
    if path is not None:
        return path
    out = "$"
    for part in error.absolute_path:
        out += "[%d]" % part if isinstance(part, int) else ".%s" % part
    return out


def main(argv):
    if len(argv) != 3:
        print("usage: %s SCHEMA SARIF_FILE" % argv[0], file=sys.stderr)
        return 2
    schema_path, sarif_path = argv[1], argv[2]

    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        print("error: cannot load schema %s: %s" % (schema_path, e), file=sys.stderr)
        return 2

    try:
        with open(sarif_path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        print("error: cannot read %s: %s" % (sarif_path, e), file=sys.stderr)
        return 2

    try:
        instance = json.loads(text)
    except ValueError as e:
        print("%s: invalid: not JSON: %s" % (sarif_path, e))
        return 1

    cls = validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print("error: schema %s is not a valid %s schema: %s"
              % (schema_path, cls.__name__, e.message), file=sys.stderr)
        return 2

    checker = getattr(cls, "FORMAT_CHECKER", None)
    validator = cls(schema, format_checker=checker)
    errors = sorted(validator.iter_errors(instance),
                    key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        print("%s: valid" % sarif_path)
        return 0
    for err in errors:
        print("%s: %s" % (json_path(err), err.message))
    print("%s: invalid (%d error%s)"
          % (sarif_path, len(errors), "" if len(errors) == 1 else "s"))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

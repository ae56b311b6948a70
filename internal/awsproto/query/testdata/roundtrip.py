"""Round-trip oracle for the Go Query codec, using botocore's own code.

  python3 roundtrip.py requests SERVICE...
      For every operation with an input, builds parameters from the model
      (seeded, so runs repeat) and serializes them with botocore's
      QuerySerializer. Prints a JSON list of
      {"service", "operation", "params", "body"} (body: the form as sent
      on the wire).: what the Go decoder must read back.

  python3 roundtrip.py parse < responses.json
      Reads a JSON list of {"service", "operation", "xml"} written by the Go
      encoder and parses each body with botocore's QueryParser. Prints a JSON
      list of {"operation", "parsed"}: what the Go encoder meant to write.

Timestamps are shown as YYYY-MM-DDTHH:MM:SSZ (UTC) and blobs as base64, so
both sides compare plain JSON.
"""

import base64
import datetime
import json
import random
import sys

import botocore.session
from urllib.parse import unquote

from botocore.parsers import QueryParser
from botocore.serialize import create_serializer
from botocore.utils import percent_encode_sequence

ALPHABET = "abcXYZ019 -_.~+=/:@%&<>\"'?#,;!*()[]{}ü日本\t"


SESSION = botocore.session.get_session()


def service_model(name):
    return SESSION.get_service_model(name)


def make_value(shape, rng, depth):
    t = shape.type_name
    if t == "structure":
        out = {}
        required = set(shape.required_members)
        for name, member in shape.members.items():
            if name in required or (depth < 4 and rng.random() < 0.7):
                if member.type_name == "structure" and depth >= 4 and name not in required:
                    continue
                out[name] = make_value(member, rng, depth + 1)
        if not out and shape.members:
            # An empty structure puts nothing on the wire, so no decoder
            # could see it: give it one scalar member.
            for name, member in shape.members.items():
                if member.type_name not in ("structure", "list", "map"):
                    out[name] = make_value(member, rng, depth + 1)
                    break
        return out
    if t == "list":
        n = rng.randint(1, 3) if depth < 5 else 1
        return [make_value(shape.member, rng, depth + 1) for _ in range(n)]
    if t == "map":
        return {
            "k%d%s" % (i, rng.choice("ab日")): make_value(shape.value, rng, depth + 1)
            for i in range(rng.randint(1, 2))
        }
    if t == "string":
        if shape.enum:
            return rng.choice(shape.enum)
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 16)))
    if t in ("integer", "long"):
        return rng.randint(-1000, 2000000)
    if t == "boolean":
        return rng.random() < 0.5
    if t == "timestamp":
        return datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(
            seconds=rng.randint(0, 10**8)
        )
    if t == "blob":
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 12)))
    raise ValueError("unsupported shape type " + t)


def plain(value):
    """Makes parsed or generated values JSON-able, dropping empty lists and
    maps, which the query protocol cannot tell from absent ones."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "ResponseMetadata":
                continue
            out[k] = plain(v)
        return out
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    return value


def requests(name):
    model = service_model(name)
    serializer = create_serializer("query", include_validation=False)
    cases = []
    for op_name in sorted(model.operation_names):
        op = model.operation_model(op_name)
        if op.input_shape is None:
            continue
        for round_ in range(3):
            rng = random.Random("%s/%s/%d" % (name, op_name, round_))
            params = make_value(op.input_shape, rng, 0)
            body = serializer.serialize_to_request(params, op)["body"]
            # The exact bytes botocore sends (AWSRequest encodes the body dict
            # with this function).
            wire = percent_encode_sequence(body)
            cases.append({"service": name, "operation": op_name, "params": plain(params), "body": wire})
    return cases


def unquote_policies(value, shape):
    """Undoes IAM's percent-encoding of policy documents, as boto3's own
    json_decode_policies handler does before it loads the JSON (here the
    values are random strings, so only the unquoting applies)."""
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name not in value:
                continue
            if member.type_name == "string" and member.name == "policyDocumentType":
                value[name] = unquote(value[name])
            else:
                unquote_policies(value[name], member)
    elif shape.type_name == "list" and isinstance(value, list):
        for item in value:
            unquote_policies(item, shape.member)
    elif shape.type_name == "map" and isinstance(value, dict):
        for item in value.values():
            unquote_policies(item, shape.value)


def parse(responses):
    parser = QueryParser()
    out = []
    for r in responses:
        op = service_model(r["service"]).operation_model(r["operation"])
        parsed = parser.parse(
            {"body": r["xml"].encode("utf-8"), "headers": {}, "status_code": 200},
            op.output_shape,
        )
        unquote_policies(parsed, op.output_shape)
        out.append({"operation": r["operation"], "parsed": plain(parsed)})
    return out


def main():
    mode = sys.argv[1]
    if mode == "requests":
        result = [case for name in sys.argv[2:] for case in requests(name)]
    elif mode == "parse":
        result = parse(json.load(sys.stdin))
    else:
        raise SystemExit("unknown mode " + mode)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

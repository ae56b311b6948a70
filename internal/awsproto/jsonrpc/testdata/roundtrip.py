"""Round-trip oracle for the Go JSON 1.1 codec, using botocore's own code.

  python3 roundtrip.py requests SERVICE OPERATION N
      Builds N inputs of the operation from the model (seeded, so runs
      repeat) and serializes each with botocore's JSONSerializer, half with
      the default (whole-second) timestamps and half with milliseconds.
      Prints a JSON list of {"params", "target", "contentType", "body"}:
      what the Go decoder must read back.

  python3 roundtrip.py parse SERVICE OPERATION < responses.json
      Reads a JSON list of {"status", "headers", "body"} written by the Go
      encoder and parses each with botocore's JSON parser against the
      operation's output shape. Prints a JSON list of {"parsed",
      "requestId", "clientError"}: clientError is the text the AWS CLI and
      boto3 show for an error response (botocore's ClientError).

Timestamps are shown as integer epoch milliseconds and ResponseMetadata is
left out of "parsed", so that both sides compare plain JSON.
"""

import datetime
import json
import random
import sys

import botocore.session
from botocore.exceptions import ClientError
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

ALPHABET = "abcXYZ019 -_.~+=/:@%&<>\"'?#,;!*()[]{}\\\u00fc\u65e5\u672c\t\n\u2028\U0001F600"

SESSION = botocore.session.get_session()


def make_value(shape, rng, depth, millis):
    t = shape.type_name
    if t == "structure":
        return {
            name: make_value(member, rng, depth + 1, millis)
            for name, member in shape.members.items()
            if name in shape.required_members or rng.random() < 0.7
        }
    if t == "list":
        return [make_value(shape.member, rng, depth + 1, millis) for _ in range(rng.randint(1, 3))]
    if t == "string":
        if shape.enum:
            return rng.choice(shape.enum)
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 16)))
    if t in ("integer", "long"):
        return rng.randint(-1000, 2000000)
    if t == "boolean":
        return rng.random() < 0.5
    if t == "timestamp":
        # Whole seconds, or whole milliseconds: what each serializer
        # precision sends without loss.
        ms = rng.randint(0, 999) * 1000 if millis else 0
        return datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(
            seconds=rng.randint(0, 10**8), microseconds=ms
        )
    raise ValueError("unsupported shape type " + t)


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return int(round(value.timestamp() * 1000))
    return value


def requests(service, operation, n):
    op = SESSION.get_service_model(service).operation_model(operation)
    cases = []
    for i in range(n):
        millis = i % 2 == 1
        serializer = create_serializer(
            "json", include_validation=False, timestamp_precision="millisecond" if millis else "default"
        )
        rng = random.Random("%s/%s/%d" % (service, operation, i))
        params = make_value(op.input_shape, rng, 0, millis)
        req = serializer.serialize_to_request(params, op)
        cases.append(
            {
                "params": plain(params),
                "target": req["headers"]["X-Amz-Target"],
                "contentType": req["headers"]["Content-Type"],
                "body": req["body"].decode("utf-8"),
            }
        )
    return cases


def parse(service, operation, responses):
    op = SESSION.get_service_model(service).operation_model(operation)
    parser = create_parser("json")
    out = []
    for r in responses:
        headers = {k.lower(): v for k, v in r["headers"].items()}
        parsed = parser.parse(
            {"body": r["body"].encode("utf-8"), "headers": headers, "status_code": r["status"]},
            op.output_shape,
        )
        result = {"parsed": plain(parsed), "requestId": parsed["ResponseMetadata"].get("RequestId")}
        if "Error" in parsed:
            result["clientError"] = str(ClientError(parsed, operation))
        out.append(result)
    return out


def main():
    mode, service, operation = sys.argv[1:4]
    if mode == "requests":
        result = requests(service, operation, int(sys.argv[4]))
    elif mode == "parse":
        result = parse(service, operation, json.load(sys.stdin))
    else:
        raise SystemExit("unknown mode " + mode)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()

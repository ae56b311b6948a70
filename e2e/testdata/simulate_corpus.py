"""The authz corpus through IAM's policy simulator, driven by boto3.

Reads the cases the Go test exported (argv[1]) and IAMD_URL, ROOT_KEY_ID
and ROOT_SECRET from the environment. Calls simulate_custom_policy once
per case and compares EvalDecision with the case's expected decision.
Prints every disagreement, then "ok N" when all N cases agree; exits
non-zero otherwise.
"""
import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

CFG = Config(retries={"max_attempts": 1, "mode": "standard"})


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    iam = boto3.client("iam", endpoint_url=os.environ["IAMD_URL"], region_name="us-east-1",
                       aws_access_key_id=os.environ["ROOT_KEY_ID"],
                       aws_secret_access_key=os.environ["ROOT_SECRET"], config=CFG)
    failures = []
    for c in cases:
        kwargs = {
            "PolicyInputList": c["policyInputList"],
            "ActionNames": [c["action"]],
            "ResourceArns": [c["resource"]],
            "CallerArn": c["callerArn"],
        }
        if c.get("boundary"):
            kwargs["PermissionsBoundaryPolicyInputList"] = [c["boundary"]]
        if c.get("resourcePolicy"):
            kwargs["ResourcePolicy"] = c["resourcePolicy"]
        if c.get("resourceOwner"):
            kwargs["ResourceOwner"] = c["resourceOwner"]
        if c["contextEntries"]:
            kwargs["ContextEntries"] = c["contextEntries"]
        try:
            out = iam.simulate_custom_policy(**kwargs)
        except ClientError as e:
            failures.append(f"{c['name']}: {e}")
            continue
        results = out["EvaluationResults"]
        if len(results) != 1:
            failures.append(f"{c['name']}: {len(results)} results, want 1")
            continue
        r = results[0]
        got = r["EvalDecision"]
        # A named resource has its own result; "*" has none.
        per = r.get("ResourceSpecificResults", [])
        want_per = 0 if c["resource"] == "*" else 1
        if got != c["expect"] or len(per) != want_per or any(p["EvalResourceDecision"] != got for p in per):
            failures.append(f"{c['name']}: EvalDecision {got}, want {c['expect']} ({r})")
    for f in failures:
        print(f)
    if failures:
        sys.exit(f"{len(failures)} of {len(cases)} cases disagree")
    print("ok", len(cases))


if __name__ == "__main__":
    main()

"""AssumeRoleWithSAML through boto3, unsigned as real clients send it.

Reads IAMD_URL, ROLE_ARN, PROVIDER_ARN, SESSION_ARN, ASSERTION (valid) and
EXPIRED (an expired assertion); prints "ok" or exits with a message.
"""
import os
import sys

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

URL = os.environ["IAMD_URL"]
anon = boto3.client("sts", endpoint_url=URL, region_name="us-east-1",
                    config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1, "mode": "standard"}))
out = anon.assume_role_with_saml(RoleArn=os.environ["ROLE_ARN"], PrincipalArn=os.environ["PROVIDER_ARN"],
                                 SAMLAssertion=os.environ["ASSERTION"])
if out["AssumedRoleUser"]["Arn"] != os.environ["SESSION_ARN"]:
    sys.exit("AssumedRoleUser %s" % out["AssumedRoleUser"]["Arn"])
c = out["Credentials"]
sts = boto3.client("sts", endpoint_url=URL, region_name="us-east-1", aws_access_key_id=c["AccessKeyId"],
                   aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
if sts.get_caller_identity()["Arn"] != os.environ["SESSION_ARN"]:
    sys.exit("the session's caller identity is not the assumed role")
try:
    anon.assume_role_with_saml(RoleArn=os.environ["ROLE_ARN"], PrincipalArn=os.environ["PROVIDER_ARN"],
                               SAMLAssertion=os.environ["EXPIRED"])
    sys.exit("an expired assertion was accepted")
except ClientError as e:
    if e.response["Error"]["Code"] != "ExpiredTokenException":
        sys.exit("expired assertion: %s" % e)
print("ok")

"""A user of account A assumes a role of account B with boto3 (both sides
allowing), reads what the role allows and nothing else.

Reads IAMD_URL, USER_KEY_ID, USER_SECRET, ROLE_ARN, EXTERNAL_ID and
ACCOUNT_B from the environment; prints "ok" or exits with a message.
"""
import datetime
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

URL = os.environ["IAMD_URL"]
CFG = Config(retries={"max_attempts": 1, "mode": "standard"})


def client(service, **creds):
    return boto3.client(service, endpoint_url=URL, region_name="us-east-1", config=CFG, **creds)


user_sts = client("sts", aws_access_key_id=os.environ["USER_KEY_ID"], aws_secret_access_key=os.environ["USER_SECRET"])
out = user_sts.assume_role(RoleArn=os.environ["ROLE_ARN"], RoleSessionName="boto3-session",
                           ExternalId=os.environ["EXTERNAL_ID"], DurationSeconds=900)
c = out["Credentials"]
want_arn = "arn:aws:sts::%s:assumed-role/%s/boto3-session" % (os.environ["ACCOUNT_B"], os.environ["ROLE_ARN"].split("/")[-1])
if out["AssumedRoleUser"]["Arn"] != want_arn:
    sys.exit("AssumedRoleUser %s, want %s" % (out["AssumedRoleUser"]["Arn"], want_arn))
left = c["Expiration"] - datetime.datetime.now(datetime.timezone.utc)
if not datetime.timedelta(minutes=14) < left <= datetime.timedelta(minutes=15):
    sys.exit("Expiration %s is not 15 minutes away" % c["Expiration"])

session = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
               aws_session_token=c["SessionToken"])
if client("sts", **session).get_caller_identity()["Arn"] != want_arn:
    sys.exit("the session's caller identity is not the assumed role")
role_iam = client("iam", **session)
role_iam.list_users()  # the role allows reading users of account B
try:
    role_iam.create_user(UserName="not-allowed")
    sys.exit("the session created a user its role does not allow")
except ClientError as e:
    if e.response["Error"]["Code"] != "AccessDenied" or want_arn not in e.response["Error"]["Message"]:
        sys.exit("create_user: %s" % e)
print("ok")

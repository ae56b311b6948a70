"""The server issue's session, driven by boto3 against a running iamd.

Reads IAMD_URL, IAMD_ACCOUNT_ID, ROOT_KEY_ID and ROOT_SECRET from the
environment; exits non-zero with a message on the first mismatch.
"""
import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

URL = os.environ["IAMD_URL"]
ACCOUNT = os.environ["IAMD_ACCOUNT_ID"]
CFG = Config(retries={"max_attempts": 1, "mode": "standard"})


def client(service, key, secret):
    return boto3.client(service, endpoint_url=URL, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret, config=CFG)


def expect_error(code, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        if got != code:
            sys.exit(f"{fn.__name__}: want {code}, got {got}: {e}")
        return e.response["Error"]["Message"]
    sys.exit(f"{fn.__name__}: succeeded, want {code}")


def check(cond, msg):
    if not cond:
        sys.exit(msg)


root_iam = client("iam", os.environ["ROOT_KEY_ID"], os.environ["ROOT_SECRET"])
root_sts = client("sts", os.environ["ROOT_KEY_ID"], os.environ["ROOT_SECRET"])

check(root_sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root", "root identity")

user = root_iam.create_user(UserName="bob", Tags=[{"Key": "team", "Value": "data"}])["User"]
check(user["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/bob", f"user arn {user['Arn']}")
check(user["UserId"].startswith("AIDA") and len(user["UserId"]) == 21, f"user id {user['UserId']}")
check(user["CreateDate"].tzinfo is not None, "CreateDate must carry a time zone")
got = root_iam.get_user(UserName="BOB")["User"]
check(got["UserName"] == "bob", "case-insensitive lookup keeps the created case")
expect_error("NoSuchEntity", root_iam.get_user, UserName="nobody")
expect_error("ValidationError", root_iam.create_user, UserName="bad name!")

root_iam.create_group(GroupName="writers")
root_iam.add_user_to_group(GroupName="writers", UserName="bob")
members = root_iam.get_group(GroupName="writers")["Users"]
check([u["UserName"] for u in members] == ["bob"], f"group members {members}")

doc1 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}
doc2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "*"}]}
pol = root_iam.create_policy(PolicyName="write-objects", PolicyDocument=json.dumps(doc1))["Policy"]
arn = pol["Arn"]
check(arn == f"arn:aws:iam::{ACCOUNT}:policy/write-objects", f"policy arn {arn}")
v2 = root_iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc2), SetAsDefault=True)
check(v2["PolicyVersion"]["VersionId"] == "v2" and v2["PolicyVersion"]["IsDefaultVersion"], "v2 default")
back = root_iam.get_policy_version(PolicyArn=arn, VersionId="v2")["PolicyVersion"]["Document"]
check(back == doc2, f"policy document round trip: {back}")
check(root_iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v2", "default version")
root_iam.attach_group_policy(GroupName="writers", PolicyArn=arn)
check(root_iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1, "attachment count")
attached = root_iam.list_attached_group_policies(GroupName="writers")["AttachedPolicies"]
check([a["PolicyArn"] for a in attached] == [arn], f"attached {attached}")

aws_pol = root_iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")["Policy"]
check(aws_pol["PolicyName"] == "ReadOnlyAccess", "AWS managed policy readable")
paginator = root_iam.get_paginator("list_policies")
count = sum(len(p["Policies"]) for p in paginator.paginate(Scope="AWS", PaginationConfig={"PageSize": 500}))
check(count == 1485, f"AWS managed policies listed: {count}")

key = root_iam.create_access_key(UserName="bob")["AccessKey"]
bob_sts = client("sts", key["AccessKeyId"], key["SecretAccessKey"])
bob_iam = client("iam", key["AccessKeyId"], key["SecretAccessKey"])
check(bob_sts.get_caller_identity()["Arn"] == user["Arn"], "bob's identity")
msg = expect_error("AccessDenied", bob_iam.list_users)
check(f"User: {user['Arn']} is not authorized to perform: iam:ListUsers" in msg, f"denial message: {msg}")

expect_error("SignatureDoesNotMatch", client("sts", key["AccessKeyId"], "y" * 40).get_caller_identity)
expect_error("InvalidClientTokenId", client("sts", "AKIANOTAKEYOFIAMD234", "y" * 40).get_caller_identity)

expect_error("DeleteConflict", root_iam.delete_user, UserName="bob")
root_iam.create_access_key(UserName="bob")
msg = expect_error("LimitExceeded", root_iam.create_access_key, UserName="bob")
check("AccessKeysPerUser: 2" in msg, f"limit message: {msg}")

print("ok")

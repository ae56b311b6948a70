"""LookupEvents through boto3: a lookup by attribute, the lookup_events
paginator over every CreateUser event, an event found by the request ID
boto3 saw, and a refused lookup.

Reads IAMD_URL, IAMD_ACCOUNT_ID, USERS (the users root created, oldest
first) and the root's credentials from AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY; prints "ok" or exits with a message.
"""
import json
import os
import sys
import time

import boto3
from botocore.exceptions import ClientError

URL = os.environ["IAMD_URL"]
ACCOUNT = os.environ["IAMD_ACCOUNT_ID"]
USERS = os.environ["USERS"].split(",")
CREATE_USER = [{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}]


def check(ok, message):
    if not ok:
        sys.exit(message)


ct = boto3.client("cloudtrail", endpoint_url=URL, region_name="us-east-1")
iam = boto3.client("iam", endpoint_url=URL, region_name="us-east-1")

# One lookup: every CreateUser event, newest first.
events = ct.lookup_events(LookupAttributes=CREATE_USER)["Events"]
names = [r["ResourceName"] for e in events for r in e.get("Resources", [])]
check(names == USERS[::-1], "CreateUser events name %s, want %s" % (names, USERS[::-1]))
for e in events:
    check(e["Username"] == "root" and e["EventSource"] == "iam.amazonaws.com" and e["ReadOnly"] == "false",
          "CreateUser event %s" % e)
    check(e["EventTime"].tzinfo is not None, "EventTime %r is not a timestamp" % e["EventTime"])
    record = json.loads(e["CloudTrailEvent"])
    check(record["eventID"] == e["EventId"] and record["recipientAccountId"] == ACCOUNT,
          "record %s does not match its event" % record)

# The paginator, one event a page: iamd's NextToken carries it through.
pages = list(ct.get_paginator("lookup_events").paginate(LookupAttributes=CREATE_USER,
                                                        PaginationConfig={"PageSize": 1}))
paged = [e["EventId"] for p in pages for e in p["Events"]]
check(len(pages) >= len(USERS), "%d pages for %d events one a page" % (len(pages), len(USERS)))
check(paged == [e["EventId"] for e in events], "paginator found %s, one lookup %s" % (paged, events))

# The event of a call boto3 made, by the request ID it was answered with.
request_id = iam.get_user(UserName=USERS[0])["ResponseMetadata"]["RequestId"]
found = None
deadline = time.time() + 15
while found is None and time.time() < deadline:
    for e in ct.lookup_events(LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "GetUser"}])["Events"]:
        record = json.loads(e["CloudTrailEvent"])
        if record["requestID"] == request_id:
            found = record
    if found is None:
        time.sleep(0.3)
check(found is not None, "no GetUser event with request ID %s" % request_id)
check(found["readOnly"] is True and found["requestParameters"] == {"userName": USERS[0]}
      and "Boto3" in found["userAgent"], "GetUser record %s" % found)

# One lookup attribute at most.
try:
    ct.lookup_events(LookupAttributes=CREATE_USER + [{"AttributeKey": "Username", "AttributeValue": "root"}])
    sys.exit("two lookup attributes were accepted")
except ClientError as e:
    check(e.response["Error"]["Code"] == "InvalidLookupAttributesException", "two attributes: %s" % e.response["Error"])
print("ok")

package iam

import "github.com/iamd/iamd/internal/service"

// The condition keys IAM operations set from their input, per the service
// authorization reference for IAM ("Actions, resources, and condition keys
// for AWS Identity and Access Management"):
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html

// requestTagKeys sets aws:RequestTag/KEY for each tag and aws:TagKeys, for
// operations that create or tag an entity.
func requestTagKeys(tags []Tag) []service.ContextKey {
	if len(tags) == 0 {
		return nil
	}
	keys := make([]service.ContextKey, 0, len(tags)+1)
	names := make([]string, 0, len(tags))
	for _, t := range tags {
		keys = append(keys, service.ContextKey{Key: "aws:RequestTag/" + t.Key, Values: []string{t.Value}})
		names = append(names, t.Key)
	}
	return append(keys, service.ContextKey{Key: "aws:TagKeys", Values: names})
}

// tagKeyNames sets aws:TagKeys for operations that remove tags.
func tagKeyNames(names []string) []service.ContextKey {
	if len(names) == 0 {
		return nil
	}
	return []service.ContextKey{{Key: "aws:TagKeys", Values: names}}
}

// policyARNKey sets iam:PolicyARN for attaching and detaching policies.
func policyARNKey(arn string) []service.ContextKey {
	return []service.ContextKey{{Key: "iam:PolicyARN", Values: []string{arn}}}
}

// boundaryKey sets iam:PermissionsBoundary when the request names one.
func boundaryKey(arn string) []service.ContextKey {
	if arn == "" {
		return nil
	}
	return []service.ContextKey{{Key: "iam:PermissionsBoundary", Values: []string{arn}}}
}

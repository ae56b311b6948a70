package cloudtrail

import (
	"fmt"

	"github.com/iamd/iamd/internal/awserr"
)

// LookupEvents' errors, each HTTP 400 as every CloudTrail client error is.
// The API reference documents when each occurs but none of their messages,
// so the messages are iamd's own, written in AWS's style.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html#API_LookupEvents_Errors

// The error codes.
const (
	CodeInvalidLookupAttributes = "InvalidLookupAttributesException"
	CodeInvalidTimeRange        = "InvalidTimeRangeException"
	CodeInvalidMaxResults       = "InvalidMaxResultsException"
	CodeInvalidNextToken        = "InvalidNextTokenException"
	CodeInvalidEventCategory    = "InvalidEventCategoryException"
)

// Messages.
const (
	// MsgTooManyLookupAttributes: the API reference says the list "can
	// contain only one item".
	MsgTooManyLookupAttributes = "You can specify at most one lookup attribute."
	// MsgInvalidAttributeKey is formatted with the key given.
	MsgInvalidAttributeKey = "The lookup attribute key %s is not valid. Valid keys are EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource and AccessKeyId."
	// MsgInvalidAttributeValue: the model's length constraint, 1 to 2000.
	MsgInvalidAttributeValue = "The lookup attribute value must be between 1 and 2000 characters long."
	// MsgInvalidReadOnlyValue: the ReadOnly attribute filters on a boolean.
	MsgInvalidReadOnlyValue = "The value of the ReadOnly lookup attribute must be true or false."
	// MsgInvalidTimeRange: the API reference's condition, "the start time
	// occurs after the end time".
	MsgInvalidTimeRange = "The start time must not be after the end time."
	// MsgInvalidMaxResults: the model's range and the reference's
	// "Possible values are 1 through 50".
	MsgInvalidMaxResults = "MaxResults must be between 1 and 50."
	// MsgInvalidNextToken: the reference's two causes of the error.
	MsgInvalidNextToken = "The NextToken is not valid, or was issued for a request with different parameters."
	// MsgInvalidEventCategory is formatted with the category given.
	MsgInvalidEventCategory = "The event category %s is not valid. The only valid value is insight."
)

func invalidLookupAttributes(msg string) *awserr.Error {
	return awserr.New(CodeInvalidLookupAttributes, 400, msg)
}

func invalidTimeRange() *awserr.Error {
	return awserr.New(CodeInvalidTimeRange, 400, MsgInvalidTimeRange)
}

func invalidMaxResults() *awserr.Error {
	return awserr.New(CodeInvalidMaxResults, 400, MsgInvalidMaxResults)
}

func invalidNextToken() *awserr.Error {
	return awserr.New(CodeInvalidNextToken, 400, MsgInvalidNextToken)
}

func invalidEventCategory(category string) *awserr.Error {
	return awserr.New(CodeInvalidEventCategory, 400, fmt.Sprintf(MsgInvalidEventCategory, category))
}

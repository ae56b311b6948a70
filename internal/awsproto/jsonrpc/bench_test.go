package jsonrpc_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awsproto/jsonrpc"
	"github.com/iamd/iamd/internal/service/cloudtrail"
)

// fullPage is a largest LookupEvents page: 50 events with 2 KB records,
// which is what the encoder spends its time on.
func fullPage() *cloudtrail.LookupEventsResponse {
	record := `{"eventVersion":"1.11","userIdentity":{"type":"IAMUser"},"requestParameters":{"userName":"` +
		strings.Repeat("bob-\"quoted\"-", 150) + `"}}`
	out := &cloudtrail.LookupEventsResponse{NextToken: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"}
	for i := range 50 {
		out.Events = append(out.Events, cloudtrail.Event{
			EventId: fmt.Sprintf("6e2f7c0a-1b9d-4c1e-9a57-%012d", i), EventName: "CreateUser", ReadOnly: "false",
			AccessKeyId: "AKIAIOSFODNN7EXAMPLE", EventTime: time.Unix(1700000000+int64(i), 0),
			EventSource: "iam.amazonaws.com", Username: "alice",
			Resources:       []cloudtrail.Resource{{ResourceType: "AWS::IAM::User", ResourceName: "bob"}},
			CloudTrailEvent: record,
		})
	}
	return out
}

func BenchmarkWriteResponseFullPage(b *testing.B) {
	out := fullPage()
	b.ReportAllocs()
	for b.Loop() {
		if err := jsonrpc.WriteResponse(httptest.NewRecorder(), "req", out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeLookupEvents(b *testing.B) {
	body := []byte(`{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"CreateUser"}],` +
		`"StartTime":1700000000,"EndTime":1700086400.5,"MaxResults":50,"NextToken":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYX"}`)
	b.ReportAllocs()
	for b.Loop() {
		var in cloudtrail.LookupEventsRequest
		if err := jsonrpc.Decode(body, &in); err != nil {
			b.Fatal(err)
		}
	}
}

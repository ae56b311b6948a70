// Package cloudtrail implements CloudTrail's LookupEvents (API version
// 2013-11-01) over iamd's own audit trail: every request iamd serves is
// recorded as a CloudTrail event, and this is how the aws CLI and the SDKs
// read those events back. It knows nothing of HTTP, SQL or the wire
// encoding.
package cloudtrail

import (
	"time"

	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// The service's wire identity, as botocore's model gives it.
const (
	// SigningName is the SigV4 service name and the action prefix.
	SigningName = "cloudtrail"
	// TargetPrefix is what precedes the operation name in X-Amz-Target.
	TargetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"
	// APIVersion is the model's version.
	APIVersion = "2013-11-01"
)

// Service is the CloudTrail API.
type Service struct {
	events store.AuditEvents
	now    func() time.Time
}

// New builds the service over the audit trail; now nil means time.Now.
func New(events store.AuditEvents, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{events: events, now: now}
}

// Operations declares every implemented CloudTrail operation. LookupEvents
// is authorized as cloudtrail:LookupEvents on "*": CloudTrail's service
// authorization reference lists no resource type for it.
func (s *Service) Operations() []service.Operation {
	return []service.Operation{
		service.Op(SigningName, "LookupEvents", s.LookupEvents,
			service.ReadOnly[LookupEventsRequest]()),
	}
}

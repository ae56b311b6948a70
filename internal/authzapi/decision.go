package authzapi

import (
	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/authz"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/policy/eval"
)

// decisionOf writes an evaluation's outcome in the wire format.
func decisionOf(d authz.Decision, p *principal.Principal, in *authzclient.AuthorizeRequest, ev *authz.Evidence) *authzclient.Decision {
	out := &authzclient.Decision{
		Principal: &authzclient.Principal{
			ARN: p.ARN, AccountID: p.AccountID, UserID: p.UserID, Type: string(p.Type), AccessKeyID: p.AccessKeyID,
		},
		Reason:            d.AccessDeniedMessage(p.ARN, in.Action, in.Resource),
		MatchedStatements: []authzclient.Statement{},
	}
	switch {
	case d.Allowed:
		out.Decision = authzclient.Allow
	case d.Reason == authz.ExplicitDeny:
		out.Decision = authzclient.ExplicitDeny
	default:
		out.Decision = authzclient.ImplicitDeny
	}
	for _, t := range []struct {
		typ authz.PolicyType
		ev  *eval.Evidence
	}{
		{authz.PolicyTypeIdentity, &ev.Identity},
		{authz.PolicyTypeBoundary, &ev.Boundary},
		{authz.PolicyTypeSession, &ev.Session},
		{authz.PolicyTypeResource, &ev.Resource},
	} {
		for _, m := range t.ev.Matches {
			out.MatchedStatements = append(out.MatchedStatements, authzclient.Statement{
				PolicyType: t.typ.String(), Policy: m.Ref, Statement: m.Statement, Sid: m.Sid, Effect: m.Effect,
			})
		}
	}
	return out
}

package saml

import (
	"encoding/xml"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"

	"github.com/iamd/iamd/internal/awserr"
)

// readAssertion unmarshals the verified assertion and applies AWS's rules to
// it: issuer, age, subject confirmation, conditions, then the AWS
// attributes.
func readAssertion(verified *etree.Element, md *Metadata, now time.Time, opts Options) (*Assertion, error) {
	doc := etree.NewDocument()
	doc.SetRoot(verified.Copy())
	raw, err := doc.WriteToBytes()
	if err != nil {
		return nil, errInvalid("assertion")
	}
	var x xmlAssertion
	if err := xml.Unmarshal(raw, &x); err != nil {
		return nil, errInvalid("assertion")
	}
	a := &Assertion{ID: x.ID, Attributes: map[string][]string{}}
	if x.Version != "2.0" {
		return nil, errInvalid("assertion version")
	}
	if x.Issuer == nil || strings.TrimSpace(x.Issuer.Value) != md.EntityID {
		return nil, awserr.InvalidIdentityToken(msgIssuerMismatch)
	}
	a.Issuer = md.EntityID
	if a.IssueInstant, err = parseTime(x.IssueInstant); err != nil || a.IssueInstant.IsZero() {
		return nil, errInvalid("IssueInstant")
	}
	if err := checkTimes(a, &x, now, opts); err != nil {
		return nil, err
	}
	if err := readSubject(a, x.Subject, now, opts); err != nil {
		return nil, err
	}
	if x.Conditions != nil {
		a.Audiences = x.Conditions.Audiences
	}
	if !slices.ContainsFunc(a.Audiences, func(aud string) bool { return slices.Contains(opts.Audiences, strings.TrimSpace(aud)) }) {
		return nil, awserr.InvalidIdentityToken(msgAudienceInvalid)
	}
	for _, s := range x.AuthnStatements {
		t, err := parseTime(s.SessionNotOnOrAfter)
		if err != nil {
			return nil, errInvalid("SessionNotOnOrAfter")
		}
		if !t.IsZero() && (a.SessionNotOnOrAfter.IsZero() || t.Before(a.SessionNotOnOrAfter)) {
			a.SessionNotOnOrAfter = t
		}
	}
	for _, attr := range x.AttributeStatement {
		for _, v := range attr.Values {
			a.Attributes[attr.Name] = append(a.Attributes[attr.Name], strings.TrimSpace(v))
		}
	}
	if err := readAWSAttributes(a); err != nil {
		return nil, err
	}
	return a, nil
}

// checkTimes applies the assertion's age limit and its Conditions' bounds,
// each with the clock skew.
func checkTimes(a *Assertion, x *xmlAssertion, now time.Time, opts Options) error {
	if now.After(a.IssueInstant.Add(opts.MaxAge + opts.ClockSkew)) {
		return awserr.ExpiredTokenException(msgTokenTooOld)
	}
	if a.IssueInstant.After(now.Add(opts.ClockSkew)) {
		return awserr.InvalidIdentityToken(msgNotYetValid)
	}
	if x.Conditions == nil {
		return nil
	}
	var err error
	if a.NotBefore, err = parseTime(x.Conditions.NotBefore); err != nil {
		return errInvalid("NotBefore")
	}
	if a.NotOnOrAfter, err = parseTime(x.Conditions.NotOnOrAfter); err != nil {
		return errInvalid("NotOnOrAfter")
	}
	if !a.NotBefore.IsZero() && a.NotBefore.After(now.Add(opts.ClockSkew)) {
		return awserr.InvalidIdentityToken(msgNotYetValid)
	}
	if !a.NotOnOrAfter.IsZero() && !now.Before(a.NotOnOrAfter.Add(opts.ClockSkew)) {
		return awserr.ExpiredTokenException(msgTokenExpired)
	}
	return nil
}

// readSubject reads the NameID and the one bearer SubjectConfirmation AWS
// requires, "with a SubjectConfirmationData element that includes both the
// NotOnOrAfter attribute and a Recipient attribute".
func readSubject(a *Assertion, s *xmlSubject, now time.Time, opts Options) error {
	if s == nil || s.NameID == nil || strings.TrimSpace(s.NameID.Value) == "" {
		return awserr.AccessDenied(msgNotAuthorized)
	}
	a.NameID = strings.TrimSpace(s.NameID.Value)
	a.NameIDFormat = s.NameID.Format
	if len(s.Confirmations) != 1 {
		return errInvalid("exactly one SubjectConfirmation is required")
	}
	c := s.Confirmations[0]
	if c.Method != methodBearer || c.Data == nil || c.Data.Recipient == "" || c.Data.NotOnOrAfter == "" {
		return errInvalid("SubjectConfirmation must be bearer with Recipient and NotOnOrAfter")
	}
	if !slices.Contains(opts.Recipients, c.Data.Recipient) {
		return awserr.InvalidIdentityToken(msgRecipientInvalid)
	}
	a.Recipient = c.Data.Recipient
	notOnOrAfter, err := parseTime(c.Data.NotOnOrAfter)
	if err != nil {
		return errInvalid("NotOnOrAfter")
	}
	a.SubjectNotOnOrAfter = notOnOrAfter
	if !now.Before(notOnOrAfter.Add(opts.ClockSkew)) {
		return awserr.ExpiredTokenException(msgTokenExpired)
	}
	notBefore, err := parseTime(c.Data.NotBefore)
	if err != nil {
		return errInvalid("NotBefore")
	}
	if !notBefore.IsZero() && notBefore.After(now.Add(opts.ClockSkew)) {
		return awserr.InvalidIdentityToken(msgNotYetValid)
	}
	return nil
}

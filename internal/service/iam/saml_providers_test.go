package iam

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/federation/saml/samltest"
)

// samlIdP is one test IdP for all SAML provider tests (RSA key generation
// is slow).
var samlIdP = sync.OnceValues(func() (*samltest.IdP, error) {
	return samltest.NewIdP("https://idp.example.com/saml", time.Now())
})

func samlMetadata(t *testing.T, validUntil time.Time) string {
	t.Helper()
	idp, err := samlIdP()
	if err != nil {
		t.Fatal(err)
	}
	return string(idp.Metadata(validUntil))
}

func TestSAMLProviderLifecycle(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	doc := samlMetadata(t, time.Time{})
	out, err := f.svc.CreateSAMLProvider(f.rootA, &CreateSAMLProviderRequest{Name: "Corp", SAMLMetadataDocument: doc,
		Tags: []Tag{{Key: "team", Value: "identity"}}})
	mustOK(t, err)
	arn := "arn:aws:iam::" + accountA + ":saml-provider/Corp"
	if out.SAMLProviderArn != arn || len(out.Tags) != 1 {
		t.Fatalf("create = %+v", out)
	}
	got, err := f.svc.GetSAMLProvider(f.rootA, &GetSAMLProviderRequest{SAMLProviderArn: arn})
	mustOK(t, err)
	if got.SAMLMetadataDocument != doc || got.SAMLProviderUUID == "" || len(got.Tags) != 1 || got.CreateDate == nil {
		t.Fatalf("get = %+v", got)
	}
	if want := got.CreateDate.AddDate(100, 0, 0); !got.ValidUntil.Equal(want) {
		t.Fatalf("ValidUntil = %v, want a hundred years after creation %v", got.ValidUntil, want)
	}

	// Updating with metadata that has validUntil moves ValidUntil.
	until := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	upd, err := f.svc.UpdateSAMLProvider(f.rootA, &UpdateSAMLProviderRequest{SAMLProviderArn: arn, SAMLMetadataDocument: samlMetadata(t, until)})
	mustOK(t, err)
	if upd.SAMLProviderArn != arn {
		t.Fatalf("update = %+v", upd)
	}
	list, err := f.svc.ListSAMLProviders(f.rootA, &ListSAMLProvidersRequest{})
	mustOK(t, err)
	if len(list.SAMLProviderList) != 1 || list.SAMLProviderList[0].Arn != arn || !list.SAMLProviderList[0].ValidUntil.Equal(until) {
		t.Fatalf("list = %+v", list)
	}
	_, err = f.svc.UpdateSAMLProvider(f.rootA, &UpdateSAMLProviderRequest{SAMLProviderArn: arn, AssertionEncryptionMode: "Allowed"})
	mustOK(t, err)
	got, err = f.svc.GetSAMLProvider(f.rootA, &GetSAMLProviderRequest{SAMLProviderArn: arn})
	mustOK(t, err)
	if got.AssertionEncryptionMode != "Allowed" {
		t.Fatalf("mode = %q", got.AssertionEncryptionMode)
	}

	// Tags.
	_, err = f.svc.TagSAMLProvider(f.rootA, &TagSAMLProviderRequest{SAMLProviderArn: arn, Tags: []Tag{{Key: "env", Value: "prod"}}})
	mustOK(t, err)
	_, err = f.svc.UntagSAMLProvider(f.rootA, &UntagSAMLProviderRequest{SAMLProviderArn: arn, TagKeys: []string{"TEAM"}})
	mustOK(t, err)
	tags, err := f.svc.ListSAMLProviderTags(f.rootA, &ListSAMLProviderTagsRequest{SAMLProviderArn: arn})
	mustOK(t, err)
	if len(tags.Tags) != 1 || tags.Tags[0].Key != "env" || *tags.IsTruncated {
		t.Fatalf("tags = %+v", tags)
	}

	// Account B sees nothing of A's.
	_, err = f.svc.GetSAMLProvider(f.rootB, &GetSAMLProviderRequest{SAMLProviderArn: arn})
	wantAWSError(t, err, "NoSuchEntity", "Manifest not found for arn "+arn)
	listB, err := f.svc.ListSAMLProviders(f.rootB, &ListSAMLProvidersRequest{})
	mustOK(t, err)
	if len(listB.SAMLProviderList) != 0 {
		t.Fatalf("B's list = %+v", listB)
	}

	_, err = f.svc.DeleteSAMLProvider(f.rootA, &DeleteSAMLProviderRequest{SAMLProviderArn: arn})
	mustOK(t, err)
	_, err = f.svc.DeleteSAMLProvider(f.rootA, &DeleteSAMLProviderRequest{SAMLProviderArn: arn})
	wantAWSError(t, err, "NoSuchEntity", "Manifest not found for arn "+arn)
}

func TestSAMLProviderErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	doc := samlMetadata(t, time.Time{})
	_, err := f.svc.CreateSAMLProvider(f.rootA, &CreateSAMLProviderRequest{Name: "Corp", SAMLMetadataDocument: doc})
	mustOK(t, err)
	arn := "arn:aws:iam::" + accountA + ":saml-provider/Corp"
	create := func(in *CreateSAMLProviderRequest) error {
		if in.SAMLMetadataDocument == "" {
			in.SAMLMetadataDocument = doc
		}
		if in.Name == "" {
			in.Name = "Other"
		}
		_, err := f.svc.CreateSAMLProvider(f.rootA, in)
		return err
	}
	update := func(in *UpdateSAMLProviderRequest) error {
		if in.SAMLProviderArn == "" {
			in.SAMLProviderArn = arn
		}
		_, err := f.svc.UpdateSAMLProvider(f.rootA, in)
		return err
	}
	noSigningKey := strings.ReplaceAll(doc, `use="signing"`, `use="encryption"`)
	tests := []struct {
		name      string
		err       error
		code, msg string
	}{
		{"duplicate name in another case", create(&CreateSAMLProviderRequest{Name: "CORP"}), "EntityAlreadyExists", "SAMLProvider CORP already exists."},
		{"metadata without signing key", create(&CreateSAMLProviderRequest{SAMLMetadataDocument: noSigningKey}), "InvalidInput", msgSAMLMetadataInvalid},
		{"metadata not XML", create(&CreateSAMLProviderRequest{SAMLMetadataDocument: strings.Repeat("x", 1200)}), "InvalidInput", msgSAMLMetadataInvalid},
		{"Required without private key", create(&CreateSAMLProviderRequest{AssertionEncryptionMode: "Required"}), "InvalidInput", msgSAMLRequiredWithoutK},
		{"private key", create(&CreateSAMLProviderRequest{AddPrivateKey: "-----BEGIN PRIVATE KEY-----"}), "InvalidInput", msgSAMLPrivateKeys},
		{"reserved tag", create(&CreateSAMLProviderRequest{Tags: []Tag{{Key: "aws:x", Value: "v"}}}), "InvalidInput", msgReservedTagKey},
		{"update nothing", update(&UpdateSAMLProviderRequest{}), "InvalidInput", msgSAMLNothingToUpdate},
		{"update bad metadata", update(&UpdateSAMLProviderRequest{SAMLMetadataDocument: noSigningKey}), "InvalidInput", msgSAMLMetadataInvalid},
		{"update absent", update(&UpdateSAMLProviderRequest{SAMLProviderArn: arn + "x", AssertionEncryptionMode: "Allowed"}),
			"NoSuchEntity", "Manifest not found for arn " + arn + "x"},
		{"ARN in another case", update(&UpdateSAMLProviderRequest{SAMLProviderArn: strings.ToLower(arn), AssertionEncryptionMode: "Allowed"}),
			"NoSuchEntity", "Manifest not found for arn " + strings.ToLower(arn)},
		{"not an ARN", update(&UpdateSAMLProviderRequest{SAMLProviderArn: "Corp", AssertionEncryptionMode: "Allowed"}), "InvalidInput", "ARN Corp is not valid."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantAWSError(t, tc.err, tc.code, tc.msg)
		})
	}
}

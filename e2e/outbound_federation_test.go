package e2e

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/coreos/go-oidc/v3/oidc"
)

// awsClaims is the claim under which AWS puts its own claims in the
// tokens of GetWebIdentityToken.
const awsClaims = "https://sts.amazonaws.com/"

// uuidRE matches a lower-case UUID, the form of issuer IDs and jti claims.
var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// boto3WebIdentityToken asks for an ES384 token as the caller of the
// environment, then an HS256 one, and prints both outcomes as JSON.
const boto3WebIdentityToken = `
import json, boto3, botocore
sts = boto3.client("sts")
out = sts.get_web_identity_token(Audience=["https://api.example.com"], SigningAlgorithm="ES384", DurationSeconds=600)
res = {"token": out["WebIdentityToken"], "expiration": out["Expiration"].isoformat()}
try:
    sts.get_web_identity_token(Audience=["https://api.example.com"], SigningAlgorithm="HS256")
    res["hs256"] = ["allowed", 200, ""]
except botocore.exceptions.ClientError as e:
    res["hs256"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"]]
print(json.dumps(res))
`

// TestOutboundWebIdentityFederation: the root enables outbound identity
// federation with the AWS CLI; iamd then is an OpenID Connect issuer whose
// tokens go-oidc, a verifier that knows nothing of iamd, accepts from the
// discovery document and keys iamd publishes. A user's and a role
// session's tokens carry AWS's claims, and sts:GetWebIdentityToken's
// condition keys limit what a caller may ask for. Disabling stops new
// tokens but keeps the keys published, and enabling again brings back the
// same issuer and keys. No token reaches iamd's output.
func TestOutboundWebIdentityFederation(t *testing.T) {
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			s := start(t, startOptions{engine: eng, fixRoot: true})
			acct := s.AccountID
			root := tokenCLI(t, s, rootKeyID, rootSecret)
			// The CLI prints no HTTP status; the Go SDK checks those.
			rootIAM, rootSTS := iamClient(s, rootKeyID, rootSecret), stsClient(s, rootKeyID, rootSecret)
			self := "arn:aws:sts::" + acct + ":self"
			const api = "https://api.example.com"
			// tokens collects every token issued, to look for in iamd's output.
			var tokens []string
			token := func(c *cli, args ...string) (string, map[string]any) {
				t.Helper()
				out := c.ok(append([]string{"sts", "get-web-identity-token"}, args...)...)
				tok := str(out, "WebIdentityToken")
				if strings.Count(tok, ".") != 2 {
					t.Fatalf("get-web-identity-token %v: WebIdentityToken = %q, want a compact JWT", args, tok)
				}
				tokens = append(tokens, tok)
				return tok, out
			}

			// 1. Never enabled: no info, no token; then enable once.
			assertFederationOff(t, root, rootIAM, rootSTS, acct)
			issuer := str(root.ok("iam", "enable-outbound-web-identity-federation"), "IssuerIdentifier")
			if id, ok := strings.CutPrefix(issuer, s.URL+"/oidc/"); !ok || !uuidRE.MatchString(id) {
				t.Fatalf("IssuerIdentifier = %q, want %s/oidc/<uuid>", issuer, s.URL)
			}
			msg := root.fails("FeatureEnabled", "iam", "enable-outbound-web-identity-federation")
			if want := "Outbound identity federation is already enabled for account " + acct; !strings.Contains(msg, want) {
				t.Errorf("second enable: %s, want %q", msg, want)
			}
			_, err := rootIAM.EnableOutboundWebIdentityFederation(ctx, &iam.EnableOutboundWebIdentityFederationInput{})
			wantStatus(t, err, "FeatureEnabled", http.StatusConflict)
			info := root.ok("iam", "get-outbound-web-identity-federation-info")
			if str(info, "IssuerIdentifier") != issuer || info["JwtVendingEnabled"] != true {
				t.Errorf("info = %v, want IssuerIdentifier %s and JwtVendingEnabled true", info, issuer)
			}

			// 2. The discovery document and keys, as a verifier fetches
			// them: unauthenticated, and only for issuers that exist.
			var doc map[string]any
			getJSON(t, issuer+"/.well-known/openid-configuration", &doc)
			wantDoc := map[string]any{
				"issuer": issuer, "jwks_uri": issuer + "/.well-known/jwks.json",
				"response_types_supported": []any{"id_token"}, "subject_types_supported": []any{"public"},
				"id_token_signing_alg_values_supported": []any{"RS256", "ES384"},
			}
			for k, want := range wantDoc {
				if !reflect.DeepEqual(doc[k], want) {
					t.Errorf("discovery %s = %v, want %v", k, doc[k], want)
				}
			}
			claimsSupported, _ := doc["claims_supported"].([]any)
			for _, c := range []string{"iss", "sub", "aud", "exp", "iat", "jti", awsClaims} {
				if !slices.Contains(claimsSupported, any(c)) {
					t.Errorf("discovery claims_supported = %v, want %s in it", claimsSupported, c)
				}
			}
			jwks := getJSON(t, issuer+"/.well-known/jwks.json", nil)
			checkJWKS(t, jwks)
			for _, path := range []string{"/.well-known/openid-configuration", "/.well-known/jwks.json"} {
				if code := httpStatus(t, s.URL+"/oidc/00000000-0000-4000-8000-000000000000"+path); code != http.StatusNotFound {
					t.Errorf("GET an unknown issuer's %s: %d, want 404", path, code)
				}
			}
			provider, err := oidc.NewProvider(ctx, issuer)
			if err != nil {
				t.Fatalf("go-oidc discovery of %s: %v", issuer, err)
			}

			// The root's token names the root, for two audiences at once.
			rootToken, _ := token(root, "--audience", "https://a.example.com", "https://b.example.com", "--signing-algorithm", "ES384")
			var rc map[string]any
			for _, aud := range []string{"https://a.example.com", "https://b.example.com"} {
				rc = verifyToken(t, provider, rootToken, aud, "ES384")
			}
			rootARN := "arn:aws:iam::" + acct + ":root"
			checkClaims(t, "root", rc, issuer, rootARN, acct, 300)
			if !reflect.DeepEqual(rc["aud"], []any{"https://a.example.com", "https://b.example.com"}) {
				t.Errorf("root token aud = %v, want both audiences as an array", rc["aud"])
			}
			if ns, _ := rc[awsClaims].(map[string]any); ns["principal_tags"] != nil || ns["original_session_exp"] != nil {
				t.Errorf("root token has tags or a session expiry: %v", ns)
			}

			// 3. carol may ask only for api's tokens of ten minutes at most.
			root.ok("iam", "create-user", "--user-name", "carol", "--tags", "Key=team,Value=blue")
			root.ok("iam", "put-user-policy", "--user-name", "carol", "--policy-name", "tokens", "--policy-document", `{"Version":"2012-10-17","Statement":[
				{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*","Condition":{
					"ForAllValues:StringEquals":{"sts:IdentityTokenAudience":"`+api+`"},
					"NumericLessThanEquals":{"sts:DurationSeconds":"600"}}},
				{"Effect":"Allow","Action":"sts:TagGetWebIdentityToken","Resource":"*"},
				{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
			key := root.ok("iam", "create-access-key", "--user-name", "carol")
			carolKey, carolSecret := str(key, "AccessKey", "AccessKeyId"), str(key, "AccessKey", "SecretAccessKey")
			carol := tokenCLI(t, s, carolKey, carolSecret)
			carolARN := "arn:aws:iam::" + acct + ":user/carol"

			carolToken, out := token(carol, "--audience", api, "--signing-algorithm", "RS256", "--tags", "Key=project,Value=apollo")
			cc := verifyToken(t, provider, carolToken, api, "RS256")
			checkClaims(t, "carol", cc, issuer, carolARN, acct, 300)
			if cc["aud"] != api {
				t.Errorf("carol's token aud = %#v, want the string %q", cc["aud"], api)
			}
			ns, _ := cc[awsClaims].(map[string]any)
			if !reflect.DeepEqual(ns["principal_tags"], map[string]any{"team": "blue"}) ||
				!reflect.DeepEqual(ns["request_tags"], map[string]any{"project": "apollo"}) {
				t.Errorf("carol's tags: principal_tags %v, request_tags %v", ns["principal_tags"], ns["request_tags"])
			}
			if ns["original_session_exp"] != nil || ns["source_identity"] != nil {
				t.Errorf("carol's long-term credentials gave session claims: %v", ns)
			}
			if exp, err := time.Parse(time.RFC3339, str(out, "Expiration")); err != nil || exp.Unix() != int64(cc["exp"].(float64)) {
				t.Errorf("Expiration = %q (%v), want the exp claim %v", str(out, "Expiration"), err, cc["exp"])
			}

			denied := []struct {
				name string
				args []string
			}{
				{"an audience the policy does not list", []string{"--audience", api, "https://evil.example.com", "--signing-algorithm", "ES384"}},
				{"longer than the policy allows", []string{"--audience", api, "--signing-algorithm", "ES384", "--duration-seconds", "900"}},
			}
			for _, d := range denied {
				msg := carol.fails("AccessDenied", append([]string{"sts", "get-web-identity-token"}, d.args...)...)
				if want := "User: " + carolARN + " is not authorized to perform: sts:GetWebIdentityToken on resource: " + self; !strings.Contains(msg, want) {
					t.Errorf("%s: %s, want %q", d.name, msg, want)
				}
			}
			msg = carol.fails("ValidationError", "sts", "get-web-identity-token", "--audience", api, "--signing-algorithm", "HS256")
			if want := "Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms"; !strings.Contains(msg, want) {
				t.Errorf("HS256: %s, want %q", msg, want)
			}

			// 4. A role session's token names the role, with the session's
			// tag over the role's and the session's expiry.
			roleARN := "arn:aws:iam::" + acct + ":role/Builder"
			root.ok("iam", "create-role", "--role-name", "Builder", "--tags", "Key=team,Value=red", "Key=env,Value=prod",
				"--assume-role-policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+carolARN+`"},`+
					`"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}`)
			root.ok("iam", "put-role-policy", "--role-name", "Builder", "--policy-name", "tokens", "--policy-document",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`)
			assumed := carol.ok("sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "build-42",
				"--duration-seconds", "900", "--tags", "Key=Team,Value=green", "--source-identity", "carol-src")
			creds := assumed["Credentials"].(map[string]any)
			roleSess := withSession(tokenCLI(t, s, str(creds, "AccessKeyId"), str(creds, "SecretAccessKey")), str(creds, "SessionToken"))
			roleToken, _ := token(roleSess, "--audience", api, "--signing-algorithm", "RS256")
			rs := verifyToken(t, provider, roleToken, api, "RS256")
			checkClaims(t, "role session", rs, issuer, roleARN, acct, 300)
			ns, _ = rs[awsClaims].(map[string]any)
			tags, _ := ns["principal_tags"].(map[string]any)
			var team []string
			for k, v := range tags {
				if strings.EqualFold(k, "team") {
					team = append(team, k+"="+v.(string))
				}
			}
			if len(team) != 1 || !strings.HasSuffix(team[0], "=green") || tags["env"] != "prod" || len(tags) != 2 {
				t.Errorf("role session principal_tags = %v, want the session's Team=green over the role's team=red, and env=prod", tags)
			}
			sessExp, err1 := time.Parse(time.RFC3339, str(creds, "Expiration"))
			origExp, err2 := time.Parse(time.RFC3339, str(ns, "original_session_exp"))
			if err1 != nil || err2 != nil || !origExp.Equal(sessExp.Truncate(time.Second)) {
				t.Errorf("original_session_exp = %q (%v), want the session's Expiration %q (%v)", ns["original_session_exp"], err2, str(creds, "Expiration"), err1)
			}
			if ns["source_identity"] != "carol-src" {
				t.Errorf("source_identity = %v, want carol-src", ns["source_identity"])
			}
			msg = roleSess.fails("SessionDurationEscalationException", "sts", "get-web-identity-token",
				"--audience", api, "--signing-algorithm", "RS256", "--duration-seconds", "3600")
			if want := "Requested token expiry time must be before the original session's expiry time."; !strings.Contains(msg, want) {
				t.Errorf("token outliving the session: %s, want %q", msg, want)
			}
			// The role may not tag tokens: that is sts:TagGetWebIdentityToken.
			msg = roleSess.fails("AccessDenied", "sts", "get-web-identity-token", "--audience", api, "--signing-algorithm", "RS256",
				"--tags", "Key=project,Value=apollo")
			if !strings.Contains(msg, "sts:TagGetWebIdentityToken") {
				t.Errorf("request tags without sts:TagGetWebIdentityToken: %s", msg)
			}
			// A federated user gets none, even with a policy that allows it.
			fed := root.ok("sts", "get-federation-token", "--name", "fed", "--policy",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*"}]}`)
			fc := fed["Credentials"].(map[string]any)
			fedCLI := withSession(tokenCLI(t, s, str(fc, "AccessKeyId"), str(fc, "SecretAccessKey")), str(fc, "SessionToken"))
			msg = fedCLI.fails("AccessDenied", "sts", "get-web-identity-token", "--audience", api, "--signing-algorithm", "RS256")
			if want := "GetWebIdentityToken does not support federated user sessions"; !strings.Contains(msg, want) {
				t.Errorf("federated user: %s, want %q", msg, want)
			}

			// 5. boto3: carol's ES384 token of ten minutes verifies here.
			python := requireTool(t, "python3")
			cmd := exec.Command(python, "-c", boto3WebIdentityToken)
			cmd.Env = carol.env
			pyOut, err := cmd.Output()
			if err != nil {
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					t.Fatalf("boto3: %v\n%s", err, ee.Stderr)
				}
				t.Fatalf("boto3: %v", err)
			}
			var py struct {
				Token      string `json:"token"`
				Expiration string `json:"expiration"`
				HS256      []any  `json:"hs256"`
			}
			if err := json.Unmarshal(pyOut, &py); err != nil {
				t.Fatalf("boto3 printed %s: %v", pyOut, err)
			}
			tokens = append(tokens, py.Token)
			bc := verifyToken(t, provider, py.Token, api, "ES384")
			checkClaims(t, "boto3", bc, issuer, carolARN, acct, 600)
			if exp, err := time.Parse(time.RFC3339, py.Expiration); err != nil || exp.Unix() != int64(bc["exp"].(float64)) {
				t.Errorf("boto3 Expiration = %q (%v), want the exp claim %v", py.Expiration, err, bc["exp"])
			}
			wantHS := []any{"ValidationError", float64(400), "Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms"}
			if !reflect.DeepEqual(py.HS256, wantHS) {
				t.Errorf("boto3 HS256 = %v, want %v", py.HS256, wantHS)
			}

			// 6. Disabled: no new token, but the keys stay published and
			// the earlier tokens still verify, with a verifier that fetches
			// everything afresh.
			root.ok("iam", "disable-outbound-web-identity-federation")
			assertFederationOff(t, root, rootIAM, rootSTS, acct)
			if code := httpStatus(t, issuer+"/.well-known/jwks.json"); code != http.StatusOK {
				t.Fatalf("JWKS while disabled: %d, want 200", code)
			}
			if after := getJSON(t, issuer+"/.well-known/jwks.json", nil); !reflect.DeepEqual(after, jwks) {
				t.Errorf("JWKS while disabled = %v, want the keys as before %v", after, jwks)
			}
			fresh, err := oidc.NewProvider(ctx, issuer)
			if err != nil {
				t.Fatalf("go-oidc discovery while disabled: %v", err)
			}
			verifyToken(t, fresh, carolToken, api, "RS256")
			verifyToken(t, fresh, py.Token, api, "ES384")

			again := str(root.ok("iam", "enable-outbound-web-identity-federation"), "IssuerIdentifier")
			if again != issuer {
				t.Errorf("re-enabled IssuerIdentifier = %q, want the same %q", again, issuer)
			}
			if after := getJSON(t, issuer+"/.well-known/jwks.json", nil); !reflect.DeepEqual(after, jwks) {
				t.Errorf("JWKS after re-enabling = %v, want the same keys %v", after, jwks)
			}
			// The same keys sign: the first verifier, with the keys it
			// cached, accepts a new token.
			newToken, _ := token(root, "--audience", api, "--signing-algorithm", "RS256")
			verifyToken(t, provider, newToken, api, "RS256")

			// 7. No token, nor its signature alone, in iamd's output.
			output := s.logs.String() + s.stdout.String()
			for i, tok := range tokens {
				if strings.Contains(output, tok) || strings.Contains(output, tok[strings.LastIndex(tok, ".")+1:]) {
					t.Errorf("iamd's output holds token %d", i)
				}
			}
		})
	}
}

// tokenCLI is newCLI with the AWS CLI v1's cli_follow_urlparam off: it
// would otherwise fetch an https:// audience as a parameter file.
func tokenCLI(t *testing.T, s *server, keyID, secret string) *cli {
	t.Helper()
	c := newCLI(t, s, keyID, secret)
	for _, kv := range c.env {
		if file, ok := strings.CutPrefix(kv, "AWS_CONFIG_FILE="); ok {
			if err := os.WriteFile(file, []byte("[default]\ncli_follow_urlparam = false\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	t.Fatal("the CLI's environment names no AWS_CONFIG_FILE")
	return nil
}

// assertFederationOff checks every refusal of an account whose outbound
// federation is off (never enabled or disabled), with the AWS CLI for
// the messages and the Go SDK for the HTTP statuses.
func assertFederationOff(t *testing.T, root *cli, rootIAM *iam.Client, rootSTS *sts.Client, acct string) {
	t.Helper()
	ctx := t.Context()
	const disabled = "OutboundWebIdentityFederation is disabled."
	msg := root.fails("FeatureDisabled", "iam", "get-outbound-web-identity-federation-info")
	if want := "Outbound identity federation is disabled for account " + acct; !strings.Contains(msg, want) {
		t.Errorf("info while off: %s, want %q", msg, want)
	}
	msg = root.fails("OutboundWebIdentityFederationDisabledException", "sts", "get-web-identity-token",
		"--audience", "https://api.example.com", "--signing-algorithm", "RS256")
	if !strings.Contains(msg, disabled) {
		t.Errorf("token while off: %s, want %q", msg, disabled)
	}
	_, err := rootIAM.GetOutboundWebIdentityFederationInfo(ctx, &iam.GetOutboundWebIdentityFederationInfoInput{})
	wantStatus(t, err, "FeatureDisabled", http.StatusNotFound)
	_, err = rootSTS.GetWebIdentityToken(ctx, &sts.GetWebIdentityTokenInput{
		Audience: []string{"https://api.example.com"}, SigningAlgorithm: aws.String("RS256")})
	wantStatus(t, err, "OutboundWebIdentityFederationDisabledException", http.StatusForbidden)
	_, err = rootIAM.DisableOutboundWebIdentityFederation(ctx, &iam.DisableOutboundWebIdentityFederationInput{})
	if got, want := wantStatus(t, err, "FeatureDisabled", http.StatusNotFound), "Outbound identity federation is already disabled for account "+acct; got != want {
		t.Errorf("disable while off: %q, want %q", got, want)
	}
}

// wantStatus asserts err is the AWS error code with the HTTP status, and
// returns its message.
func wantStatus(t *testing.T, err error, code string, status int) string {
	t.Helper()
	var apiErr smithy.APIError
	var respErr *awshttp.ResponseError
	if !errors.As(err, &apiErr) || !errors.As(err, &respErr) {
		t.Fatalf("error = %v, want AWS error %s", err, code)
	}
	if apiErr.ErrorCode() != code || respErr.HTTPStatusCode() != status {
		t.Errorf("error %s (HTTP %d): %s, want %s (HTTP %d)", apiErr.ErrorCode(), respErr.HTTPStatusCode(), apiErr.ErrorMessage(), code, status)
	}
	return apiErr.ErrorMessage()
}

// verifyToken verifies a token for one audience with go-oidc, checks that
// the key of alg signed it, and returns its claims.
func verifyToken(t *testing.T, p *oidc.Provider, token, aud, alg string) map[string]any {
	t.Helper()
	v := p.Verifier(&oidc.Config{ClientID: aud, SupportedSigningAlgs: []string{oidc.RS256, oidc.ES384}})
	idt, err := v.Verify(t.Context(), token)
	if err != nil {
		t.Fatalf("go-oidc rejects the %s token for %s: %v", alg, aud, err)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(token[:strings.Index(token, ".")])
	if err != nil {
		t.Fatalf("token header: %v", err)
	}
	var header map[string]any
	if err := json.Unmarshal(raw, &header); err != nil {
		t.Fatalf("token header %s: %v", raw, err)
	}
	wantKid := map[string]string{"RS256": "RSA_0", "ES384": "EC384_0"}[alg]
	if header["alg"] != alg || header["kid"] != wantKid || header["typ"] != "JWT" {
		t.Errorf("token header = %v, want alg %s, kid %s, typ JWT", header, alg, wantKid)
	}
	return claims
}

// checkClaims checks the claims every token has: who, for how long, and
// AWS's account and region.
func checkClaims(t *testing.T, who string, c map[string]any, issuer, sub, acct string, seconds float64) {
	t.Helper()
	if c["iss"] != issuer || c["sub"] != sub {
		t.Errorf("%s: iss %v, sub %v, want %s and %s", who, c["iss"], c["sub"], issuer, sub)
	}
	iat, _ := c["iat"].(float64)
	exp, _ := c["exp"].(float64)
	if exp-iat != seconds {
		t.Errorf("%s: exp - iat = %v, want %v", who, exp-iat, seconds)
	}
	if d := time.Since(time.Unix(int64(iat), 0)); d < -time.Minute || d > time.Minute {
		t.Errorf("%s: iat %v is %v from now", who, iat, d)
	}
	if jti, _ := c["jti"].(string); !uuidRE.MatchString(jti) {
		t.Errorf("%s: jti = %v, want a UUID", who, c["jti"])
	}
	ns, _ := c[awsClaims].(map[string]any)
	if ns["aws_account"] != acct || ns["source_region"] != "us-east-1" || ns["principal_id"] != sub {
		t.Errorf("%s: %s = %v, want aws_account %s, source_region us-east-1, principal_id %s", who, awsClaims, ns, acct, sub)
	}
}

// checkJWKS checks the issuer's two public keys, and that no private
// part of them is published.
func checkJWKS(t *testing.T, jwks map[string]any) {
	t.Helper()
	keys, _ := jwks["keys"].([]any)
	want := map[string]map[string]any{
		"RSA_0":   {"kty": "RSA", "alg": "RS256", "use": "sig"},
		"EC384_0": {"kty": "EC", "alg": "ES384", "use": "sig", "crv": "P-384"},
	}
	seen := map[string]bool{}
	for _, k := range keys {
		key, _ := k.(map[string]any)
		kid, _ := key["kid"].(string)
		fields, ok := want[kid]
		if !ok {
			t.Errorf("JWKS key %v has an unexpected kid", key)
			continue
		}
		seen[kid] = true
		for f, v := range fields {
			if key[f] != v {
				t.Errorf("JWKS key %s: %s = %v, want %v", kid, f, key[f], v)
			}
		}
		for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
			if _, ok := key[private]; ok {
				t.Errorf("JWKS key %s publishes its private %q", kid, private)
			}
		}
	}
	if len(keys) != 2 || len(seen) != 2 {
		t.Errorf("JWKS kids = %v (%d keys), want RSA_0 and EC384_0", slices.Sorted(maps.Keys(seen)), len(keys))
	}
}

// getJSON fetches a public JSON document without credentials, as a
// verifier does; it decodes into v, or into a map it returns when v is nil.
func getJSON(t *testing.T, url string, v any) map[string]any {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET %s: %d %s\n%s", url, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var m map[string]any
	if v == nil {
		v = &m
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", url, err, body)
	}
	return m
}

// httpStatus is the status of an unauthenticated GET.
func httpStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

package iam

import (
	"slices"
	"testing"

	"github.com/iamd/iamd/internal/awsmanaged"
)

// TestServiceLinkedRoleNames checks the naming rule against the names AWS
// gives. Where a row cites no source, the role and policy names are AWS's
// as its service documentation and the AWS managed policy catalog show
// them; the rows marked "iamd" are where AWS's name breaks the pattern and
// iamd's derivation is what is checked.
func TestServiceLinkedRoleNames(t *testing.T) {
	t.Parallel()
	cases := []struct {
		principal, suffix string
		name, policy      string
	}{
		// https://github.com/DataDog/pathfinding-labs/issues/23
		{"autoscaling.amazonaws.com", "", "AWSServiceRoleForAutoScaling", "AutoScalingServiceRolePolicy"},
		// https://github.com/99designs/iamy/issues/49 (role, path and policy)
		{"ecs.amazonaws.com", "", "AWSServiceRoleForECS", "AmazonECSServiceRolePolicy"},
		{"elasticbeanstalk.amazonaws.com", "", "AWSServiceRoleForElasticBeanstalk", "AWSElasticBeanstalkServiceRolePolicy"},
		{"elasticloadbalancing.amazonaws.com", "", "AWSServiceRoleForElasticLoadBalancing", "AWSElasticLoadBalancingServiceRolePolicy"},
		// https://github.com/rebuy-de/aws-nuke/pull/49 (role -> policy pairs)
		{"spot.amazonaws.com", "", "AWSServiceRoleForEC2Spot", "AWSEC2SpotServiceRolePolicy"},
		{"spotfleet.amazonaws.com", "", "AWSServiceRoleForEC2SpotFleet", "AWSEC2SpotFleetServiceRolePolicy"},
		{"organizations.amazonaws.com", "", "AWSServiceRoleForOrganizations", "AWSOrganizationsServiceTrustPolicy"},
		// https://github.com/gruntwork-io/cloud-nuke/issues/880
		{"trustedadvisor.amazonaws.com", "", "AWSServiceRoleForTrustedAdvisor", "AWSTrustedAdvisorServiceRolePolicy"},
		{"support.amazonaws.com", "", "AWSServiceRoleForSupport", "AWSSupportServiceRolePolicy"},
		{"sso.amazonaws.com", "", "AWSServiceRoleForSSO", "AWSSSOServiceRolePolicy"},
		{"replicator.lambda.amazonaws.com", "", "AWSServiceRoleForLambdaReplicator", "AWSLambdaReplicator"},
		{"iotsitewise.amazonaws.com", "", "AWSServiceRoleForIoTSiteWise", "AWSServiceRoleForIoTSiteWise"},
		{"rds.amazonaws.com", "", "AWSServiceRoleForRDS", "AmazonRDSServiceRolePolicy"},
		{"cloudtrail.amazonaws.com", "", "AWSServiceRoleForCloudTrail", "CloudTrailServiceRolePolicy"},
		// A custom suffix follows an underscore.
		{"autoscaling.amazonaws.com", "web-1", "AWSServiceRoleForAutoScaling_web-1", "AutoScalingServiceRolePolicy"},
		// iamd: AWS names it AWSServiceRoleForAmazonGuardDuty.
		{"guardduty.amazonaws.com", "", "AWSServiceRoleForGuardDuty", "AmazonGuardDutyServiceRolePolicy"},
		// iamd: no catalog policy; the labels are cased by the catalog's
		// words where it has them, else capitalised.
		{"ops.apigateway.amazonaws.com", "", "AWSServiceRoleForAPIGatewayOps", ""},
		{"foo-bar.amazonaws.com", "", "AWSServiceRoleForFooBar", ""},
		{"es.amazonaws.com", "x", "AWSServiceRoleForEs_x", ""},
	}
	for _, c := range cases {
		name, policy, ok := serviceLinkedRoleFor(c.principal, c.suffix)
		got := ""
		if policy != nil {
			got = policy.Name
			if policy.Path != serviceLinkedRolePath || policy.IsAttachable {
				t.Errorf("%s: policy %s is not a service-linked role policy", c.principal, policy.ARN)
			}
		}
		if !ok || name != c.name || got != c.policy {
			t.Errorf("serviceLinkedRoleFor(%q, %q) = %q, %q, %v; want %q, %q", c.principal, c.suffix, name, got, ok, c.name, c.policy)
		}
	}
	for _, bad := range []string{"foo", "amazonaws.com", ".amazonaws.com", "a..b.amazonaws.com", "ec2.amazonaws.com.evil", "ec2.example.com"} {
		if name, _, ok := serviceLinkedRoleFor(bad, ""); ok {
			t.Errorf("serviceLinkedRoleFor(%q) = %q, want not a service principal", bad, name)
		}
	}
}

func TestSLRIndexOnlyServiceRolePolicies(t *testing.T) {
	t.Parallel()
	// An attachable policy never becomes a service-linked role's policy,
	// whatever its name.
	idx := buildSLRIndex([]*awsmanaged.Policy{
		{Name: "AmazonWidgetServiceRolePolicy", Path: "/service-role/", IsAttachable: true},
		{Name: "AWSGadgetServiceRolePolicy", Path: serviceLinkedRolePath},
	})
	if _, ok := idx.exact["widget"]; ok {
		t.Fatal("a /service-role/ policy was indexed")
	}
	if c, ok := idx.exact["gadget"]; !ok || c.word != "Gadget" {
		t.Fatalf("gadget = %+v, %v", c, ok)
	}
}

func TestWordStarts(t *testing.T) {
	t.Parallel()
	cases := map[string][]string{
		"AWSEC2SpotFleet":  {"AWSEC2", "Spot", "Fleet"},
		"AmazonECSService": {"Amazon", "ECS", "Service"},
		"IoTSiteWise":      {"Io", "T", "Site", "Wise"},
		"Health_Org":       {"Health", "Org"},
		"lower":            {"lower"},
	}
	for in, want := range cases {
		if got := camelWords(in); !slices.Equal(got, want) {
			t.Errorf("camelWords(%q) = %q, want %q", in, got, want)
		}
	}
}

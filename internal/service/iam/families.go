package iam

import "github.com/iamd/iamd/internal/service"

// families lists the per-file operation declarations. Adding a resource
// family is one line here and one file.
func (s *Service) families() []func() []service.Operation {
	return []func() []service.Operation{
		// Filled in as the resource families land.
		s.userOperations,
		s.userTagOperations,
		s.groupOperations,
		s.accessKeyOperations,
		s.loginProfileOperations,
		s.instanceProfileOperations,
		s.roleOps,
		s.roleTagOps,
		s.policyOps,
		s.policyVersionOps,
		s.policyTagOps,
		s.policyEntityOps,
		s.inlinePolicyOps,
		s.attachmentOps,
		s.boundaryOps,
		s.simulatorOps,
		s.contextKeyOps,
		s.oidcProviderOps,
		s.samlProviderOps,
		s.serviceLinkedRoleOps,
		s.passwordPolicyOps,
		s.sshKeyOperations, s.signingCertificateOperations, s.serverCertificateOperations, s.serviceCredentialOperations, s.stsPreferenceOps,
		s.mfaDeviceOps,
		s.accountAliasOps,
		s.accountSummaryOps,
		s.credentialReportOps,
		s.accountAuthorizationOps,
		s.lastAccessedOps,
		s.outboundFederationOps,
	}
}

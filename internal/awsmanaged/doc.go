// Package awsmanaged is the catalog of AWS managed policies
// (arn:aws:iam::aws:policy/...) that iamd offers in every account, exactly as
// users expect to attach them: AdministratorAccess, ReadOnlyAccess,
// service-role/AWSLambdaBasicExecutionRole and the rest.
//
// The data is AWS's published policy documents as the moto project collects
// them. internal/tools/genmanaged turns moto's file into policies.json.gz, a
// sorted, compact JSON array, and this package embeds that file. The first
// call to any function decompresses and indexes it once; later calls only
// read, so the package is safe for concurrent use.
//
// The package is pure: no network, no SQL, no global state but the immutable
// catalog. Callers must treat every *Policy as read-only.
package awsmanaged

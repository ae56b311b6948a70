// Package policybench benchmarks iamd's policy evaluator beside peer
// engines (minio's IAM policy package, cedar-go and OPA) in one
// `go test -bench` run. It is its own module so that the peers' dependency
// trees never enter iamd's go.mod.
package policybench

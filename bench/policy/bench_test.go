package policybench

import (
	"errors"
	"testing"
)

// Each benchmark runs one workload on every engine, as sub-benchmarks named
// after the engine, so that one `go test -bench` compares them. Policies
// are compiled and the request built once, outside the timed loop; the loop
// measures the decision alone.

func BenchmarkSmall(b *testing.B)       { benchWorkload(b, smallWorkload()) }
func BenchmarkHundred(b *testing.B)     { benchWorkload(b, hundredWorkload()) }
func BenchmarkHundredDeny(b *testing.B) { benchWorkload(b, hundredDenyWorkload()) }
func BenchmarkNoMatch(b *testing.B)     { benchWorkload(b, noMatchWorkload()) }

func BenchmarkReadOnlyAccess(b *testing.B) {
	for _, w := range readOnlyWorkloads(b) {
		b.Run(w.name, func(b *testing.B) { benchWorkload(b, w) })
	}
}

func benchWorkload(b *testing.B, w workload) {
	reference, err := iamdEngine{}.prepare(w)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range decisionEngines {
		b.Run(e.name(), func(b *testing.B) {
			p, err := e.prepare(w)
			if errors.Is(err, errSkip) {
				b.Skip(err)
			}
			if err != nil {
				b.Fatal(err)
			}
			// A benchmark of an engine that decides differently would
			// compare different work: refuse to time it.
			for _, r := range w.requests {
				if err := checkAgreement(e, reference, p, r); err != nil {
					b.Fatalf("%s: %v", r.name, err)
				}
			}
			q, err := p.query(w.requests[0])
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := q.decide(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package console

import (
	"bytes"
	"encoding/json"
	"strings"
)

// prettyPolicy indents a policy document by two spaces for display. Keys
// keep the order they were written in, so a person sees their own document;
// text that is not JSON is shown as it is.
func prettyPolicy(doc string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(strings.TrimSpace(doc)), "", "  "); err != nil {
		return doc
	}
	return buf.String()
}

// diffOp is what a line diff does with one line.
type diffOp uint8

const (
	diffSame diffOp = iota
	diffDel
	diffAdd
)

// diffLine is one line of a line diff.
type diffLine struct {
	Op   diffOp
	Text string
}

// maxDiffCells bounds the LCS table (about 64 MiB of int32): documents
// are at most a few thousand lines, and past the bound the diff shows
// every changed line as removed and added rather than exhaust memory.
const maxDiffCells = 16 << 20

// lineDiff returns the edit script from a to b by longest common
// subsequence: unchanged lines once, removed lines before the lines added
// in their place.
func lineDiff(a, b []string) []diffLine {
	// The common head and tail are cut first; edits to a policy touch a
	// few lines, so the table stays small.
	head := 0
	for head < len(a) && head < len(b) && a[head] == b[head] {
		head++
	}
	tail := 0
	for tail < len(a)-head && tail < len(b)-head && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	out := make([]diffLine, 0, len(a)+len(b))
	for _, l := range a[:head] {
		out = append(out, diffLine{diffSame, l})
	}
	out = append(out, lcsDiff(a[head:len(a)-tail], b[head:len(b)-tail])...)
	for _, l := range a[len(a)-tail:] {
		out = append(out, diffLine{diffSame, l})
	}
	return out
}

// lcsDiff diffs two slices with no common head or tail.
func lcsDiff(a, b []string) []diffLine {
	n, m := len(a), len(b)
	var out []diffLine
	if n*m > maxDiffCells {
		for _, l := range a {
			out = append(out, diffLine{diffDel, l})
		}
		for _, l := range b {
			out = append(out, diffLine{diffAdd, l})
		}
		return out
	}
	// lcs[i*(m+1)+j] is the length of the LCS of a[i:] and b[j:].
	w := m + 1
	lcs := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
				lcs[i*w+j] = lcs[(i+1)*w+j]
			default:
				lcs[i*w+j] = lcs[i*w+j+1]
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, diffLine{diffSame, a[i]})
			i++
			j++
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			out = append(out, diffLine{diffDel, a[i]})
			i++
		default:
			out = append(out, diffLine{diffAdd, b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, diffLine{diffDel, a[i]})
	}
	for ; j < m; j++ {
		out = append(out, diffLine{diffAdd, b[j]})
	}
	return out
}

// diffCell is one side of a side-by-side row. Class is "del", "add", or
// "" for an unchanged line; Blank pads the shorter side of a change so
// that both columns stay aligned. Text carries its "- ", "+ " or "  "
// prefix so the diff reads without colour.
type diffCell struct {
	Class string
	Text  string
	Blank bool
}

// diffRow is one aligned line of the side-by-side view.
type diffRow struct{ Left, Right diffCell }

// sideBySide aligns a diff in two columns: each run of removed lines sits
// beside the run of lines added in its place.
func sideBySide(lines []diffLine) []diffRow {
	var rows []diffRow
	for k := 0; k < len(lines); {
		if lines[k].Op == diffSame {
			cell := diffCell{Text: "  " + lines[k].Text}
			rows = append(rows, diffRow{cell, cell})
			k++
			continue
		}
		var dels, adds []string
		for ; k < len(lines) && lines[k].Op != diffSame; k++ {
			if lines[k].Op == diffDel {
				dels = append(dels, lines[k].Text)
			} else {
				adds = append(adds, lines[k].Text)
			}
		}
		for x := 0; x < max(len(dels), len(adds)); x++ {
			row := diffRow{Left: diffCell{Blank: true}, Right: diffCell{Blank: true}}
			if x < len(dels) {
				row.Left = diffCell{Class: "del", Text: "- " + dels[x]}
			}
			if x < len(adds) {
				row.Right = diffCell{Class: "add", Text: "+ " + adds[x]}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// splitLines splits text at newlines; empty text has no lines.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

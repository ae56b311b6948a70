package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// translateJavaRegex rewrites a botocore pattern (Java regular expression
// syntax, matched against the whole value as Java's String.matches does)
// into an anchored Go RE2 expression.
//
// Java writes code points as \uXXXX, which RE2 spells \x{XXXX}. Java reads
// exactly four hex digits after \u, but the STS model writes the
// supplementary planes as \u10000-\u10FFFF, meaning code points, so a run of
// five or six hex digits naming a supplementary code point is read whole.
// Constructs RE2 lacks (look-around, back-references, possessive
// quantifiers) make the translation fail; the caller then skips the pattern.
func translateJavaRegex(java string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(java); i++ {
		c := java[i]
		if c != '\\' || i+1 >= len(java) {
			b.WriteByte(c)
			continue
		}
		next := java[i+1]
		if next != 'u' {
			b.WriteByte(c)
			b.WriteByte(next)
			i++
			continue
		}
		digits := hexRun(java[i+2:], 6)
		if len(digits) < 4 {
			return "", fmt.Errorf("bad \\u escape at offset %d", i)
		}
		if len(digits) > 4 {
			if v, err := strconv.ParseUint(digits, 16, 32); err != nil || v < 0x10000 || v > 0x10FFFF {
				digits = digits[:4]
			}
		}
		fmt.Fprintf(&b, `\x{%s}`, digits)
		i += 1 + len(digits)
	}
	anchored := "^(?:" + b.String() + ")$"
	if _, err := regexp.Compile(anchored); err != nil {
		return "", fmt.Errorf("not expressible in RE2: %w", err)
	}
	return anchored, nil
}

func hexRun(s string, limit int) string {
	n := 0
	for n < len(s) && n < limit && strings.IndexByte("0123456789abcdefABCDEF", s[n]) >= 0 {
		n++
	}
	return s[:n]
}

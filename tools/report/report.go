// Package report collects the problems found while reading a source tree, so
// that a run never drops a file or a connector silently: every skip, duplicate
// or oddity becomes an Issue that names the file and, where known, the place.
package report

import (
	"fmt"
	"sort"
	"sync"
)

// Severity says whether an issue cost the site content (Error) or only
// deserves a look (Warning).
type Severity string

// The two severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Kind names a class of problem; the report page groups issues by kind.
type Kind string

// The kinds of issue the generator reports.
const (
	Unparseable         Kind = "unparseable-file"
	DuplicateID         Kind = "duplicate-id"
	NoTables            Kind = "connector-without-tables"
	UnknownInstruction  Kind = "unknown-instruction-type"
	MissingMetadata     Kind = "missing-solution-metadata"
	UnresolvedExpr      Kind = "unresolved-arm-expression"
	WrongType           Kind = "wrong-field-type"
	MissingField        Kind = "missing-field"
	NotInSolution       Kind = "not-listed-in-solution"
	NoConnectorInFile   Kind = "no-connector-in-file"
	UnmatchedDCR        Kind = "unmatched-data-collection-rule"
	UnusedCompanion     Kind = "unused-connector-part"
	ExpressionID        Kind = "expression-id"
	NoContentInFile     Kind = "no-content-in-file"
	Symlink             Kind = "symbolic-link"
	UnreadableDirectory Kind = "unreadable-directory"
)

// Issue is one problem with one input file.
type Issue struct {
	Severity Severity `json:"severity"`
	Kind     Kind     `json:"kind"`
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Message  string   `json:"message"`
}

// String formats the issue the way compilers do, so editors can jump to it.
func (i Issue) String() string {
	place := i.File
	if i.Line > 0 {
		place = fmt.Sprintf("%s:%d:%d", i.File, i.Line, i.Column)
	}
	return fmt.Sprintf("%s: %s: %s (%s)", place, i.Severity, i.Message, i.Kind)
}

// Report is a concurrency-safe list of issues.
type Report struct {
	mu     sync.Mutex
	issues []Issue
}

// Add records an issue.
func (r *Report) Add(i Issue) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.issues = append(r.issues, i)
}

// Warnf records a warning about file.
func (r *Report) Warnf(kind Kind, file, format string, args ...any) {
	r.Add(Issue{Severity: Warning, Kind: kind, File: file, Message: fmt.Sprintf(format, args...)})
}

// Errorf records an error about file.
func (r *Report) Errorf(kind Kind, file, format string, args ...any) {
	r.Add(Issue{Severity: Error, Kind: kind, File: file, Message: fmt.Sprintf(format, args...)})
}

// Issues returns the issues sorted by file, place and kind, so output is
// deterministic however the files were read.
func (r *Report) Issues() []Issue {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]Issue(nil), r.issues...)
	sort.SliceStable(out, func(a, b int) bool {
		x, y := out[a], out[b]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Line != y.Line {
			return x.Line < y.Line
		}
		if x.Kind != y.Kind {
			return x.Kind < y.Kind
		}
		return x.Message < y.Message
	})
	return out
}

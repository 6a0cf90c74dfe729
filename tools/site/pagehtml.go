package site

import (
	"bytes"
	"html"
	"strconv"

	"github.com/sentinel-connector-docs/site/tools/catalog"
)

// The tail of a connector's page, its setup steps and queries, is rendered
// here, in Go, and read by the page as it is (data/pages/connectors/<slug>.html).
// It is most of the page's bytes: a tree of a dozen kinds of setup
// controls, and queries highlighted by tools/kql. As JSON for the layout to
// walk, decoding it and walking it were a fifth of Hugo's build at ten
// times the real size (BENCHMARKS.md). It is written out by hand rather
// than with html/template, which took 15 % of generate's time for it:
// every text value goes through html.EscapeString (esc), and only the HTML
// that the catalog produced and sanitized (descriptions, step titles,
// markdown, highlighted queries) is written as it is.

// connectorTail renders the setup, sample queries and graph queries
// sections of a connector's page. Setup steps and queries are long and
// repetitive across connectors, so search does not index them: results
// stay about what a connector is, and indexing stays fast at scale.
func connectorTail(c *catalog.Connector) []byte {
	var b bytes.Buffer
	b.WriteString("<section aria-labelledby=\"setup\" data-pagefind-ignore>\n<h2 id=\"setup\">Setup Instructions</h2>\n")
	if len(c.Steps) > 0 {
		writeSteps(&b, c.Steps, 3)
	} else {
		b.WriteString("<p>The definition gives no setup steps.</p>")
	}
	b.WriteString("\n</section>\n")
	writeQueries(&b, c.SampleQueries, "sample-queries", "Sample Queries")
	writeQueries(&b, c.GraphQueries, "graph-queries", "Graph Queries")
	return b.Bytes()
}

// writeQueries writes a section of highlighted queries, each under its
// title; nothing for no queries.
func writeQueries(b *bytes.Buffer, qs []catalog.Query, id, title string) {
	if len(qs) == 0 {
		return
	}
	out(b, "<section aria-labelledby=\"", id, "\" data-pagefind-ignore>\n<h2 id=\"", id, "\">", title, "</h2>")
	for _, q := range qs {
		t := q.Title
		if t == "" {
			t = "Query"
		}
		out(b, "\n<h3>", esc(t), "</h3>\n<pre class=\"kql\"><code>", q.HTML, "</code></pre>")
	}
	b.WriteString("\n</section>\n")
}

// out writes the parts one after another, without joining them first.
func out(b *bytes.Buffer, parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// esc escapes text for HTML content and quoted attribute values.
var esc = html.EscapeString

// writeSteps writes steps as an ordered list, their titles at heading
// level (deeper levels stay at 6).
func writeSteps(b *bytes.Buffer, steps []catalog.Step, level int) {
	b.WriteString(`<ol class="steps">`)
	for _, s := range steps {
		b.WriteString("\n  <li class=\"step\">")
		if s.Title != "" {
			heading(b, level, "step-title", s.Title)
		}
		if s.Description != "" {
			out(b, `<div class="md">`, s.Description, `</div>`)
		}
		for _, in := range s.Instructions {
			b.WriteString("\n    ")
			writeControl(b, in, next(level))
		}
		if len(s.Steps) > 0 {
			b.WriteString("\n    ")
			writeSteps(b, s.Steps, next(level))
		}
		b.WriteString("\n  </li>")
	}
	b.WriteString("\n</ol>")
}

func next(level int) int { return min(level+1, 6) }

// heading writes an HTML heading; inner is HTML.
func heading(b *bytes.Buffer, level int, class, inner string) {
	n := strconv.Itoa(level)
	out(b, `<h`, n, ` class="`, class, `">`, inner, `</h`, n, `>`)
}

// writeControl writes one control of a step, shown by its normalized kind
// (catalog.Instruction.Kind); the titles of nested steps are at level.
func writeControl(b *bytes.Buffer, in catalog.Instruction, level int) {
	out(b, `<div class="control control-`, esc(in.Kind), `" data-type="`, esc(in.Type), `">`)
	switch in.Kind {
	case "markdown":
		out(b, "\n  <div class=\"md\">", in.Text, "</div>")
	case "copy":
		out(b, "\n  <p class=\"copy\"><span class=\"copy-label\">", esc(in.Label), "</span> <code>", esc(in.Value), "</code></p>")
	case "form":
		b.WriteString("\n  <p class=\"control-head\">Enter in the connector page of the portal:</p>\n  <ul class=\"fields\">")
		for _, f := range in.Fields {
			out(b, "<li><strong>", esc(f.Label), "</strong>")
			if f.Detail != "" {
				out(b, ` <span class="muted">(`, esc(f.Detail), `)</span>`)
			}
			b.WriteString("</li>")
		}
		b.WriteString("\n  </ul>")
		if in.Label != "" {
			out(b, `<p>Then select <span class="ui-button">`, esc(in.Label), `</span>.</p>`)
		}
	case "choice":
		label := in.Label
		if label == "" {
			label = "Choose"
		}
		out(b, "\n  <p class=\"control-head\"><strong>", esc(label), "</strong>: choose from</p>\n  <ul class=\"options\">")
		for _, o := range in.Options {
			out(b, "<li>", esc(o), "</li>")
		}
		b.WriteString("</ul>")
		if in.Value != "" {
			out(b, `<p class="muted">`, esc(in.Value), `</p>`)
		}
	case "message":
		out(b, "\n  <div class=\"callout callout-", esc(in.Level), "\" role=\"note\">", in.Text, "</div>")
	case "button":
		out(b, "\n  <p>Select <span class=\"ui-button\">", esc(in.Label), "</span>")
		if in.Text != "" {
			out(b, ". ", esc(in.Text))
		}
		b.WriteString("</p>")
	case "grid":
		out(b, "\n  <p>", esc(in.Text))
		if len(in.Fields) > 0 {
			b.WriteString(" Columns: ")
			for i, f := range in.Fields {
				if i > 0 {
					b.WriteString(", ")
				}
				out(b, "<strong>", esc(f.Label), "</strong>")
			}
			b.WriteString(".")
		}
		b.WriteString("</p>")
	case "pane", "group":
		b.WriteString("\n  ")
		if in.Kind == "pane" {
			heading(b, level, "control-title", esc(in.Title)) // a pane's title is text
		} else if in.Title != "" {
			heading(b, level, "control-title", in.Title) // a group's is HTML
		}
		if in.Text != "" {
			out(b, `<div class="md">`, in.Text, `</div>`)
		}
		if in.Kind == "pane" && in.Label != "" {
			out(b, `<p>Select <span class="ui-button">`, esc(in.Label), `</span> to open this pane.</p>`)
		}
		if len(in.Steps) > 0 {
			b.WriteString("\n  ")
			writeSteps(b, in.Steps, next(level))
		}
	case "agent":
		out(b, "\n  <p>", esc(in.Text), "</p>")
		writeParams(b, in.Params)
	case "portal":
		out(b, "\n  <p class=\"control-head\">Done in the Microsoft Sentinel portal: the <code>", esc(in.Type), "</code> control on the connector page.</p>")
		writeParams(b, in.Params)
	default:
		out(b, "\n  <p class=\"control-head\">A control of type <code>", esc(in.Type), "</code> that this site does not know; its parameters:</p>")
		writeParams(b, in.Params)
	}
	b.WriteString("\n</div>")
}

// writeParams writes a control's flattened parameters as a small table.
func writeParams(b *bytes.Buffer, params []catalog.Param) {
	if len(params) == 0 {
		return
	}
	b.WriteString("\n<div class=\"scroll\"><table class=\"params\">\n  <thead><tr><th scope=\"col\">Parameter</th><th scope=\"col\">Value</th></tr></thead>\n  <tbody>")
	for _, p := range params {
		out(b, "<tr><td><code>", esc(p.Name), "</code></td><td>", esc(p.Value), "</td></tr>")
	}
	b.WriteString("</tbody>\n</table></div>")
}

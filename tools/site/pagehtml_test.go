package site

import (
	"bytes"
	"strings"
	"testing"

	"github.com/sentinel-connector-docs/site/tools/catalog"
)

func TestStepsHTML(t *testing.T) {
	deep := []catalog.Step{{Title: "L3", Instructions: []catalog.Instruction{{Kind: "group", Type: "InstructionStepsGroup", Title: "G4",
		Steps: []catalog.Step{{Title: "L5", Steps: []catalog.Step{{Title: "L6", Steps: []catalog.Step{{Title: "L7"}}}}}}}}}}
	tests := []struct {
		name  string
		steps []catalog.Step
		want  []string
		not   []string
	}{
		{"none", nil, nil, []string{"<ol"}},
		{"step title and description are HTML", []catalog.Step{{Title: "Install <em>it</em>", Description: "<p>Then <b>run</b></p>"}},
			[]string{`<h3 class="step-title">Install <em>it</em></h3>`, `<div class="md"><p>Then <b>run</b></p></div>`}, nil},
		{"a pane title is text", []catalog.Step{{Instructions: []catalog.Instruction{{Kind: "pane", Type: "ContextPane", Title: "<script>x</script>"}}}},
			[]string{`<h4 class="control-title">&lt;script&gt;x&lt;/script&gt;</h4>`}, []string{"<script>"}},
		{"copy values are escaped", []catalog.Step{{Instructions: []catalog.Instruction{{Kind: "copy", Type: "CopyableLabel", Label: "Key", Value: `a"<b>`}}}},
			[]string{`<span class="copy-label">Key</span> <code>a&#34;&lt;b&gt;</code>`}, nil},
		{"an unknown control shows its parameters", []catalog.Step{{Instructions: []catalog.Instruction{{Kind: "unknown", Type: "NewThing", Params: []catalog.Param{{Name: "p", Value: "v"}}}}}},
			[]string{`<code>NewThing</code>`, `<td><code>p</code></td><td>v</td>`}, nil},
		{"headings stop at level 6", deep,
			[]string{`<h3 class="step-title">L3</h3>`, `<h4 class="control-title">G4</h4>`, `<h5 class="step-title">L5</h5>`, `<h6 class="step-title">L6</h6>`, `<h6 class="step-title">L7</h6>`}, []string{"<h7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := stepsHTML(tt.steps)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %s in\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("unexpected %s in\n%s", n, got)
				}
			}
		})
	}
}

// stepsHTML renders setup steps as the numbered list a page shows, with
// step titles at heading level 3; "" for no steps.
func stepsHTML(steps []catalog.Step) string {
	if len(steps) == 0 {
		return ""
	}
	var b bytes.Buffer
	writeSteps(&b, steps, 3)
	return b.String()
}

func TestConnectorTail(t *testing.T) {
	c := &catalog.Connector{SampleQueries: []catalog.Query{{Title: "<b>Top</b>", HTML: `<span class="tb">T</span>`}, {HTML: "x"}}}
	got := string(connectorTail(c))
	for _, w := range []string{
		`<h2 id="setup">Setup Instructions</h2>` + "\n<p>The definition gives no setup steps.</p>",
		`<h2 id="sample-queries">Sample Queries</h2>`,
		`<h3>&lt;b&gt;Top&lt;/b&gt;</h3>` + "\n" + `<pre class="kql"><code><span class="tb">T</span></code></pre>`,
		"<h3>Query</h3>",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %s in\n%s", w, got)
		}
	}
	if strings.Contains(got, "graph-queries") {
		t.Errorf("a graph queries section without queries:\n%s", got)
	}
}

package markup

import (
	"bytes"
	"strings"
	"testing"
)

func TestHTMLRendersAndSanitizes(t *testing.T) {
	tests := []struct {
		name, in    string
		want, avoid []string
	}{
		{"markdown", "**bold** and [link](https://example.com)\n\n- one\n- two", []string{"<strong>bold</strong>", `<a href="https://example.com"`, "<li>one</li>"}, nil},
		{"raw html kept when safe", "line<br>next <b>b</b>", []string{"<br>", "<b>b</b>"}, nil},
		{"script removed", "hi <script>alert(1)</script>", []string{"hi"}, []string{"<script", "alert(1)"}},
		{"event handler removed", `<img src="https://x/y.png" onerror="alert(1)">`, []string{`src="https://x/y.png"`}, []string{"onerror"}},
		{"javascript link removed", "[x](javascript:alert(1))", []string{"x"}, []string{"javascript:"}},
		{"hugo syntax stays text", "{{< shortcode >}} and {{ .Site }}", []string{"{{&lt; shortcode &gt;}}", "{{ .Site }}"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := HTML(tc.in)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML(%q) = %q, missing %q", tc.in, got, w)
				}
			}
			for _, a := range tc.avoid {
				if strings.Contains(got, a) {
					t.Errorf("HTML(%q) = %q, must not contain %q", tc.in, got, a)
				}
			}
		})
	}
}

func TestInline(t *testing.T) {
	tests := map[string]string{
		"1. Install the agent": "1. Install the agent",
		"**Step** two":         "<strong>Step</strong> two",
		"- Note":               "- Note",
		"":                     "",
	}
	for in, want := range tests {
		if got := Inline(in); got != want {
			t.Errorf("Inline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"Contoso <b>Edge</b> &amp; Wall": "Contoso Edge & Wall",
		"Contoso Edge Wall":              "Contoso Edge Wall",
		" Contoso  Edge\tWall\n":         "Contoso Edge Wall",
		"Contoso\u00a0Edge":              "Contoso Edge",
		"":                               "",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFastPathIsSafe(t *testing.T) {
	for _, in := range []string{
		"[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)",
		"![i](vbscript:msgbox)", "[x](ftp://example.com/a)", "{{< hugo >}} &lt;script&gt;",
	} {
		got := HTML(in)
		for _, bad := range []string{"javascript:", "vbscript:", "data:", "ftp:", "<script"} {
			if strings.Contains(strings.ToLower(got), bad) {
				t.Errorf("HTML(%q) = %q contains %q", in, got, bad)
			}
		}
	}
	if got := HTML("see [docs](https://example.com/a?b=c) and [mail](mailto:a@example.com)"); !strings.Contains(got, `href="https://example.com/a?b=c"`) || !strings.Contains(got, "mailto:") {
		t.Errorf("safe links lost: %s", got)
	}
}

// FuzzPlainMatchesGoldmark checks HTML's shortcut for plain lines: wherever
// isPlain accepts a line, goldmark renders it exactly as the shortcut does.
func FuzzPlainMatchesGoldmark(f *testing.F) {
	for _, s := range []string{
		"Enter the API key.", `Use the "Workspace ID" (shown below).`, "Step 2 - copy it; then: save/apply?",
		"see http://example.com", "visit www.example.com", "Visit WwW.Example.com", "a  b", "x'y", "A--B", "Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.TrimSpace(s)
		if s == "" || !isPlain(s) {
			return
		}
		var buf bytes.Buffer
		if err := mdSafe.Convert([]byte(s), &buf); err != nil {
			t.Fatal(err)
		}
		if want, got := strings.TrimSpace(buf.String()), HTML(s); got != want {
			t.Errorf("HTML(%q) = %q, goldmark gives %q", s, got, want)
		}
	})
}

package kql

import (
	"reflect"
	"strings"
	"testing"
)

func TestTables(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string
	}{
		{"single", "Contoso_CL | take 10", []string{"Contoso_CL"}},
		{"columns are not tables", "Syslog | where ProcessName == 'x' | project Computer, Msg = SyslogMessage | extend Foo = 1 | summarize count() by Computer", []string{"Syslog"}},
		{"union with options", "union isfuzzy=true A_CL, B_CL | count", []string{"A_CL", "B_CL"}},
		{"pipe union", "DeviceEvents| union isfuzzy=true DeviceFileEvents| union DeviceInfo", []string{"DeviceEvents", "DeviceFileEvents", "DeviceInfo"}},
		{"let binding", "let window = 7d;\nlet src = Fabrikam_CL | where TimeGenerated > ago(window);\nsrc | summarize count()", []string{"Fabrikam_CL"}},
		{"comments and strings", "// Contoso_CL is mentioned here\nSecurityEvent /* Other_CL */ | where Account == \"Secret_CL\" and EventID in (4624, 4625)", []string{"SecurityEvent"}},
		{"join subquery", "A_CL | join kind=inner (B_CL | project Id) on Id", []string{"A_CL", "B_CL"}},
		{"lookup", "A_CL | lookup C_CL on Id", []string{"A_CL", "C_CL"}},
		{"function call is not a table", "MyParser() | take 5", nil},
		{"placeholder", "{{graphQueriesTableName}} | take 5", nil},
		{"invisible chars", "Con\u200btoso_CL | take 1", []string{"Contoso_CL"}},
		{"function body", "let f = (x:string) { Inner_CL | where Name == x }; f('a')", []string{"Inner_CL"}},
		{"table function", "table('Quoted_CL') | take 1", []string{"Quoted_CL"}},
		{"parenthesised source", "(A_CL | where x > 1) | union (B_CL)", []string{"A_CL", "B_CL"}},
		{"datatable", "datatable(a:int)[1,2] | take 1", nil},
		{"not table option", "ParserFn | take 1", nil},
		{"summarize by bin", "T_CL | summarize Time = max(TimeGenerated) by bin(TimeGenerated, 1h), Computer | where isnotempty(Time)", []string{"T_CL"}},
		{"verbatim string", `T_CL | where Path == @"C:\x" | project Path`, []string{"T_CL"}},
	}
	opt := Options{NotTable: func(n string) bool { return n == "ParserFn" }}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Tables(tc.query, opt)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Tables(%q) = %q, want %q", tc.query, got, tc.want)
			}
		})
	}
}

func FuzzTables(f *testing.F) {
	f.Add("union isfuzzy=true A_CL, (B | join (C) on x) | where y == 'z'")
	f.Add("let x = {{p}}; x | summarize by bin(T, 1h)")
	f.Add("/* unterminated")
	f.Fuzz(func(t *testing.T, q string) {
		for _, name := range Tables(q, Options{}) {
			if name == "" {
				t.Fatalf("empty table name from %q", q)
			}
		}
	})
}

func TestConditions(t *testing.T) {
	all := func(string) bool { return true }
	tests := []struct {
		query string
		want  []string
	}{
		{`CommonSecurityLog | where DeviceVendor == "Cisco" | where DeviceProduct in ("ASA", "FTD")`,
			[]string{`CommonSecurityLog: DeviceVendor == "Cisco"`, `CommonSecurityLog: DeviceProduct in ("ASA", "FTD")`}},
		{`CommonSecurityLog | where DeviceVendor !in ("A","B") and DeviceProduct has 'X'`,
			[]string{`CommonSecurityLog: DeviceVendor !in ("A", "B")`, `CommonSecurityLog: DeviceProduct has 'X'`}},
		{`SecurityEvent | where EventID in (4624, 4625) | join (Syslog | where ProcessName =~ "sshd") on Computer`,
			[]string{`SecurityEvent: EventID in (4624, 4625)`, `Syslog: ProcessName =~ "sshd"`}},
		{`CommonSecurityLog | where DeviceVendor == tolower(x)`, nil},
		{`CommonSecurityLog | where DeviceProduct in~ ("a")`, []string{`CommonSecurityLog: DeviceProduct in~ ("a")`}},
		{`Syslog | project DeviceVendor`, nil},
	}
	for _, tc := range tests {
		var got []string
		for _, c := range Conditions(tc.query, Options{}, all) {
			got = append(got, c.Table+": "+c.String())
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Conditions(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
	if got := Conditions(`Other_CL | where DeviceVendor == "x"`, Options{}, func(t string) bool { return t == "Syslog" }); got != nil {
		t.Errorf("conditions on unwanted tables: %v", got)
	}
}

func TestHighlight(t *testing.T) {
	got := Highlight("// recent\nContoso_CL | where Msg has \"<b>\" and Count > 5 | summarize count() by bin(TimeGenerated, 1h)", Options{})
	for _, want := range []string{
		`<span class="cm">// recent</span>`,
		`<span class="tb">Contoso_CL</span>`,
		`<span class="op">|</span>`,
		`<span class="kw">where</span>`,
		`<span class="st">&#34;&lt;b&gt;&#34;</span>`,
		`<span class="kw">and</span>`,
		`<span class="nu">5</span>`,
		`<span class="fn">bin</span>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Highlight: missing %s in\n%s", want, got)
		}
	}
	if strings.Contains(got, "<b>") {
		t.Error("query text must be escaped")
	}
}

func TestTablesExpandsFunctions(t *testing.T) {
	funcs := map[string][]string{"ContosoProxy": {"ContosoProxy_CL"}, "Empty": {}}
	opt := Options{
		NotTable: func(n string) bool { _, ok := funcs[n]; return ok || n == "Unknown" },
		Expand:   func(n string) []string { return funcs[n] },
	}
	got := Tables("union ContosoProxy, Empty, Unknown, Syslog | join (ContosoProxy) on x", opt)
	if want := []string{"ContosoProxy_CL", "Syslog"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Tables = %q, want %q: a function stands for its tables, an unknown one for none", got, want)
	}
}

func TestTablesInMaterializeAndToscalar(t *testing.T) {
	q := "let A = materialize(union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs | where x);\n" +
		"let n = toscalar(SecurityEvent | count);\nA | extend m = toscalar(Heartbeat | count) | where Anomalies > 0"
	if got, want := Tables(q, Options{}), []string{"SigninLogs", "AADNonInteractiveUserSignInLogs", "SecurityEvent", "Heartbeat"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Tables = %q, want %q", got, want)
	}
}

package hardcodedtimeout_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ctxtimeout/ctxtimeout/analyzers/hardcodedtimeout"
)

// TestAnalyzer runs every fixture package; files with suggested fixes
// have a .golden file.
func TestAnalyzer(t *testing.T) {
	t.Parallel()
	a := hardcodedtimeout.NewAnalyzer()
	if err := a.Flags.Set("options", "hardcodedtimeout/options.WithBudget"); err != nil {
		t.Fatal(err)
	}
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), a,
		"hardcodedtimeout/basic", "hardcodedtimeout/options", "hardcodedtimeout/netclient",
		"hardcodedtimeout/rpc", "hardcodedtimeout/middleware", "hardcodedtimeout/entry",
		"hardcodedtimeout/gen", "hardcodedtimeout/server", "hardcodedtimeout/expiry",
		"hardcodedtimeout/testsupport", "hardcodedtimeout/internal/providers", "hardcodedtimeout/provpublic", "hardcodedtimeout/e2e",
		"hardcodedtimeout/factory", "hardcodedtimeout/harness", "hardcodedtimeout/timer", "hardcodedtimeout/sharedfill", "hardcodedtimeout/connfields")
}

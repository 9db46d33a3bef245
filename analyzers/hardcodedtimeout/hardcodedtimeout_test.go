package hardcodedtimeout_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ctxtimeout/ctxtimeout/analyzers/hardcodedtimeout"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestAnalyzer runs every fixture package; files with suggested fixes
// have a .golden file.
func TestAnalyzer(t *testing.T) {
	t.Parallel()
	a := hardcodedtimeout.NewAnalyzer()
	if err := a.Flags.Set("options", "hardcodedtimeout/options.WithBudget"); err != nil {
		t.Fatal(err)
	}
	analysistest.RunWithSuggestedFixes(t, testdata(t), a,
		"hardcodedtimeout/basic", "hardcodedtimeout/options", "hardcodedtimeout/netclient",
		"hardcodedtimeout/rpc", "hardcodedtimeout/middleware", "hardcodedtimeout/entry",
		"hardcodedtimeout/gen", "hardcodedtimeout/server", "hardcodedtimeout/expiry",
		"hardcodedtimeout/testsupport", "hardcodedtimeout/internal/providers", "hardcodedtimeout/provpublic", "hardcodedtimeout/e2e")
}

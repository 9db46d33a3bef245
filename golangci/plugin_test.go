package golangci

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ctxtimeout/ctxtimeout/analyzers/all"
)

func TestOnePluginPerCheck(t *testing.T) {
	t.Parallel()
	var want []string
	for _, a := range all.Analyzers() {
		want = append(want, a.Name)
	}
	require.NotEmpty(t, want)
	assert.Equal(t, want, Names())
	for _, a := range all.Analyzers() {
		newPlugin, err := register.GetPlugin(a.Name)
		require.NoError(t, err, a.Name)
		p, err := newPlugin(nil) // no settings block
		require.NoError(t, err)
		as, err := p.BuildAnalyzers()
		require.NoError(t, err)
		assert.Equal(t, []string{a.Name}, []string{as[0].Name})
		assert.Same(t, a, as[0], "the registry's analyzer, not a copy")
		assert.Equal(t, register.LoadModeTypesInfo, p.GetLoadMode())
	}
}

func TestSettings(t *testing.T) {
	// Not parallel: it sets a flag of the shared analyzer and restores it.
	newPlugin, err := register.GetPlugin("hardcodedtimeout")
	require.NoError(t, err)
	var a = all.Analyzers()[0]
	require.Equal(t, "hardcodedtimeout", a.Name)
	f := a.Flags.Lookup("options")
	require.NotNil(t, f, "hardcodedtimeout has an options flag")
	defer func() { _ = f.Value.Set(f.DefValue) }()

	// A list becomes the comma-separated flag value.
	_, err = newPlugin(map[string]any{"options": []any{"example.com/rpc.WithBudget", "example.com/rpc.WithDeadlineAfter"}})
	require.NoError(t, err)
	assert.Equal(t, "example.com/rpc.WithBudget,example.com/rpc.WithDeadlineAfter", f.Value.String())
	_, err = newPlugin(map[string]any{"options": "example.com/rpc.WithBudget"})
	require.NoError(t, err)
	assert.Equal(t, "example.com/rpc.WithBudget", f.Value.String())

	// Unknown keys are an error that names the key and the known ones.
	_, err = newPlugin(map[string]any{"option": "x"})
	require.Error(t, err)
	assert.EqualError(t, err, `ctxtimeout linter "hardcodedtimeout": unknown setting "option" (known settings: options)`)

	// Values that cannot be flag values are rejected clearly.
	_, err = newPlugin(map[string]any{"options": map[string]any{"a": 1}})
	assert.ErrorContains(t, err, `setting "options": unsupported value of type map[string]interface {}`)
	_, err = newPlugin(map[string]any{"options": []any{"a,b"}})
	assert.ErrorContains(t, err, `list element "a,b" contains a comma`)

	// Settings that are not a mapping fail in DecodeSettings.
	_, err = newPlugin([]any{"x"})
	assert.ErrorContains(t, err, `ctxtimeout linter "hardcodedtimeout": decoding settings`)
}

func TestSettingString(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"a", "a"},
		{true, "true"},
		{float64(3), "3"},
		{2.5, "2.5"},
		{7, "7"},
		{[]any{"a", 1.0, false}, "a,1,false"},
	} {
		got, err := settingString(tc.in)
		require.NoError(t, err, "%v", tc.in)
		assert.Equal(t, tc.want, got)
	}
	_, err := settingString(nil)
	assert.Error(t, err)
}

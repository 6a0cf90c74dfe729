// Package netlifycheck validates netlify.toml offline with Netlify's own
// configuration loader (the npm package @netlify/config, run by node), and
// checks that its Go version satisfies go.mod. It has only tests.
package netlifycheck

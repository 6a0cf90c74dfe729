// Validates netlify.toml offline with Netlify's own config loader
// (@netlify/config) and prints the resolved config as JSON, for
// tools/netlifycheck's Go test. Usage: node validate.mjs <repository root>
import { resolveConfig } from "@netlify/config";

const root = process.argv[2];
for (const context of ["production", "deploy-preview"]) {
  const { config } = await resolveConfig({
    repositoryRoot: root,
    cwd: root,
    config: `${root}/netlify.toml`,
    context,
    offline: true,
    mode: "buildbot",
  });
  console.log(JSON.stringify({ context, build: config.build, headers: config.headers, redirects: config.redirects }));
}

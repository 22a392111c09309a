#!/usr/bin/env bash
# Cross-checks state machine definitions with asl-validator, an independent ASL validator (npm).
#
#   scripts/validate-asl.sh FILE...             each FILE: a definition, or a case with "definition"
#   scripts/validate-asl.sh --conformance DIR...  every case in each DIR (recursively) expected to validate
#
# A case may carry "aslValidatorSkip": "REASON" where asl-validator is known to reject a definition
# that AWS accepts; it is then counted as skipped, with its reason printed.
# A case is expected to validate unless its "expect" lists "problems" (a validation failure);
# cases expecting an execution error ("error", "cause") or an output ("ok") still validate.
# Installs the pinned asl-validator under target/asl-validator on first use (needs npm).
# Exits 1 if asl-validator rejects any definition given, naming each; 2 on a usage or setup error.
set -euo pipefail

ASL_VALIDATOR_VERSION="4.0.0"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/target/asl-validator"

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
mode=files
if [[ "$1" == "--conformance" ]]; then
  [[ $# -ge 2 ]] || usage
  mode=conformance
elif [[ "$1" == -* ]]; then
  usage
fi

installed="$prefix/node_modules/asl-validator/package.json"
if [[ ! -f "$installed" ]] \
    || ! grep -q "\"version\": \"$ASL_VALIDATOR_VERSION\"" "$installed"; then
  command -v npm >/dev/null || { echo "validate-asl: npm is needed to install asl-validator" >&2; exit 2; }
  echo "validate-asl: installing asl-validator@$ASL_VALIDATOR_VERSION into $prefix" >&2
  mkdir -p "$prefix"
  npm install --no-save --no-audit --no-fund --silent --prefix "$prefix" \
    "asl-validator@$ASL_VALIDATOR_VERSION" >&2
fi

ASL_VALIDATOR_MODULE="$prefix/node_modules/asl-validator" node - "$mode" "${@:$([[ $mode == conformance ]] && echo 2 || echo 1)}" <<'JS'
const fs = require("fs");
const path = require("path");
const validate = require(process.env.ASL_VALIDATOR_MODULE);
const [mode, ...args] = process.argv.slice(2);

let files = args;
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith(".json") ? [path.join(d, e.name)] : []);
if (mode === "conformance") {
  files = args.flatMap(walk).sort();
}

let checked = 0, skipped = 0;
const rejected = [];
for (const file of files) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    checked++;
    rejected.push(`${file}: not readable JSON: ${e.message}`);
    continue;
  }
  const isCase = doc && typeof doc === "object" && "definition" in doc;
  if (mode === "conformance") {
    const problems = isCase && doc.expect && doc.expect.problems;
    if (!isCase || (Array.isArray(problems) && problems.length > 0)) {
      skipped++;
      continue;
    }
    if (typeof doc.aslValidatorSkip === "string") {
      console.log(`SKIPPED ${file}: ${doc.aslValidatorSkip}`);
      skipped++;
      continue;
    }
  }
  const definition = isCase ? doc.definition : doc;
  checked++;
  try {
    const { isValid, errorsText } = validate(definition, { checkPaths: true, checkArn: true });
    if (!isValid) {
      rejected.push(`${file}: ${errorsText("; ")}`);
    }
  } catch (e) {
    // asl-validator 4.0.0 throws on some valid definitions (a state named "Branches", for one).
    rejected.push(`${file}: asl-validator threw ${e.name}: ${e.message}`);
  }
}
for (const line of rejected) console.log(`REJECTED ${line}`);
console.log(`asl-validator: ${checked - rejected.length} accepted, ${rejected.length} rejected`
  + (mode === "conformance" ? `, ${skipped} skipped (expected to fail validation, or known asl-validator false rejections)` : ""));
process.exit(rejected.length > 0 ? 1 : 0);
JS

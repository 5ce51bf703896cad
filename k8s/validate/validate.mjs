// Validates every object of rendered manifests (kubectl kustomize output, YAML stream) against the JSON
// schemas that the kubernetes-models packages ship for Kubernetes itself and for the CRDs we use (Strimzi,
// KEDA, Prometheus operator), and rejects fields those schemas do not declare (strict.mjs). Offline: the
// schemas are in node_modules, installed from the npm registry.
// Usage: kubectl kustomize k8s/overlays/dev | node k8s/validate/validate.mjs [name-for-messages]
//        node k8s/validate/validate.mjs --self-test   (the fixtures in k8s/validate/fixtures must come out
//                                                     as their `# expect:` lines say: proves the checks bite)
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAll } from "js-yaml";
import { modelOf } from "./models.mjs";
import { strictValidate } from "./strict.mjs";

/** Problems of every object in the YAML stream `text`, as "Kind/name (apiVersion): problem" lines. */
async function problemsOf(text) {
  const docs = loadAll(text).filter((d) => d != null);
  const problems = [];
  for (const doc of docs) {
    const name = `${doc.kind}/${doc.metadata?.name} (${doc.apiVersion})`;
    const Model = await modelOf(doc);
    if (Model === null) {
      problems.push(`${name}: no schema known for this kind`);
      continue;
    }
    for (const problem of strictValidate(Model, doc)) {
      problems.push(`${name}: ${problem}`);
    }
  }
  return { count: docs.length, problems };
}

async function validateStdin(label) {
  const { count, problems } = await problemsOf(readFileSync(0, "utf8"));
  for (const problem of problems) {
    console.error(`${label}: ${problem}`);
  }
  if (count === 0) {
    console.error(`${label}: no objects to validate`);
    return 1;
  }
  const invalid = new Set(problems.map((p) => p.slice(0, p.indexOf(": ")))).size;
  console.log(`${label}: ${count} objects, ${invalid} invalid`);
  return problems.length === 0 ? 0 : 1;
}

/**
 * Each fixture says what must come out: `# expect: valid`, or one `# expect: <text>` line per problem that
 * must be reported (a substring of it). Extra problems fail the case too.
 */
async function selfTest() {
  const dir = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
  let wrong = 0;
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8");
    const expected = [...text.matchAll(/^# expect: (.+)$/gm)].map((m) => m[1].trim());
    const { problems } = await problemsOf(text);
    const wanted = expected.filter((e) => e !== "valid");
    const missing = wanted.filter((w) => !problems.some((p) => p.includes(w)));
    const extra = problems.filter((p) => !wanted.some((w) => p.includes(w)));
    if (expected.length === 0 || missing.length > 0 || extra.length > 0) {
      wrong++;
      console.error(`self-test ${file}: WRONG`);
      missing.forEach((m) => console.error(`  not reported: ${m}`));
      extra.forEach((p) => console.error(`  unexpected: ${p}`));
      if (expected.length === 0) {
        console.error("  the fixture has no '# expect:' line");
      }
    } else {
      console.log(`self-test ${file}: ok (${wanted.length === 0 ? "valid" : `${wanted.length} problem(s) found`})`);
    }
  }
  console.log(`k8s/validate self-test: ${files.length} fixtures, ${wrong} wrong`);
  return files.length > 0 && wrong === 0 ? 0 : 1;
}

const arg = process.argv[2];
process.exit(arg === "--self-test" ? await selfTest() : await validateStdin(arg ?? "stdin"));

// Validates every object of rendered manifests (kubectl kustomize output, YAML stream) against the JSON
// schemas that the kubernetes-models packages ship for Kubernetes itself and for the CRDs we use (Strimzi,
// KEDA, Prometheus operator). Offline: the schemas are in node_modules, installed from the npm registry.
// Usage: kubectl kustomize k8s/overlays/dev | node k8s/validate/validate.mjs [name-for-messages]
import { readFileSync } from "node:fs";
import { loadAll } from "js-yaml";

// Which package holds the models of an API group; the core group ("v1") and the built-in groups are in
// kubernetes-models itself.
const CRD_PACKAGES = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "core.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

function modulePath(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) {
    return `kubernetes-models/${apiVersion}/${kind}`;
  }
  const group = apiVersion.slice(0, slash);
  const pkg = CRD_PACKAGES[group] ?? "kubernetes-models";
  return `${pkg}/${apiVersion}/${kind}`;
}

const label = process.argv[2] ?? "stdin";
const docs = loadAll(readFileSync(0, "utf8")).filter((d) => d != null);
let failures = 0;
for (const doc of docs) {
  const name = `${doc.kind}/${doc.metadata?.name} (${doc.apiVersion})`;
  let Model;
  try {
    Model = (await import(modulePath(doc.apiVersion, doc.kind)))[doc.kind];
  } catch (e) {
    console.error(`${label}: ${name}: no schema known for this kind`);
    failures++;
    continue;
  }
  try {
    new Model(doc).validate();
  } catch (e) {
    console.error(`${label}: ${name}: ${e.message}`);
    failures++;
  }
}
if (docs.length === 0) {
  console.error(`${label}: no objects to validate`);
  process.exit(1);
}
console.log(`${label}: ${docs.length} objects, ${failures} invalid`);
process.exit(failures === 0 ? 0 : 1);

// Finds the kubernetes-models class of a manifest object (by apiVersion and kind) in the npm packages that
// ship the Kubernetes and CRD schemas we use. Offline: everything is in node_modules.

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

/** The model class of `doc`, or null when no package we depend on knows its kind. */
export async function modelOf(doc) {
  if (typeof doc?.apiVersion !== "string" || typeof doc?.kind !== "string") {
    return null;
  }
  try {
    return (await import(modulePath(doc.apiVersion, doc.kind)))[doc.kind] ?? null;
  } catch {
    return null;
  }
}

// Strict validation: the schema check of kubernetes-models plus a check for fields the schema does not
// declare. The Kubernetes OpenAPI schemas (and the CRD schemas generated like them) do not say
// `additionalProperties: false`, so a typo such as `resourcez` next to `resources` passes the schema and the
// API server would drop it silently (or reject it, with field validation Strict, only at apply time).
//
// The packages ship their schemas only as compiled ajv validators, not as JSON, so there is no schema to
// walk. Instead the object is validated through a Proxy that records how the validator looks at each object
// node:
//   - it reads (or tests with `in`) the name of every property the schema declares, present or not;
//   - it enumerates the keys of an object whose schema has `additionalProperties` (a map: labels, data...);
//   - it does neither with an object whose schema declares no properties at all (free-form objects, and
//     those with `x-kubernetes-preserve-unknown-fields`, e.g. Strimzi's `spec.kafka.config`).
// So in a node whose declared names were read and whose keys were not enumerated, a key the validator never
// read is not in the schema: an unknown field. Enumerated nodes are maps, and untouched nodes stay open.
// Limit: an object that declares some properties and also preserves unknown fields would be treated as
// closed; none of the kinds we render has one (the self-test covers the open Strimzi config).

const TRACKER = Symbol("tracker");

function track(value, trackers) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const tracker = { read: new Set(), enumerated: false };
  trackers.set(value, tracker);
  const children = new Map();
  return new Proxy(value, {
    get(target, key, receiver) {
      if (key === TRACKER) {
        return tracker;
      }
      if (typeof key === "string") {
        tracker.read.add(key);
      }
      const child = Reflect.get(target, key, receiver);
      if (child === null || typeof child !== "object" || typeof key !== "string") {
        return child;
      }
      if (!children.has(key)) {
        children.set(key, track(child, trackers));
      }
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === "string") {
        tracker.read.add(key);
      }
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      tracker.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

function escape(key) {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

/** JSON pointers of the fields in `value` that the validator never looked at in a node it checked. */
function unknownFields(value, trackers, path, found) {
  if (value === null || typeof value !== "object") {
    return found;
  }
  const tracker = trackers.get(value);
  if (tracker === undefined) {
    return found; // never reached by the validator: inside an open (free-form) object
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const closed = !Array.isArray(value) && !tracker.enumerated && tracker.read.size > 0;
  for (const [key, child] of entries) {
    const childPath = `${path}/${escape(key)}`;
    if (closed && !tracker.read.has(key)) {
      found.push(childPath);
    } else {
      unknownFields(child, trackers, childPath, found);
    }
  }
  return found;
}

/**
 * Validates the plain object `doc` with the kubernetes-models class `Model`.
 * Returns a list of problems (strings), empty when the object is valid and has no unknown field.
 */
export function strictValidate(Model, doc) {
  const problems = [];
  const trackers = new Map();
  try {
    Model.prototype.validate.call(track(doc, trackers));
  } catch (e) {
    problems.push(e.message);
  }
  for (const pointer of unknownFields(doc, trackers, "", [])) {
    problems.push(`data${pointer} is not a field of ${doc.kind} (${doc.apiVersion})`);
  }
  return problems;
}

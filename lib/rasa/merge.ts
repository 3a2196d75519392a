/**
 * Merges convoguard's keys into an existing endpoints.yml by splicing text: only the managed keys' own lines change,
 * so comments, key order, quoting and every other section (tracker_store, action_endpoint, …) stay byte-for-byte.
 * Running it twice changes nothing. A file ends in one format: merging Rasa 3.13's privacy: block removes the 3.6
 * keys convoguard wrote before (the two formats conflict on anonymization_topics); merging the 3.6 keys into a file
 * with privacy: is refused.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  Node,
  Pair,
  parseDocument,
  stringify,
  visit,
  YAMLMap,
} from 'yaml';
import { isPrivacyFormat, RasaEndpoints } from './emit';

const BROKER_KEYS = [
  'type',
  'url',
  'security_protocol',
  'sasl_mechanism',
  'sasl_username',
  'sasl_password',
  'ssl_cafile',
];

/** Paths convoguard owns in the Rasa 3.6-3.12 format, in the order they are written. */
export const MANAGED_PATHS: ReadonlyArray<readonly string[]> = [
  ['anonymization'],
  ...BROKER_KEYS.map((k) => ['event_broker', k]),
  // Written only when the policy's cluster provisions the broker's own (raw) topic.
  ['event_broker', 'topic'],
  ['event_broker', 'anonymization_topics'],
  ['logger', 'formatter', 'anonymization_rules'],
];

/** Paths convoguard owns in the Rasa 3.13+ format. The lock store is the user's: a merge requires it, never writes it. */
export const PRIVACY_MANAGED_PATHS: ReadonlyArray<readonly string[]> = [
  ...BROKER_KEYS.map((k) => ['event_broker', k]),
  ['event_broker', 'stream_pii'],
  ['event_broker', 'anonymization_topics'],
  ['privacy'],
];

/** The 3.6 keys a 3.13 merge removes: Rasa 3.13 reads anonymization_topics as names, and the pipeline is gone. */
const PIPELINE_ONLY_PATHS: ReadonlyArray<readonly string[]> = [
  ['anonymization'],
  ['logger', 'formatter', 'anonymization_rules'],
];

export class MergeError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'MergeError';
  }
}

/** A fresh endpoints.yml holding only convoguard's keys. */
export function renderEndpoints(endpoints: RasaEndpoints, header = ''): string {
  return header + stringify(endpoints, { lineWidth: 0 });
}

/**
 * `existing` with convoguard's keys set. `url` and `security_protocol` of an existing event broker are kept when
 * they are already there (they are deployment settings); the rest of the managed keys are replaced.
 */
export function mergeEndpoints(
  existing: string,
  endpoints: RasaEndpoints,
  file = 'endpoints.yml',
  notes: string[] = [],
): string {
  // Line endings and a byte-order mark are kept as the file has them: the splice works on LF text.
  const bom = existing.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? existing.slice(1) : existing;
  const crlf = /\r\n/.test(body);
  if (crlf && /(^|[^\r])\n/.test(body))
    throw new MergeError(
      file,
      'mixes CRLF and LF line endings; convert it to one of them first, so the merged lines can match',
    );
  let text = crlf ? body.replace(/\r\n/g, '\n') : body;
  const privacy = isPrivacyFormat(endpoints);
  const paths = privacy ? PRIVACY_MANAGED_PATHS : MANAGED_PATHS;
  const managed = paths.filter((p) => valueAt(endpoints, p) !== undefined);
  const top = topLevel(text);
  if (privacy) {
    if (!endpoints.event_broker && top?.has('event_broker')) {
      // The user's own broker streams every raw event unless told not to (stream_pii defaults to true).
      managed.push(['event_broker', 'stream_pii']);
      notes.push(
        'event_broker: stream_pii set to false, so raw events no longer reach its topic; the policy has no streams, so no anonymized topic replaces it',
      );
    }
    const lock = top?.get('lock_store');
    if (top && (lock === undefined || lock === null)) {
      throw new MergeError(
        file,
        'has no lock_store; Rasa 3.13 refuses tracker-store anonymization and deletion jobs without one (it locks each conversation while the job rewrites it). Add your lock store (type: redis, url, port, password, db) to the file and merge again; nothing was written',
      );
    }
  } else if (top?.has('privacy')) {
    throw new MergeError(
      file,
      "has a privacy: block (Rasa 3.13+), but the policy's agent runs an older Rasa and would add the 3.6 anonymization: pipeline beside it; the two formats conflict on event_broker.anonymization_topics. Set the agent's rasa.version to the release you run (3.13 or later keeps privacy:), or remove privacy: from the file; nothing was written",
    );
  }
  refuseSharedNodes(text, [...managed, ...(privacy ? PIPELINE_ONLY_PATHS : [])], file);
  if (endpoints.event_broker) refuseUnknownTopics(top?.get('event_broker'), endpoints, file);
  if (endpoints.event_broker) refuseOtherBroker(text, file, privacy);
  if (privacy) {
    for (const p of PIPELINE_ONLY_PATHS) {
      const before = text;
      text = deletePath(text, p, file);
      if (text !== before)
        notes.push(
          `removed ${p.join('.')}: it belongs to the Rasa 3.6 anonymization pipeline, which the privacy: block replaces`,
        );
    }
  }
  // A broker kept from the file (url, credentials) with a mechanism the policy changes is worth a look.
  const fileBroker = top?.get('event_broker');
  const fileMechanism = isMap(fileBroker) ? fileBroker.get('sasl_mechanism') : undefined;
  const mechanism = endpoints.event_broker?.sasl_mechanism;
  if (
    mechanism !== undefined &&
    fileMechanism !== undefined &&
    fileMechanism !== null &&
    String(fileMechanism) !== mechanism
  ) {
    notes.push(
      `event_broker.sasl_mechanism changed from ${String(fileMechanism)} to ${mechanism} (the cluster the policy names); the url, username, password and CA file were kept from the file: check they belong to that cluster`,
    );
  }
  const fileTopic = isMap(fileBroker) ? fileBroker.get('topic') : undefined;
  const topic = privacy ? undefined : endpoints.event_broker?.topic;
  if (topic !== undefined && fileTopic !== undefined && fileTopic !== null && String(fileTopic) !== topic)
    notes.push(
      `event_broker.topic changed from ${String(fileTopic)} to ${topic}: every original event now goes to the topic the policy's cluster provisions (kept retention.sensitive); ${String(fileTopic)} keeps what it already holds`,
    );
  const value = (p: readonly string[]) => (p[1] === 'stream_pii' ? false : valueAt(endpoints, p));
  for (const p of managed) text = setPath(text, p, value(p), keepIfPresent(p), file);
  return bom + (crlf ? text.replace(/\n/g, '\r\n') : text);
}

/** The top-level mapping's keys and plain values, or undefined when the text is not a mapping (setPath reports it). */
function topLevel(text: string): Map<string, unknown> | undefined {
  const doc = parseDocument(text);
  const out = new Map<string, unknown>();
  if (doc.errors.length === 0 && (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)))
    return out;
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  for (const item of doc.contents.items)
    if (isPair(item) && isScalar(item.key))
      out.set(String(item.key.value), isScalar(item.value) ? item.value.value : item.value);
  return out;
}

/** `text` without the key at `path` (and without the mappings it leaves empty). */
function deletePath(text: string, path: readonly string[], file: string): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
  const maps: YAMLMap[] = [doc.contents];
  const pairs: Pair[] = [];
  for (const seg of path) {
    const map = maps[maps.length - 1];
    const pair = findPair(map, seg);
    if (!pair) return text;
    if (map.flow)
      throw new MergeError(
        file,
        `${path.slice(0, pairs.length).join('.')} is a flow mapping; write it in block style so convoguard can remove ${path.join('.')}`,
      );
    pairs.push(pair);
    if (pairs.length < path.length) {
      if (!isMap(pair.value)) return text;
      maps.push(pair.value);
    }
  }
  // Remove the innermost pair, or the outermost ancestor it would leave empty.
  let i = pairs.length - 1;
  while (i > 0 && maps[i].items.length === 1) i--;
  const pair = pairs[i];
  const keyStart = (pair.key as Node).range![0];
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const end = contentEnd(text, (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1]);
  const lineEnd = text.indexOf('\n', end);
  let out = text.slice(0, lineStart) + (lineEnd === -1 ? '' : text.slice(lineEnd + 1));
  // The section went with its lines; the blank lines that separated it from its neighbours collapse to one.
  while (lineStart >= 2 && out.slice(lineStart - 2, lineStart) === '\n\n' && out[lineStart] === '\n')
    out = out.slice(0, lineStart) + out.slice(lineStart + 1);
  return out;
}

/** Deployment settings the user may have filled in already (url, protocol, credentials, CA file): never rewritten. */
function keepIfPresent(p: readonly string[]): boolean {
  return (
    p[0] === 'event_broker' &&
    ['url', 'security_protocol', 'sasl_username', 'sasl_password', 'ssl_cafile'].includes(p[1])
  );
}

/**
 * Anchors, aliases and merge keys on the keys convoguard rewrites (or on the mappings that hold them) are refused:
 * rewriting `anonymization: &anon` would leave `*anon` elsewhere dangling, rewriting inside `event_broker: *kafka`
 * would drop the anchored url and credentials, and a `<<: *b` merge key would supply values beside the ones written.
 */
function refuseSharedNodes(text: string, paths: ReadonlyArray<readonly string[]>, file: string): void {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, merge: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return; // setPath reports these with their position
  const problems: string[] = [];
  const at = (n: unknown, anchor?: string) => {
    const start = (n as Node | null)?.range?.[0] ?? 0;
    // A node's range starts after its anchor: point at the anchor itself.
    const mark = anchor === undefined ? -1 : text.lastIndexOf(`&${anchor}`, start);
    const { line, col } = lc.linePos(mark >= 0 ? mark : start);
    return `${line}:${col}`;
  };
  const seen = new Set<unknown>();
  for (const p of paths) {
    let map: YAMLMap = doc.contents;
    for (let i = 0; i < p.length; i++) {
      const where = p.slice(0, i + 1).join('.');
      const merge = map.items.find((x) => isPair(x) && isScalar(x.key) && x.key.value === '<<');
      if (merge && !seen.has(merge)) {
        seen.add(merge);
        problems.push(
          `${at(merge.key)}: ${p.slice(0, i).join('.') || 'the top level'} has a merge key (<<), which could set the keys convoguard writes there; write those keys out in place of the merge`,
        );
      }
      const pair = findPair(map, p[i]);
      if (!pair || seen.has(pair)) break;
      if (i === p.length - 1 && keepIfPresent(p)) break; // kept as written, alias or not
      const value = pair.value as Node | null;
      if (isAlias(value)) {
        seen.add(pair);
        problems.push(
          `${at(value)}: ${where} is an alias (*${value.source}); convoguard rewrites keys below it. Write the mapping out in place of the alias`,
        );
        break;
      }
      const anchor = (value as { anchor?: string } | null)?.anchor;
      if (anchor) {
        seen.add(pair);
        problems.push(
          `${at(value, anchor)}: ${where} has the anchor &${anchor}; convoguard rewrites it, which would change or break every *${anchor}. Remove the anchor (copy the values where *${anchor} is used)`,
        );
        break;
      }
      if (i === p.length - 1) {
        // The node convoguard replaces as a whole: an anchor anywhere inside it would leave its aliases dangling.
        visit(value, {
          Node(_k, n) {
            const a = (n as { anchor?: string }).anchor;
            if (a && !seen.has(n)) {
              seen.add(n);
              problems.push(
                `${at(n, a)}: ${where} holds the anchor &${a}; convoguard replaces ${where}, which would break every *${a}. Remove the anchor (copy the values where *${a} is used)`,
              );
            }
          },
        });
        break;
      }
      if (!isMap(value)) break;
      map = value;
    }
  }
  if (problems.length > 0) throw new MergeError(file, problems.join('\n  '));
}

/**
 * Rasa 3.6 sends anonymized events to Kafka topics only: merging Kafka keys into another broker (RabbitMQ's `pika`,
 * SQL) would leave a `type: kafka` broker with that broker's url, credentials and queues.
 */
function refuseOtherBroker(text: string, file: string, privacy: boolean): void {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) return; // setPath reports these with their position
  const broker = doc.contents && isMap(doc.contents) ? doc.contents.get('event_broker', true) : undefined;
  if (!broker || !isMap(broker)) return;
  const type = broker.get('type', true);
  const value = isScalar(type) ? String(type.value) : undefined;
  if (value !== undefined && value !== 'kafka') {
    const { line, col } = lc.linePos(type && isScalar(type) && type.range ? type.range[0] : 0);
    throw new MergeError(
      file,
      privacy
        ? `${line}:${col}: event_broker is type ${JSON.stringify(value)}; the policy's streams are Kafka topics that convoguard provisions, so they need a Kafka broker (for RabbitMQ, set stream_pii: false and anonymization_queues yourself and remove the streams). Nothing was written`
        : `${line}:${col}: event_broker is type ${JSON.stringify(value)}; convoguard's anonymization topics need a Kafka broker (Rasa Pro 3.6-3.12 anonymizes to Kafka topics only). Point the policy's streams at a Kafka broker, or remove the streams; nothing was written`,
    );
  }
}

/**
 * Anonymized topics the file has and the policy's streams do not name: rewriting the list would drop them, and
 * whatever reads them would silently stop receiving events. Refused, with their names.
 */
function refuseUnknownTopics(broker: unknown, endpoints: RasaEndpoints, file: string): void {
  const existing = isMap(broker) ? broker.toJSON().anonymization_topics : undefined;
  if (!Array.isArray(existing)) return;
  const name = (t: unknown) =>
    typeof t === 'string' ? t : t && typeof t === 'object' ? String((t as { name?: unknown }).name) : String(t);
  const wanted = new Set((endpoints.event_broker?.anonymization_topics ?? []).map(name));
  const unknown = existing.map(name).filter((n) => !wanted.has(n));
  if (unknown.length > 0) {
    throw new MergeError(
      file,
      `event_broker.anonymization_topics has ${unknown.join(', ')}, which the policy's streams do not name; convoguard rewrites that list, so ${unknown.length === 1 ? 'it' : 'they'} would stop receiving events. Add ${unknown.length === 1 ? 'it' : 'them'} to the policy's streams, or remove ${unknown.length === 1 ? 'it' : 'them'} from the file; nothing was written`,
    );
  }
}

function valueAt(obj: unknown, path: readonly string[]): unknown {
  let cur = obj as Record<string, unknown> | undefined;
  for (const seg of path) cur = cur?.[seg] as Record<string, unknown> | undefined;
  return cur;
}

function setPath(text: string, path: readonly string[], value: unknown, keepIfPresent: boolean, file: string): string {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, keepSourceTokens: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, col } = lc.linePos(e.pos[0]);
    throw new MergeError(file, `${line}:${col}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return appendTopLevel(text, path, value);
  }
  if (!isMap(doc.contents)) throw new MergeError(file, 'expected a mapping at the top level');

  let map: YAMLMap = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const pair = findPair(map, path[i]);
    const rest = path.slice(i + 1);
    if (!pair) {
      if (map.flow) {
        const { line, col } = lc.linePos(map.range?.[0] ?? 0);
        const what =
          i === 0 ? 'the file is one flow mapping (JSON style)' : `${path.slice(0, i).join('.')} is a flow mapping`;
        throw new MergeError(
          file,
          `${line}:${col}: ${what}; write it in block style (one key per line) so convoguard can add ${path.slice(i).join('.')} to it`,
        );
      }
      return insertIntoMap(text, map, nest(path.slice(i), value), lc, i === 0);
    }
    if (rest.length === 0) {
      if (keepIfPresent) return text;
      return replacePair(text, pair, path[i], value, lc);
    }
    if (!isMap(pair.value) || (pair.value as YAMLMap).flow) {
      // Not a block mapping (null, scalar, flow): rewrite this key with what convoguard needs below it.
      const existing = isMap(pair.value) ? (pair.value as YAMLMap).toJSON() : {};
      return replacePair(text, pair, path[i], mergeObjects(existing, nest(rest, value)), lc);
    }
    map = pair.value as YAMLMap;
  }
  return text;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((acc, seg) => ({ [seg]: acc }), value) as Record<string, unknown>;
}

function mergeObjects(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object'
        ? mergeObjects(out[k] as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** `key: value` rendered as block YAML, every line after the first indented by `indent`. */
function render(obj: Record<string, unknown>, indent: number): string {
  const body = stringify(obj, { lineWidth: 0 }).replace(/\n$/, '');
  const pad = ' '.repeat(indent);
  return body
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : pad + line))
    .join('\n');
}

function replacePair(text: string, pair: Pair, key: string, value: unknown, lc: LineCounter): string {
  const keyNode = pair.key as Node;
  const start = keyNode.range![0];
  const valueNode = pair.value as Node | null;
  const end = contentEnd(text, valueNode?.range ? valueNode.range[1] : keyNode.range![1]);
  const col = lc.linePos(start).col - 1;
  return text.slice(0, start) + render({ [key]: value }, col) + text.slice(end);
}

function insertIntoMap(
  text: string,
  map: YAMLMap,
  obj: Record<string, unknown>,
  lc: LineCounter,
  topLevel = false,
): string {
  const last = map.items[map.items.length - 1] as Pair | undefined;
  if (!last) return appendTopLevel(text, [], obj);
  const col = lc.linePos((last.key as Node).range![0]).col - 1;
  const lastEnd = contentEnd(text, (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1]);
  // Insert at the end of the line that ends the last pair (after any comment on it).
  const lineEnd = text.indexOf('\n', lastEnd);
  const at = lineEnd === -1 ? text.length : lineEnd;
  // A new top-level section gets the blank line before it that the file's sections have.
  const gap = topLevel && /\n\n/.test(text) ? '\n' : '';
  return text.slice(0, at) + '\n' + gap + ' '.repeat(col) + render(obj, col) + text.slice(at);
}

/** `end` moved back over trailing whitespace: block collections' ranges include the newlines after them. */
function contentEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  return e;
}

function appendTopLevel(text: string, path: readonly string[], value: unknown): string {
  const obj = path.length > 0 ? nest(path, value) : (value as Record<string, unknown>);
  // A blank line before the new top-level section, as the rest of the file has.
  const sep = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return text + sep + render(obj, 0) + '\n';
}

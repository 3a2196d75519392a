/**
 * Every string of the policy, with each target's syntax in it: validate must refuse it at that string's path (the
 * output-syntax rule, or the field's own format when it has one). The strings are every scalar of the example
 * policy (all of them, in `npm test` and `npm run fuzz`: about a second).
 */
import { isScalar, parseDocument, visit } from 'yaml';
import type { Scalar } from 'yaml';
import { formatPath, PolicyError } from '../../lib/policy/errors';
import { parsePolicy } from '../../lib/policy/loader';
import { exampleText } from '../helpers';

/** Each target's syntax, and the agents' platforms it reaches (undefined: every string). */
const HOSTILE: ReadonlyArray<{ name: string; text: string; platforms?: readonly string[] }> = [
  { name: 'a CloudFormation dynamic reference', text: '{{resolve:secretsmanager:prod/db:SecretString:password}}' },
  { name: 'an escape sequence', text: '\u001b[2K\u001b[1A' },
  { name: 'a bidirectional override', text: '\u202egnp.exe' },
  { name: 'a Rasa environment reference', text: '${AWS_SECRET_ACCESS_KEY}', platforms: ['rasa'] },
];

/** The path of every string scalar of the example, with the platform of the agent it belongs to. */
function stringPaths(text: string): Array<{ path: Array<string | number>; platform?: string }> {
  const doc = parseDocument(text);
  const out: Array<{ path: Array<string | number>; platform?: string }> = [];
  const agents = doc.toJS().agents as Array<{ platform: string }>;
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || typeof (node as Scalar).value !== 'string') return;
      const path: Array<string | number> = [];
      let prev: unknown = undefined;
      for (const a of [...ancestors, node]) {
        if (prev && (prev as { items?: unknown[] }).items) {
          const items = (prev as { items: unknown[] }).items;
          const i = items.findIndex((p) => p === a || (p as { value?: unknown }).value === a);
          const item = items[i] as { key?: unknown };
          if (item && isScalar(item.key)) path.push(String(item.key.value));
          else if (i >= 0 && (prev as { constructor: { name: string } }).constructor.name === 'YAMLSeq') path.push(i);
        }
        prev = a;
      }
      out.push({
        path,
        platform: path[0] === 'agents' && typeof path[1] === 'number' ? agents[path[1]]?.platform : undefined,
      });
    },
  });
  return out;
}

const paths = stringPaths(exampleText());
const cases = paths.flatMap((p) =>
  HOSTILE.filter(
    (h) =>
      !h.platforms ||
      h.platforms.includes(p.platform ?? '') ||
      (p.path[0] !== 'agents' && h.platforms.includes('rasa')),
  ).map((h) => ({ ...p, h })),
);
// kafka.url of a Rasa agent is an environment reference by design (default ${KAFKA_BOOTSTRAP_SERVERS}).
const judged = cases.filter((c) => !(c.h.platforms && c.path.slice(2).join('.') === 'kafka.url'));

test(`the example has strings on every platform to try (${paths.length} strings, ${judged.length} cases)`, () => {
  expect(paths.length).toBeGreaterThan(60);
  expect(paths.every((p) => typeof parseDocument(exampleText()).getIn(p.path) === 'string')).toBe(true);
  expect(new Set(paths.map((p) => p.platform)).size).toBeGreaterThanOrEqual(4);
});

test("every string with a target's syntax in it is refused at its path", () => {
  const missed: string[] = [];
  for (const c of judged) {
    const doc = parseDocument(exampleText());
    const original = doc.getIn(c.path) as string;
    doc.setIn(c.path, `${original}${c.h.text}`);
    let problems: string[] = [];
    try {
      parsePolicy(doc.toString(), 'p.yaml');
    } catch (e) {
      if (!(e instanceof PolicyError)) throw e;
      problems = e.problems.map((p) => p.path);
    }
    const at = formatPath(c.path);
    if (!problems.some((p) => p === at || p.startsWith(`${at}[`) || p.startsWith(`${at}.`)))
      missed.push(
        `${at} with ${c.h.name}: ${problems.length === 0 ? 'accepted' : `refused elsewhere: ${problems.join(', ')}`}`,
      );
  }
  expect(missed).toEqual([]);
});

/**
 * Policy strings are data: Terraform evaluates ${…} and %{…} inside JSON strings, so every user string that reaches
 * Terraform is escaped, and Terraform's own unescaping gives back the literal text.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE, exampleText, runCli, tmpDir } from '../helpers';
import { hasValidator, testIf, validateTf } from './helpers';
import { terraformLiteral } from '../../lib/gcp';
import { terraformLiterals } from '../../lib/gcp/terraform-literal';

const HOSTILE = {
  displayName: '${file("/etc/passwd")}',
  description: '%{ for x in ["a"] }${x}%{ endfor }',
  pattern: 'ORD-[0-9]{8}|x${path.cwd}',
  value: 'hidden ${var.secret} %{if true}x%{endif}',
};
const STACK = 'support-assistant-gcp-acme-cx-prod-us-central1';
const dir = tmpDir('convoguard-injection-');
let json = '';

/** Terraform's reading of a JSON string: `$${` is a literal `${`, `%%{` a literal `%{`. */
const unescape = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');

beforeAll(async () => {
  const text = exampleText()
    .replace(
      'create: { displayName: Support,',
      `create: { displayName: '${HOSTILE.displayName}', description: '${HOSTILE.description}',`,
    )
    .replace("pattern: 'ORD-[0-9]{8}'", `pattern: '${HOSTILE.pattern}'`)
    .replace(
      '{ kinds: [person_name], method: text, value: John Doe }',
      `{ kinds: [person_name], method: text, value: '${HOSTILE.value}' }`,
    )
    .replace(/ {6}examples: .*\n/, '')
    // Rasa would expand ${…} in a replacement text: that is refused at validation, so Rasa agents are left out here.
    .replace(/ {2}- \{ name: helpdesk.*\n.*\n/, '')
    .replace(/ {2}- \{ name: kiosk.*\n.*\n/, '')
    // Without a rasa agent nothing publishes anonymized events: streams and a cluster would be refused.
    .replace(/streams: .*\n {2}- \{ topic: .*\n/, '')
    .replace(/ {6}kafka: \{ subnet: .*\n/, '')
    // Only Terraform is examined here: the lex agent (an AWS synthesis) is left out too.
    .replace(/ {2}- \{ name: billing,[\s\S]*?exports: \['s3:\/\/acme-lex-transcripts\/billing\/'\] \}.*\n/, '');
  fs.writeFileSync(path.join(dir, 'p.yaml'), text);
  const r = await runCli(['synth', 'p.yaml'], dir);
  if (r.code !== 0) throw new Error(r.err);
  json = fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json'), 'utf8');
});

test('no policy string is live: every ${ left in the JSON is a reference convoguard made', () => {
  const strings: string[] = [];
  JSON.parse(json, (_k, v) => (typeof v === 'string' ? (strings.push(v), v) : v));
  for (const s of strings) {
    const live = s.replace(/\$\$\{/g, '').replace(/%%\{/g, '');
    for (const m of live.matchAll(/\$\{([^}]*)\}/g))
      expect(m[1]).toMatch(/^(data\.)?google_[a-z_]+\.[A-Za-z0-9_-]+\.[a-z_]+$/);
    expect(live).not.toContain('%{');
  }
});

test('escaping doubles the opener of every interpolation and directive', () => {
  expect(terraformLiteral('a ${b} %{c} $${d}')).toBe('a $${b} %%{c} $$${d}');
});

test('a plan is escaped by copying only the parts that need it, never changing the original', () => {
  const plain = { name: 'support', tags: ['a', 'b'], nested: { n: 1, ok: true, none: null } };
  expect(terraformLiterals(plain)).toBe(plain);
  const hostile = {
    name: 'support',
    tags: ['a', 'x${path.cwd}'],
    nested: { text: '%{if x}', keep: { n: 1 } },
    other: { k: 'v' },
  };
  const before = JSON.stringify(hostile);
  const escaped = terraformLiterals(hostile);
  expect(escaped).toEqual({
    name: 'support',
    tags: ['a', 'x$${path.cwd}'],
    nested: { text: '%%{if x}', keep: { n: 1 } },
    other: { k: 'v' },
  });
  expect(JSON.stringify(hostile)).toBe(before);
  // Unchanged parts are shared, changed ones are copies.
  expect(escaped.other).toBe(hostile.other);
  expect(escaped.nested.keep).toBe(hostile.nested.keep);
  expect(escaped.tags).not.toBe(hostile.tags);
});

test.each(Object.entries(HOSTILE))('the %s round-trips to the literal text', (_field, value) => {
  const escaped = terraformLiteral(value);
  expect(escaped).not.toBe(value);
  expect(json).toContain(JSON.stringify(escaped).slice(1, -1));
  expect(unescape(escaped)).toBe(value);
});

testIf(hasValidator)('the escaped stack passes the google 6.50.0 schema checks', () => {
  expect(validateTf(path.join(dir, 'cdktf.out', 'stacks', STACK, 'cdk.tf.json')).output).toContain(
    '0 errors in 1 file(s)',
  );
});

test.each([
  [
    'a CDK token in a policy string',
    "pattern: 'ORD-[0-9]{8}'",
    "pattern: 'x${Token[AWS.AccountId.1]}'",
    'detection.custom[0].pattern: received "x${Token[AWS.AccountId.1]}", which contains an AWS CDK token',
  ],
  [
    'a replacement text that Rasa would expand from the environment',
    'value: John Doe',
    "value: '${AWS_SECRET_ACCESS_KEY}'",
    'deidentify.rules[0].value: received "${AWS_SECRET_ACCESS_KEY}"; Rasa expands ${…} in endpoints.yml from the environment',
  ],
])('%s is refused at validation, with its path', async (_what, from, to, message) => {
  const d = tmpDir();
  fs.writeFileSync(path.join(d, 'p.yaml'), fs.readFileSync(EXAMPLE, 'utf8').replace(from, to));
  const r = await runCli(['validate', 'p.yaml'], d);
  expect(r.code).toBe(2);
  expect(r.err).toContain(message);
});

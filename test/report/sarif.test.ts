/**
 * SARIF 2.1.0 for code scanning: the structure the specification requires (version, a run whose driver lists its
 * rules, results naming a rule by id and index, a message and a location), levels from what needs fixing, gaps the
 * plan names suppressed, and fingerprints that stay put across runs and tell findings apart.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { readPosture } from '../../lib/report';
import { POSTURE_RULES } from '../../lib/report/rules';
import { renderSarif, SARIF_VERSION } from '../../lib/report/sarif';
import { editedExample, exampleSynthesis, ROOT, runCli, tmpDir } from '../helpers';

type Json = Record<string, any>;
/** The OASIS schema of SARIF 2.1.0 (draft-04), vendored: test/fixtures/schemas/SOURCES.md, with its three formats. */
const sarifAjv = new Ajv({ allErrors: true, strict: false })
  .addFormat('uri', (u: string) => URL.canParse(u))
  .addFormat('uri-reference', (u: string) => URL.canParse(u, 'https://base.invalid/') && !/\s/.test(u))
  .addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
const validateSarif = sarifAjv.compile(
  JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')),
);
/** Every schema error of a SARIF log, as path and message (none when it validates). */
const schemaErrors = (text: string) =>
  validateSarif(JSON.parse(text)) ? [] : validateSarif.errors!.map((e) => `${e.instancePath} ${e.message}`);
const CFN = 'cdk.out/support-assistant-aws-us-east-1.template.json';
const read = (dir: string) =>
  readPosture({
    cdkOut: path.join(dir, 'cdk.out'),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
    relativeTo: dir,
  });

test('the example: every posture rule is a SARIF rule; no result by default (all its findings are known gaps), and with knownGaps each is a suppressed note', () => {
  const dir = exampleSynthesis();
  const p = read(dir);
  // GitHub code scanning ignores suppressions (github/codeql-action#1230): known gaps are left out unless asked for.
  expect(JSON.parse(renderSarif(p)).runs[0].results).toEqual([]);
  const log = JSON.parse(renderSarif(p, { knownGaps: true })) as Json;
  expect(schemaErrors(renderSarif(p))).toEqual([]);
  expect(schemaErrors(renderSarif(p, { knownGaps: true }))).toEqual([]);
  expect(log.version).toBe(SARIF_VERSION);
  expect(log.$schema).toMatch(/sarif-2\.1\.0\.json$/);
  expect(log.runs).toHaveLength(1);
  const { driver } = log.runs[0].tool;
  expect(driver.name).toBe('convoguard');
  expect(driver.version).toMatch(/^\d+\.\d+\.\d+/);
  const ids = driver.rules.map((r: Json) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(expect.arrayContaining(POSTURE_RULES.map((r) => r.id)));
  for (const r of driver.rules) {
    expect(r.shortDescription.text.length).toBeGreaterThan(10);
    expect(['error', 'warning']).toContain(r.defaultConfiguration.level);
    expect(Number(r.properties['security-severity'])).toBeGreaterThan(0);
  }
  const results = log.runs[0].results as Json[];
  expect(results).toHaveLength(p.findings.length);
  for (const r of results) {
    expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(r.message.text.length).toBeGreaterThan(0);
    expect(r.locations[0].physicalLocation.artifactLocation.uri).not.toMatch(/^\/|\\/);
    // The example's findings are all gaps the plan names: notes, suppressed, never open alerts.
    expect(r.level).toBe('note');
    expect(r.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: expect.stringContaining('the plan names') },
    ]);
  }
  // Code scanning deduplicates by primaryLocationLineHash, which it cannot compute for a file outside the repository.
  const prints = results.map((r) => r.partialFingerprints.primaryLocationLineHash);
  for (const h of prints) expect(h).toMatch(/^[0-9a-f]{16}:1$/);
  expect(new Set(prints).size).toBe(prints.length);
  expect(
    JSON.parse(renderSarif(read(dir), { knownGaps: true })).runs[0].results.map(
      (r: Json) => r.partialFingerprints.primaryLocationLineHash,
    ),
  ).toEqual(prints);
});

test('a hand-edited retention is an open error at the template, with the resource as a logical location', async () => {
  const dir = editedExample(CFN, (t) => (t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 30));
  const r = await runCli(
    ['report', '--cdk-out', 'cdk.out', '--tf-out', 'cdktf.out', '--rasa', 'out', '--format', 'sarif'],
    dir,
  );
  expect(r.code).toBe(0);
  expect(schemaErrors(r.out)).toEqual([]);
  const open = (JSON.parse(r.out).runs[0].results as Json[]).filter((x) => !x.suppressions);
  expect(open).toEqual([
    expect.objectContaining({
      ruleId: 'CG-STORE-RETENTION',
      level: 'error',
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: CFN } },
          logicalLocations: [
            {
              name: 'billingConversationLogs48438003',
              fullyQualifiedName: 'billing/billingConversationLogs48438003',
              kind: 'resource',
            },
          ],
        },
      ],
    }),
  ]);
  expect(await runCli(['report', '--tf-out', 'cdktf.out', '--format', 'xml'], dir)).toMatchObject({
    code: 2,
    err: expect.stringContaining('--format received "xml"; expected md, json, sarif or junit'),
  });
  expect(await runCli(['report', '--tf-out', 'cdktf.out', '--known-gaps'], dir)).toMatchObject({
    code: 2,
    err: expect.stringContaining('--known-gaps is a SARIF option'),
  });
});

test('the schema check can fail: a result without a message, or with a level SARIF does not have, is refused', () => {
  const log = JSON.parse(renderSarif(read(exampleSynthesis()), { knownGaps: true })) as Json;
  delete log.runs[0].results[0].message;
  log.runs[0].results[1].level = 'critical';
  log.runs[0].results[2].locations[0].physicalLocation.artifactLocation.uri = 'cdk out/a template.json';
  expect(schemaErrors(JSON.stringify(log))).toEqual(
    expect.arrayContaining([
      "/runs/0/results/0 must have required property 'message'",
      '/runs/0/results/1/level must be equal to one of the allowed values',
    ]),
  );
});

test("a gap the plan names points at its agent's line in the policy it was synthesized from, and never into another version of it", async () => {
  const dir = exampleSynthesis();
  const lines = fs.readFileSync(path.join(dir, 'policy.yaml'), 'utf8').split('\n');
  const lineOf = (agent: string) => lines.findIndex((l) => new RegExp(`^\\s+- \\{ name: ${agent},`).test(l)) + 1;
  const r = await runCli(['report', '--dir', '.', '--format', 'sarif', '--known-gaps'], dir);
  expect(r.code).toBe(0);
  expect(schemaErrors(r.out)).toEqual([]);
  const results = JSON.parse(r.out).runs[0].results as Json[];
  expect(results.length).toBeGreaterThan(3);
  for (const x of results) {
    const agent = x.properties.agent as string;
    expect(lineOf(agent)).toBeGreaterThan(0);
    expect(x.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'policy.yaml' },
      region: { startLine: lineOf(agent), startColumn: lines[lineOf(agent) - 1].indexOf('{') + 1 },
    });
    expect(x.relatedLocations[0].physicalLocation.artifactLocation.uri).toMatch(/^(cdk\.out|cdktf\.out|out)\//);
  }
  // The policy edited after the synthesis: its lines may have moved, so the results stay at the synthesized files.
  fs.appendFileSync(path.join(dir, 'policy.yaml'), '# edited\n');
  const stale = JSON.parse((await runCli(['report', '--dir', '.', '--format', 'sarif', '--known-gaps'], dir)).out);
  for (const x of stale.runs[0].results as Json[]) {
    expect(x.locations[0].physicalLocation.artifactLocation.uri).not.toBe('policy.yaml');
    expect(x.relatedLocations).toBeUndefined();
  }
});

test("in a monorepo, a gap points at the policy's path from the repository's root, where code scanning looks for it", async () => {
  const repo = tmpDir('convoguard-monorepo-');
  fs.mkdirSync(path.join(repo, '.git'));
  const bots = path.join(repo, 'packages', 'bots');
  fs.mkdirSync(bots, { recursive: true });
  fs.writeFileSync(
    path.join(bots, 'convoguard.yaml'),
    [
      'version: 1',
      'name: mono',
      'detection: { kinds: [email] }',
      'retention: { sensitive: 24h, anonymized: 30d }',
      'agents:',
      "  - { name: kiosk, platform: rasa, language: en, rasa: { version: '3.13' } }",
      '',
    ].join('\n'),
  );
  expect((await runCli(['synth', 'convoguard.yaml'], bots)).code).toBe(0);
  const manifest = JSON.parse(fs.readFileSync(path.join(bots, 'out', 'convoguard.json'), 'utf8'));
  expect(manifest.policy).toMatchObject({ file: 'convoguard.yaml', repoFile: 'packages/bots/convoguard.yaml' });
  const r = await runCli(['report', '--dir', '.', '--format', 'sarif', '--known-gaps'], bots);
  expect(r.code).toBe(0);
  const located = (JSON.parse(r.out).runs[0].results as Json[]).map((x) => x.locations[0].physicalLocation);
  expect(located.length).toBeGreaterThan(0);
  for (const l of located)
    expect(l).toMatchObject({
      artifactLocation: { uri: 'packages/bots/convoguard.yaml' },
      region: { startLine: 6, startColumn: 5 },
    });

  // Outside any git work tree, the path is the one synth was given, as before.
  fs.rmSync(path.join(repo, '.git'), { recursive: true });
  expect((await runCli(['synth', 'convoguard.yaml'], bots)).code).toBe(0);
  const plain = await runCli(['report', '--dir', '.', '--format', 'sarif', '--known-gaps'], bots);
  expect(JSON.parse(plain.out).runs[0].results.length).toBe(located.length);
  for (const x of JSON.parse(plain.out).runs[0].results as Json[])
    expect(x.locations[0].physicalLocation.artifactLocation.uri).toBe('convoguard.yaml');
});

test("a head's manifest cannot make the judge read outside its folders, nor point code scanning at another file", async () => {
  const dir = exampleSynthesis();
  const manifestFile = path.join(dir, 'out', 'convoguard.json');
  const original = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  // A file outside the synthesis with the hash the manifest claims: a traversal would find it and use its lines.
  const outside = path.join(path.dirname(dir), 'outside.yaml');
  fs.copyFileSync(path.join(dir, 'policy.yaml'), outside);
  const uris = async (policy: Json) => {
    fs.writeFileSync(manifestFile, JSON.stringify({ ...original, policy: { ...original.policy, ...policy } }));
    const r = await runCli(['report', '--dir', '.', '--format', 'sarif', '--known-gaps'], dir);
    expect(r.code).toBe(0);
    return new Set(
      (JSON.parse(r.out).runs[0].results as Json[]).map((x) => x.locations[0].physicalLocation.artifactLocation.uri),
    );
  };
  for (const file of [`../${path.basename(outside)}`, outside, '..\\\\outside.yaml', 'C:/outside.yaml'])
    for (const repoFile of [undefined, 'policy.yaml', 'outside.yaml'])
      for (const uri of await uris({ file, repoFile }))
        expect([file, repoFile, uri]).toEqual([file, repoFile, expect.stringMatching(/^(cdk\.out|cdktf\.out|out)\//)]);
  // repoFile must end with the file: anything else keeps the file's own path.
  expect(await uris({ repoFile: 'secrets/other.yaml' })).toContain('policy.yaml');
  expect(await uris({ repoFile: '\\\\etc\\\\passwd' })).toContain('policy.yaml');
  expect(await uris({ repoFile: 'bots/policy.yaml' })).toContain('bots/policy.yaml');
});

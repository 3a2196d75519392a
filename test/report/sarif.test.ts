/**
 * SARIF 2.1.0 for code scanning: the structure the specification requires (version, a run whose driver lists its
 * rules, results naming a rule by id and index, a message and a location), levels from what needs fixing, gaps the
 * plan names suppressed, and fingerprints that stay put across runs and tell findings apart.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readPosture } from '../../lib/report';
import { POSTURE_RULES } from '../../lib/report/rules';
import { renderSarif, SARIF_VERSION } from '../../lib/report/sarif';
import { exampleSynthesis, runCli } from '../helpers';

type Json = Record<string, any>;
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
  const dir = exampleSynthesis();
  const t = JSON.parse(fs.readFileSync(path.join(dir, CFN), 'utf8'));
  t.Resources.billingConversationLogs48438003.Properties.RetentionInDays = 30;
  fs.writeFileSync(path.join(dir, CFN), JSON.stringify(t));
  const r = await runCli(
    ['report', '--cdk-out', 'cdk.out', '--tf-out', 'cdktf.out', '--rasa', 'out', '--format', 'sarif'],
    dir,
  );
  expect(r.code).toBe(0);
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

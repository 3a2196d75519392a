/**
 * JUnit XML for CI test reports and the versioned report JSON: a suite per agent, a case per rule, findings to fix
 * as failures and gaps the plan names as skipped, well-formed whatever a hand edit puts in a message.
 */
import * as path from 'path';
import { readPosture } from '../../lib/report';
import { renderJunit, REPORT_SCHEMA_VERSION } from '../../lib/report/junit';
import type { Posture } from '../../lib/report/model';
import { exampleSynthesis, runCli } from '../helpers';

/** Every element closed in order, attributes quoted, no bare & or <: what any XML parser needs. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(body)) return false;
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>|</g)) {
    if (m[2] === undefined) return false;
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else if (!m[4]) stack.push(m[2]);
  }
  return stack.length === 0;
}

const cases = (xml: string) =>
  [...xml.matchAll(/<testcase classname="convoguard\.([^"]+)" name="([^"]+)">(<failure|<skipped)?/g)].map((m) => [
    m[1],
    m[2],
    m[3] ?? 'pass',
  ]);

test('the example: a suite per agent, every gap the plan names skipped, nothing failing; the JSON says its version', async () => {
  const dir = exampleSynthesis();
  const p = readPosture({
    cdkOut: path.join(dir, 'cdk.out'),
    tfOut: path.join(dir, 'cdktf.out'),
    out: path.join(dir, 'out'),
    relativeTo: dir,
  });
  const xml = renderJunit(p);
  expect(wellFormed(xml)).toBe(true);
  expect([...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual(
    p.agents.map((a) => `${a.agent} (${a.platform})`),
  );
  const all = cases(xml);
  expect(all.filter(([, , r]) => r === '<failure')).toEqual([]);
  expect(all).toContainEqual(['kiosk', 'CG-STORE-RETENTION', '<skipped']);
  expect(all).toContainEqual(['billing', 'CG-STORE-ENCRYPTED', 'pass']);
  const r = await runCli(['report', '--dir', '.', '--format', 'json'], dir);
  expect(JSON.parse(r.out)).toMatchObject({
    schemaVersion: REPORT_SCHEMA_VERSION,
    agents: expect.any(Array),
    findings: expect.any(Array),
  });
});

test('a finding to fix fails its case, and a hostile message stays text', () => {
  const p: Posture = {
    agents: [
      {
        agent: 'bot',
        platform: 'lex',
        source: 't.json',
        detectors: [],
        customPatterns: [],
        redaction: [],
        attached: true,
        stores: [],
        keys: [],
      },
    ],
    findings: [
      {
        severity: 'high',
        rule: 'CG-STORE-RETENTION',
        agent: 'bot',
        resource: 'Logs',
        message: 'kept 30d </failure><testcase name="fake"/> & \u0007',
        planned: false,
      },
    ],
  } as unknown as Posture;
  const xml = renderJunit(p);
  expect(wellFormed(xml)).toBe(true);
  expect(cases(xml).filter(([, , r]) => r === '<failure')).toEqual([['bot', 'CG-STORE-RETENTION', '<failure']]);
  expect(xml).toContain(
    '<failure type="high" message="1 finding to fix">Logs: kept 30d &lt;/failure&gt;&lt;testcase name=&quot;fake&quot;/&gt; &amp;  </failure>',
  );
  // The check above can fail: misnested, unclosed and bare-ampersand documents are refused.
  expect(['<a><b></a></b>', '<a>', '<a>&</a>', '<a x=1></a>'].map(wellFormed)).toEqual([false, false, false, false]);
});

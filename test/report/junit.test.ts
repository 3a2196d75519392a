/**
 * JUnit XML for CI test reports and the versioned report JSON: a suite per agent, a case per rule, findings to fix
 * as failures and gaps the plan names as skipped, well-formed whatever a hand edit puts in a message.
 */
import * as path from 'path';
import { readPosture } from '../../lib/report';
import { renderJunit, REPORT_SCHEMA_VERSION } from '../../lib/report/junit';
import type { Posture } from '../../lib/report/model';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { exampleSynthesis, runCli } from '../helpers';

/** Well-formed XML, as an XML parser judges it (fast-xml-parser's validator). */
const wellFormed = (xml: string): boolean => XMLValidator.validate(xml) === true;

/** The document as a parser reads it: suites, each with its cases and what each case holds. */
function parsed(xml: string) {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => n === 'testsuite' || n === 'testcase',
  }).parse(xml);
  return doc.testsuites.testsuite as Array<{ name: string; testcase?: Array<Record<string, any>> }>;
}

const cases = (xml: string) =>
  parsed(xml).flatMap((suite) =>
    (suite.testcase ?? []).map((c) => [
      String(c.classname).replace(/^convoguard\./, ''),
      c.name,
      'failure' in c ? '<failure' : 'skipped' in c ? '<skipped' : 'pass',
    ]),
  );

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
  expect(parsed(xml).map((suite) => suite.name)).toEqual(p.agents.map((a) => `${a.agent} (${a.platform})`));
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
  // Read back by a parser, the message is the text it was, but the control character (XML 1.0 cannot carry it; the
  // parser trims the space left in its place).
  const failing = parsed(xml)[0].testcase!.find((c) => 'failure' in c)!;
  expect(failing.failure['#text']).toBe('Logs: kept 30d </failure><testcase name="fake"/> &');
  // The check above can fail: misnested, unclosed and bare-ampersand documents are refused.
  expect(['<a><b></a></b>', '<a>', '<a>&</a>', '<a x=1></a>'].map(wellFormed)).toEqual([false, false, false, false]);
});

/** Project-level grants exist once per project: two agents never own the same IAM member, across stacks too. */
import { App, Testing } from 'cdktf';
import { addGcpStacks } from '../../lib/gcp';
import { parsePolicy, plan } from '../../lib/policy';

const synth = (agents: string) => {
  const app = Testing.app() as App;
  const stacks = addGcpStacks(app, plan(parsePolicy(`version: 1\nname: acme\ndetection: { kinds: [email] }\nagents:\n${agents}`).policy));
  const tf = Object.fromEntries(Object.entries(stacks).map(([n, s]) => [n, JSON.parse(Testing.synth(s, false))]));
  return { stacks, tf };
};
const create = 'create: { displayName: A, language: en, timeZone: UTC }';
const grants = (tf: any) =>
  Object.values(tf.resource.google_project_iam_member ?? {})
    .map((g: any) => g.role)
    .sort();

test('two agents in one project and location: one pair of template reader grants, both agents wait for it', () => {
  const { tf } = synth(`  - { name: a, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, ${create} }\n  - { name: b, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, ${create} }\n`);
  const t = tf['acme-gcp-acme-cx-prod-us-central1'];
  expect(grants(t)).toEqual(['roles/dlp.deidentifyTemplatesReader', 'roles/dlp.inspectTemplatesReader']);
  const names = Object.keys(t.resource.google_project_iam_member).map((n) => `google_project_iam_member.${n}`);
  for (const agent of Object.values(t.resource.google_dialogflow_cx_agent) as any[]) expect(agent.depends_on).toEqual(expect.arrayContaining(names));
});

test("another location of the same project: no second pair; that stack deploys after the owner's", () => {
  const { stacks, tf } = synth(`  - { name: a, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, ${create} }\n  - { name: b, platform: dialogflow-cx, project: acme-cx-prod, location: europe-west2, ${create} }\n`);
  expect(grants(tf['acme-gcp-acme-cx-prod-us-central1'])).toHaveLength(2);
  expect(grants(tf['acme-gcp-acme-cx-prod-europe-west2'])).toEqual([]);
  expect(stacks['acme-gcp-acme-cx-prod-europe-west2'].dependencies).toEqual([stacks['acme-gcp-acme-cx-prod-us-central1']]);
});

test('another project gets its own pair', () => {
  const { tf } = synth(`  - { name: a, platform: dialogflow-cx, project: acme-cx-prod, location: us-central1, ${create} }\n  - { name: b, platform: dialogflow-cx, project: acme-cx-test, location: us-central1, ${create} }\n`);
  expect(grants(tf['acme-gcp-acme-cx-prod-us-central1'])).toHaveLength(2);
  expect(grants(tf['acme-gcp-acme-cx-test-us-central1'])).toHaveLength(2);
});

/**
 * Many lex agents in one region: as many stacks as CloudFormation's limits need (measured from what the constructs
 * produce), named and described within its limits, placed the same way on every run (the placement file), and
 * refused in CI when that file is missing. The full-size check (300 agents through `convoguard synth` and `cdk synth`,
 * every template measured) is `npm run test:scale`, which CI runs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { addAwsStacks, awsPlacement, awsStackDescription, measureAgentCosts, synthAwsChecked } from '../../lib/aws';
import { resolvePlacement } from '../../lib/cli/placement-file';
import { agentsOf, parsePolicy, plan } from '../../lib/policy';
import { STACK_LIMITS } from '../../lib/policy/placement';
import { runCli, tmpDir } from '../helpers';

const agent = (name: string) =>
  `  - { name: ${name}, platform: lex, region: us-east-1, create: { locale: en_US, intents: [{ name: Pay, utterances: ['pay my bill'] }] } }`;
const policy = (agents: string[]) =>
  `version: 1\nname: fleet\ndetection: { kinds: [email, phone, credit_card] }\nagents:\n${agents.map(agent).join('\n')}\n`;
const names = Array.from({ length: 35 }, (_, i) => `bot-${String(i).padStart(2, '0')}`);
const fleet = plan(parsePolicy(policy(names)).policy);

describe('35 lex agents in one region', () => {
  const placement = awsPlacement(fleet);
  const { costs, overhead } = measureAgentCosts(agentsOf(fleet, 'lex').slice(0, 1));
  const perStack = Math.floor(
    (STACK_LIMITS.resources * STACK_LIMITS.fill - overhead.resources) / costs.get('bot-00')!.resources,
  );

  test('the budget follows what an agent produces: the first stack takes as many as fit, the rest go to a second', () => {
    expect(costs.get('bot-00')!.resources).toBeGreaterThan(5);
    const first = Object.values(placement['us-east-1']).filter((i) => i === 0).length;
    expect(first).toBe(Math.min(perStack, 35));
    expect(Object.values(placement['us-east-1']).filter((i) => i === 1).length).toBe(35 - first);
  });

  test('the stacks are named from the first one a one-stack policy has, and described within 1,024 characters', () => {
    const stacks = addAwsStacks(new App(), fleet, placement);
    expect(Object.keys(stacks)).toEqual(['fleet-aws-us-east-1', 'fleet-aws-us-east-1-2']);
    const d = awsStackDescription(
      'fleet',
      Array.from({ length: 200 }, (_, i) => `a-rather-long-agent-name-${i}`),
    );
    expect(d.length).toBeLessThanOrEqual(1024);
    expect(d).toMatch(
      /^convoguard: sensitive-data protection for 200 agents: a-rather-long-agent-name-0, .* … \(policy fleet\)$/,
    );
  });

  test('an agent added in the middle leaves every other agent in its stack', () => {
    const more = [...names.slice(0, 10), 'bot-new', ...names.slice(10)];
    const next = awsPlacement(plan(parsePolicy(policy(more)).policy), placement);
    for (const [a, i] of Object.entries(placement['us-east-1'])) expect([a, next['us-east-1'][a]]).toEqual([a, i]);
    expect(next['us-east-1']['bot-new']).toBe(1);
  });
});

test('the placement file: refused in CI while missing (nothing written), written locally, then what CI synthesizes from', async () => {
  const dir = tmpDir('convoguard-fleet-');
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), policy(names));
  const ci = await runCli(['synth', 'fleet.yaml'], dir, { CI: 'true' });
  expect(ci.code).toBe(2);
  expect(ci.err).toContain(
    `${path.join(dir, 'fleet.placement.json')} is missing: this policy's lex agents need more than one stack in a region`,
  );
  expect(fs.readdirSync(dir)).toEqual(['fleet.yaml']);
  const local = resolvePlacement(fleet, path.join(dir, 'fleet.yaml'), {}, awsPlacement);
  expect(local.wrote).toBe(path.join(dir, 'fleet.placement.json'));
  const file = JSON.parse(fs.readFileSync(path.join(dir, 'fleet.placement.json'), 'utf8'));
  expect(file).toMatchObject({ version: 1, aws: { 'us-east-1': { 'bot-00': 0, 'bot-34': 1 } } });
  expect(resolvePlacement(fleet, path.join(dir, 'fleet.yaml'), { CI: 'true' }, awsPlacement)).toEqual({
    placement: file.aws,
  });
  // A new agent in CI: the file is out of date, and the error names what changed.
  const more = plan(parsePolicy(policy([...names, 'bot-new'])).policy);
  expect(() => resolvePlacement(more, path.join(dir, 'fleet.yaml'), { CI: 'true' }, awsPlacement)).toThrow(
    /fleet\.placement\.json is out of date \(new: bot-new\): /,
  );
});

describe('a placement file that already places every agent', () => {
  test('is kept as it is, unmeasured; a stack the agents outgrew is refused when synthesized, naming it', () => {
    // 40 agents kept in the first stack: more than CloudFormation's 500 resources. Measuring would refuse it at
    // placement; kept unmeasured, the synthesis refuses it with the same advice.
    const forty = Array.from({ length: 40 }, (_, i) => `bot-${String(i).padStart(2, '0')}`);
    const big = plan(parsePolicy(policy(forty)).policy);
    const crowded = { 'us-east-1': Object.fromEntries(forty.map((n) => [n, 0])) };
    expect(awsPlacement(big, crowded)).toEqual(crowded);
    const app = new App({ outdir: tmpDir('convoguard-crowded-') });
    addAwsStacks(app, big, crowded);
    expect(() => synthAwsChecked(app)).toThrow(
      /^stack fleet-aws-us-east-1 would hold \d+ resources; CloudFormation allows 500: its agents grew\. Move one by removing its line from the placement file/,
    );
  });

  test('a template over 1 MB, which CDK only warns about, is refused', () => {
    const app = new App({ outdir: tmpDir('convoguard-big-') });
    new CfnResource(new Stack(app, 'Big'), 'Blob', { type: 'AWS::CloudFormation::WaitConditionHandle' }).addMetadata(
      'Note',
      'x'.repeat(1_100_000),
    );
    expect(() => synthAwsChecked(app)).toThrow(
      /^stack Big has a 11\d{5}-byte template; CloudFormation allows 1000000: its agents grew/,
    );
  });
});

import { canary, CANARY_ID_RE, newCanaryId } from '../policy/canary';
import { plan } from '../policy/plan';
import { EXIT, UsageError } from './io';
import type { Command } from './command';
import { agentsArg, formatArg, loadPolicyArg } from './args';

export const canaryCommand: Command = {
  summary: 'print synthetic personal data to send through a deployed agent, and the queries that prove it was redacted',
  usage: 'convoguard canary <policy.yaml> [--agent NAME] [--id ID] [--format text|json]',
  help: [
    "For each agent (or the one --agent names): one utterance per kind (the catalog's synthetic values: example.com,",
    '203.0.113.0/24, test card and IBAN numbers) and per custom pattern (its first examples.match), and one with the',
    'SSML markers, each tagged with the canary id; then, per store, the command to run after the conversation (Logs',
    'Insights, gcloud logging read, a DLP inspect call, a Kafka consumer, SQL on the tracker store) and what it must',
    'show. Prints only: it needs no credentials and calls nothing.',
    '',
    'Options:',
    '  --agent NAME        only this agent',
    '  --id ID             the canary id (4-16 lower-case letters and digits; default random)',
    '  --format text|json  (default text)',
  ].join('\n'),
  options: { agent: { type: 'string' }, id: { type: 'string' }, format: { type: 'string' } },
  run({ positionals, values }, io) {
    const { policy } = loadPolicyArg(positionals, io.cwd);
    const f = formatArg(values.format, ['text', 'json']);
    const id = (values.id as string | undefined) ?? newCanaryId();
    if (!CANARY_ID_RE.test(id))
      throw new UsageError(`--id received "${id}"; expected 4-16 lower-case letters and digits`);
    const agents = agentsArg(plan(policy).agents, values.agent);
    const c = canary(policy, agents, id);
    if (f === 'json') {
      io.out(JSON.stringify(c, null, 2) + '\n');
      return EXIT.ok;
    }
    const out: string[] = [`canary ${c.id}: send each line to the agent, then run the checks`, ''];
    for (const a of c.agents) {
      out.push(`== ${a.agent} [${a.platform}] ==`, 'Send:');
      for (const u of a.utterances) out.push(`  ${u.text}`);
      if (a.checks.length > 0) out.push('', 'Then check:');
      for (const k of a.checks)
        out.push(
          `  ${k.store}`,
          ...(k.when ? [`    when: ${k.when}`] : []),
          ...k.command.split('\n').map((l) => `    $ ${l}`),
          `    expect: ${k.expect}`,
        );
      if (a.notes.length > 0) out.push('', ...a.notes.map((n) => `  note: ${n}`));
      out.push('');
    }
    io.out(out.join('\n'));
    return EXIT.ok;
  },
};

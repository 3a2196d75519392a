/** Where `convoguard canary` looks on a lex agent, and what it cannot prove there. */
import type { CanaryCheck, CanaryUtterance } from '../types';
import type { LexAgentPlan as Plan } from './plan-types';

export function canaryChecks(
  a: Plan,
  _utterances: readonly CanaryUtterance[],
  id: string,
): { checks: CanaryCheck[]; notes: string[] } {
  const checks: CanaryCheck[] = [];
  const notes: string[] = [];
  const since = '$(($(date +%s) - 3600))';
  checks.push({
    store: `conversation logs ${a.names.logGroup}`,
    command: `aws logs start-query --region ${a.region} --log-group-name '${a.names.logGroup}' --start-time ${since} --end-time $(date +%s) --query-string 'fields @timestamp, inputTranscript, @message | filter @message like /${id}/ | limit 100'  # then: aws logs get-query-results --region ${a.region} --query-id <queryId>`,
    expect: `every canary line is there (the bot logged it) and no canary value is readable: each shows as ****. A value in the clear means CloudWatch did not detect it (a kind without a keyword nearby, a custom pattern CloudWatch's dialect reads differently)`,
  });
  checks.push({
    store: `audit findings ${a.names.auditLogGroup}`,
    command: `aws logs filter-log-events --region ${a.region} --log-group-name '${a.names.auditLogGroup}' --start-time $(( $(date +%s) * 1000 - 3600000 ))`,
    expect:
      'one finding per masked log event, naming its data identifiers; none of the canary values (audit findings carry identifiers and offsets only)',
  });
  if (a.verify) {
    checks.push({
      store: `verify: the metric alarm ${a.verify.alarm.name} watches`,
      when: 'an hour after the conversation (the alarm sums findings per hour)',
      command: `aws cloudwatch get-metric-statistics --region ${a.region} --namespace AWS/Logs --metric-name LogEventsWithFindings --dimensions Name=LogGroupName,Value='${a.verify.alarm.logGroup}' --start-time $(($(date +%s) - 7200)) --end-time $(date +%s) --period 3600 --statistics Sum`,
      expect:
        'a sum that counts the canary lines CloudWatch masked: the metric the alarm reads works. The alarm itself goes off only on a rise above the band it learned from weeks of this metric, so one canary does not set it off',
    });
    // The key lets cloudwatch.amazonaws.com publish for this alarm only (aws:SourceAccount, aws:SourceArn): proven by a delivery.
    checks.push({
      store: `verify: the alarm ${a.verify.alarm.name} reaches its topic`,
      command: `aws cloudwatch set-alarm-state --region ${a.region} --alarm-name '${a.verify.alarm.name}' --state-value ALARM --state-reason 'convoguard canary'  # then: aws cloudwatch describe-alarm-history --region ${a.region} --alarm-name '${a.verify.alarm.name}' --history-item-type Action --max-items 3`,
      expect:
        'an Action entry "Successfully executed action" and the e-mail at each address in verify.notify.email; a KMS AccessDenied in the history means the key does not let CloudWatch encrypt for this alarm, and the alarm tells nobody (the state returns to OK at the next evaluation)',
    });
  }
  notes.push(
    'Audio logs are raw speech: a spoken canary stays unredacted in the audio bucket until it expires; no query can redact it.',
  );
  return { checks, notes };
}

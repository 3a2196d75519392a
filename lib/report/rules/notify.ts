import type { PostureRule } from './rule';

/**
 * An alarm or alert counts only when someone hears it: CloudWatch publishes to an SNS topic, which delivers only to
 * its subscriptions (SNS Developer Guide, "Subscribing to an Amazon SNS topic"); Cloud Monitoring publishes to a
 * Pub/Sub topic, which keeps a message only for the subscriptions it has when the message is published (Pub/Sub,
 * "Subscription overview"). A check whose every action is such a topic tells nobody that redaction failed.
 */
export const notifySomeone: PostureRule = {
  id: 'CG-NOTIFY',
  severity: 'high',
  description:
    'Every alarm and alert that verifies a store notifies someone: an e-mail subscription or channel (verify.notify.email), or a topic of yours that someone reads.',
  check: (a) =>
    (a.silentChecks ?? []).map((label) => ({
      resource: a.source,
      message: `${label} notifies nobody: its topic has no subscriber and it has no e-mail channel, so a failure of redaction tells no one. Add verify.notify.email, or name a topic of yours that someone reads (verify.notify.aws, verify.notify.gcp)`,
      // The plan said so (verify.notify names nobody): a known gap, warned at synth; otherwise a hand edit removed them.
      planned: (a.expected?.stores ?? []).some((s) => (s.unverifiedReason ?? '').includes('notifies nobody')),
    })),
};

/**
 * Secure defaults for the AWS constructs, in one place.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { DEFAULT_DAYS } from '../policy/defaults';

export const AWS_DEFAULTS = {
  /** Sensitive objects expire after this many days. S3 removes them 24-48 h after creation (see SensitiveBucket). */
  sensitiveObjectExpirationDays: 1,
  /** Server access logs of sensitive buckets: short-lived too. */
  accessLogExpirationDays: 7,
  /** Key rotation: the policy's default encryption.rotation (AWS KMS accepts 90-2560 days). */
  rotationDays: DEFAULT_DAYS.rotation,
  /** Waiting period before a key scheduled for deletion is destroyed: the policy's default (7-30 days). */
  pendingWindowDays: DEFAULT_DAYS.deletionWindow,
  /** Stateful resources outlive the stack: deleting a key or a bucket by accident loses data or access to it. */
  removalPolicy: RemovalPolicy.RETAIN,
  /** Kafka version for new MSK clusters; AWS::MSK::Topic needs 3.6.0 or later. */
  kafkaVersion: '3.6.0',
  brokerInstanceType: 'kafka.m7g.large',
  brokerVolumeGiB: 100,
  idleSessionTtlSeconds: 300,
  nluConfidenceThreshold: 0.4,
} as const;

/** Compare Kafka versions: true when `v` is at least 3.6.0. */
export function kafkaSupportsTopics(v: string): boolean {
  const [maj, min] = v.split('.').map(Number);
  return maj > 3 || (maj === 3 && min >= 6);
}

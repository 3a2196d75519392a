/** CloudWatch Logs groups that hold Lex conversation logs, as stores. */
import { DAY } from '../../../policy/duration';
import { IMPLICIT_READERS, LAG } from '../../../policy/posture';
import type { StorePosture } from '../../model';
import { arr, obj, refId, Resource } from './template';

/** The conversation log group a Lex alias's text log settings send to, as a store. */
export function logStore(res: Record<string, Resource>, settings: unknown, label: string): StorePosture | undefined {
  const text = arr(obj(settings).TextLogSettings)
    .map(obj)
    .find((s) => s.Enabled !== false);
  if (!text) return undefined;
  const arn = obj(obj(text.Destination).CloudWatch).CloudWatchLogGroupArn;
  return groupStore(res, refId(arn), arn, label);
}
/** A CloudWatch Logs group as a store: retention with CloudWatch's lag, its key, data protection masking, readers. */
export function groupStore(
  res: Record<string, Resource>,
  id: string | undefined,
  arn: unknown,
  label: string,
): StorePosture {
  const group = id ? res[id] : undefined;
  const dpp = obj(group?.Properties?.DataProtectionPolicy);
  const masked = Object.keys(dpp).length > 0;
  const days = group?.Properties?.RetentionInDays;
  const kmsId = refId(group?.Properties?.KmsKeyId);
  return {
    kind: 'conversation-logs',
    name: typeof group?.Properties?.LogGroupName === 'string' ? group.Properties.LogGroupName : label,
    resource: id ?? JSON.stringify(arn),
    // A retention the reader cannot resolve (a Ref, Fn::If) reads as unlimited: the rules then fail it.
    retention: { configuredSeconds: typeof days === 'number' ? days * DAY : undefined, lag: LAG.cloudWatchRetention },
    encryption: kmsId ? { kind: 'customer', key: kmsId } : { kind: 'provider' },
    redactedBy: masked ? ['CloudWatch Logs data protection (masks with *)'] : [],
    public: false,
    sensitive: true,
    // CloudWatch decrypts for every reader it lets through (the key's deny exempts requests via logs): the key's
    // decrypters are not log readers. Masked, only logs:Unmask shows values; unmasked, every log reader does.
    readers: masked ? [IMPLICIT_READERS.logsUnmask] : [IMPLICIT_READERS.logsReaders],
  };
}

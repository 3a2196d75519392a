/**
 * The configs of every Kafka topic convoguard provisions, on MSK and on Managed Kafka alike: how long events stay
 * (`retention.ms`), deletion rather than compaction, and an hourly segment roll so that retention acts within the
 * hour (see KAFKA_SEGMENT_MS).
 */
import { KAFKA_SEGMENT_MS } from './posture';

export function topicConfigs(t: { readonly retentionMs: number; readonly segmentMs?: number }): Record<string, string> {
  return {
    'retention.ms': String(t.retentionMs),
    'cleanup.policy': 'delete',
    'segment.ms': String(t.segmentMs ?? KAFKA_SEGMENT_MS),
  };
}

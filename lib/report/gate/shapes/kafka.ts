/** The topic configs the gate judges, on MSK (`Configs`) and Managed Kafka (`configs`) alike. */
import { Cmp, fields, num, ordered, unverified } from '../compare';

/** Kafka's own defaults: retention.ms 7 days, segment.ms 7 days (`log.roll.hours` = 168). */
const KAFKA_WEEK_MS = 604800000;

export const TOPIC_CONFIGS: Cmp = fields(
  {
    'retention.ms': num({ stronger: 'lower', absent: KAFKA_WEEK_MS, why: 'topic retention' }),
    'retention.bytes': num({ stronger: 'lower', absent: Infinity, why: 'topic size bound' }),
    // Kafka deletes a segment only once its newest event is past retention.ms: a longer roll keeps events longer.
    'segment.ms': num({
      stronger: 'lower',
      absent: KAFKA_WEEK_MS,
      why: 'segment roll (events outlive retention by up to it)',
    }),
    'cleanup.policy': ordered(['compact', 'compact,delete', 'delete'], {
      absent: 'delete',
      why: 'cleanup policy (compact keeps the last event of each key forever)',
    }),
  },
  unverified('a topic setting the gate does not know'),
);

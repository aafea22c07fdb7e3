import type { Topic } from './classification.ts';

/** Team queue per topic; anything unmapped goes to the general social-care queue. */
export type TopicQueues = Readonly<Partial<Record<Topic, string>>>;

export const defaultQueue = 'social-care';

export const defaultTopicQueues: TopicQueues = {
  billing: 'billing',
  'orders-delivery': 'orders',
  'outage-technical': 'tech-support',
  'account-access': 'tech-support',
  'travel-disruption': 'travel',
  'lost-damaged-property': 'claims',
};

export const queueFor = (topic: Topic, queues: TopicQueues = defaultTopicQueues): string =>
  queues[topic] ?? defaultQueue;

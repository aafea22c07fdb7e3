import { describe, expect, it } from 'vitest';
import { buildDefaultTrainingSet } from '../../lambdas/model-training/default-training-set.ts';
import { hasPermissiveData, permissiveDataDir } from '../../lambdas/model-training/paths.ts';

describe.skipIf(!hasPermissiveData())(
  'the default training set (skipped when ../shared/data/permissive is absent)',
  () => {
    it('reads every source, relabels, dedupes and caps deterministically, with every intent present', () => {
      // Arrange / Act
      const a = buildDefaultTrainingSet(permissiveDataDir, 1);
      const b = buildDefaultTrainingSet(permissiveDataDir, 1);
      // Assert
      expect(a.examples.length).toBe(b.examples.length);
      expect(a.examples.slice(0, 50)).toEqual(b.examples.slice(0, 50));
      expect(a.sources.map((s) => s.source)).toEqual([
        'banking77',
        'nlupp',
        'clinc150',
        'dstc11',
        'goemotions',
        'sms-spam',
        'templates/ideas',
        'templates/social',
      ]);
      expect(a.sources.find((s) => s.source === 'banking77')?.read).toBe(13_083);
      const intents = new Set(a.examples.map((e) => e.intent));
      for (const intent of ['complaint', 'request', 'idea', 'praise', 'chatter', 'spam'])
        expect(intents).toContain(intent);
      const texts = a.examples.map((e) => e.text.toLowerCase().replace(/\s+/g, ' ').trim());
      expect(new Set(texts).size).toBe(texts.length);
    }, 30_000);
  },
);

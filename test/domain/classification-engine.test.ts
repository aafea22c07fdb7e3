import { describe, expect, it } from 'vitest';
import { shippedModel } from '../../lambdas/adapters/engine-classifier.ts';
import { Classification } from '../../lambdas/domain/classification.ts';
import { classifyWithEngine } from '../../lambdas/domain/classification-engine.ts';

const author = { id: 'a1', handle: 'someone', verified: false };
const postedAt = '2026-11-25T10:00:00.000Z'; // a Wednesday
const engine = (text: string, extra: { direct?: boolean; language?: string; followers?: number } = {}) =>
  classifyWithEngine(
    {
      text,
      direct: extra.direct ?? false,
      createdAt: postedAt,
      author: { ...author, ...(extra.followers === undefined ? {} : { followers: extra.followers }) },
      ...(extra.language ? { language: extra.language } : {}),
    },
    shippedModel(),
  );

/** Hand-written posts in the four supported languages: [text, language, service need?]. */
const multilingual: readonly [string, string, boolean][] = [
  ['@ShopCo my parcel never arrived and nobody answers my emails. I want a refund', 'en', true],
  ['@AirCo flight cancelled again, stuck at the airport with no help from your staff', 'en', true],
  ['How do I change the delivery address on my order?', 'en', true],
  ['Thank you so much @ShopCo, the new store is lovely!', 'en', false],
  ['@ShopCo mi pedido no ha llegado y nadie responde, quiero un reembolso', 'es', true],
  ['@AirCo necesito ayuda, mi vuelo fue cancelado y perdí la conexión', 'es', true],
  ['Qué bonito día para ir a la playa con mis amigos', 'es', false],
  ["@ShopCo ma commande n'est toujours pas arrivée, je veux un remboursement", 'fr', true],
  ["@AirCo mon vol est annulé et personne ne répond au téléphone, c'est inadmissible", 'fr', true],
  ['Quelle belle journée pour une promenade au parc avec les enfants', 'fr', false],
  ['@ShopCo meine Bestellung ist nicht angekommen und ich warte noch auf die Erstattung', 'de', true],
  ['@AirCo mein Flug wurde storniert, wie kann ich eine Rückerstattung bekommen?', 'de', true],
  ['Heute ist so ein schöner Tag, wir gehen mit den Kindern in den Park', 'de', false],
];

describe('classification engine', () => {
  it.each(multilingual)('%s → language %s, service need %s', (text, language, serviceNeed) => {
    // Act
    const result = engine(text);
    // Assert
    expect(result.language).toMatchObject({ code: language, supported: true });
    expect(result.serviceNeed).toBe(serviceNeed);
  });

  it('returns every field, valid against the schema, with reasons from rules and model', () => {
    // Act
    const result = engine(
      '@ShopCo I need the replacement card by Friday, card 4111 1111 1111 1111 was stolen. Order #A-7731',
      {
        direct: true,
      },
    );
    // Assert
    expect(Classification.parse(result)).toEqual(result);
    expect(result).toMatchObject({
      serviceNeed: true,
      deadline: { at: '2026-11-27T23:59:59Z' },
      pii: { types: expect.arrayContaining(['card', 'order-number']), caseFields: { orderNumbers: ['A-7731'] } },
      sentiment: { label: expect.any(String) },
    });
    expect(result.pii?.redactedText).not.toContain('4111');
    expect(result.priority).toBe('P2');
    expect(result.reasons.some((reason) => reason.startsWith('model: '))).toBe(true);
    expect(result.reasons.some((reason) => reason.startsWith('stated deadline'))).toBe(true);
    expect(result.modelVersion).toMatch(/^rules-1\.0\.0\+linear-/);
  });

  it('names the language of a post it is not built for, so that it goes to triage', () => {
    const result = engine('@AirCo o meu voo foi cancelado e ninguém responde, quero o reembolso');
    expect(result.language).toMatchObject({ code: 'pt', supported: false });
    expect(result.reasons).toContain('language pt: not one the classifier is built for');
  });

  it('marks urgency from safety words and reach', () => {
    const safety = engine('@ShopCo the charger you sold me caught fire last night, my kid could have been injured');
    const reach = engine('@AirCo lost my luggage again, worst airline ever', { followers: 120_000 });
    expect(safety.priority).toBe('P1');
    expect(safety.urgencySignals).toContain('safety');
    expect(reach.urgencySignals).toContain('reach');
  });

  it('still classifies with the rules alone when no model is given', () => {
    const result = classifyWithEngine(
      { text: 'my parcel never arrived', direct: false, createdAt: postedAt, author },
      undefined,
    );
    expect(result).toMatchObject({ intent: 'complaint', serviceNeed: true, modelVersion: 'rules-1.0.0' });
    expect(result.sentiment).toBeUndefined();
  });
});

import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Intent, Topic } from '../../lambdas/domain/classification.ts';
import { loadModel } from '../../lambdas/domain/model/linear-model.ts';
import { defaultModelFile } from '../../lambdas/model-training/paths.ts';

const model = loadModel(JSON.parse(readFileSync(defaultModelFile, 'utf8')));

/** Hand-written posts, not from any data set; four per intent. */
const posts: readonly [string, Intent][] = [
  ['@ShopCo my order was supposed to arrive on Monday and it still is not here. Nobody answers the phone', 'complaint'],
  ['@SkyJet flight cancelled AGAIN and no one at the desk can tell us anything 😡', 'complaint'],
  ['@TeleFast internet has been down since yesterday, this is ridiculous', 'complaint'],
  ['@BankCo you charged me twice for the same payment and I want my money back', 'complaint'],
  ['@SkyJet how do I add a checked bag to my booking?', 'request'],
  ['@ShopCo can you tell me if the blue jacket comes in a size 12?', 'request'],
  ['@BankCo hi, I need to update the address on my account, can you help please', 'request'],
  ['@TeleFast what time does your store on Main Street open on Sundays?', 'request'],
  ['@ShopCo you should add a dark mode to the app', 'idea'],
  ['@SkyJet it would be great if you offered a quiet carriage on the morning service', 'idea'],
  ['@BankCo feature request: let me split a bill with friends in the app', 'idea'],
  ['@TeleFast suggestion: a family plan would make a lot of sense', 'idea'],
  ['@SkyJet thank you to the lovely crew on my flight to Denver today ❤️', 'praise'],
  ['@ShopCo the staff at your Leeds store were so helpful, great service!', 'praise'],
  ['@BankCo love the new app, so easy to use 👏', 'praise'],
  ['@TeleFast sorted my issue in five minutes, impressed, thanks!', 'praise'],
  ['FREE followers! click here http://spam.example/x http://spam.example/y', 'spam'],
  ['Earn $500 a day working from home, DM me now 💰', 'spam'],
  ['Congratulations! You have won a $1000 gift card, claim now at http://win.example', 'spam'],
  ['Send 0.1 BTC and receive 1 BTC back, guaranteed returns today only', 'spam'],
  ['watching the match tonight with my brother, come on you reds', 'chatter'],
  ['anyone else going to the concert on Saturday?', 'chatter'],
  ['good morning everyone, happy friday', 'chatter'],
  ['just finished my coffee and heading to the gym', 'chatter'],
];

describe('the shipped default model (models/default/model.json)', () => {
  it('is small enough to commit and loads with its declared labels', () => {
    // Arrange / Act
    const bytes = statSync(defaultModelFile).size;
    // Assert
    expect(bytes).toBeLessThan(5_000_000);
    expect(model.version).toMatch(/^linear-1\.0\.0\+[0-9a-f]{8}$/);
    expect([...model.labels.intent].sort()).toEqual([...Intent.options].sort());
    expect([...model.labels.topic].sort()).toEqual([...Topic.options].sort());
    expect(model.labels.sentiment).toEqual(['negative', 'neutral', 'positive']);
    expect(model.training).toHaveProperty('dataFingerprint');
  });

  it('gets a clear majority of hand-written social posts right, in every intent', () => {
    // Arrange / Act
    const results = posts.map(([text, intent]) => ({ text, intent, got: model.predict(text).intent.label }));
    // Assert
    const right = results.filter((r) => r.got === r.intent);
    expect(
      right.length,
      JSON.stringify(
        results.filter((r) => r.got !== r.intent),
        null,
        1,
      ),
    ).toBeGreaterThanOrEqual(19);
    for (const intent of Intent.options) {
      expect(right.filter((r) => r.intent === intent).length, intent).toBeGreaterThanOrEqual(2);
    }
  });

  it('tells service needs from the rest on those posts', () => {
    // Arrange
    const need = (intent: Intent) => intent === 'complaint' || intent === 'request';
    // Act
    const agree = posts.filter(([text, intent]) => need(model.predict(text).intent.label) === need(intent));
    // Assert
    expect(agree.length).toBeGreaterThanOrEqual(21);
  });

  it('reads tone and topic, and names the words that decided', () => {
    // Arrange / Act
    const complaint = model.predict('@SkyJet flight cancelled AGAIN and no one at the desk can tell us anything 😡');
    const praise = model.predict('@BankCo love the new app, so easy to use 👏');
    const bag = model.predict('@SkyJet you lost my suitcase and nobody knows where it is');
    // Assert
    expect(complaint.sentiment.label).toBe('negative');
    expect(complaint.topic.label).toBe('travel-disruption');
    expect(complaint.topFeatures.length).toBeGreaterThan(0);
    expect(praise.sentiment.label).toBe('positive');
    expect(bag.topic.label).toBe('lost-damaged-property');
  });
});

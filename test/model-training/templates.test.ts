import { describe, expect, it } from 'vitest';
import { expand } from '../../lambdas/model-training/templates/expand.ts';
import { ideaExamples } from '../../lambdas/model-training/templates/ideas.ts';
import { socialExamples } from '../../lambdas/model-training/templates/social.ts';

describe('expand', () => {
  it('lists every combination when there are at most `limit`, with slots and nested alternatives', () => {
    // Arrange
    const slots = { who: ['you', 'we{| all}'] };
    // Act
    const texts = expand('<who> {love|{really|} like} it', slots, 100);
    // Assert
    expect(texts.sort()).toEqual(
      [
        'we all like it',
        'we all love it',
        'we all really like it',
        'we like it',
        'we love it',
        'we really like it',
        'you like it',
        'you love it',
        'you really like it',
      ].sort(),
    );
  });

  it('draws `limit` distinct texts, the same ones for the same seed', () => {
    // Arrange
    const slots = { n: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] };
    // Act
    const a = expand('<n> <n> <n>', slots, 20, 1);
    const b = expand('<n> <n> <n>', slots, 20, 1);
    const c = expand('<n> <n> <n>', slots, 20, 2);
    // Assert
    expect(a).toHaveLength(20);
    expect(new Set(a).size).toBe(20);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('tidies spaces before punctuation and rejects unknown slots', () => {
    expect(expand('hi {|there} !', {}, 10)).toEqual(['hi!', 'hi there!']);
    expect(() => expand('<nope>', {}, 10)).toThrow(/<nope>/);
  });
});

describe('templated examples', () => {
  it('makes idea examples only, each with a topic and neutral sentiment, deterministically', () => {
    // Arrange / Act
    const ideas = ideaExamples();
    // Assert
    expect(ideas.length).toBeGreaterThan(300);
    expect(ideas.every((e) => e.intent === 'idea' && e.topic !== undefined && e.sentiment === 'neutral')).toBe(true);
    expect(ideaExamples()).toEqual(ideas);
  });

  it('makes social posts of five intents; chatter and spam carry no topic', () => {
    // Arrange / Act
    const posts = socialExamples();
    // Assert
    const intents = new Set(posts.map((e) => e.intent));
    expect([...intents].sort()).toEqual(['chatter', 'complaint', 'praise', 'request', 'spam']);
    expect(posts.filter((e) => e.intent === 'spam' || e.intent === 'chatter').every((e) => e.topic === undefined)).toBe(
      true,
    );
    expect(posts.every((e) => !/[{}<>]/.test(e.text.replace(/<user>/g, '')))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { StatedDeadline } from '../../../lambdas/domain/classification.ts';
import { deadlineHorizonDays, extractDeadline } from '../../../lambdas/domain/text/extract-deadline.ts';

/** Wednesday 25 November 2026, 10:00 UTC. */
const postedAt = new Date('2026-11-25T10:00:00Z');

describe('extractDeadline: stated deadlines', () => {
  it.each<{ language: string; text: string; at: string; phrase: string }>([
    // English
    { language: 'en', text: 'I need the replacement card by Friday', at: '2026-11-27T23:59:59Z', phrase: 'by Friday' },
    {
      language: 'en',
      text: 'It has to get here before my flight tomorrow!!',
      at: '2026-11-26T23:59:59Z',
      phrase: 'before my flight tomorrow',
    },
    {
      language: 'en',
      text: 'the parcel must arrive before 3 Dec, it is a gift',
      at: '2026-12-03T23:59:59Z',
      phrase: 'before 3 Dec',
    },
    {
      language: 'en',
      text: '@AcmeShop please sort it by end of the week',
      at: '2026-11-27T23:59:59Z',
      phrase: 'by end of the week',
    },
    {
      language: 'en',
      text: 'need it fixed by the end of next week',
      at: '2026-12-04T23:59:59Z',
      phrase: 'by the end of next week',
    },
    {
      language: 'en',
      text: 'I need it until Monday at the latest',
      at: '2026-11-30T23:59:59Z',
      phrase: 'need it until Monday',
    },
    {
      language: 'en',
      text: 'refund me no later than December 1st',
      at: '2026-12-01T23:59:59Z',
      phrase: 'no later than December 1st',
    },
    {
      language: 'en',
      text: 'I need it on Friday for the wedding',
      at: '2026-11-27T23:59:59Z',
      phrase: 'need it on Friday',
    },
    { language: 'en', text: 'call me back by 5pm EST please', at: '2026-11-25T22:00:00Z', phrase: 'by 5pm EST' },
    {
      language: 'en',
      text: 'I need the tickets by tomorrow morning',
      at: '2026-11-26T12:00:00Z',
      phrase: 'by tomorrow morning',
    },
    {
      language: 'en',
      text: 'sort it out within 48 hours or I go elsewhere',
      at: '2026-11-27T10:00:00Z',
      phrase: 'within 48 hours',
    },
    { language: 'en', text: 'must be done by EOD', at: '2026-11-25T23:59:59Z', phrase: 'by EOD' },
    {
      language: 'en',
      text: 'I ordered on Monday and need it by Friday',
      at: '2026-11-27T23:59:59Z',
      phrase: 'by Friday',
    },
    {
      language: 'en',
      text: 'I need it in time for the wedding on Saturday',
      at: '2026-11-28T23:59:59Z',
      phrase: 'in time for the wedding on Saturday',
    },
    // Spanish
    {
      language: 'es',
      text: 'lo necesito antes de mi vuelo mañana',
      at: '2026-11-26T23:59:59Z',
      phrase: 'antes de mi vuelo mañana',
    },
    {
      language: 'es',
      text: 'Necesito la tarjeta nueva antes del viernes 🙏',
      at: '2026-11-27T23:59:59Z',
      phrase: 'antes del viernes',
    },
    {
      language: 'es',
      text: 'lo necesito para pasado mañana',
      at: '2026-11-27T23:59:59Z',
      phrase: 'para pasado mañana',
    },
    {
      language: 'es',
      text: 'tiene que llegar antes del 3 de diciembre',
      at: '2026-12-03T23:59:59Z',
      phrase: 'antes del 3 de diciembre',
    },
    {
      language: 'es',
      text: 'necesito el reembolso hasta el lunes',
      at: '2026-11-30T23:59:59Z',
      phrase: 'necesito el reembolso hasta el lunes',
    },
    {
      language: 'es',
      text: 'lo quiero antes de fin de mes',
      at: '2026-11-30T23:59:59Z',
      phrase: 'antes de fin de mes',
    },
    // French
    {
      language: 'fr',
      text: "j'ai besoin de ma carte avant vendredi svp",
      at: '2026-11-27T23:59:59Z',
      phrase: 'avant vendredi',
    },
    {
      language: 'fr',
      text: 'merci de me rembourser d’ici vendredi',
      at: '2026-11-27T23:59:59Z',
      phrase: 'd’ici vendredi',
    },
    {
      language: 'fr',
      text: 'le colis doit arriver avant le 3 décembre',
      at: '2026-12-03T23:59:59Z',
      phrase: 'avant le 3 décembre',
    },
    {
      language: 'fr',
      text: 'il me la faut avant la fin de la semaine',
      at: '2026-11-27T23:59:59Z',
      phrase: 'avant la fin de la semaine',
    },
    {
      language: 'fr',
      text: "j'en ai besoin pour après-demain",
      at: '2026-11-27T23:59:59Z',
      phrase: 'pour après-demain',
    },
    { language: 'fr', text: 'réponse sous 48 h svp', at: '2026-11-27T10:00:00Z', phrase: 'sous 48 h' },
    // German
    {
      language: 'de',
      text: 'Antwort bitte innerhalb von 48 Stunden',
      at: '2026-11-27T10:00:00Z',
      phrase: 'innerhalb von 48 Stunden',
    },
    {
      language: 'de',
      text: 'Ich brauche die Ersatzkarte bis Freitag',
      at: '2026-11-27T23:59:59Z',
      phrase: 'bis Freitag',
    },
    {
      language: 'de',
      text: 'Das Paket muss spätestens morgen da sein',
      at: '2026-11-26T23:59:59Z',
      phrase: 'spätestens morgen',
    },
    {
      language: 'de',
      text: 'bitte bis zum 3. Dezember liefern',
      at: '2026-12-03T23:59:59Z',
      phrase: 'bis zum 3. Dezember',
    },
    {
      language: 'de',
      text: 'Erstattung bitte bis Ende der Woche',
      at: '2026-11-27T23:59:59Z',
      phrase: 'bis Ende der Woche',
    },
    { language: 'de', text: 'muss vor Freitag ankommen', at: '2026-11-27T23:59:59Z', phrase: 'vor Freitag' },
  ])('$language: $text → $at', ({ language, text, at, phrase }) => {
    // Act
    const deadline = extractDeadline(text, postedAt, language);

    // Assert
    expect(deadline).toEqual({ at, phrase });
  });
});

describe('extractDeadline: dates that are not deadlines', () => {
  it.each<{ language: string; text: string }>([
    { language: 'en', text: 'I ordered on Monday and still nothing' },
    { language: 'en', text: "I've been waiting since Monday" },
    { language: 'en', text: 'no internet since yesterday' },
    { language: 'en', text: 'it was supposed to arrive by Monday' },
    { language: 'en', text: 'waiting for 3 days now, need help' },
    { language: 'en', text: 'ordered 3 weeks ago, where is it' },
    { language: 'en', text: 'last Monday I called and nobody answered' },
    { language: 'en', text: 'I paid by card on Monday' },
    { language: 'en', text: 'great service on Friday, thank you' },
    { language: 'en', text: 'I need the card by 3 Nov' },
    { language: 'es', text: 'hace 3 días que espero el pedido' },
    { language: 'es', text: 'sin servicio desde el lunes' },
    { language: 'fr', text: 'plus de réseau depuis lundi' },
    { language: 'fr', text: 'commandé il y a 3 jours' },
    { language: 'de', text: 'seit Montag kein Netz' },
    { language: 'de', text: 'vor 3 Tagen bestellt und nichts passiert' },
    { language: 'en', text: 'I need a new card, mine is broken' },
    { language: 'en', text: 'stuck in Denver until Monday with no bags' },
    { language: 'en', text: 'flight delayed by 3 hours, great' },
    { language: 'en', text: 'I have to wait 35 minutes on hold?' },
    { language: 'en', text: 'Landed at MCO before 9am and still no bag' },
    { language: 'es', text: 'me quedo sin línea hasta el lunes' },
    { language: 'fr', text: 'bloqué à Lyon jusqu’à lundi' },
    { language: 'en', text: '' },
  ])('$language: $text → none', ({ language, text }) => {
    // Act
    const deadline = extractDeadline(text, postedAt, language);

    // Assert
    expect(deadline).toBeUndefined();
  });
});

describe('extractDeadline: rules', () => {
  it('"end of the week" posted on a Saturday is that Sunday', () => {
    // Arrange
    const saturday = new Date('2026-11-28T09:00:00Z');

    // Act
    const deadline = extractDeadline('please fix it by the end of the week', saturday, 'en');

    // Assert
    expect(deadline?.at).toBe('2026-11-29T23:59:59Z');
  });

  it('a date later than the horizon is not a deadline (a past date rolled a year forward)', () => {
    // Act
    const rolled = extractDeadline('must arrive before 20 Nov', postedAt, 'en');
    const near = extractDeadline('must arrive before 20 Dec', postedAt, 'en');

    // Assert
    expect(deadlineHorizonDays).toBe(180);
    expect(rolled).toBeUndefined();
    expect(near?.at).toBe('2026-12-20T23:59:59Z');
  });

  it('the earliest of several stated deadlines wins', () => {
    // Act
    const deadline = extractDeadline('I need the card by Friday and the PIN by tomorrow', postedAt, 'en');

    // Assert
    expect(deadline).toEqual({ at: '2026-11-26T23:59:59Z', phrase: 'by tomorrow' });
  });

  it('English cues are tried when the detected language is another or undetermined', () => {
    // Act
    const asFrench = extractDeadline('Love the app but I need my card by Friday', postedAt, 'fr');
    const undetermined = extractDeadline('need it by Friday', postedAt, 'und');

    // Assert
    expect(asFrench?.at).toBe('2026-11-27T23:59:59Z');
    expect(undetermined?.at).toBe('2026-11-27T23:59:59Z');
  });

  it('"today" with a deadline cue is the end of the post day', () => {
    // Act
    const deadline = extractDeadline('I need it by today, it is urgent', postedAt, 'en-GB');

    // Assert
    expect(deadline?.at).toBe('2026-11-25T23:59:59Z');
  });

  it('an invalid post time gives no deadline rather than throwing', () => {
    // Act / Assert
    expect(extractDeadline('by Friday', new Date('nope'), 'en')).toBeUndefined();
  });

  it('every result is a valid StatedDeadline with an ISO instant', () => {
    // Arrange
    const texts = ['by Friday', 'antes del viernes', 'avant vendredi', 'bis Freitag', 'by 5pm EST'];

    // Act
    const results = texts.map((text, index) =>
      extractDeadline(text, postedAt, ['en', 'es', 'fr', 'de', 'en'][index] ?? 'en'),
    );

    // Assert
    for (const result of results) {
      expect(StatedDeadline.parse(result)).toEqual(result);
      expect(new Date(result?.at ?? '').toISOString().replace('.000Z', 'Z')).toBe(result?.at);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PiiFound, type PiiType } from '../../../lambdas/domain/classification.ts';
import { findPii, passesLuhn } from '../../../lambdas/domain/text/find-pii.ts';

interface Case {
  name: string;
  text: string;
  redactedText: string;
  types: PiiType[];
  orderNumbers?: string[];
  accountNumbers?: string[];
}

const expectFound = ({ text, redactedText, types, orderNumbers = [], accountNumbers = [] }: Case): void => {
  // Act
  const found = findPii(text);

  // Assert
  expect(found).toEqual({ types, redactedText, caseFields: { orderNumbers, accountNumbers } });
};

describe('findPii: payment cards', () => {
  it.each<Case>([
    {
      name: 'Visa in blocks of four',
      text: 'my card 4111 1111 1111 1111 was charged twice',
      redactedText: 'my card [card] was charged twice',
      types: ['card'],
    },
    { name: 'Visa with dashes', text: 'card: 4111-1111-1111-1111.', redactedText: 'card: [card].', types: ['card'] },
    {
      name: 'Mastercard in one block',
      text: '5555555555554444 exp 12/27',
      redactedText: '[card] exp 12/27',
      types: ['card'],
    },
    {
      name: 'Amex 4-6-5',
      text: 'amex 3782 822463 10005 declined',
      redactedText: 'amex [card] declined',
      types: ['card'],
    },
    { name: 'card next to a stray number', text: 'x2 4111 1111 1111 1111', redactedText: 'x2 [card]', types: ['card'] },
    {
      name: 'one digit off: fails Luhn',
      text: 'my card 4111 1111 1111 1112 was charged',
      redactedText: 'my card 4111 1111 1111 1112 was charged',
      types: [],
    },
    {
      name: 'Luhn-valid but no issuer starts with 1',
      text: 'status 1234567890123452',
      redactedText: 'status 1234567890123452',
      types: [],
    },
    {
      name: 'too short for a card',
      text: '411111111111 is not a card',
      redactedText: '411111111111 is not a card',
      types: [],
    },
  ])('$name', (testCase) => expectFound(testCase));

  it.each<[string, boolean]>([
    ['4111111111111111', true],
    ['79927398713', true],
    ['79927398710', false],
    ['0', true],
    ['', false],
    ['12a4', false],
  ])('Luhn(%s) = %s', (digits, expected) => {
    // Act / Assert
    expect(passesLuhn(digits)).toBe(expected);
  });
});

describe('findPii: IBANs', () => {
  it.each<Case>([
    {
      name: 'German IBAN with spaces',
      text: 'refund to DE89 3704 0044 0532 0130 00 please',
      redactedText: 'refund to [iban] please',
      types: ['iban'],
    },
    { name: 'British IBAN compact', text: 'IBAN GB82WEST12345698765432', redactedText: 'IBAN [iban]', types: ['iban'] },
    {
      name: 'French IBAN in lower case',
      text: 'mon iban fr14 2004 1010 0505 0001 3m02 606 merci',
      redactedText: 'mon iban [iban] merci',
      types: ['iban'],
    },
    {
      name: 'one digit off',
      text: 'refund to DE89 3704 0044 0532 0130 01 please',
      redactedText: 'refund to DE89 3704 0044 0532 0130 01 please',
      types: [],
    },
    {
      name: 'one digit off, compact',
      text: 'IBAN GB82WEST12345698765433',
      redactedText: 'IBAN GB82WEST12345698765433',
      types: [],
    },
  ])('$name', (testCase) => expectFound(testCase));
});

describe('findPii: phone numbers', () => {
  it.each<Case>([
    {
      name: 'UK international',
      text: 'call me on +44 20 7946 0958 please',
      redactedText: 'call me on [phone] please',
      types: ['phone'],
    },
    {
      name: 'US international with dashes',
      text: 'ring +1-415-555-2671',
      redactedText: 'ring [phone]',
      types: ['phone'],
    },
    {
      name: 'French international',
      text: 'rappelez-moi au +33 6 12 34 56 78',
      redactedText: 'rappelez-moi au [phone]',
      types: ['phone'],
    },
    {
      name: 'UK national mobile',
      text: 'my number is 07911 123456',
      redactedText: 'my number is [phone]',
      types: ['phone'],
    },
    { name: 'US national', text: 'US: (415) 555-2671 anytime', redactedText: 'US: [phone] anytime', types: ['phone'] },
    {
      name: 'French national',
      text: 'appelez-moi au 06 12 34 56 78',
      redactedText: 'appelez-moi au [phone]',
      types: ['phone'],
    },
    { name: 'Spanish national', text: 'llámame al 612 345 678', redactedText: 'llámame al [phone]', types: ['phone'] },
    {
      name: 'German national',
      text: 'ruf mich an: 030 12345678',
      redactedText: 'ruf mich an: [phone]',
      types: ['phone'],
    },
    {
      name: 'a date is not a phone',
      text: 'on 2026-11-25 at 10:00 I called',
      redactedText: 'on 2026-11-25 at 10:00 I called',
      types: [],
    },
    {
      name: 'a status URL is not a phone',
      text: 'see https://x.com/acme/status/1861234567890123456',
      redactedText: 'see https://x.com/acme/status/1861234567890123456',
      types: [],
    },
    {
      name: 'an amount is not a phone',
      text: 'I paid 1,234.56 on 12/11/2026',
      redactedText: 'I paid 1,234.56 on 12/11/2026',
      types: [],
    },
  ])('$name', (testCase) => expectFound(testCase));
});

describe('findPii: emails', () => {
  it.each<Case>([
    {
      name: 'plain',
      text: 'email me at sam.smith+bank@example.co.uk thanks',
      redactedText: 'email me at [email] thanks',
      types: ['email'],
    },
    { name: 'end of sentence', text: 'Contact: ana@correo.es.', redactedText: 'Contact: [email].', types: ['email'] },
    { name: 'non-ASCII', text: 'schreib an jürgen@müller.de', redactedText: 'schreib an [email]', types: ['email'] },
    { name: 'an @handle is not an email', text: 'hello @AcmeBank', redactedText: 'hello @AcmeBank', types: [] },
    {
      name: 'a fediverse handle is not an email',
      text: 'follow @sam@mastodon.social',
      redactedText: 'follow @sam@mastodon.social',
      types: [],
    },
    { name: 'no top-level domain', text: 'user@localhost', redactedText: 'user@localhost', types: [] },
  ])('$name', (testCase) => expectFound(testCase));
});

describe('findPii: order and account numbers kept on the case', () => {
  it.each<Case>([
    {
      name: 'order number',
      text: 'order 88231 never arrived',
      redactedText: 'order [order-number] never arrived',
      types: ['order-number'],
      orderNumbers: ['88231'],
    },
    {
      name: 'order #',
      text: 'my order #A-1234 is late',
      redactedText: 'my order [order-number] is late',
      types: ['order-number'],
      orderNumbers: ['A-1234'],
    },
    {
      name: 'order number is',
      text: 'order number is ab-1234',
      redactedText: 'order number is [order-number]',
      types: ['order-number'],
      orderNumbers: ['AB-1234'],
    },
    {
      name: 'booking ref',
      text: 'booking ref XYZ123',
      redactedText: 'booking ref [order-number]',
      types: ['order-number'],
      orderNumbers: ['XYZ123'],
    },
    {
      name: 'PNR',
      text: 'PNR X7K2P9 please',
      redactedText: 'PNR [order-number] please',
      types: ['order-number'],
      orderNumbers: ['X7K2P9'],
    },
    {
      name: 'confirmation code',
      text: 'confirmation code: 7QX2LM',
      redactedText: 'confirmation code: [order-number]',
      types: ['order-number'],
      orderNumbers: ['7QX2LM'],
    },
    {
      name: 'pedido',
      text: 'pedido nº 556677 sin llegar',
      redactedText: 'pedido nº [order-number] sin llegar',
      types: ['order-number'],
      orderNumbers: ['556677'],
    },
    {
      name: 'commande',
      text: 'commande n° 12345678',
      redactedText: 'commande n° [order-number]',
      types: ['order-number'],
      orderNumbers: ['12345678'],
    },
    {
      name: 'Bestellung',
      text: 'Bestellung Nr. 4455667 fehlt',
      redactedText: 'Bestellung Nr. [order-number] fehlt',
      types: ['order-number'],
      orderNumbers: ['4455667'],
    },
    {
      name: 'account',
      text: 'account 12345678 locked',
      redactedText: 'account [account-number] locked',
      types: ['account-number'],
      accountNumbers: ['12345678'],
    },
    {
      name: 'acct no.',
      text: 'acct no. 987654321',
      redactedText: 'acct no. [account-number]',
      types: ['account-number'],
      accountNumbers: ['987654321'],
    },
    {
      name: 'customer number',
      text: 'customer number C-778899',
      redactedText: 'customer number [account-number]',
      types: ['account-number'],
      accountNumbers: ['C-778899'],
    },
    {
      name: 'Kundennummer',
      text: 'Kundennummer: 1234567',
      redactedText: 'Kundennummer: [account-number]',
      types: ['account-number'],
      accountNumbers: ['1234567'],
    },
    {
      name: 'número de cuenta',
      text: 'número de cuenta 123456',
      redactedText: 'número de cuenta [account-number]',
      types: ['account-number'],
      accountNumbers: ['123456'],
    },
    {
      name: 'case and claim references',
      text: 'case id 8473573, claim# HDN11785',
      redactedText: 'case id [order-number], claim# [order-number]',
      types: ['order-number'],
      orderNumbers: ['8473573', 'HDN11785'],
    },
    {
      name: 'frequent flyer number',
      text: 'my FF# 94lxa62 is missing miles',
      redactedText: 'my FF# [account-number] is missing miles',
      types: ['account-number'],
      accountNumbers: ['94LXA62'],
    },
    {
      name: 'order context wins over a phone-shaped number',
      text: 'order 06 12 34 56 78 hasnt arrived',
      redactedText: 'order [order-number] hasnt arrived',
      types: ['order-number'],
      orderNumbers: ['0612345678'],
    },
    {
      name: 'the same order twice is kept once',
      text: 'order #88231 … still order 88231',
      redactedText: 'order [order-number] … still order [order-number]',
      types: ['order-number'],
      orderNumbers: ['88231'],
    },
    {
      name: 'no digit, no identifier',
      text: 'my order is late, account locked',
      redactedText: 'my order is late, account locked',
      types: [],
    },
    {
      name: 'a short number is not an identifier',
      text: 'order 3 weeks ago',
      redactedText: 'order 3 weeks ago',
      types: [],
    },
  ])('$name', (testCase) => expectFound(testCase));

  it('a card number after an order keyword is still a card, and never kept', () => {
    expectFound({
      name: 'card after order',
      text: 'order 4111111111111111',
      redactedText: 'order [card]',
      types: ['card'],
    });
  });
});

describe('findPii: mixed text', () => {
  it('finds every type, in order of first appearance, and keeps only order and account numbers', () => {
    expectFound({
      name: 'mixed',
      text:
        'Order #55120 was charged to 4111 1111 1111 1111 and DE89 3704 0044 0532 0130 00. ' +
        'Call +44 20 7946 0958 or mail sam@example.com, account 12345678, order 55120 again',
      redactedText:
        'Order [order-number] was charged to [card] and [iban]. ' +
        'Call [phone] or mail [email], account [account-number], order [order-number] again',
      types: ['order-number', 'card', 'iban', 'phone', 'email', 'account-number'],
      orderNumbers: ['55120'],
      accountNumbers: ['12345678'],
    });
  });

  it('text without PII is returned unchanged', () => {
    expectFound({
      name: 'clean',
      text: 'Flight BA249 delayed 3 hours, 2 bags lost 😡 @AcmeAir',
      redactedText: 'Flight BA249 delayed 3 hours, 2 bags lost 😡 @AcmeAir',
      types: [],
    });
  });
});

describe('findPii: properties', () => {
  const runs = 400;

  /** A random Luhn-valid card number (issuer digit 2–6), written plain, in blocks of four, or with dashes. */
  const card = fc
    .tuple(
      fc.constantFrom('2', '3', '4', '5', '6'),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }),
      fc.constantFrom('plain', 'spaced', 'dashed'),
    )
    .map(([issuer, body, format]) => {
      const partial = issuer + body.join('');
      const check = [...'0123456789'].find((digit) => passesLuhn(partial + digit)) ?? '0';
      const digits = partial + check;
      const blocks = digits.match(/.{1,4}/gu) ?? [digits];
      const written = format === 'plain' ? digits : blocks.join(format === 'spaced' ? ' ' : '-');
      return { digits, written };
    });

  /** Anything: full Unicode, and strings dense in the characters the detectors look at. */
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: fc.constantFrom(...'0123456789 +-()#@.:/AZaz\n'), maxLength: 200 }),
    fc
      .array(
        fc.constantFrom('order', '#', ' ', '4111', '1111', '+44', '07911', 'DE89', '@', 'a.b', 'IBAN', 'acct no.', '٣'),
        {
          maxLength: 40,
        },
      )
      .map((parts) => parts.join('')),
  );

  it('any string → a valid PiiFound, never an exception', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        // Act
        const found = findPii(text);

        // Assert
        expect(PiiFound.parse(found)).toEqual(found);
      }),
      { numRuns: runs, seed: 20_261_125 },
    );
  });

  it('a card number written into any text is never left in the redacted text', () => {
    fc.assert(
      fc.property(anyText, card, anyText, (before, { digits, written }, after) => {
        // Arrange
        const text = `${before} ${written} ${after}`;

        // Act
        const found = findPii(text);

        // Assert
        expect(found.redactedText).not.toContain(written);
        expect(found.redactedText.replace(/[\s-]/gu, '')).not.toContain(digits);
        expect(found.types).toContain('card');
        expect(JSON.stringify(found.caseFields)).not.toContain(digits);
      }),
      { numRuns: runs, seed: 20_261_126 },
    );
  });

  it('text without digits or @ is returned unchanged', () => {
    fc.assert(
      fc.property(
        anyText.map((text) => text.replace(/[\p{Nd}@]/gu, '')),
        (text) => {
          // Act
          const found = findPii(text);

          // Assert
          expect(found).toEqual({
            types: [],
            redactedText: text,
            caseFields: { orderNumbers: [], accountNumbers: [] },
          });
        },
      ),
      { numRuns: runs, seed: 20_261_127 },
    );
  });
});

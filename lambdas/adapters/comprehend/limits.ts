/**
 * The Amazon Comprehend limits the cascade keeps to, each with where it is stated.
 *
 * Sizes are in bytes of UTF-8. Where AWS writes "5 KB" or "100 KB" the cascade takes the decimal
 * reading (5,000 and 100,000 bytes): older revisions of the same reference pages said "fewer than
 * 5,000 bytes of UTF-8 encoded characters", and the smaller reading is safe under either.
 */

/**
 * Documents per `Batch*` request.
 * - API reference, BatchDetectDominantLanguage and BatchDetectSentiment, `TextList`: "The list can
 *   contain a maximum of 25 documents."
 *   https://docs.aws.amazon.com/comprehend/latest/APIReference/API_BatchDetectDominantLanguage.html
 *   https://docs.aws.amazon.com/comprehend/latest/APIReference/API_BatchDetectSentiment.html
 * - Developer guide, Document processing modes: "You can send up to 25 documents in each request."
 *   https://docs.aws.amazon.com/comprehend/latest/dg/how-batch.html
 * - More is refused with BatchSizeLimitExceededException ("exceeds the limit of 25").
 */
export const maxDocumentsPerBatch = 25;

/**
 * Bytes per document for BatchDetectDominantLanguage: "Each document should contain at least 20
 * characters. The maximum size of each document is 5 KB." (API reference, `TextList`; older
 * revisions: "must contain fewer than 5,000 bytes of UTF-8 encoded characters").
 * https://docs.aws.amazon.com/comprehend/latest/APIReference/API_BatchDetectDominantLanguage.html
 */
export const maxDominantLanguageBytes = 5_000;

/**
 * Bytes per document for BatchDetectSentiment: "The maximum size of each document is 5 KB."
 * (API reference, `TextList`); developer guide, Guidelines and quotas, multiple document
 * operations: maximum document size 5 KB, maximum number of documents per request 25.
 * Comprehend reads only the first 500 characters for sentiment (SDK reference for `TextList`),
 * so the cut costs nothing in quality.
 * https://docs.aws.amazon.com/comprehend/latest/APIReference/API_BatchDetectSentiment.html
 * https://docs.aws.amazon.com/comprehend/latest/dg/guidelines-and-limits.html
 */
export const maxSentimentBytes = 5_000;

/**
 * Bytes for DetectPiiEntities: "A UTF-8 text string. The maximum string size is 100 KB."
 * (API reference, `Text`). There is no batch form of this operation.
 * https://docs.aws.amazon.com/comprehend/latest/APIReference/API_DetectPiiEntities.html
 */
export const maxPiiBytes = 100_000;

/**
 * Bytes for ClassifyDocument with plain text against a custom classifier endpoint: developer
 * guide, Inputs for real-time custom analysis, Maximum document sizes: "the input file maximum is
 * one page, with no more than 10,000 characters", and UTF-8 text documents at most 10 KB through
 * the API. 10,000 bytes of UTF-8 are never more than 10,000 characters, so both hold.
 * https://docs.aws.amazon.com/comprehend/latest/dg/idp-inputs-sync.html
 */
export const maxClassifyDocumentBytes = 10_000;

/**
 * Languages BatchDetectSentiment accepts: API reference, `LanguageCode`, "Valid Values: en | es |
 * fr | de | it | pt | ar | hi | ja | ko | zh | zh-TW"; developer guide, Languages supported in
 * Amazon Comprehend: Sentiment, "All supported languages" (the same twelve).
 * https://docs.aws.amazon.com/comprehend/latest/APIReference/API_BatchDetectSentiment.html
 * https://docs.aws.amazon.com/comprehend/latest/dg/supported-languages.html
 */
export const sentimentLanguages: readonly string[] = [
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'ar',
  'hi',
  'ja',
  'ko',
  'zh',
  'zh-TW',
];

/**
 * Languages DetectPiiEntities accepts: API reference, `LanguageCode`, "Enter the language code for
 * English (en) or Spanish (es). Valid Values: en | es"; developer guide, Detecting PII entities,
 * "English and Spanish".
 * https://docs.aws.amazon.com/comprehend/latest/APIReference/API_DetectPiiEntities.html
 */
export const piiLanguages: readonly string[] = ['en', 'es'];

/**
 * Languages a plain-text custom classification model supports: developer guide, Languages
 * supported in Amazon Comprehend, Custom classification: "German (de), English (en), Spanish
 * (es), French (fr), Italian (it), and Portuguese (pt)". A model is trained in one of them; pass
 * the endpoint's own language(s) as `customClassifierLanguages` to narrow this.
 * https://docs.aws.amazon.com/comprehend/latest/dg/supported-languages.html
 */
export const customClassificationLanguages: readonly string[] = ['de', 'en', 'es', 'fr', 'it', 'pt'];

/**
 * Price of the built-in NLP and PII operations: one unit is 100 characters, at USD 0.0001 a unit,
 * with a minimum charge of 3 units (300 characters) per request; a batch is charged per document.
 * Custom classification endpoints are billed by provisioned inference units instead, whether used
 * or not, and are not in this figure.
 * https://aws.amazon.com/comprehend/pricing/
 */
export const usdPerUnit = 0.0001;
export const charactersPerUnit = 100;
export const minimumUnitsPerRequest = 3;

/**
 * Word cues used by the relabelling rules where a source's own label does not settle our intent
 * (a Banking77 `card_arrival` query may be a how-to question or a "still waiting" complaint).
 * Case-insensitive, on word boundaries; reviewed like code.
 */

/** A problem being reported: something failed, is missing, late, wrong, or keeps happening. */
export const problemCue =
  /\b(?:still|never|not|no|yet|why|hasn'?t|haven'?t|isn'?t|wasn'?t|didn'?t|doesn'?t|don'?t|won'?t|can'?t|cannot|couldn'?t|wouldn'?t|aren'?t|wrong|error|errors|problem|problems|issue|issues|fail|failed|fails|failing|declined|rejected|stuck|missing|lost|stolen|twice|again|waiting|waited|delay|delayed|late|broken|blocked|frozen|unauthori[sz]ed|fraud|charged me|overcharged|refused|help!|urgent|ridiculous|unacceptable)\b/i;

/** A pure how-to or eligibility question, with no problem in it. */
export const howToCue =
  /^(?:hi|hello|hey)?[,.!\s]*(?:how|can|could|may|is there|are there|do you|does|what|where|which|when|will|would|is it|am i|i(?:'d| would) like|i want|i need|please)\b/i;

/**
 * A customer-service subject: the brand, its people, or something it sells or runs. GoEmotions
 * comments with anger or disappointment count as complaints only with one of these.
 */
export const serviceCue =
  /\b(?:customer service|service|support|staff|employee|employees|manager|cashier|waiter|waitress|agent|rep|representative|company|companies|store|shop|restaurant|hotel|airline|airlines|flight|flights|airport|delivery|delivered|deliver|order|ordered|package|parcel|shipping|refund|refunds|charged|charge|fee|fees|bill|billed|billing|price|prices|subscription|account|app|website|site|customer|customers|product|products|warranty|bank|insurance|isp|internet|wifi|cable|phone company|on hold|hold music|call center|waited|queue|line at)\b/i;

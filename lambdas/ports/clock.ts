/** Where time comes from, so that the domain and tests can control it. */
export interface Clock {
  now(): Date;
}

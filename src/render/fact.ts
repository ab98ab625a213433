/**
 * One labelled line of an answer ("Coupon: 20% off, once"): what src/render/answer.ts builds
 * and the files describing one kind of object (order.ts, failedRequest.ts, contextFrom.ts)
 * hand it. A module of its own, so that those files do not import answer.ts back.
 */
export interface Fact {
  readonly label: string;
  readonly value: string;
  /** The value is a command to run (Markdown shows it as code). */
  readonly command?: boolean;
}

/**
 * Formats epoch milliseconds as an HTTP date (RFC 7231 IMF-fixdate). HTTP dates have second
 * precision, so the last result is reused within its second: a burst of duplicates of one
 * event shares one window end, and formatting a Date is a visible part of answering a 429.
 */
export function createHttpDateFormatter(): (epochMs: number) => string {
  let second = Number.NaN;
  let formatted = '';
  return (epochMs) => {
    const current = Math.floor(epochMs / 1000);
    if (current !== second) {
      second = current;
      formatted = new Date(current * 1000).toUTCString();
    }
    return formatted;
  };
}

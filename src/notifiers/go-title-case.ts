/** Letters with case: the only characters title casing changes. */
const CASED = /[\p{Lowercase}\p{Uppercase}\p{Lt}]/u;
/** Characters that keep a word going: letters, marks, digits and connectors such as `_`. */
const WORD_PART = /[\p{L}\p{M}\p{N}\p{Pc}]/u;
/** Punctuation that may stand inside a word (`don't`, `v1.2`), but not twice in a row. */
const MID_WORD = /['.:\u00b7\u2018\u2019\u2024\ufe52\ufe55\uff07\uff0e\uff1a]/u;

/**
 * Go's `cases.Title(language.Und).String(text)` (golang.org/x/text), which Flux's Alertmanager
 * notifier names alerts with: the first cased letter of each word upper-cased, the rest of the
 * word lower-cased (`ReconciliationSucceeded` → `Reconciliationsucceeded`). Words end at any
 * character that is neither part of a word nor a lone mid-word mark, as x/text approximates
 * Unicode word breaks.
 */
export function goTitleCase(text: string): string {
  let out = '';
  let midWord = false;
  let previousWasMid = false;
  for (const char of text) {
    const isMid = MID_WORD.test(char);
    if (CASED.test(char)) {
      out += midWord ? char.toLowerCase() : char.toUpperCase();
      midWord = true;
    } else {
      out += char;
      if (!WORD_PART.test(char) && !isMid) midWord = false;
    }
    if (isMid && previousWasMid) midWord = false;
    previousWasMid = isMid;
  }
  return out;
}

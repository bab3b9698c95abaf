/**
 * The user-dictionary file: one word per line, tab-separated, the form `kornlu pos --user-dict`
 * reads and `withUserEntries` takes once parsed.
 *
 *   # comments and blank lines are skipped
 *   여름휴가철	NNG
 *   챗봇	NNG	1.5
 *   했다	하/VV+였/EP+다/EF	0
 *
 * Columns: the surface; a tag, or a forced analysis as `lemma/TAG` parts joined by `+`; an optional
 * cost (−log p, default 2; lower wins more often). Lemmas containing `+` need the API.
 *
 * @example
 * const entries = parseUserDictionary(await (await fetch('/user.tsv')).text(), 'user.tsv');
 * const custom = analyzer.withUserEntries(entries);
 */
import { KornluError } from '../../errors.js';
import { stripBom } from '../../text/chars.js';
import { checkUserEntry, type UserEntry } from './lexicon.js';

/** Parses a user-dictionary file; a malformed line is an `INVALID_ARGUMENT` error naming the line (and `source` as its path). */
export function parseUserDictionary(text: string, source?: string): UserEntry[] {
  const entries: UserEntry[] = [];
  const lines = stripBom(text).split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    const bad = (why: string) => new KornluError('INVALID_ARGUMENT', `user dictionary line ${i + 1}: ${why}`, source === undefined ? {} : { path: source });
    const cols = line.split('\t');
    if (cols.length < 2 || cols.length > 3) throw bad('expected surface<TAB>tag or analysis[<TAB>cost]');
    const [surface, second, costText] = cols as [string, string, string | undefined];
    const entry: UserEntry = { surface };
    if (second.includes('/')) {
      entry.analysis = second.split('+').map((part) => {
        const slash = part.lastIndexOf('/');
        if (slash <= 0 || slash === part.length - 1) throw bad(`"${part}" is not lemma/TAG`);
        return [part.slice(0, slash), part.slice(slash + 1)];
      });
    } else entry.tag = second;
    if (costText !== undefined) {
      const cost = Number(costText);
      if (costText.trim() === '' || !Number.isFinite(cost)) throw bad(`cost "${costText}" is not a number`);
      entry.cost = cost;
    }
    try {
      checkUserEntry(entry); // the analyzer's own checks, reported with the line
    } catch (e) {
      throw bad((e as Error).message);
    }
    entries.push(entry);
  });
  return entries;
}

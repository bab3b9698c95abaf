/**
 * The Sejong tag set as the KLUE gold data uses it, and mappings from the tag sets of the sources
 * (Kiwi, mecab-ko-dic) into it.
 */

export const TAGS = [
  'NNG', 'NNP', 'NNB', 'NR', 'NP', 'VV', 'VA', 'VX', 'VCP', 'VCN', 'MMD', 'MMN', 'MMA', 'MAG', 'MAJ', 'IC',
  'JKS', 'JKC', 'JKG', 'JKO', 'JKB', 'JKV', 'JKQ', 'JX', 'JC', 'EP', 'EF', 'EC', 'ETN', 'ETM',
  'XPN', 'XSN', 'XSV', 'XSA', 'XR', 'SF', 'SP', 'SS', 'SE', 'SO', 'SW', 'SL', 'SH', 'SN', 'NA',
] as const;

export type Tag = (typeof TAGS)[number];

export const TAG_ID: ReadonlyMap<string, number> = new Map(TAGS.map((t, i) => [t, i]));
export const BOS = TAGS.length; // sentence boundary state for transitions
export const NUM_STATES = TAGS.length + 1;

/** Tags whose morphemes are a closed class: their identity matters for the next/previous tag. */
export function isClosedClass(tag: string): boolean {
  return tag[0] === 'J' || tag[0] === 'E' || tag === 'VCP' || tag === 'VCN' || tag === 'XSV' || tag === 'XSA' || tag === 'XSN' || tag === 'VX';
}

/** Verbs and adjectives: the stems that conjugate (and have irregular written forms). */
export function isPredicate(tag: string): boolean {
  return tag === 'VV' || tag === 'VA' || tag === 'VX' || tag === 'XSV' || tag === 'XSA';
}

/**
 * Tags that can be the first side of a contraction: predicates (하+였 → 했), the copula (이+었 →
 * 였), endings (시+어 → 셔) and the nominals and particles that fuse with a particle (것+이 → 게,
 * 에+ㄴ → 엔, 나+의 → 내).
 */
export function isStemTag(tag: string): boolean {
  return isPredicate(tag) || tag === 'VCP' || tag === 'VCN' || tag === 'EP' || tag === 'EC' || tag === 'NP' || tag === 'NNB' || tag === 'JKB';
}

/** Tags that can be the second side of a contraction: endings, and the particles ㄴ ㄹ 이 의. */
export function isEndingTag(tag: string): boolean {
  return tag === 'EP' || tag === 'EC' || tag === 'EF' || tag === 'ETM' || tag === 'ETN' || tag === 'JX' || tag === 'JKO' || tag === 'JKS' || tag === 'JKC' || tag === 'JKG';
}

const MM_NUMERAL = new Set(['한', '두', '세', '네', '다섯', '여섯', '일곱', '여덟', '아홉', '열', '스무', '서', '너', '몇', '수십', '수백', '수천', '수만', '첫', '모든', '온', '반']);
const MM_DEMONSTRATIVE = new Set(['이', '그', '저', '요', '고', '조', '이런', '그런', '저런', '어느', '무슨', '웬', '어떤', '다른', '딴', '본', '현', '전', '각', '매', '당', '동', '해당', '이번', '그간']);

/** Maps a source tag (Kiwi's VV-I, MM, W_URL …; mecab's SSO, SC, SY …) to ours, or null to drop. */
export function normalizeTag(tag: string, lemma: string): Tag | null {
  const base = tag.replace(/-[IR]$/, '');
  switch (base) {
    case 'MM':
      return MM_NUMERAL.has(lemma) ? 'MMN' : MM_DEMONSTRATIVE.has(lemma) ? 'MMD' : 'MMA';
    case 'SSO':
    case 'SSC':
      return 'SS';
    case 'SC':
      return 'SP';
    case 'SY':
      return 'SW';
    case 'NNBC':
      return 'NNB';
    case 'XSM':
      return 'XSA';
    case 'UN':
    case 'NF':
    case 'NV':
      return 'NA';
    default:
      return TAG_ID.has(base) ? (base as Tag) : null;
  }
}

/** Conjoining final jamo (ᆫ, as Kiwi and mecab write endings) → compatibility jamo (ㄴ, as KLUE does). */
export function compatFinals(s: string): string {
  return s.replace(/[\u11a8-\u11c2]/g, (c) => FINAL_TO_COMPAT[c.charCodeAt(0) - 0x11a8] ?? c);
}
const FINAL_TO_COMPAT = [...'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ'];

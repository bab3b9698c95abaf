/**
 * Contraction and irregular-conjugation rules: which (stem side, ending side) pairs fuse into one
 * written syllable, in the Sejong/KLUE analysis scheme.
 *
 *   흘렸 = 흘리 + 었     (ㅣ + ㅓ → ㅕ)          했 = 하 + 였   (하 + ㅕ → ㅐ)
 *   한   = 하 + ㄴ       (final consonant)      돼 = 되 + 어   (ㅚ + ㅓ → ㅙ)
 *   어려워 = 어렵 + 어   (ㅂ irregular: 워)     들어 = 듣 + 어 (ㄷ irregular: the stem's 들)
 *
 * For a syllable the table lists its splits: `stemLast` is what the stem's last syllable is in the
 * dictionary (the written syllable belongs to both morphemes), `endStart` is the first syllable or
 * jamo of the ending's lemma. `stemDrop` marks irregular stems whose written form lost a final.
 */
import { joinSyllable, splitSyllable } from '../../text/hangul.js';

export interface Fusion {
  /** Last syllable of the stem as the dictionary has it ('' for a stem fully inside, e.g. VCP 이 elided). */
  stemLast: string;
  /** First character of the ending's lemma (a syllable such as 었, or a jamo such as ㄴ). */
  endStart: string;
  /** Stable rule name, used as a model feature. */
  rule: string;
  /** Only for stems flagged irregular in the lexicon. */
  irregular?: boolean;
  /** With `stemLast` '': the stem is written before this syllable in this irregular form. */
  variant?: 'b-irr-stem' | 'reu-irr';
}

const O = 11; // initial ㅇ
// Medial indices
const A = 0, AE = 1, EO = 4, E = 5, YEO = 6, WA = 9, WAE = 10, OE = 11, O_ = 8, U = 13, WO = 14, EU = 18, I = 20;
// Final indices
const F_N = 4, F_L = 8, F_M = 16, F_B = 17, F_SS = 20, F_D = 7, F_S = 19, F_H = 27;
const FINAL_JAMO: Record<number, string> = { [F_N]: 'ㄴ', [F_L]: 'ㄹ', [F_M]: 'ㅁ', [F_B]: 'ㅂ' };

const syl = (l: number, v: number, t = 0) => String.fromCharCode(joinSyllable(l, v, t));

/** (stem vowel, ending vowel) → written vowel, for endings that begin with 아/어/여. */
const VOWEL_RULES: Array<[number, number, number, string]> = [
  [A, A, A, 'a+a'], // 가+아 → 가, 타+았 → 탔
  [EO, EO, EO, 'eo+eo'], // 서+어 → 서
  [O_, A, WA, 'o+a'], // 보+아 → 봐, 오+았 → 왔
  [U, EO, WO, 'u+eo'], // 주+어 → 줘
  [I, EO, YEO, 'i+eo'], // 리+어 → 려, 이+었 → 였, 시+어 → 셔
  [EU, EO, EO, 'eu+eo'], // 쓰+어 → 써
  [EU, A, A, 'eu+a'], // 바쁘+아 → 바빠
  [AE, EO, AE, 'ae+eo'], // 보내+어 → 보내
  [E, EO, E, 'e+eo'], // 세+어 → 세
  [YEO, EO, YEO, 'yeo+eo'], // 켜+어 → 켜
  [OE, EO, WAE, 'oe+eo'], // 되+어 → 돼
  [WAE, EO, WAE, 'wae+eo'],
];

let table: Array<readonly Fusion[]> | null = null;

/**
 * Splits of the written syllable with code point `cp` (empty for syllables nothing fuses into):
 * an array lookup, for the lattice's per-character loop.
 */
export function fusionsAt(cp: number): readonly Fusion[] {
  if (cp < 0xac00 || cp > 0xd7a3) return NONE;
  if (table === null) {
    const m = buildTable();
    table = Array.from({ length: 0xd7a4 - 0xac00 }, (_, k) => m.get(String.fromCharCode(0xac00 + k)) ?? NONE);
  }
  return table[cp - 0xac00]!;
}
const NONE: readonly Fusion[] = [];

function add(m: Map<string, Fusion[]>, written: string, f: Fusion): void {
  let list = m.get(written);
  if (!list) m.set(written, (list = []));
  list.push(f);
}

function buildTable(): Map<string, Fusion[]> {
  const m = new Map<string, Fusion[]>();
  for (let l = 0; l < 19; l++) {
    for (let v = 0; v < 21; v++) {
      const open = syl(l, v); // stem last syllable without a final
      // Final-consonant endings: 하 + ㄴ → 한, 하 + ㅂ니다 → 합니다, 가 + ㄹ → 갈.
      for (const t of [F_N, F_L, F_M, F_B]) add(m, syl(l, v, t), { stemLast: open, endStart: FINAL_JAMO[t]!, rule: `fin-${FINAL_JAMO[t]}` });
      // ㄹ-dropping stems: 살 + ㄴ → 산, 알 + ㅂ니다 → 압니다, 만들 + ㄴ → 만든.
      for (const t of [F_N, F_B]) add(m, syl(l, v, t), { stemLast: syl(l, v, F_L), endStart: FINAL_JAMO[t]!, rule: `l-drop-${FINAL_JAMO[t]}` });
      add(m, syl(l, v, F_L), { stemLast: syl(l, v, F_L), endStart: 'ㄹ', rule: 'l-drop-ㄹ' });
      // ㅎ-irregular adjectives: 그렇 + ㄴ → 그런, 그렇 + 어 → 그래, 그렇 + 었 → 그랬.
      for (const t of [F_N, F_L, F_M]) add(m, syl(l, v, t), { stemLast: syl(l, v, F_H), endStart: FINAL_JAMO[t]!, rule: 'h-irr-fin', irregular: true });
      if (v === EO || v === A) {
        add(m, syl(l, AE), { stemLast: syl(l, v, F_H), endStart: v === A ? '아' : '어', rule: 'h-irr-ae', irregular: true });
        add(m, syl(l, AE, F_SS), { stemLast: syl(l, v, F_H), endStart: v === A ? '았' : '었', rule: 'h-irr-ae', irregular: true });
      }
      // Vowel contraction with 아/어 endings (and 았/었, 아서 … through the ending's own lemma).
      for (const [vs, ve, vw, rule] of VOWEL_RULES) {
        if (v !== vs) continue;
        const endOpen = syl(O, ve);
        add(m, syl(l, vw), { stemLast: open, endStart: endOpen, rule });
        add(m, syl(l, vw, F_SS), { stemLast: open, endStart: syl(O, ve, F_SS), rule });
      }
    }
  }
  // 하 + 여 → 해, 하 + 였 → 했 (Sejong writes 하's ending as 여/였; the gold data also has 아/았).
  add(m, '해', { stemLast: '하', endStart: '여', rule: 'ha+yeo' });
  add(m, '했', { stemLast: '하', endStart: '였', rule: 'ha+yeo' });
  add(m, '해', { stemLast: '하', endStart: '아', rule: 'ha+a' });
  add(m, '했', { stemLast: '하', endStart: '았', rule: 'ha+a' });
  // 하 dropped before 기/게/지/도록: 방문키로 = 방문 + 하 + 기 + 로.
  for (const [written, endStart] of [['키', '기'], ['케', '게'], ['치', '지'], ['토', '도']] as const) {
    add(m, written, { stemLast: '하', endStart, rule: 'ha-drop' });
  }
  // Honorific 시 + 어(요) → 세(요): 하세요 = 하 + 시 + 어요.
  add(m, '세', { stemLast: '시', endStart: '어', rule: 'si+eo' });
  // Copula 이 + 에(요) → 예(요): 거예요 = 거 + 이 + 에요.
  add(m, '예', { stemLast: '이', endStart: '에', rule: 'i+e' });
  // Nouns and particles fused with a particle: 게 = 거/것 + 이, 건 = 것 + ㄴ, 걸 = 것 + ㄹ,
  // 내 = 나 + 의, 제 = 저 + 의, 네 = 너 + 의 (other 엔 = 에 + ㄴ go through the final-consonant rules).
  add(m, '게', { stemLast: '거', endStart: '이', rule: 'eo+i' });
  add(m, '게', { stemLast: '것', endStart: '이', rule: 'geot+i' });
  add(m, '건', { stemLast: '것', endStart: 'ㄴ', rule: 'geot+n' });
  add(m, '걸', { stemLast: '것', endStart: 'ㄹ', rule: 'geot+l' });
  add(m, '내', { stemLast: '나', endStart: '의', rule: 'a+ui' });
  add(m, '제', { stemLast: '저', endStart: '의', rule: 'eo+ui' });
  add(m, '네', { stemLast: '너', endStart: '의', rule: 'eo+ui' });
  // ㅂ-irregular: 어렵 + 어 → 어려워, 돕 + 아 → 도와; the stem written without its ㅂ before 우/오.
  for (const [written, endStart] of [
    ['워', '어'], ['웠', '었'], ['와', '아'], ['왔', '았'], ['운', 'ㄴ'], ['울', 'ㄹ'], ['움', 'ㅁ'],
    ['운', '은'], ['울', '을'], ['움', '음'], ['우', '으'],
  ] as const) {
    add(m, written, { stemLast: '', endStart, rule: 'b-irr', irregular: true, variant: 'b-irr-stem' });
  }
  // 르-irregular: 모르 + 아 → 몰라, 부르 + 었 → 불렀; the stem written 몰/불 before 라/러.
  for (const [written, endStart] of [['라', '아'], ['러', '어'], ['랐', '았'], ['렀', '었']] as const) {
    add(m, written, { stemLast: '', endStart, rule: 'reu-irr', irregular: true, variant: 'reu-irr' });
  }
  // VCP 이 elided after a vowel: 학교다 = 학교 + 이 + 다, 학교였다 handled by i+eo.
  return m;
}

/**
 * Written forms of an irregular stem before a vowel ending, when the stem's written form differs
 * but no syllable is shared: 듣 → 들 (ㄷ), 짓 → 지 (ㅅ), 어렵 → 어려 (ㅂ, followed by 워/운 …),
 * 모르 → 몰 (르, followed by 라/러).
 */
export function irregularStemForms(stem: string, irregular: boolean): Array<{ written: string; rule: string }> {
  const last = stem.charCodeAt(stem.length - 1);
  if (last < 0xac00 || last > 0xd7a3) return [];
  const { initial, medial, final } = splitSyllable(last);
  const head = stem.slice(0, -1);
  const out: Array<{ written: string; rule: string }> = [];
  if (irregular && final === F_D) out.push({ written: head + syl(initial, medial, F_L), rule: 'd-irr' });
  if (irregular && final === F_S) out.push({ written: head + syl(initial, medial), rule: 's-irr' });
  if (irregular && final === F_B) out.push({ written: head + syl(initial, medial), rule: 'b-irr-stem' });
  // Every ㄹ stem drops it before ㄴ, ㅂ, ㅅ, 오: 알 + 는 → 아는, 살 + 시 + 어요 → 사세요.
  if (final === F_L) out.push({ written: head + syl(initial, medial), rule: 'l-drop' });
  // 르 stems (모르, 오르, 부르) are irregular as a class: 모르 + 아 → 몰라.
  if (stem.length >= 2 && stem.endsWith('르')) {
    const prev = stem.charCodeAt(stem.length - 2);
    if (prev >= 0xac00 && prev <= 0xd7a3) {
      const p = splitSyllable(prev);
      if (p.final === 0) out.push({ written: stem.slice(0, -2) + syl(p.initial, p.medial, F_L), rule: 'reu-irr' });
    }
  }
  return out;
}

/**
 * Post-processors: add the special tokens a model expects ([CLS] A [SEP] B [SEP], <s> A </s></s> B
 * </s>, …) and their type ids. Bert and Roberta processing are expressed as templates.
 */
import type { JsonCursor } from '../json.js';

export type TemplatePiece = { special: string; ids: number[]; typeId: number } | { sequence: 'A' | 'B'; typeId: number };

export interface PostProcessor {
  single: TemplatePiece[];
  pair: TemplatePiece[];
  /** Trim whitespace off token offsets (ByteLevel / Roberta `trim_offsets`). */
  trimOffsets: boolean;
}

/** Number of special tokens the template adds. */
export function addedCount(t: TemplatePiece[]): number {
  return t.reduce((n, p) => n + ('special' in p ? p.ids.length : 0), 0);
}

function special(j: JsonCursor): [string, number] {
  const pair = j.array();
  if (pair.length !== 2) j.fail('expected [token, id]');
  return [pair[0]!.string(), pair[1]!.int()];
}

export function postProcessorFromJSON(j: JsonCursor): PostProcessor | null {
  if (j.isNull()) return null;
  const type = j.type();
  switch (type) {
    case 'BertProcessing': {
      const [cls, clsId] = special(j.get('cls'));
      const [sep, sepId] = special(j.get('sep'));
      const C = { special: cls, ids: [clsId], typeId: 0 };
      const S = (typeId: number) => ({ special: sep, ids: [sepId], typeId });
      return {
        single: [C, { sequence: 'A', typeId: 0 }, S(0)],
        pair: [C, { sequence: 'A', typeId: 0 }, S(0), { sequence: 'B', typeId: 1 }, S(1)],
        trimOffsets: false,
      };
    }
    case 'RobertaProcessing': {
      const [cls, clsId] = special(j.get('cls'));
      const [sep, sepId] = special(j.get('sep'));
      const C = { special: cls, ids: [clsId], typeId: 0 };
      const S = { special: sep, ids: [sepId], typeId: 0 };
      return {
        single: [C, { sequence: 'A', typeId: 0 }, S],
        pair: [C, { sequence: 'A', typeId: 0 }, S, S, { sequence: 'B', typeId: 0 }, S],
        trimOffsets: j.get('trim_offsets').bool(true),
      };
    }
    case 'ByteLevel':
      return { single: [{ sequence: 'A', typeId: 0 }], pair: [{ sequence: 'A', typeId: 0 }, { sequence: 'B', typeId: 1 }], trimOffsets: j.get('trim_offsets').bool(true) };
    case 'TemplateProcessing': {
      const specials = new Map<string, number[]>();
      const st = j.get('special_tokens');
      for (const k of Object.keys(st.object())) specials.set(k, st.get(k).get('ids').array().map((x) => x.int()));
      const template = (t: JsonCursor): TemplatePiece[] =>
        t.array().map((item) => {
          const sp = item.get('SpecialToken');
          if (!sp.isNull()) {
            const id = sp.get('id').string();
            const ids = specials.get(id) ?? sp.get('id').fail(`special token "${id}" is not in special_tokens`);
            return { special: id, ids, typeId: sp.get('type_id').int(0) };
          }
          const seq = item.get('Sequence');
          const id = seq.get('id').string();
          if (id !== 'A' && id !== 'B') return seq.get('id').fail('sequence id must be "A" or "B"');
          const piece: TemplatePiece = { sequence: id, typeId: seq.get('type_id').int(0) };
          return piece;
        });
      return { single: template(j.get('single')), pair: template(j.get('pair')), trimOffsets: false };
    }
    case 'Sequence': {
      const steps = j.get('processors').array().map(postProcessorFromJSON).filter((p): p is PostProcessor => p !== null);
      const withSpecials = [...steps].reverse().find((p) => p.single.some((x) => 'special' in x));
      const base = withSpecials ?? steps[0];
      if (base === undefined) return null;
      return { ...base, trimOffsets: steps.some((p) => p.trimOffsets) };
    }
    default:
      return j.unsupported(`post_processor type "${type}"`);
  }
}

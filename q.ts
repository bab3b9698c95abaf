import { Tokenizer, Unigram, metaspacePreTokenizer } from 'tokenizers';
import { SubwordTokenizer } from './src/index.ts';
import fs from 'node:fs';
const t = new Tokenizer(Unigram.empty()); t.setPreTokenizer(metaspacePreTokenizer()); t.train(['fixtures/corpus-ko.txt']); t.save('/tmp/u.json');
const j = JSON.parse(fs.readFileSync('/tmp/u.json','utf8'));
console.log(JSON.stringify(j.pre_tokenizer), JSON.stringify(j.model).slice(0,200), j.model.vocab.length);
const ours = SubwordTokenizer.fromJSON(j);
for (const s of ['\u0000', 'a', '가', '😀', '여름 휴가']) {
  const e = await t.encode(s); console.log(JSON.stringify(s), e.getTokens(), e.getIds(), '|', ours.encode(s).tokens, ours.encode(s).ids);
}

"""gensim side of benchmarks/w2v.bench.ts: same corpus, same settings, whole process timed.

Run by the TypeScript benchmark with Debian's /usr/bin/python3 (apt-get install python3-gensim).
Prints one JSON object: seconds, words, and the evaluation of the trained vectors.
"""
import json
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence

corpus, model, epochs, threads, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
seed = int(sys.argv[6]) if len(sys.argv) > 6 else 1
t0 = time.time()
m = Word2Vec(
    LineSentence(corpus), vector_size=100, window=5, negative=5, min_count=5, sample=1e-3,
    sg=1 if model == "skipgram" else 0, epochs=epochs, workers=threads, seed=seed,
)
seconds = time.time() - t0
m.wv.save_word2vec_format(out, binary=True)
print(json.dumps({"seconds": seconds, "words": m.corpus_total_words, "vocab": len(m.wv)}))

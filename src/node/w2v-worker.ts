/** Worker thread for Word2Vec: runs the kernel on chunks of word ids over shared memory. */
import { parentPort } from 'node:worker_threads';
import { Rng, trainChunk, type KernelParams, type KernelState } from '../embeddings/kernel.js';

interface Init {
  type: 'init';
  params: KernelParams;
  state: KernelState;
  seed: number;
}
interface Chunk {
  type: 'chunk';
  ids: Int32Array;
}

let params: KernelParams | null = null;
let state: KernelState | null = null;
let rng = new Rng(1);

parentPort!.on('message', (m: Init | Chunk) => {
  if (m.type === 'init') {
    params = m.params;
    state = m.state;
    rng = new Rng(m.seed);
    parentPort!.postMessage({ type: 'ready' });
    return;
  }
  const words = trainChunk(m.ids, params!, state!, rng);
  parentPort!.postMessage({ type: 'done', words });
});

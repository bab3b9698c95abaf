/** kornlu/pipelines for Node: onnxruntime-node, local folders, on-disk download cache. */
import { nodePlatform } from '../runtime/platform-node.js';
import { setPlatform } from '../runtime/platform.js';

setPlatform(nodePlatform);

export * from './index.js';

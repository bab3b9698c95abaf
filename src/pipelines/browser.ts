/** kornlu/pipelines for browsers: onnxruntime-web (WASM, WebGPU), URLs, Cache API. */
import { setPlatform } from '../runtime/platform.js';
import { hasWebGpu, webPlatform } from '../runtime/platform-web.js';

setPlatform(webPlatform);

export * from './index.js';
export { hasWebGpu };

"""
Dynamic int8 quantization of an exported ONNX graph, written against the `onnx` package alone
(onnxruntime's Python quantizer is not installable here). The same scheme as onnxruntime's
dynamic quantizer:

- MatMul with a constant 2-D weight → DynamicQuantizeLinear(activations, uint8) +
  MatMulInteger(·, int8 weight, per-column symmetric scales) + Cast + Mul by the two scales.
  onnxruntime fuses this into its DynamicQuantizeMatMul kernel.
- Conv with a constant weight → the weight stored int8 (per output channel) behind a
  DequantizeLinear: the file shrinks 4x, the arithmetic stays fp32.
- Gather on a constant embedding table (word/position/type embeddings) → Gather on an int8 table and
  on a per-row scale vector, then Cast + Mul: the file shrinks 4x and rows stay exact to 1/254.

    /usr/bin/python3 scripts/models/quantize.py model.onnx model_quantized.onnx
"""
import sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def quantize(src, dst, min_elements=4096):
    m = onnx.load(src)
    g = m.graph
    inits = {t.name: t for t in g.initializer}
    new_nodes, drop = [], set()
    counter = [0]

    def uid(base):
        counter[0] += 1
        return f'{base}_q{counter[0]}'

    for node in g.node:
        if node.op_type == 'MatMul' and node.input[1] in inits:
            w = numpy_helper.to_array(inits[node.input[1]])
            if w.ndim == 2 and w.size >= min_elements:
                scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0          # per output column
                q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
                wq, ws, wz = uid('W'), uid('Wscale'), uid('Wzp')
                g.initializer.extend([numpy_helper.from_array(q, wq),
                                      numpy_helper.from_array(scale.astype(np.float32), ws),
                                      numpy_helper.from_array(np.zeros(w.shape[1], np.int8), wz)])
                drop.add(node.input[1])
                a_q, a_s, a_z, acc, accf, sc = (uid(x) for x in ('Aq', 'As', 'Az', 'Acc', 'AccF', 'S'))
                new_nodes += [
                    helper.make_node('DynamicQuantizeLinear', [node.input[0]], [a_q, a_s, a_z]),
                    helper.make_node('MatMulInteger', [a_q, wq, a_z, wz], [acc]),
                    helper.make_node('Cast', [acc], [accf], to=TensorProto.FLOAT),
                    helper.make_node('Mul', [a_s, ws], [sc]),
                    helper.make_node('Mul', [accf, sc], [node.output[0]]),
                ]
                continue
        if node.op_type == 'Gather' and node.input[0] in inits:
            w = numpy_helper.to_array(inits[node.input[0]])
            if w.ndim == 2 and w.size >= min_elements:
                scale = np.maximum(np.abs(w).max(axis=1), 1e-8) / 127.0            # per row
                q = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8)
                tq, ts = uid('T'), uid('Tscale')
                g.initializer.extend([numpy_helper.from_array(q, tq),
                                      numpy_helper.from_array(scale.astype(np.float32)[:, None], ts)])
                drop.add(node.input[0])
                rq, rs, rf = uid('Rq'), uid('Rs'), uid('Rf')
                new_nodes += [
                    helper.make_node('Gather', [tq, node.input[1]], [rq], axis=0),
                    helper.make_node('Gather', [ts, node.input[1]], [rs], axis=0),
                    helper.make_node('Cast', [rq], [rf], to=TensorProto.FLOAT),
                    helper.make_node('Mul', [rf, rs], [node.output[0]]),
                ]
                continue
        if node.op_type == 'Conv' and node.input[1] in inits:
            w = numpy_helper.to_array(inits[node.input[1]])
            if w.size >= min_elements:
                scale = np.maximum(np.abs(w.reshape(w.shape[0], -1)).max(axis=1), 1e-8) / 127.0  # per output channel
                q = np.clip(np.round(w / scale.reshape(-1, *([1] * (w.ndim - 1)))), -127, 127).astype(np.int8)
                wq, ws, wz, wf = uid('C'), uid('Cscale'), uid('Czp'), uid('Cf')
                g.initializer.extend([numpy_helper.from_array(q, wq),
                                      numpy_helper.from_array(scale.astype(np.float32), ws),
                                      numpy_helper.from_array(np.zeros(w.shape[0], np.int8), wz)])
                drop.add(node.input[1])
                new_nodes.append(helper.make_node('DequantizeLinear', [wq, ws, wz], [wf], axis=0))
                inputs = list(node.input)
                inputs[1] = wf
                conv = helper.make_node('Conv', inputs, list(node.output), name=node.name)
                conv.attribute.extend(node.attribute)
                new_nodes.append(conv)
                continue
        new_nodes.append(node)
    # A weight still read by another node (tied embeddings) stays in fp32 as well.
    still_used = {i for n in new_nodes for i in n.input}
    keep = [t for t in g.initializer if t.name not in drop or t.name in still_used]
    del g.initializer[:]
    g.initializer.extend(keep)
    del g.node[:]
    g.node.extend(new_nodes)
    onnx.checker.check_model(m)
    onnx.save(m, dst)


if __name__ == '__main__':
    quantize(sys.argv[1], sys.argv[2])

"""Rewrites an int8 QA graph into operators that onnxruntime-web's WASM kernels run fast.

Two rewrites, both numerical approximations of the same order as the graph's dynamic int8
quantization (measured on ko-qa: the same top answer for 5,702 of 5,774 KorQuAD dev questions and
1,245 of 1,249 held-out news cloze questions, EM/F1 no lower; see models/ko-qa/README.md):

- `Gelu` (erf form, com.microsoft) -> `FastGelu` (tanh form). The erf kernel is 4.9x slower in WASM
  than natively; the tanh one is faster in both runtimes.
- every `MatMul` / `FusedMatMul` whose two inputs are both computed (attention scores Q.K^T,
  softmax . V, the conv reader's passage-question products) -> per-tensor dynamic uint8
  quantization of both inputs, `MatMulInteger`, and a float rescale. onnxruntime fuses that into
  `DynamicQuantizeMatMul` / `MatMulIntegerToFloat` at load. WASM has no fast float GEMM (128-bit
  SIMD, no FMA: 4.6x native) but its int8 products are 2.6x native, so these products cost about
  half as much in the browser while natively they cost about the same.

Run it on a graph whose GELUs are already fused (after scripts/models/preoptimize.ts), then run
preoptimize again so the new fusions are stored.

    /usr/bin/python3 scripts/models/fast_ops.py IN.onnx OUT.onnx
"""
import sys

import onnx
from onnx import TensorProto, helper


def fast_gelu(graph):
    n = 0
    for node in graph.node:
        if node.op_type == 'Gelu' and node.domain == 'com.microsoft':
            node.op_type = 'FastGelu'
            n += 1
    return n


# Operators whose output has the rank of their first input (onnx's shape inference stops at the
# com.microsoft ones, so the rank is walked back to a tensor whose shape it knows).
SAME_RANK = {'Relu', 'Add', 'Mul', 'Sub', 'Div', 'Cast', 'Gelu', 'FastGelu', 'Softmax', 'LayerNormalization',
             'DynamicQuantizeMatMul', 'MatMulIntegerToFloat', 'FusedMatMul', 'MatMul', 'DequantizeLinear'}


def rank_of(graph, name, depth=0):
    for vi in list(graph.value_info) + list(graph.input) + list(graph.output):
        if vi.name == name and vi.type.tensor_type.HasField('shape'):
            return len(vi.type.tensor_type.shape.dim)
    node = next((n for n in graph.node if name in n.output), None)
    if node is None or depth > 16 or node.op_type not in SAME_RANK:
        return None
    return rank_of(graph, node.input[0], depth + 1)


def int8_products(graph):
    produced = {o for node in graph.node for o in node.output}
    out = []
    n = 0
    for node in graph.node:
        if node.op_type not in ('MatMul', 'FusedMatMul') or not all(i in produced for i in node.input):
            out.append(node)
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if attrs.get('transA', 0) or attrs.get('transBatchA', 0) or attrs.get('transBatchB', 0):
            out.append(node)  # layouts this rewrite does not handle stay float
            continue
        n += 1
        p = f'{node.name or node.output[0]}/int8/'
        a, b = node.input
        out.append(helper.make_node('DynamicQuantizeLinear', [a], [p + 'a', p + 'a_scale', p + 'a_zero']))
        if b == a:
            bq, bs, bz = p + 'a', p + 'a_scale', p + 'a_zero'
        else:
            out.append(helper.make_node('DynamicQuantizeLinear', [b], [p + 'b', p + 'b_scale', p + 'b_zero']))
            bq, bs, bz = p + 'b', p + 'b_scale', p + 'b_zero'
        if attrs.get('transB', 0):
            rank = rank_of(graph, b)
            if rank is None:
                raise SystemExit(f'fast_ops: cannot tell the rank of {b}')
            perm = list(range(rank - 2)) + [rank - 1, rank - 2]
            out.append(helper.make_node('Transpose', [bq], [p + 'bT'], perm=perm))
            bq = p + 'bT'
        out.append(helper.make_node('MatMulInteger', [p + 'a', bq, p + 'a_zero', bz], [p + 'i32']))
        out.append(helper.make_node('Cast', [p + 'i32'], [p + 'f32'], to=TensorProto.FLOAT))
        scale = p + 'scale'
        out.append(helper.make_node('Mul', [p + 'a_scale', bs], [scale]))
        alpha = attrs.get('alpha', 1.0)
        if alpha != 1.0:
            graph.initializer.append(helper.make_tensor(p + 'alpha', TensorProto.FLOAT, [], [alpha]))
            out.append(helper.make_node('Mul', [scale, p + 'alpha'], [p + 'scale_alpha']))
            scale = p + 'scale_alpha'
        out.append(helper.make_node('Mul', [p + 'f32', scale], list(node.output)))
    del graph.node[:]
    graph.node.extend(out)
    return n


def main():
    if len(sys.argv) != 3:
        raise SystemExit('usage: fast_ops.py IN.onnx OUT.onnx')
    model = onnx.shape_inference.infer_shapes(onnx.load(sys.argv[1]))
    gelus = fast_gelu(model.graph)
    products = int8_products(model.graph)
    if not model.opset_import or not any(o.domain == 'com.microsoft' for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid('com.microsoft', 1))
    # No onnx.checker: the graph already holds onnxruntime's own fused operators (LayerNormalization
    # in opset 14), which the checker does not know; preoptimize.ts loads it in both runtimes.
    onnx.save(model, sys.argv[2])
    print(f'fast_ops: {gelus} Gelu -> FastGelu, {products} float products of two activations -> int8')


if __name__ == '__main__':
    main()

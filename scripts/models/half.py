"""
Copies a PyTorch checkpoint with every floating tensor stored as fp16: how trained weights come
back from a lent GPU machine, whose file transfer caps each file at 16 MiB (a 6.9 M-parameter
model is 27.5 MB in fp32, 13.8 MB in fp16). export_trained.py loads them back as fp32; the rounding
(about 1e-3 relative) is far below the int8 quantization the shipped files get anyway.

    python3 scripts/models/half.py SRC.pt DST.pt
"""
import sys
import torch


def half(x):
    if isinstance(x, torch.Tensor):
        return x.half() if x.is_floating_point() else x
    if isinstance(x, dict):
        return {k: half(v) for k, v in x.items()}
    return x


if __name__ == '__main__':
    torch.save(half(torch.load(sys.argv[1], map_location='cpu')), sys.argv[2])

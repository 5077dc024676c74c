"""Convert a CTranslate2 Whisper model to a whisper.cpp ggml model file (numpy only).

    python convert_ct2.py MODEL_BIN MEL_FILTERS_NPZ GPT2_TIKTOKEN OUT_GGML

Input: CTranslate2 ``model.bin`` (little-endian throughout; "str" = u16 byte length, then the
bytes with a trailing NUL):
    u32 format version (6 here), str spec name ("WhisperSpec"), u32 spec revision,
    u32 variable count, then per variable:
        str name, u8 rank, u32 dims[rank], u8 dtype (0 f32, 1 i8, 2 i16, 3 i32, 4 f16),
        u32 byte count, raw row-major data;
    u32 alias count, then (str alias, str target) pairs.
The mel filter bank and the byte-level BPE vocabulary come from the openai-whisper package
(``mel_filters.npz`` holds ``mel_80``/``mel_128``; ``gpt2.tiktoken`` has "base64-token rank" lines).

Output: whisper.cpp's ggml file (little-endian):
    u32 magic 0x67676d6c ("ggml");
    i32 n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
        n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype (1 = f16 weights);
    i32 n_mel, i32 n_fft, f32 filters[n_mel * n_fft];
    i32 token count, then per token u32 length + bytes, in rank order (whisper.cpp names the
        special tokens above that count itself, up to n_vocab);
    tensors until end of file: i32 n_dims, i32 name length, i32 type (0 f32, 1 f16),
        i32 ne[n_dims] (innermost first, i.e. the numpy shape reversed), name, raw data.
whisper.cpp checks every tensor's name, shape and type: matrices, conv kernels and the token
embedding are f16; biases, layer norms and positional embeddings are f32; conv biases have
shape (n_state, 1). Attention keys have no bias.

Name mapping (CT2 -> ggml; N = layer index):
    {encoder,decoder}/layer_N/self_attention/linear_0   Q|K|V stacked on the output dim
                                                         -> *.blocks.N.attn.{query,key,value}
    .../self_attention/linear_1                          -> *.blocks.N.attn.out
    .../self_attention/layer_norm                        -> *.blocks.N.attn_ln
    decoder/layer_N/attention/linear_0, linear_1 (K|V), linear_2
                                                         -> decoder.blocks.N.cross_attn.{query,key+value,out}
    decoder/layer_N/attention/layer_norm                 -> decoder.blocks.N.cross_attn_ln
    .../ffn/linear_0, linear_1, layer_norm               -> *.blocks.N.mlp.0, mlp.2, mlp_ln
    encoder/layer_norm, decoder/layer_norm               -> encoder.ln_post, decoder.ln
    */position_encodings/encodings                       -> *.positional_embedding
    decoder/embeddings/weight                            -> decoder.token_embedding.weight
    encoder/conv1, conv2                                 -> encoder.conv1, conv2
CT2 norms store gamma/beta (-> weight/bias). Hyper-parameters follow from the array shapes
(head counts from the ``num_heads`` scalars, else state / 64).
"""

import base64
import re
import struct
import sys

import numpy as np

CT2_DTYPES = {0: "<f4", 1: "i1", 2: "<i2", 3: "<i4", 4: "<f2"}
GGML_MAGIC = 0x67676D6C


def read_ct2(path):
    """Return {name: ndarray} for every variable (and alias) of a CTranslate2 model.bin."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 0

    def take(fmt):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    def string():
        nonlocal pos
        (n,) = take("H")
        pos += n
        return data[pos - n : pos].rstrip(b"\0").decode()

    (version,) = take("I")
    if version < 5:
        sys.exit(f"unsupported CTranslate2 model format version {version}")
    spec = string()
    take("I")  # spec revision
    if spec != "WhisperSpec":
        sys.exit(f"not a Whisper model: spec {spec!r}")
    variables = {}
    for _ in range(take("I")[0]):
        name = string()
        (rank,) = take("B")
        dims = take("I" * rank)
        dtype, nbytes = take("BI")
        if dtype not in CT2_DTYPES:
            sys.exit(f"{name}: unsupported CTranslate2 dtype {dtype} (quantized model?)")
        dt = np.dtype(CT2_DTYPES[dtype])
        variables[name] = np.frombuffer(data, dt, nbytes // dt.itemsize, pos).reshape(dims)
        pos += nbytes
    for _ in range(take("I")[0]):
        alias, target = string(), string()
        variables[alias] = variables[target]
    return variables


def convert(model_bin, mel_npz, tiktoken, out_path):
    v = read_ct2(model_bin)

    def n_layers(side):
        return len({m.group(1) for m in (re.match(side + r"/layer_(\d+)/", k) for k in v) if m})

    def n_heads(side, state):
        return int(v[side + "/num_heads"]) if side + "/num_heads" in v else state // 64

    n_audio_ctx, n_audio_state = v["encoder/position_encodings/encodings"].shape
    n_text_ctx, n_text_state = v["decoder/position_encodings/encodings"].shape
    n_vocab = v["decoder/embeddings/weight"].shape[0]
    n_mels = v["encoder/conv1/weight"].shape[1]
    n_audio_layer, n_text_layer = n_layers("encoder"), n_layers("decoder")
    hparams = [n_vocab, n_audio_ctx, n_audio_state, n_heads("encoder", n_audio_state), n_audio_layer,
               n_text_ctx, n_text_state, n_heads("decoder", n_text_state), n_text_layer, n_mels, 1]

    filters = np.load(mel_npz)[f"mel_{n_mels}"].astype("<f4")
    tokens = []
    with open(tiktoken, "rb") as f:
        for line in f:
            if line.strip():
                token, rank = line.split()
                assert int(rank) == len(tokens), "tiktoken ranks must be consecutive"
                tokens.append(base64.b64decode(token))

    tensors = []  # (ggml name, array, is_f16)

    def add(name, array, f16=None):
        if f16 is None:
            f16 = array.ndim >= 2
        tensors.append((name, np.ascontiguousarray(array, "<f2" if f16 else "<f4"), f16))

    def linear(src, dst):
        add(dst + ".weight", v[src + "/weight"])
        add(dst + ".bias", v[src + "/bias"])

    def norm(src, dst):
        add(dst + ".weight", v[src + "/gamma"])
        add(dst + ".bias", v[src + "/beta"])

    def attention(src, dst, state, cross=False):
        # Self-attention: linear_0 = Q|K|V, linear_1 = out. Cross: linear_0 = Q, linear_1 = K|V, linear_2 = out.
        qkv = ["/linear_0", "/linear_1"] if cross else ["/linear_0"]
        w = np.concatenate([v[src + part + "/weight"] for part in qkv])
        b = np.concatenate([v[src + part + "/bias"] for part in qkv])
        assert w.shape == (3 * state, state) and b.shape == (3 * state,), src
        if np.abs(b[state : 2 * state].astype(np.float32)).max() > 1e-6:
            sys.exit(f"{src}: non-zero key bias, which whisper.cpp cannot represent")
        for i, part in enumerate(("query", "key", "value")):
            add(f"{dst}.{part}.weight", w[i * state : (i + 1) * state])
            if part != "key":
                add(f"{dst}.{part}.bias", b[i * state : (i + 1) * state])
        linear(src + ("/linear_2" if cross else "/linear_1"), dst + ".out")

    def ffn(src, dst):
        norm(src + "/layer_norm", dst + ".mlp_ln")
        linear(src + "/linear_0", dst + ".mlp.0")
        linear(src + "/linear_1", dst + ".mlp.2")

    add("encoder.positional_embedding", v["encoder/position_encodings/encodings"], f16=False)
    for conv in ("conv1", "conv2"):
        add(f"encoder.{conv}.weight", v[f"encoder/{conv}/weight"])
        add(f"encoder.{conv}.bias", v[f"encoder/{conv}/bias"].reshape(-1, 1), f16=False)
    for i in range(n_audio_layer):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        norm(src + "/self_attention/layer_norm", dst + ".attn_ln")
        attention(src + "/self_attention", dst + ".attn", n_audio_state)
        ffn(src + "/ffn", dst)
    norm("encoder/layer_norm", "encoder.ln_post")

    add("decoder.positional_embedding", v["decoder/position_encodings/encodings"], f16=False)
    add("decoder.token_embedding.weight", v["decoder/embeddings/weight"])
    for i in range(n_text_layer):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        norm(src + "/self_attention/layer_norm", dst + ".attn_ln")
        attention(src + "/self_attention", dst + ".attn", n_text_state)
        norm(src + "/attention/layer_norm", dst + ".cross_attn_ln")
        attention(src + "/attention", dst + ".cross_attn", n_text_state, cross=True)
        ffn(src + "/ffn", dst)
    norm("decoder/layer_norm", "decoder.ln")

    expected = 7 + 15 * n_audio_layer + 4 + 24 * n_text_layer
    assert len(tensors) == expected, f"{len(tensors)} tensors, whisper.cpp expects {expected}"

    with open(out_path, "wb") as f:
        f.write(struct.pack("<I11i", GGML_MAGIC, *hparams))
        f.write(struct.pack("<2i", *filters.shape))
        f.write(filters.tobytes())
        f.write(struct.pack("<i", len(tokens)))
        for token in tokens:
            f.write(struct.pack("<I", len(token)) + token)
        for name, array, f16 in tensors:
            raw = name.encode()
            f.write(struct.pack(f"<3i{array.ndim}i", array.ndim, len(raw), int(f16), *reversed(array.shape)))
            f.write(raw)
            f.write(array.tobytes())
    names = ("n_vocab n_audio_ctx n_audio_state n_audio_head n_audio_layer"
             " n_text_ctx n_text_state n_text_head n_text_layer n_mels ftype").split()
    print(" ".join(f"{k}={x}" for k, x in zip(names, hparams)), f"tensors={len(tensors)} tokens={len(tokens)}")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__.split("\n\n")[1])
    convert(*sys.argv[1:])

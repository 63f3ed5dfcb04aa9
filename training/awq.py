"""
Activation-aware weight quantization's scaling (Lin et al. 2023, AWQ, arXiv:2306.00978) in numpy, mirroring
engine/quant/awq.ts and engine/quant/calibrate-awq.ts step for step, so that for the same weights and the same
calibration (activation_stats.Calibration) it finds the same exponents, the same float32 scales, the same folded
weights and, through training/quantize.py, the same quantized bytes as the engine. engine/quant/awq-parity.test.ts
checks that against training/fixtures/awq-parity.json, which training/awq_fixtures.py writes with this file.

Sites and the layers reading them (the o projection stays plain round-to-nearest, as in awq.ts):

  attn_input  (q, k, v):   input_layernorm / s,           q_proj, k_proj, v_proj columns * s
  mlp_input   (gate, up):  post_attention_layernorm / s,  gate_proj, up_proj columns * s
  down_input  (down):      up_proj rows / s,              down_proj columns * s

For one site with mean |x| per channel m (float32) and the exponent alpha = k / 20, k = 0 ... 20:

  p = max(f32(m ** alpha), f32(1e-4))            the power in float64 (C's pow, one value at a time), then float32
  s = f32(p / f32(sqrt(f32(max p * min p))))     normalised by the geometric mean of the extremes

and the loss of alpha is, over every layer W (O, I) of the site in the order listed above and the calibration
rows X (T, I):

  loss = sum_t sum_o (sum_i (f32(Q(f32(W_oi * s_i))_oi / s_i) - W_oi) * X_ti) ** 2

with Q quantize then dequantize (quantize.py), every difference, product and sum in float64, each sum taken in
the engine's order: i ascending inside each (t, o), then t outer, o inner, layer after layer, one running total.
Those sequential float64 sums are the engine's to the bit (np.cumsum adds in order; a numpy dot product or sum
would not), so the losses too are the engine's to the bit, and the smallest wins, a tie to the smaller alpha.

The one step left to the libraries is pow: JavaScript's and C's may differ in a float64's last bit, which changes
the float32 only when it lies on a rounding boundary; Python's math.pow calls C's pow for every value (numpy's
vectorised power may use other code).

Folding, in float32: gain / s, columns * s; up_proj takes its column scales (mlp_input) first, then its row scales
(down_input). The result is still float32; quantize.py stores it afterwards, every linear layer of every block
(o included) in the integer scheme.
"""

import math

import numpy as np

from activation_stats import SITES, Calibration, Config, Recorder, calibration_forward, layer_key
from quantize import IntScheme, dequantize_matrix, quantize_matrix

ALPHAS = tuple(k / 20 for k in range(21))  # awq.ts AWQ_ALPHAS

# The linear layers reading each site (awq.ts AWQ_LAYERS), and the norm each site's scales are folded into.
SITE_LAYERS = {
    "attn_input": ("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj"),
    "mlp_input": ("mlp.gate_proj", "mlp.up_proj"),
    "down_input": ("mlp.down_proj",),
}
SITE_NORMS = {"attn_input": "input_layernorm", "mlp_input": "post_attention_layernorm"}

# calibrate-awq.ts: windows of calibration text (of the model's context each) and rows the search measures on.
CALIBRATION_WINDOWS = 2
CALIBRATION_ROWS = 16

FLOOR = np.float32(1e-4)


def scales_for(mean_abs: np.ndarray, alpha: float) -> np.ndarray:
    """The float32 scales (I) for mean |x| per channel (I, float32) and exponent alpha (awq.ts awqScalesFor)."""
    powers = np.array([math.pow(float(m), alpha) for m in mean_abs], dtype=np.float64)
    p = np.maximum(powers.astype(np.float32), FLOOR)
    root = np.sqrt(p.max() * p.min())  # float32 product and square root, each rounded once
    return p / root


def quantize_dequantize(weight: np.ndarray, scheme: IntScheme) -> np.ndarray:
    """weight (O, I) float32 as scheme stores it, read back (quantize.ts quantizeDequantize)."""
    O, I = weight.shape
    words = quantize_matrix(weight, scheme.bits, scheme.group, scheme.zero_point)
    return dequantize_matrix(words, O, I, scheme.bits, scheme.group, scheme.zero_point)


def loss_terms(weight: np.ndarray, scales: np.ndarray, rows: np.ndarray, scheme: IntScheme) -> np.ndarray:
    """The squared output errors (T, O) of one layer (O, I) under scales (I) on rows (T, I), each error's sum
    taken over i in order in float64."""
    back = (quantize_dequantize(weight * scales, scheme) / scales).astype(np.float32)  # f32(Q(f32(W s)) / s)
    delta = back.astype(np.float64) - weight.astype(np.float64)  # (O, I)
    errors = np.empty((rows.shape[0], weight.shape[0]), dtype=np.float64)
    for t, row in enumerate(rows.astype(np.float64)):
        errors[t] = np.cumsum(delta * row, axis=1)[:, -1]  # sequential over i
    return errors * errors


def loss(linears: list[np.ndarray], scales: np.ndarray, rows: np.ndarray, scheme: IntScheme) -> float:
    """awq.ts awqLoss: the summed squared output error of every layer of linears, one running float64 total."""
    terms = np.concatenate([loss_terms(w, scales, rows, scheme).reshape(-1) for w in linears])
    return float(np.cumsum(terms)[-1])


def search(linears: list[np.ndarray], mean_abs: np.ndarray, rows: np.ndarray,
           scheme: IntScheme) -> tuple[float, np.ndarray, np.ndarray]:
    """awq.ts awqScales: the best alpha, its scales (I) float32 and the loss (float64) at every alpha of ALPHAS."""
    losses = np.array([loss(linears, scales_for(mean_abs, alpha), rows, scheme) for alpha in ALPHAS])
    best = int(np.argmin(losses))  # the first of equal minima: a tie goes to the smaller alpha
    return ALPHAS[best], scales_for(mean_abs, ALPHAS[best]), losses


def site_linears(weights: dict[str, np.ndarray], layer: int, site: str) -> list[np.ndarray]:
    """The weights of the linear layers reading site in layer; k and v are absent in a layer sharing a cache."""
    return [weights[layer_key(layer, name)] for name in SITE_LAYERS[site] if layer_key(layer, name) in weights]


def search_layers(c: Config, weights: dict[str, np.ndarray], calibration: Calibration,
                  scheme: IntScheme) -> list[dict[str, tuple[float, np.ndarray, np.ndarray]]]:
    """awq.ts awqSearch: per layer, per site, what search found."""
    found = []
    for l in range(c.L):
        per_site = {}
        for site in SITES:
            mean_abs, rows = calibration.stats[l][site], calibration.rows[l][site]
            if mean_abs.shape != (c.width(site),) or rows.shape != (calibration.T, c.width(site)):
                raise ValueError(f"layer {l}'s {site} statistics do not match the model's width {c.width(site)}")
            per_site[site] = search(site_linears(weights, l, site), mean_abs, rows, scheme)
        found.append(per_site)
    return found


def fold_layer(weights: dict[str, np.ndarray], layer: int, scales: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The tensors of layer that AWQ changes, with its scales (per site) folded in, in float32."""
    folded = {layer_key(layer, norm): weights[layer_key(layer, norm)] / scales[site]
              for site, norm in SITE_NORMS.items()}
    for site in SITES:
        for name in SITE_LAYERS[site]:
            key = layer_key(layer, name)
            if key in weights:
                folded[key] = weights[key] * scales[site][None, :]
    up = layer_key(layer, "mlp.up_proj")
    folded[up] = folded[up] / scales["down_input"][:, None]  # after its column scales
    return folded


def fold(weights: dict[str, np.ndarray], scales: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """awq.ts foldAwqScales: weights with every layer's scales folded in, in float32; the rest unchanged."""
    folded = dict(weights)
    for layer, per_site in enumerate(scales):
        folded.update(fold_layer(weights, layer, per_site))
    return folded


def apply(c: Config, weights: dict[str, np.ndarray], calibration: Calibration,
          scheme: IntScheme) -> tuple[dict[str, np.ndarray], list[dict[str, float]]]:
    """awq.ts applyAwq: the weights with AWQ's scales folded in (still float32), and the alpha chosen per layer
    and site."""
    found = search_layers(c, weights, calibration, scheme)
    folded = fold(weights, [{site: scales for site, (_, scales, _) in per_site.items()} for per_site in found])
    return folded, [{site: alpha for site, (alpha, _, _) in per_site.items()} for per_site in found]


def calibrated(c: Config, weights: dict[str, np.ndarray], ids: np.ndarray, scheme: IntScheme,
               skip_tokens: int = 0) -> tuple[dict[str, np.ndarray], list[dict[str, float]]]:
    """calibrate-awq.ts awqCalibrated on token ids already encoded: statistics over the first CALIBRATION_WINDOWS
    whole windows of the model's context from token skip_tokens on, the search measured on the first
    CALIBRATION_ROWS rows; the folded weights and the alphas."""
    ids = np.asarray(ids)[skip_tokens:]
    windows = min(CALIBRATION_WINDOWS, len(ids) // c.S)
    if windows < 1:
        raise ValueError(f"AWQ needs {c.S} tokens of calibration text; it was given {len(ids)}")
    recorder = Recorder(c, CALIBRATION_ROWS)
    for k in range(windows):
        calibration_forward(c, weights, ids[k * c.S:(k + 1) * c.S], recorder)
    return apply(c, weights, recorder.calibration(), scheme)

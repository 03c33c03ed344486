"""Dream's sampler one step at a time, so serve_torch.py can start it from any state (a branch, a pin).

Dream (HKUNLP, `diffusion_generate` in its remote code's generation_utils.py) fills masks over a time grid
`linspace(1, eps, steps + 1)`. What a step i does, as this module reproduces it (docs/backend-protocol.md §5):

- one forward pass over x [rows, T]; the logits are shifted right by one position (position p reads the
  model's output at p - 1, position 0 its own): Dream is adapted from an autoregressive model;
- every masked position gets a proposal from the logits divided by `temperature` (when > 0), filtered by
  `top_p` (nucleus, the first token above the threshold kept) then `top_k`: a draw from the softmax when
  temperature > 0, else its argmax. Its score: the proposal's probability (maskgit_plus), the top-1 minus
  top-2 probability (topk_margin) or the negative entropy (entropy);
- `origin`: each masked position is revealed with probability 1 - s/t (t, s = grid[i], grid[i + 1]; 1 at
  the last step), a uniform draw per masked position in row-major order, then proposals for the drawn ones;
- otherwise `int(m · (1 - s/t))` positions per row are revealed, m the mean masked count over the rows
  (every one at the last step): the best scores (ties by torch.topk), or at `alg_temp` > 0 a draw without
  replacement from softmax(score / alg_temp) over the row.

The random draws are consumed in Dream's order, so with the same torch seed a run from masks equals
`diffusion_generate`'s step for step. The step index i is the number of forward passes already spent, which
is what lets a start state resume the grid where it was left (`nfe`, one pass per step).
"""

import torch
import torch.distributions as dists
import torch.nn.functional as F

SCORES = {"maskgit_plus": "probability", "topk_margin": "margin", "entropy": "negative entropy"}


def filtered(logits, temperature, top_p, top_k):
    """Dream's proposal distribution's logits [N, V]: tempered, nucleus- then top-k-filtered."""
    if temperature > 0:
        logits = logits / temperature
    lowest = torch.finfo(logits.dtype).min
    if top_p is not None and top_p < 1:
        ordered, order = torch.sort(logits, descending=True)
        beyond = torch.cumsum(F.softmax(ordered, dim=-1), dim=-1) > top_p
        beyond[..., 1:] = beyond[..., :-1].clone()  # keep the token that crosses the threshold
        beyond[..., 0] = False
        logits = logits.masked_fill(torch.zeros_like(beyond).scatter_(-1, order, beyond), lowest)
    if top_k is not None:
        kth = torch.topk(logits, min(top_k, logits.shape[-1]))[0][..., -1, None]
        logits = logits.masked_fill(logits < kth, lowest)
    return logits


def propose(logits, temperature, top_p, top_k, alg):
    """Proposals [N] and their scores [N] for masked positions' logits [N, V]."""
    probs = torch.softmax(filtered(logits, temperature, top_p, top_k), dim=-1)
    if temperature > 0:
        proposal = dists.Categorical(probs=probs).sample()
        score = torch.gather(probs, -1, proposal[:, None])[:, 0]
    else:
        score, proposal = probs.max(dim=-1)
    if alg == "topk_margin":
        best = torch.sort(probs, dim=-1, descending=True)[0]
        score = best[:, 0] - best[:, 1]
    elif alg == "entropy":
        score = torch.sum(probs * torch.log(probs + 1e-10), dim=-1)
    return proposal, score


def dream_step(model, x, *, i, steps, eps, alg, alg_temp, temperature, top_p, top_k, mask_id):
    """Step i of `steps` on x [rows, T] in place. Returns the shifted logits [rows, T, V] the proposals
    came from (for the commits' reported probabilities)."""
    grid = torch.linspace(1, eps, steps + 1, device=x.device)
    last = i >= steps - 1
    t, s = grid[min(i, steps - 1)], grid[min(i, steps - 1) + 1]
    masked = x == mask_id
    logits = model(x).logits
    logits = torch.cat([logits[:, :1], logits[:, :-1]], dim=1)
    masked_logits = logits[masked]
    if alg == "origin":
        p_reveal = 1 if last else 1 - s / t
        revealed = torch.full_like(x[masked], mask_id)
        drawn = torch.rand(*revealed.shape, device=x.device) < p_reveal
        revealed[drawn] = propose(masked_logits[drawn], temperature, top_p, top_k, alg)[0]
        x[masked] = revealed
        return logits
    proposal, score = propose(masked_logits, temperature, top_p, top_k, alg)
    mean_masked = masked.sum() / masked.shape[0]
    n = int(mean_masked) if last else int(mean_masked * (1 - s / t))
    if n <= 0:
        return logits
    scores = torch.full(x.shape, -torch.inf, device=x.device, dtype=logits.dtype)
    scores[masked] = score
    if alg_temp is None or alg_temp == 0:
        chosen = torch.topk(scores, n).indices
    else:
        chosen = torch.multinomial(F.softmax(scores / alg_temp, dim=-1), num_samples=n)
    proposed = torch.full_like(x, mask_id)
    proposed[masked] = proposal
    rows = torch.arange(x.shape[0], device=x.device)[:, None].expand_as(chosen)
    x[rows, chosen] = proposed[rows, chosen]
    return logits

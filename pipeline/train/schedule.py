"""The learning-rate schedule: linear warmup, then cosine decay to a floor.

Continued pretraining re-warms: a new run starts its warmup again from step 0, whatever schedule
the base model ended on (Gupta et al. 2023, "Continual Pre-Training of Large Language Models: How
to (re)warm your model?"; Ibrahim et al. 2024).
"""

from __future__ import annotations

import math


def lr_at(step: int, lr: float, min_lr: float, warmup_steps: int, max_steps: int) -> float:
    """The learning rate of optimizer step `step` (0-based)."""
    if step < warmup_steps:
        return lr * (step + 1) / warmup_steps
    if step >= max_steps:
        return min_lr
    progress = (step - warmup_steps) / max(1, max_steps - warmup_steps)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (lr - min_lr)

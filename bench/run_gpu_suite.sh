#!/usr/bin/env bash
# The GPU checks, as one script for a single-GPU machine that has torch, transformers and accelerate
# (pydantic and pyyaml are the only other needs of the imported dapt modules). Writes JSON results
# to $OUT (default ./gpu-results): `dapt estimate` against torch.cuda.max_memory_allocated, and the
# MFU of dapt's training step on Llama-style models at sequence 2048, bf16.
set -uo pipefail
OUT=${OUT:-gpu-results}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 PYTHONPATH="${PYTHONPATH:-}:$(pwd)"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$OUT/gpu.txt"
python3 -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__)' \
  | tee -a "$OUT/gpu.txt"
timeout 240 python3 bench/gpu_estimate_check.py --out "$OUT/gpu_estimate_check.json" 2>&1 | tail -n 30
for args in "--model 1b --micro-batch 8" "--model 350m --micro-batch 16" "--model 1b --micro-batch 8 --compile"; do
  name=$(echo "$args" | tr -d ' -' )
  echo "== bench_gpu_mfu.py $args"
  timeout 200 python3 bench/bench_gpu_mfu.py $args --steps 15 --warmup 5 > "$OUT/mfu_$name.json" || echo "failed: $args"
  cat "$OUT/mfu_$name.json"
done

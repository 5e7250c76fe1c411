"""Token shards -> held-out eval tokens and packed, mixed training batches.

Reads what datatrove's `DocumentTokenizer` writes into `<tokens_dir>/<source>/`: `*.ds` (uint16
tokens, uint32 when the vocabulary is larger than 65,536), `*.ds.index` (uint64 document ends) and
`*.ds.metadata` ("<tokenizer>|<bytes per token>", then the token count), EOS after each document.
(datatrove's own `DatatroveFolderDataset` reads windows file by file in order; we need one stream
per source with a held-out head, random access and weighted mixing, so we memory-map the same files.)

- A source is one token stream: its shards concatenated in file-name order.
- Held-out split: the first `eval_tokens` tokens of each stream are never trained on
  (`heldout_tokens`); `dapt eval` and the in-training eval read them.
- Packing: the rest of the stream is cut into windows of `seq_len + 1` tokens (input and target
  shifted by one), documents back to back with the EOS the tokenizer step put between them.
- Mixing: sample g of the run (g = 0, 1, 2, ...) comes from the source that a fixed interleave picks
  for position g % BLOCK, which gives every source its weight's share of each block of BLOCK samples;
  inside a source, windows are visited in a seeded random order, reshuffled every epoch.

Every sample is a pure function of (seed, g), so the data position of a run is one number: the
samples consumed so far. Step s, micro-step m, rank r of W reads samples
((s * grad_accum + m) * W + r) * micro_batch_size onwards, so ranks never overlap.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from pipeline.errors import DaptError

log = logging.getLogger(__name__)

BLOCK = 1000  # mixing period in samples: weights are exact to 1/BLOCK
# More epochs than this over a source's tokens is warned about: repeated tokens lose most of their
# value past ~4 epochs (Muennighoff et al., 2023, "Scaling Data-Constrained Language Models").
MAX_EPOCHS = 4
EOS_CHECKED_DOCS = 64  # documents per shard whose last token must be EOS
MIB = 2**20


@dataclass(frozen=True)
class Shard:
    path: Path
    tokens: np.ndarray  # memory-mapped
    doc_ends: np.ndarray  # memory-mapped uint64, exclusive ends
    tokenizer: str  # as recorded in the .metadata file


def _read_shard(path: Path) -> Shard:
    meta_path = Path(f"{path}.metadata")
    index_path = Path(f"{path}.index")
    for needed in (meta_path, index_path):
        if not needed.is_file():
            raise DaptError(
                f"{path}: missing {needed.name} (was it written by datatrove's DocumentTokenizer?)"
            )
    lines = meta_path.read_text().splitlines()
    name, _, size = lines[0].rpartition("|") if lines else ("", "", "")
    if size not in ("2", "4"):
        raise DaptError(f"{meta_path}: first line must be '<tokenizer>|<2 or 4>', got {lines[:1]}")
    dtype = np.uint16 if size == "2" else np.uint32
    nbytes = path.stat().st_size
    if nbytes % int(size):
        raise DaptError(f"{path}: {nbytes} bytes is not a whole number of {size}-byte tokens (truncated?)")
    tokens = np.memmap(path, dtype=dtype, mode="r") if nbytes else np.zeros(0, dtype)
    doc_ends = (
        np.memmap(index_path, dtype=np.uint64, mode="r")
        if index_path.stat().st_size
        else np.zeros(0, np.uint64)
    )
    if len(doc_ends) and int(doc_ends[-1]) != len(tokens):
        raise DaptError(
            f"{index_path}: last document ends at {int(doc_ends[-1])}, the shard has {len(tokens)} tokens"
        )
    return Shard(path, tokens, doc_ends, name)


class TokenStream:
    """One source's shards as one stream of tokens."""

    def __init__(self, source_dir: Path):
        self.dir = Path(source_dir)
        self.name = self.dir.name
        paths = sorted(self.dir.glob("*.ds"))
        if not paths:
            raise DaptError(f"no token shards (*.ds) in {self.dir}: run `dapt curate` (tokenize) first")
        self.shards = [_read_shard(p) for p in paths]
        self.offsets = np.cumsum([0] + [len(s.tokens) for s in self.shards])

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def read(self, start: int, length: int) -> np.ndarray:
        """Tokens [start, start + length) of the stream as int64, across shard borders."""
        if start < 0 or start + length > len(self):
            raise IndexError(f"{self.dir}: tokens [{start}, {start + length}) outside 0..{len(self)}")
        out = np.empty(length, dtype=np.int64)
        i = int(np.searchsorted(self.offsets, start, side="right")) - 1
        done = 0
        while done < length:
            local = start + done - int(self.offsets[i])
            piece = self.shards[i].tokens[local : local + length - done]
            out[done : done + len(piece)] = piece
            done += len(piece)
            i += 1
        return out

    def check_tokenizer(self, tokenizer) -> None:
        """Refuse shards written with another tokenizer than `tokenizer` (a transformers fast tokenizer)."""
        vocab = tokenizer.get_vocab()
        for shard in self.shards:
            if not _same_tokenizer(shard.tokenizer, tokenizer, vocab):
                raise DaptError(
                    f"{shard.path}: tokenized with {shard.tokenizer!r}, but the model's tokenizer is "
                    f"{tokenizer.name_or_path!r} and their vocabularies differ. Re-tokenize the source "
                    "(`dapt curate --force`) or set tokenizer.path to the shards' tokenizer."
                )
            if shard.tokens.dtype == np.uint16 and len(vocab) > 65536:
                raise DaptError(f"{shard.path}: uint16 tokens cannot hold a {len(vocab)}-token vocabulary")
            ends = shard.doc_ends[:EOS_CHECKED_DOCS].astype(np.int64)
            ends = ends[ends > 0]
            if len(ends) and not np.all(shard.tokens[ends - 1] == tokenizer.eos_token_id):
                raise DaptError(
                    f"{shard.path}: documents do not end with EOS ({tokenizer.eos_token!r}, id "
                    f"{tokenizer.eos_token_id}); tokenize with DocumentTokenizer(eos_token=...) so that "
                    "packed sequences keep documents apart"
                )

    def manifest(self) -> dict:
        """The shard list with sizes and fingerprints, for W&B and the model card.

        A fingerprint hashes a shard's token count, its metadata and the first and last MiB of its
        index (document ends), not every token, so that it stays cheap on terabytes.
        """
        shards = []
        for shard in self.shards:
            digest = hashlib.sha256(str(len(shard.tokens)).encode())
            digest.update(Path(f"{shard.path}.metadata").read_bytes())
            index = shard.doc_ends.view(np.uint8)
            digest.update(index[:MIB].tobytes() + index[-MIB:].tobytes())
            shards.append(
                {
                    "file": shard.path.name,
                    "tokens": len(shard.tokens),
                    "documents": len(shard.doc_ends),
                    "fingerprint": digest.hexdigest()[:16],
                }
            )
        return {
            "dir": str(self.dir),
            "tokens": len(self),
            "tokenizer": self.shards[0].tokenizer,
            "shards": shards,
        }


def mix_epochs(tokens: dict[str, int], mix: dict[str, float], train_tokens: int) -> dict[str, float | None]:
    """How many times a planned run reads each source's tokens: `tokens` per source (held-out ones
    excluded), `mix` weights (empty: by size), `train_tokens` the run's total; None: no tokens."""
    weights = mix or {name: float(n) for name, n in tokens.items()}
    total = sum(weights.values())
    return {
        name: (train_tokens * weight / total / tokens[name]) if tokens.get(name) else None
        for name, weight in weights.items()
    }


def repetition_warnings(epochs: dict[str, float | None]) -> list[str]:
    """One line for each source the mix repeats more than MAX_EPOCHS times."""
    return [
        f"train.mix repeats source {name!r} {times:.1f} times (more than {MAX_EPOCHS} epochs over its"
        " tokens: repeated tokens add little); add data to it or lower its weight"
        for name, times in sorted(epochs.items())
        if times is not None and times > MAX_EPOCHS
    ]


def shard_fingerprints(tokens_dir: Path, names: list[str]) -> dict[str, list[str]]:
    """Each source's shard fingerprints (see TokenStream.manifest); [] for a source with no shards."""
    found = {}
    for name in names:
        folder = Path(tokens_dir) / name
        has_shards = folder.is_dir() and any(folder.glob("*.ds"))
        shards = TokenStream(folder).manifest()["shards"] if has_shards else []
        found[name] = [shard["fingerprint"] for shard in shards]
    return found


def _same_tokenizer(recorded: str, tokenizer, vocab: dict[str, int]) -> bool:
    """Whether a shard's recorded tokenizer (a path or hub id) is `tokenizer`: same vocabulary when it can
    be loaded here, else the same name."""
    from tokenizers import Tokenizer

    name = str(tokenizer.name_or_path)
    if recorded in (name, str(Path(name) / "tokenizer.json")):
        return True
    path = Path(recorded)
    file = path / "tokenizer.json" if path.is_dir() else path
    if file.is_file():
        return Tokenizer.from_file(str(file)).get_vocab(with_added_tokens=True) == vocab
    try:  # a hub id: only comparable when it is in the local cache
        return Tokenizer.from_pretrained(recorded).get_vocab(with_added_tokens=True) == vocab
    except Exception:  # offline or unknown: fall back to the names, which differ
        return False


def heldout_tokens(token_dir: Path, n_tokens: int) -> np.ndarray:
    """The first `n_tokens` tokens of a source (fewer if it is shorter): its held-out eval set."""
    stream = TokenStream(token_dir)
    return stream.read(0, min(n_tokens, len(stream)))


def _block_interleave(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which source each position of a BLOCK-sample block reads, and its rank among that source's
    positions; counts per source follow the weights (largest remainder), spread evenly."""
    share = weights / weights.sum() * BLOCK
    counts = np.floor(share).astype(np.int64)
    counts[np.argsort(-(share - counts), kind="stable")[: BLOCK - counts.sum()]] += 1
    source = np.concatenate([np.full(c, i) for i, c in enumerate(counts)])
    rank = np.concatenate([np.arange(c) for c in counts])
    spread = np.concatenate([(np.arange(c) + 0.5) / c for c in counts])
    order = np.lexsort((source, spread))
    return source[order], rank[order], counts


class MixedTokens:
    """The training data of a run: sources mixed by weight, packed into windows of seq_len + 1."""

    def __init__(self, tokens_dir: Path, mix: dict[str, float], seq_len: int, eval_tokens: int, seed: int):
        self.tokens_dir = Path(tokens_dir)
        if not self.tokens_dir.is_dir():
            raise DaptError(
                f"token folder not found: {self.tokens_dir} (run `dapt curate` or set train.tokens_dir)"
            )
        if not mix:  # the natural mixture: every source, weighted by its size
            found = sorted(p for p in self.tokens_dir.iterdir() if p.is_dir() and any(p.glob("*.ds")))
            mix = {p.name: float(len(TokenStream(p))) for p in found}
            log.info("train.mix is empty: mixing every source by its size: %s", mix)
        if not mix:
            raise DaptError(f"no source folders with token shards in {self.tokens_dir}")
        bad = {name: w for name, w in mix.items() if not w > 0}
        if bad:
            raise DaptError(f"train.mix weights must be positive: {bad}")
        missing = [name for name in mix if not (self.tokens_dir / name).is_dir()]
        if missing:
            present = sorted(p.name for p in self.tokens_dir.iterdir() if p.is_dir())
            raise DaptError(
                f"train.mix names sources with no shard folder in {self.tokens_dir}: {missing}; "
                f"found {present}"
            )
        self.names = sorted(mix)
        self.weights = np.array([mix[n] for n in self.names], dtype=np.float64)
        self.streams = [TokenStream(self.tokens_dir / n) for n in self.names]
        self.seq_len, self.eval_tokens, self.seed = seq_len, eval_tokens, seed
        self.windows = []
        for stream in self.streams:
            n = (len(stream) - eval_tokens - 1) // seq_len
            if n < 1:
                raise DaptError(
                    f"source {stream.name!r} has {len(stream)} tokens: too few for {eval_tokens} held-out "
                    f"tokens (train.eval_tokens) plus one training sequence of {seq_len + 1}"
                )
            self.windows.append(n)
        self.block_source, self.block_rank, self.block_counts = _block_interleave(self.weights)
        starved = [n for n, c in zip(self.names, self.block_counts, strict=True) if c == 0]
        if starved:
            raise DaptError(
                f"train.mix weights of {starved} are below 1/{BLOCK} of the total: they would never be read"
            )
        self._orders: dict[tuple[int, int], np.ndarray] = {}

    def check_tokenizer(self, tokenizer) -> None:
        for stream in self.streams:
            stream.check_tokenizer(tokenizer)

    def _window_order(self, source: int, epoch: int) -> np.ndarray:
        key = (source, epoch)
        if key not in self._orders:
            if len(self._orders) > 2 * len(self.streams):
                self._orders.clear()
            stream_id = zlib.crc32(self.names[source].encode())
            rng = np.random.default_rng([self.seed, stream_id, epoch])
            dtype = np.int32 if self.windows[source] < 2**31 else np.int64
            self._orders[key] = rng.permutation(self.windows[source]).astype(dtype)
        return self._orders[key]

    def sample(self, g: int) -> np.ndarray:
        """Sample g of the run: seq_len + 1 tokens."""
        block, pos = divmod(g, BLOCK)
        source = int(self.block_source[pos])
        # this is the nth sample drawn from `source`
        nth = block * int(self.block_counts[source]) + int(self.block_rank[pos])
        epoch, k = divmod(nth, self.windows[source])
        window = int(self._window_order(source, epoch)[k])
        return self.streams[source].read(self.eval_tokens + window * self.seq_len, self.seq_len + 1)

    def batch(self, first: int, size: int) -> torch.Tensor:
        """Samples first .. first + size - 1 as a (size, seq_len + 1) int64 tensor."""
        return torch.from_numpy(np.stack([self.sample(g) for g in range(first, first + size)]))

    def micro_batch(self, first: int, micro: int, rank: int, world: int, size: int) -> torch.Tensor:
        """Micro-batch `micro` of rank `rank` (of `world`) in the step that starts at sample `first`: the
        ranks and micro-batches of a step read disjoint, consecutive samples."""
        return self.batch(first + (micro * world + rank) * size, size)

    def heldout(self) -> dict[str, np.ndarray]:
        """The held-out tokens of every source."""
        return {s.name: s.read(0, min(self.eval_tokens, len(s))) for s in self.streams}

    def epochs(self, samples: int) -> dict[str, float]:
        """How many times each source's training windows are read in `samples` samples."""
        share = self.block_counts / BLOCK
        return {n: float(samples * share[i] / self.windows[i]) for i, n in enumerate(self.names)}

    def manifest(self) -> dict:
        """What the run trains on: per source its weight, shards, held-out and training tokens."""
        total = self.weights.sum()
        return {
            "tokens_dir": str(self.tokens_dir),
            "seq_len": self.seq_len,
            "seed": self.seed,
            "sources": {
                name: {
                    "weight": float(self.weights[i] / total),
                    "heldout_tokens": min(self.eval_tokens, len(self.streams[i])),
                    "train_windows": self.windows[i],
                    **self.streams[i].manifest(),
                }
                for i, name in enumerate(self.names)
            },
        }

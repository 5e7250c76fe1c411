"""Curation on datatrove: readers, filters, dedup and tokenization, built from the run config.

run.py        `dapt curate`: the stages of every source, the manifest, the report
stages.py     the datatrove pipelines of one source, stage by stage
steps.py      readers, writers and the quality filters built from the config
domain.py     the domain classifier and the threshold for a keep fraction or token budget
executors.py  local or SLURM execution of a stage (resumable)
counts.py     documents in, out and dropped per step, from datatrove's stats
"""

from pipeline.curate.run import run_curate

__all__ = ["run_curate"]

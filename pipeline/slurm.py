"""Placeholder: being written (issue 6)."""


def add_slurm_arguments(parser):
    parser.add_argument("action", nargs="?")

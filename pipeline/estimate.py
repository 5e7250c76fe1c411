"""Placeholder: being written (issue 7)."""


def add_estimate_arguments(parser):
    parser.add_argument("config", nargs="?")

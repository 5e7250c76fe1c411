"""The one exception type for problems the user can fix (bad config, missing file, bad input)."""


class DaptError(Exception):
    """A user-fixable error: the CLI prints it without a traceback and exits with code 2."""

"""dapt's own datatrove pipeline steps, one per module."""

"""dapt: domain-adaptive pretraining, from crawl to model."""

__version__ = "0.1.0"

"""kennan: who said what, when, where a claim came from and how it changed on the way."""

__version__ = "0.1.0"

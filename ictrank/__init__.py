"""ictrank: rank agencies by a weighted ICT-application index."""

__version__ = "0.1.0"

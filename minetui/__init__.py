"""minetui — mine supervision for a district natural resources bureau (长治市上党区自然资源局)."""

__version__ = "0.1.0"

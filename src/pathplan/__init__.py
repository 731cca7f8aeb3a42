"""pathplan: plan upskilling and reskilling over a competency framework."""

__version__ = "0.1.0"

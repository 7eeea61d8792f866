"""Facteur's Qt layer. Imports ``app``; ``app`` never imports this."""

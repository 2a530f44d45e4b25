"""Tiwizi: run a social and solidarity economy support programme end to end."""

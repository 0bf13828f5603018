"""Turns bureau files into clean, structured, citable chunks."""

"""Transformations: their checks (rules.py) and the Pillow operations that run them (engine.py)."""

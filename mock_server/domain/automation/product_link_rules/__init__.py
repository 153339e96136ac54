"""Product link rules: their checks (rules.py), the engine that selects products and assigns assets (engine.py), the vendor's messages (messages.py)."""

"""The asset rule engines the vendor runs after a save: the naming convention, product link rules, transformations."""
